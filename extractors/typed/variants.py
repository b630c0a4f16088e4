"""Section 17 -> `role_variants`: how the role differs by company size, industry, geography, …

The variant an item describes is its lead group ("Small company / startup:"),
its own lead ("Startup: …"), or the heading-like item before it ("Startup" then
its points; the first item after a heading is always its point, even with a lead
of its own). A fragment after a lead item ("Scale-up: …" then "Chooses the
stack") is one of that variant's points. In an "A vs B environment" subsection a
point opening with a side ("Non-regulated environments can …") is about that side.
"""

from __future__ import annotations

import re
from itertools import pairwise

from extractors.typed.items import is_fragment
from extractors.typed.lists import ListItem, by_category, list_items, renumber
from extractors.typed.walk import Section

DIMENSIONS = (
    (r"size", "company_size"),
    (r"industr|sector", "industry"),
    (r"geograph|region", "geography"),
    (r"product-led|service-led|product vs|service vs", "operating_model"),
    (r"startup|enterprise", "startup_vs_enterprise"),
    (r"regulat", "regulation"),
)


def variant_rows(article_id: str, section: Section) -> list[dict]:
    items = list_items(section)
    headed = _headed_categories(items)
    rows: list[tuple[object, str | None, str | None]] = []
    current: str | None = None
    from_header = after_header = False
    category = None
    sides: re.Pattern[str] | None = None
    for i, item in enumerate(items):
        if item.category != category:
            category, current, from_header = item.category, None, False
            sides = _sides(category)
        nxt = items[i + 1] if i + 1 < len(items) else None
        first_point, after_header = after_header, False
        if item.group:
            rows.append((item, item.group, item.text))
            continue
        if first_point:  # a header has at least one point: the next item, whatever its shape
            rows.append((item, current, item.text))
            continue
        if item.lead.source in ("label", "colon", "dash") and item.lead.description:
            side = _side_named(item.lead.title, sides)
            if side:
                # "Regulated environments require: …" is a sentence about one side, not a label
                current, from_header = None, False
                rows.append((item, side, item.text))
                continue
            current, from_header = item.lead.title, False
            rows.append((item, item.lead.title, item.lead.description))
            continue
        if nxt is not None and _heads(item, nxt, sentence_only=category not in headed):
            current, from_header, after_header = item.text, True, True
            continue
        inherit = from_header or is_fragment(item.text)
        rows.append((item, current if inherit else _side_named(item.text, sides), item.text))
    kept = renumber(r[0] for r in rows)  # type: ignore[misc]
    out = []
    dimensions = by_category(kept, DIMENSIONS)
    for item, (_, variant, description) in zip(kept, rows, strict=True):
        out.append(
            {
                "article_id": article_id,
                "category": item.category,
                "ordinal": item.ordinal,
                "dimension": dimensions[item.category],
                "variant": variant,
                "description": description,
                "block_no": item.block_no,
            }
        )
    return out


def _heads(item: ListItem, nxt: ListItem, *, sentence_only: bool = True) -> bool:
    """`item` is a heading-like phrase ("Mid-size SaaS") over `nxt`, a point of the same
    subsection: a sentence, or in a subsection that heads its variants so, any point."""
    return (
        item.category == nxt.category
        and is_fragment(item.text)
        and not is_fragment(nxt.text)
        and (nxt.lead.source == "sentence" or not sentence_only)
    )


def _headed_categories(items: list[ListItem]) -> set[str]:
    """Subsections that write a variant as a heading-like item with sentence points after it."""
    return {a.category for a, b in pairwise(items) if not a.group and _heads(a, b)}


_VS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)


def _sides(heading: str) -> re.Pattern[str] | None:
    """ "Regulated vs non-regulated environment" -> a pattern for "Regulated environments" and
    "Non-regulated environment(s)": a side with the heading's noun, which a label
    ("Service-led / consulting:", "Product-led SaaS:") does not repeat."""
    parts = _VS.split(heading, maxsplit=1)
    if len(parts) != 2:
        return None
    (left, *_), (right, *noun) = parts[0].split(), parts[1].split()
    if not noun:
        return None
    phrase = re.escape(" ".join(noun))
    plural = phrase[:-1] + "(?:y|ies)" if phrase.endswith("y") else phrase + "(?:e?s)?"
    return re.compile(rf"(?:{re.escape(left)}|{re.escape(right)})\s+{plural}\b", re.IGNORECASE)


def _side_named(text: str, sides: re.Pattern[str] | None) -> str | None:
    """The side of an "A vs B" subsection a point opens with, as the point writes it."""
    if sides is None:
        return None
    match = sides.match(text)
    if match is None or match.end() == len(text.rstrip(":.")):  # the whole text: a label
        return None
    return match.group(0)
