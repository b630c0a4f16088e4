"""Section 12 -> `stakeholders`: who the role works with and how.

Shapes: "Name: what they do", "Name — what they do", "Name for what", a name item followed by a
description item (a nested list flattened), and one item that enumerates many
("A, B (x, y), C."). A name marked "(manager)" or "(reports to)" is the role's
manager (`is_manager`), with the marker removed from `name`.

Escalation items name who the role escalates to (`escalate_to`) and what calls for it
(`trigger`) in three shapes: "Trigger: escalate to A and B", "Area escalations: A, B
(if …)" and "Who for what". Many name only their trigger.
"""

from __future__ import annotations

import re

from extractors.typed.items import Lead, split_enumeration, split_text, trailing_paren
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
_ESCALATE_TO = re.compile(r"\bescalat\w*\s+(?:\w+ly\s+)?to\s+(?P<who>.+)", re.IGNORECASE)
_AREA = re.compile(r"\bescalations?$", re.IGNORECASE)  # "Technical escalations: A, B"
_FOR = re.compile(r"\s+for\s+")
_WORD = re.compile(r"\w+")
# Words that make a phrase a person, team or function rather than a trigger.
_ROLE_WORD = re.compile(
    r"\b(?:manager|head|lead|leader|leadership|director|officer|owner|engineer|analyst|"
    r"architect|scientist|specialist|consultant|commander|partner|team|board|committee|"
    r"council|counsel|legal|security|privacy|compliance|finance|procurement|hr|support|"
    r"operations|ops|sre|pm|vp|cto|cio|ciso|sponsor|steward|champion|on-call|vendor|auditor|"
    r"regulator|customer|client|user|supplier|provider|contractor)s?\b",
    re.IGNORECASE,
)
# Where the who ends: at its condition ("A (if …)", "A when …") or at the end of its clause.
_CONDITION = re.compile(
    r"\s*\(?\b(?P<condition>(?:if|when|where|unless|once)\s[^)]*)\)?", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"\s+per\s|;|\.(?:\s|$)")
_AND = re.compile(r"\s+(?:and|or)\s+")
_ARTICLE = re.compile(r"^(?:the|a|an|your|their|its)\s+", re.IGNORECASE)
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
        if relationship is None and (split := who_for(name)):
            name, relationship = split
        elif relationship is None and kind in ENUMERATED | {"internal", "external"}:
            name, relationship = _named_paren(name)
        relationship = _unwrap(relationship)
        escalate_to, trigger = (
            escalation(item.text, item.lead) if kind == "escalation" else (None, None)
        )
        out.append(
            {
                "article_id": article_id,
                "category": item.category,
                "ordinal": item.ordinal,
                "type": kind,
                "name": name,
                "relationship": relationship,
                "is_manager": is_manager,
                "escalate_to": escalate_to,
                "trigger": trigger,
                "list_group": item.group,
                "block_no": item.block_no,
            }
        )
    return out


def _named_paren(text: str) -> tuple[str, str | None]:
    """ "Auditors (evidence requests)" -> ("Auditors", "evidence requests"). A trailing paren
    after an earlier one qualifies the last alternative only, not the whole item: "Clients
    (for internal models) or customers (for service-led delivery)" stays whole."""
    base, paren = trailing_paren(text)
    return (text, None) if paren is not None and "(" in base else (base, paren)


def _unwrap(text: str | None) -> str | None:
    """ "(support, reviews)." -> "support, reviews": a bold name followed by its parenthesis."""
    if text and text.startswith("(") and text.rstrip(".").endswith(")") and text.count("(") == 1:
        return text.rstrip(".")[1:-1].strip() or None
    return text


def escalation(text: str, lead: Lead) -> tuple[list[str] | None, str | None]:
    """(who the item escalates to, one entry each; what calls for it), each None when unsaid.

    "Security concerns: escalate to PM and manager." -> (["PM", "manager"], "Security concerns");
    "Product escalations: PM, Director (if scope conflicts)" -> (["PM", "Director"],
    "if scope conflicts"); "Director of Data for priority conflicts." -> (["Director of Data"],
    "priority conflicts"); "Data access blocked." -> (None, "Data access blocked").
    """
    trigger = lead.title
    if match := _ESCALATE_TO.search(text):
        who = match.group("who")
        trigger = None if _ESCALATE_TO.search(lead.title) else lead.title
    elif lead.description and _AREA.search(lead.title):
        who = lead.description
    elif lead.description is None and (split := who_for(lead.title)):
        who, trigger = split
    else:
        return None, trigger
    if end := _CLAUSE_END.search(who):
        who = who[: end.start()]
    if condition := _CONDITION.search(who):
        who, trigger = who[: condition.start()], condition.group("condition").strip()
    names = [n for part in split_enumeration(who) for n in _split_and(part)]
    return names or None, trigger


def who_for(title: str) -> tuple[str, str] | None:
    """ "Incident lead for suspected compromise" -> ("Incident lead", "suspected compromise"):
    split when the part before "for" names a person or team: it holds a role word, and its
    head noun is not a plural that is none ("Team conflicts for launch dates")."""
    parts = _FOR.split(title, maxsplit=1)
    if len(parts) < 2 or not parts[0][:1].isupper() or len(_WORD.findall(parts[0])) > 8:
        return None
    who, what = parts
    head = who.split(" of ")[0].split()[-1].split("/")[-1]  # "Head of Data" -> "Head"
    if not _ROLE_WORD.search(who) or (head.endswith("s") and not _ROLE_WORD.fullmatch(head)):
        return None
    return who, what


def _split_and(part: str) -> list[str]:
    """ "the PM and manager" -> ["PM", "manager"]; "Head of Data and Analytics" stays one (not
    every side names a role)."""
    sides = [_ARTICLE.sub("", s.strip()) for s in _AND.split(part)]
    if len(sides) > 1 and all(_ROLE_WORD.search(s) for s in sides):
        return sides
    part = _ARTICLE.sub("", part.strip())
    return [part] if part else []
