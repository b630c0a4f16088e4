"""A section's list-like blocks -> items with category, group, lead and ordinal.

Most sections are lists under subsection headings; this module applies the
shared reading of them once: list items and kv lines are items, a lead line
("Triage alerts for:") only groups the items after it, a paragraph written as
"Lead – a – b" is a list of its dash parts, and intro paragraphs are skipped
(they stay in `blocks`). `category` is the subsection heading as written, else
a paragraph's dash lead, else the section title.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.typed.items import Lead, dash_parts, is_fragment, lead_of, split_text
from extractors.typed.walk import Section

META_LABELS = frozenset({"note", "scope note", "labeling", "labels", "labelling"})


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a section, in reading order."""

    category: str
    ordinal: int
    lead: Lead
    text: str
    group: str | None
    block_no: int | None
    marker: str | None
    subsection: str | None


def list_items(
    section: Section,
    *,
    require_subsection: bool = False,
    lone_paragraphs: bool = False,
    fold_children: bool = False,
    ordered_leads: bool = False,
) -> list[ListItem]:
    """The section's items, numbered 1.. within each category.

    `lone_paragraphs`: a paragraph that is the only block of its subsection is an
    item ("Role success definition"). `fold_children`: in a subsection of numbered
    items, bullets after a numbered item are its sub-points, appended to its
    description. `ordered_leads`: a numbered lead line is itself an item.
    """
    raw: list[ListItem] = []
    per_subsection = _count_by_subsection(section)
    pseudo: tuple[str | None, str] | None = None  # (real subsection, heading paragraph)
    for entry in section.blocks():
        block = entry.block
        sub = entry.subsection
        if block.kind == "paragraph" and _heading_like(block.text):
            pseudo = (sub, block.text)
            continue
        if pseudo is not None and pseudo[0] == sub:
            sub = pseudo[1]
        if require_subsection and sub is None:
            continue
        base = dict(block_no=entry.block_no, marker=block.marker, subsection=sub, ordinal=0)
        if block.kind == "list_item" or (
            block.kind == "lead" and ordered_leads and block.marker == "ordered"
        ):
            raw.append(
                ListItem(
                    sub or section.title,
                    lead=lead_of(block),
                    text=block.text,
                    group=block.group,
                    **base,
                )
            )
        elif block.kind == "kv":
            if (block.label or "").lower() in META_LABELS:
                continue
            raw.append(
                ListItem(
                    sub or section.title, lead=lead_of(block), text=block.text, group=None, **base
                )
            )
        elif block.kind == "paragraph":
            parts = dash_parts(block.text)
            if parts is not None and parts[1]:
                lead, texts = parts
                category = sub or lead or section.title
                group = lead if sub else None
                for text in texts:
                    raw.append(
                        ListItem(category, lead=split_text(text), text=text, group=group, **base)
                    )
            elif lone_paragraphs and sub is not None and per_subsection[sub] == 1:
                raw.append(
                    ListItem(sub, lead=split_text(block.text), text=block.text, group=None, **base)
                )
    if fold_children:
        raw = _fold(raw)
    return _number(raw)


def _heading_like(text: str) -> bool:
    """A paragraph that reads as a heading the scrape did not mark ("How AI changes … (…)")."""
    return (
        len(text.split()) <= 20
        and not re.search(r"[.!?…:;,]$", text)
        and " – " not in text
        and text[:1].isupper()
    )


def _count_by_subsection(section: Section) -> dict[str | None, int]:
    counts: dict[str | None, int] = defaultdict(int)
    for entry in section.blocks():
        counts[entry.subsection] += 1
    return counts


def _fold(items: list[ListItem]) -> list[ListItem]:
    """Bullets after a numbered item (same subsection) become part of its description."""
    has_ordered = {i.subsection for i in items if i.marker == "ordered"}
    out: list[ListItem] = []
    for item in items:
        parent = out[-1] if out else None
        if (
            parent is not None
            and item.subsection in has_ordered
            and item.marker == "bullet"
            and parent.marker == "ordered"
            and parent.subsection == item.subsection
        ):
            joined = "; ".join(
                x for x in ((parent.lead.description or "").rstrip(":"), item.text) if x
            )
            out[-1] = replace(parent, lead=replace(parent.lead, description=joined))
            continue
        out.append(item)
    return out


def _number(items: Iterable[ListItem]) -> list[ListItem]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for item in items:
        seen[item.category] += 1
        out.append(  # direct construction: dataclasses.replace is slow on this hot loop
            ListItem(
                item.category,
                seen[item.category],
                item.lead,
                item.text,
                item.group,
                item.block_no,
                item.marker,
                item.subsection,
            )
        )
    return out


def classify(text: str | None, rules: tuple[tuple[str, str], ...], default: str = "other") -> str:
    """The kind of the first rule whose regex matches `text` (case-insensitive)."""
    if not text:
        return default
    for pattern, kind in rules:
        if _rule(pattern).search(text):
            return kind
    return default


@lru_cache(maxsize=512)
def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def base_row(article_id: str, item: ListItem) -> dict:
    """Columns every list-derived dataset shares."""
    return {
        "article_id": article_id,
        "category": item.category,
        "ordinal": item.ordinal,
        "title": item.lead.title,
        "description": item.lead.description,
        "list_group": item.group,
        "lead_source": item.lead.source,
        "block_no": item.block_no,
    }


def simple_rows(
    article_id: str,
    items: list[ListItem],
    kind_of: Callable[[ListItem], str],
) -> list[dict]:
    """Base rows plus a `kind` per item."""
    return [{**base_row(article_id, i), "kind": kind_of(i)} for i in items]


def pair_fragments(items: list[ListItem]) -> list[ListItem]:
    """ "Name" then "What they do." as two items (a nested list flattened) -> one item.

    A heading-like fragment followed, in the same category, by a sentence item with
    no lead of its own becomes that item's title.
    """
    out: list[ListItem] = []
    i = 0
    while i < len(items):
        item = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if (
            nxt is not None
            and nxt.category == item.category
            and is_fragment(item.text)
            and not is_fragment(nxt.text)
            and nxt.lead.source == "sentence"
            and nxt.group == item.group
        ):
            out.append(replace(item, lead=Lead(item.text, nxt.text, "pair")))
            i += 2
            continue
        out.append(item)
        i += 1
    return _number(out)


def renumber(items: Iterable[ListItem]) -> list[ListItem]:
    """Ordinals 1.. within each category again, after items were merged or split."""
    return _number(items)
