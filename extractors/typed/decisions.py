"""Section 13 -> `decision_rights`: what the role decides alone, with its team, or only with approval."""

from __future__ import annotations

from extractors.typed.lists import all_kinds, base_row, by_category, list_items
from extractors.typed.walk import Section

AUTHORITY = (
    (r"independent|can decide|decide alone|on (?:its|their) own|autonom", "independent"),
    (r"manager|director|executive|\bvp\b|leadership", "manager_approval"),
    (r"team|peer|cross-functional|review", "team_approval"),
    (r"budget|architecture|vendor|hiring|authority", "domain"),
)
# The areas a domain item speaks for, canonical: "Budget / vendor authority" -> budget, vendor.
AREAS = (
    (r"\b(?:budget|spend|financ)", "budget"),
    (r"\b(?:vendor|procurement|purchas)", "vendor"),
    (r"\barchitect", "architecture"),
    (r"\b(?:deliver|release)", "delivery"),
    (r"\b(?:hiring|staffing|headcount|recruit)", "hiring"),
    (r"\b(?:complian|policy|policies|governance)", "compliance"),
)


def decision_rows(article_id: str, section: Section) -> list[dict]:
    """`subject` is the item's lead ("Budget") or whole sentence; `authority` comes from its subsection."""
    out = []
    items = list_items(section, require_subsection=any(e.subsection for e in section.blocks()))
    authority = by_category(items, AUTHORITY)
    for item in items:
        row = base_row(article_id, item)
        row["subject"] = row.pop("title")
        kind = authority[item.category]
        areas = (
            decision_areas(row["subject"], row["lead_source"], item.category)
            if kind == "domain"
            else None
        )
        out.append({**row, "authority": kind, "areas": areas})
    return out


def decision_areas(subject: str, lead_source: str | None, category: str) -> list[str] | None:
    """The areas named by a domain item's lead ("Budget: …"), else by its subsection ("Budget
    / vendor authority" over a sentence); a lead names one area, a subsection may name many."""
    if lead_source != "sentence" and (areas := all_kinds(subject, AREAS)):
        return areas
    return all_kinds(category, AREAS) or None
