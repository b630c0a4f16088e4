"""Section 5 -> `deliverables`: one row per artefact, grouped by its subsection or dash lead."""

from __future__ import annotations

from extractors.typed.lists import base_row, list_items
from extractors.typed.walk import Section


def deliverable_rows(article_id: str, section: Section) -> list[dict]:
    return [base_row(article_id, item) for item in list_items(section)]
