"""Section 12 -> `stakeholders`: who the role works with and how.

Shapes: "Name: what they do", "Name — what they do", a name item followed by a
description item (a nested list flattened), and one item that enumerates many
("A, B (x, y), C."). A name marked "(manager)" or "(reports to)" is the role's
manager (`is_manager`), with the marker removed from `name`.
"""

from __future__ import annotations

import re

from extractors.typed.items import split_enumeration, split_text, trailing_paren
from extractors.typed.lists import by_category, list_items, pair_fragments, renumber
from extractors.typed.walk import Section

TYPES = (
    (r"internal", "internal"),
    (r"external", "external"),
    (r"peer", "peer"),
    (r"upstream", "upstream"),
    (r"downstream", "downstream"),
    (r"nature|collaborat", "collaboration"),
    (r"decision", "decision_authority"),
    (r"escalat", "escalation"),
)
ENUMERATED = frozenset({"peer", "upstream", "downstream"})
_MANAGER = re.compile(
    r"\s*\((?:manager|reports to|direct manager|line manager|reporting line)\)", re.IGNORECASE
)


def stakeholder_rows(article_id: str, section: Section) -> list[dict]:
    items = pair_fragments(list_items(section))
    types = by_category(items, TYPES)  # expanding keeps an item's category
    counts: dict[str, int] = {}
    for item in items:
        counts[item.category] = counts.get(item.category, 0) + 1
    expanded = []
    for item in items:
        kind = types[item.category]
        parts = (
            split_enumeration(item.text)
            if kind in ENUMERATED and counts[item.category] == 1
            else []
        )
        if len(parts) > 2:
            expanded += [item._replace(lead=split_text(p), text=p) for p in parts]
        else:
            expanded.append(item)
    out = []
    for item in renumber(expanded):
        kind = types[item.category]
        name, relationship = item.lead.title, item.lead.description
        is_manager = bool(_MANAGER.search(name))
        name = _MANAGER.sub("", name).strip()
        if relationship is None and kind in ENUMERATED | {"internal", "external"}:
            name, relationship = trailing_paren(name)
        relationship = _unwrap(relationship)
        out.append(
            {
                "article_id": article_id,
                "category": item.category,
                "ordinal": item.ordinal,
                "type": kind,
                "name": name,
                "relationship": relationship,
                "is_manager": is_manager,
                "list_group": item.group,
                "block_no": item.block_no,
            }
        )
    return out


def _unwrap(text: str | None) -> str | None:
    """ "(support, reviews)." -> "support, reviews": a bold name followed by its parenthesis."""
    if text and text.startswith("(") and text.rstrip(".").endswith(")") and text.count("(") == 1:
        return text.rstrip(".")[1:-1].strip() or None
    return text
