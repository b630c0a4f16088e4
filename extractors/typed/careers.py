"""Section 15 -> `career_paths`: feeder roles, next roles, adjacent paths, promotion skills.

A role item is titled by the role name (text before its first "(" or ":"); a
"IC progression: A (…) – B (…)" line is one row per role, with its `track`.
"""

from __future__ import annotations

import re

from extractors.typed.items import Lead, dash_parts
from extractors.typed.lists import ListItem, by_category, list_items, renumber
from extractors.typed.walk import Section

DIRECTIONS = (
    (r"feeder|into (?:this|the) role|prior", "feeder"),
    (r"next|after (?:this|the) role", "next"),
    (r"adjacent|lateral|alternative", "adjacent"),
    (r"promotion|skills needed", "promotion_skill"),
    (r"evolv|over time", "evolution"),
)
ROLE_DIRECTIONS = frozenset({"feeder", "next", "adjacent"})
_ROLE_END = re.compile(r"\s*\(|\s*:|\s[—–]\s|\swith\s")
# "(Senior)", "(ML-focused)", "(IC Lead)", "(mid-level to senior)": no list, three words at most
_QUALIFIER = re.compile(r"\s*\((?:[^(),;\s]+(?:\s+[^(),;\s]+){0,2})\)")
_IC = re.compile(r"\bIC\b|individual contributor")
# The management ladder, not a managed thing: "AI Product Management" is a function and
# "portfolio risk management" a duty, neither a track.
_MANAGEMENT = re.compile(
    r"\bmanage(?:ment|r)\s+(?:track|progression|path|ladder|route)s?\b|\bmanagerial\b"
    r"|\bpeople[- ]manag|\(management\)|^\s*management\s*$",
    re.IGNORECASE,
)


def track_of(text: str | None) -> str | None:
    """ic or management when the text names the ladder ("(IC)", "Management progression",
    "managerial", "people management")."""
    if not text:
        return None
    if _IC.search(text):
        return "ic"
    if _MANAGEMENT.search(text):
        return "management"
    return None


def career_rows(article_id: str, section: Section) -> list[dict]:
    items: list[ListItem] = []
    listed = list_items(section)
    directions = by_category(listed, DIRECTIONS)  # splitting keeps an item's category
    for item in listed:
        parts = (
            dash_parts(item.lead.description or "")
            if item.lead.source in ("label", "colon")
            else None
        )
        if parts and parts[0] and directions[item.category] in ROLE_DIRECTIONS:
            for text in [parts[0], *parts[1]]:
                items.append(
                    item._replace(lead=Lead(text, None, "split"), text=text, group=item.lead.title)
                )
        else:
            items.append(item)
    out = []
    for item in renumber(items):
        direction = directions[item.category]
        title, description = item.lead.title, item.lead.description
        track = track_of(item.group) or track_of(item.text)
        if direction in ROLE_DIRECTIONS:
            title, description = _role(item)
        out.append(
            {
                "article_id": article_id,
                "category": item.category,
                "ordinal": item.ordinal,
                "direction": direction,
                "title": title,
                "description": description,
                "track": track,
                "list_group": item.group,
                "block_no": item.block_no,
            }
        )
    return out


def _role(item: ListItem) -> tuple[str, str | None]:
    """ "Solutions Architect (data/AI)" -> ("Solutions Architect", "data/AI"); a short
    qualifier with more after it is part of the name, as in "Role (Qualifier): …":
    "Applied Scientist (Senior) (deeper modeling …)" -> ("Applied Scientist (Senior)", "deeper …")."""
    if item.lead.source == "colon" and item.group is None:
        return item.lead.title, item.lead.description
    text = item.text.rstrip(".").strip()
    match = _ROLE_END.search(text)
    if not match or match.start() == 0:
        return text, None
    end = match.start()
    if (qualifier := _QUALIFIER.match(text, end)) and text[qualifier.end() :].strip():
        end = qualifier.end()
    rest = text[end:].strip().lstrip(":—–").strip()
    if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
        rest = rest[1:-1].strip()
    return text[:end].strip(), rest or None
