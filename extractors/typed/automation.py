"""Section 18 -> `automation_impact`: what AI automates, what stays human, how the role shifts."""

from __future__ import annotations

from extractors.typed.lists import list_items, pair_fragments, simple_rows
from extractors.typed.walk import Section

KINDS = (
    (r"new expectation", "new_expectation"),
    (r"human", "human_critical"),
    (r"automat|accelerat", "automatable"),
    (r"chang|next \d|over the next|evolv|shift", "change"),
)


def automation_rows(article_id: str, section: Section) -> list[dict]:
    items = pair_fragments(list_items(section))
    return simple_rows(article_id, items, KINDS)
