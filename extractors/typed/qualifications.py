"""Section 14 -> `qualifications`: years of experience (as numbers), education, certifications
with their labels (Common / Optional / Context-specific, as written), backgrounds, domain and
leadership expectations."""

from __future__ import annotations

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


def qualification_rows(article_id: str, section: Section) -> list[dict]:
    out = []
    items = list_items(section)
    kinds = by_category(items, KINDS)
    for item in items:
        kind = kinds[item.category]
        row = {**base_row(article_id, item), "kind": kind, "label": None, "label_level": None}
        if kind == "certification":
            _certification(row, item.group)
        low, high = years_range(item.text) if kind == "years" else (None, None)
        out.append({**row, "years_min": low, "years_max": high})
    return out


def _certification(row: dict, group: str | None) -> None:
    """Find the label: "Name — Optional (…)", "Name (Common).", "Common/optional: names", a group."""
    title, description = row["title"], row["description"]
    base, paren = trailing_paren(title)
    # each candidate is parsed once: the level that picks the label is the label's level
    if description and (level := parse_level(description)):
        label = description
        row["description"] = None
    elif (level := parse_level(title)) and description:
        # "Common/Optional: IAPP (…) – helpful for …": the name, then a note on it
        named = split_text(description)
        label, row["title"], row["description"] = (
            (title, named.title, named.description)
            if named.source == "dash"
            else (title, description, None)
        )
    elif paren and (level := parse_level(paren)):
        label, row["title"] = paren, base
    elif level := parse_level(group):
        label = group
    else:
        return
    row["label"] = label
    row["label_level"] = level.level
