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
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from extractors.dash_lists import FULL_STOP
from extractors.typed.items import Lead, dash_parts, is_fragment, lead_of, split_text
from extractors.typed.memo import label_memo
from extractors.typed.walk import Entry, Section

META_LABELS = frozenset({"note", "scope note", "labeling", "labels", "labelling"})


class ListItem(NamedTuple):
    """One item of a section, in reading order (a NamedTuple: cheap to build, immutable)."""

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
    Read once per section and options (`hiring_criteria` and `hiring_rubric` share them).
    """
    key = (require_subsection, lone_paragraphs, fold_children, ordered_leads)
    if key not in section.items_memo:
        section.items_memo[key] = _read_items(section, *key)
    return list(section.items_memo[key])


def _read_items(
    section: Section,
    require_subsection: bool,
    lone_paragraphs: bool,
    fold_children: bool,
    ordered_leads: bool,
) -> list[ListItem]:
    """`list_items` without the memo."""
    raw: list[ListItem] = []
    seen: dict[str, int] = {}

    def add(
        category: str, lead: Lead, text: str, group: str | None, entry: Entry, sub: str | None
    ) -> None:
        ordinal = seen[category] = seen.get(category, 0) + 1  # numbered as they come
        raw.append(
            ListItem(category, ordinal, lead, text, group, entry.block_no, entry.block.marker, sub)
        )

    blocks = section.blocks()
    per_subsection = _count_by_subsection(blocks) if lone_paragraphs else {}
    pseudo: tuple[str | None, str] | None = None  # (real subsection, heading paragraph)
    title = section.title
    new_item = tuple.__new__  # a ListItem without NamedTuple's Python-level __new__
    for entry in blocks:
        block = entry.block
        kind = block.kind
        sub = entry.subsection
        if kind == "paragraph" and _heading_like(block.text):
            pseudo = (sub, block.text)
            continue
        if pseudo is not None and pseudo[0] == sub:
            sub = pseudo[1]
        if require_subsection and sub is None:
            continue
        if kind == "list_item" or (kind == "lead" and ordered_leads and block.marker == "ordered"):
            # `add`, inline: the common case, once per item of every list section
            category = sub or title
            ordinal = seen[category] = seen.get(category, 0) + 1
            text = block.text
            lead = split_text(text, block.label)  # `lead_of(block)`
            item = (category, ordinal, lead, text, block.group, entry.block_no, block.marker, sub)
            raw.append(new_item(ListItem, item))
        elif kind == "kv":
            if (block.label or "").lower() not in META_LABELS:
                add(sub or section.title, lead_of(block), block.text, None, entry, sub)
        elif kind == "paragraph":
            parts = dash_parts(block.text)
            if parts is not None and parts[1]:
                lead, texts = parts
                if lead and FULL_STOP.search(lead):
                    lead = None  # "Remark on the list. – a – b": an intro sentence, not a label
                category = sub or lead or section.title
                for text in texts:
                    add(category, split_text(text), text, lead if sub else None, entry, sub)
            elif lone_paragraphs and sub is not None and per_subsection[sub] == 1:
                add(sub, split_text(block.text), block.text, None, entry, sub)
    return _number(_fold(raw)) if fold_children else raw


_HEADING_END = re.compile(r"[.!?…:;,]$")


def _heading_like(text: str) -> bool:
    """A paragraph that reads as a heading the scrape did not mark ("How AI changes … (…)")."""
    return (
        text[:1].isupper()
        and " – " not in text
        and len(text.split()) <= 20
        and not _HEADING_END.search(text)
    )


def _count_by_subsection(blocks: list[Entry]) -> dict[str | None, int]:
    counts: dict[str | None, int] = defaultdict(int)
    for entry in blocks:
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
            out[-1] = parent._replace(
                lead=parent.lead._replace(description=_append(parent.lead.description, item.text))
            )
            continue
        out.append(item)
    return out


def _append(head: str | None, point: str) -> str:
    """ "Build a service with:" + "input validation" -> "… with: input validation"; later
    points follow a semicolon."""
    if not head:
        return point
    return f"{head} {point}" if head.endswith(":") else f"{head}; {point}"


def _number(items: Iterable[ListItem]) -> list[ListItem]:
    seen: dict[str, int] = {}
    out = []
    for item in items:
        n = seen[item.category] = seen.get(item.category, 0) + 1
        out.append(ListItem(item.category, n, *item[2:]))
    return out


Rules = tuple[tuple[str, str], ...]  # (regex, kind) in priority order


def classify(text: str | None, rules: Rules, default: str = "other") -> str:
    """The kind of the first rule whose regex matches `text` (case-insensitive)."""
    if not text:
        return default
    for pattern, kind in _compiled(rules):
        if pattern.search(text):
            return kind
    return default


def by_category(items: Iterable[ListItem], rules: Rules, default: str = "other") -> dict[str, str]:
    """category -> `classify(category)`: a section's items share a few categories.

    Categories are headings, a template's vocabulary: each is classified once per process.
    """
    return {c: label_memo(classify, c, rules, default) for c in {i.category for i in items}}


def all_kinds(text: str, rules: Rules) -> list[str]:
    """The kind of every rule whose regex matches `text`, in the rules' order."""
    return [kind for pattern, kind in _compiled(rules) if pattern.search(text)]


@lru_cache(maxsize=64)
def _compiled(rules: Rules) -> tuple[tuple[re.Pattern[str], str], ...]:
    """A module's rules (a constant), compiled once."""
    return tuple((re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in rules)


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


def simple_rows(article_id: str, items: list[ListItem], rules: Rules) -> list[dict]:
    """Base rows plus a `kind` per item, from its category."""
    kinds = by_category(items, rules)
    return [_with_kind(base_row(article_id, i), kinds[i.category]) for i in items]


def _with_kind(row: dict, kind: str) -> dict:
    """`row` with its `kind` added in place: no second dict per row."""
    row["kind"] = kind
    return row


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
            out.append(item._replace(lead=Lead(item.text, nxt.text, "pair")))
            i += 2
            continue
        out.append(item)
        i += 1
    return _number(out)


def renumber(items: Iterable[ListItem]) -> list[ListItem]:
    """Ordinals 1.. within each category again, after items were merged or split."""
    return _number(items)
