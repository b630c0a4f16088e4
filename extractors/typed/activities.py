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
    out = []
    items = list_items(section)
    kinds = by_category(items, KINDS, "activity")
    category_tags = {c: label_tuple(cadence_tags, c) for c in kinds}  # headings: a vocabulary
    for item in items:
        kind = kinds[item.category]
        out.append(
            {
                **base_row(article_id, item),
                "kind": kind,
                "cadence_tags": _cadence(kind, item.text, category_tags[item.category]),
            }
        )
    return out


def _cadence(kind: str, text: str, heading: tuple[str, ...]) -> list[str]:
    """A meeting's own cadence ("(weekly or biweekly)"), else the subsection's.

    An activity keeps its subsection's unless it names one of them alone: "Quarterly product
    impact review" under "Monthly or quarterly activities" is quarterly; "weekly reports"
    under "Daily activities" stays daily. Incident work with no cadence happens per incident.
    """
    if kind == "incident":
        return list(heading) or ["per_event"]
    own = cadence_tags(text)
    if own and (kind == "meeting" or set(own) < set(heading)):
        return own
    return list(heading)
