"""Section 3 -> `responsibilities`: one row per item, numbered within its subsection."""

from __future__ import annotations

from extractors.typed.lists import base_row, list_items
from extractors.typed.walk import Section


def responsibility_rows(article_id: str, section: Section) -> list[dict]:
    """Items under the section's subsections; items before the first one are its intro."""
    has_sub = any(e.subsection for e in section.blocks())
    items = list_items(section, require_subsection=has_sub)
    return [base_row(article_id, item) for item in items]
