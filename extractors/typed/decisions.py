"""Section 13 -> `decision_rights`: what the role decides alone, with its team, or only with approval."""

from __future__ import annotations

from extractors.typed.lists import base_row, by_category, list_items
from extractors.typed.walk import Section

AUTHORITY = (
    (r"independent|can decide|decide alone|on (?:its|their) own|autonom", "independent"),
    (r"manager|director|executive|\bvp\b|leadership", "manager_approval"),
    (r"team|peer|cross-functional|review", "team_approval"),
    (r"budget|architecture|vendor|hiring|authority", "domain"),
)


def decision_rows(article_id: str, section: Section) -> list[dict]:
    """`subject` is the item's lead ("Budget") or whole sentence; `authority` comes from its subsection."""
    out = []
    items = list_items(section, require_subsection=any(e.subsection for e in section.blocks()))
    authority = by_category(items, AUTHORITY)
    for item in items:
        row = base_row(article_id, item)
        row["subject"] = row.pop("title")
        out.append({**row, "authority": authority[item.category]})
    return out
