"""Section 14 -> `qualifications`: years of experience (as numbers), education and certifications
with their labels (Common / Optional / Context-specific, as written), backgrounds, domain and
leadership expectations. A remark inside a list of names is a `note`."""

from __future__ import annotations

import re

from extractors.typed.items import split_text, trailing_paren
from extractors.typed.levels import parse_level, years_range
from extractors.typed.lists import base_row, by_category, list_items
from extractors.typed.walk import Section

KINDS = (
    (r"leadership", "leadership"),
    (r"years|experience", "years"),
    (r"education|degree", "education"),
    (r"certif", "certification"),
    (r"background|prior role|feeder", "background"),
    (r"domain", "domain"),
)
NAMED_KINDS = frozenset({"certification", "background"})
LABELLED_KINDS = frozenset({"certification", "education"})
# A name ("Cloud certifications", "ML Engineer / Applied Scientist") never has a verb, a
# modal, a frequency adverb or a subordinator for its second word; a remark about the
# list does: "Useful when …", "Certifications rarely substitute for …".
_REMARK = re.compile(
    r"^[\w’'-]+,?\s+(?:when|if|unless|where|because|once|while"
    r"|rarely|seldom|often|usually|typically|generally|sometimes|frequently|never|always"
    r"|may|might|can|could|should|will|would|must|is|are|do|does|matters?|help|helps)\b",
    re.IGNORECASE,
)


def qualification_rows(article_id: str, section: Section) -> list[dict]:
    out = []
    items = list_items(section)
    kinds = by_category(items, KINDS)
    for item in items:
        kind = kinds[item.category]
        if kind in NAMED_KINDS and _is_remark(item.text):
            kind = "note"
        row = {**base_row(article_id, item), "kind": kind, "label": None, "label_level": None}
        if kind in LABELLED_KINDS:
            _label(row, item.group)
        low, high = years_range(item.text) if kind == "years" else (None, None)
        out.append({**row, "years_min": low, "years_max": high})
    return out


def _is_remark(text: str) -> bool:
    """Whether an item of a list of names is a remark on the list, not a name: a clause
    ("Useful when the organization relies on …") rather than a noun phrase."""
    return _REMARK.match(text) is not None


def _named(text: str) -> tuple[str, str | None]:
    """The certification after its label, and a note on it: "IAPP – helpful for …",
    "ISO 27001 Implementer (context-specific)." (a level's qualifier), else the whole
    text, without its full stop, as titles are."""
    named = split_text(text)
    if named.source == "dash":
        return named.title, named.description
    name = text.strip().removesuffix(".").strip()
    base, paren = trailing_paren(name)
    return (base, paren) if paren and parse_level(paren) else (name, None)


def _label(row: dict, group: str | None) -> None:
    """Find a certification's or a degree's label: "Name — Optional (…)", "Name (Common).",
    "Common/optional: names", "Common: Bachelor's in …", a group."""
    title, description = row["title"], row["description"]
    base, paren = trailing_paren(title)
    # each candidate is parsed once: the level that picks the label is the label's level
    if description and (level := parse_level(description)):
        label = description
        row["description"] = None
    elif (level := parse_level(title)) and description:
        # "Common/Optional: IAPP (…) – helpful for …": the name, then a note on it
        label = title
        row["title"], row["description"] = _named(description)
    elif paren and (level := parse_level(paren)):
        label, row["title"] = paren, base
    elif level := parse_level(group):
        label = group
    else:
        return
    row["label"] = label
    row["label_level"] = level.level
