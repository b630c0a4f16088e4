"""Section 4 -> `activities`: daily/weekly/monthly work, recurring meetings, incident work."""

from __future__ import annotations

from extractors.typed.levels import cadence_tags
from extractors.typed.lists import base_row, by_category, list_items
from extractors.typed.memo import label_tuple
from extractors.typed.walk import Section

KINDS = (
    (r"meeting|ritual|ceremon|cadence", "meeting"),
    (r"incident|escalation|emergency|on-call", "incident"),
)


def activity_rows(article_id: str, section: Section) -> list[dict]:
    """`cadence_tags`: from a meeting's own text ("(weekly or biweekly)"), else the subsection."""
    out = []
    items = list_items(section)
    kinds = by_category(items, KINDS, "activity")
    category_tags = {c: label_tuple(cadence_tags, c) for c in kinds}  # headings: a vocabulary
    for item in items:
        kind = kinds[item.category]
        own = cadence_tags(item.text) if kind == "meeting" else []
        out.append(
            {
                **base_row(article_id, item),
                "kind": kind,
                "cadence_tags": own or list(category_tags[item.category]),
            }
        )
    return out
