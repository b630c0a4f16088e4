"""Plain-text scrape -> raw blocks.

The scraper writes one paragraph per blank-line-separated group (a `<br>`
became a line break inside the group), list items as "  • …" or "  N. …" with
4-space-indented continuation lines, and every table row as one line.
Groups of plain lines are handed to `flat_tables.find_tables`, which finds the
flattened tables in them; the remaining lines stay paragraphs. All of a
document's groups are searched in one call (`TablesOf`), so a caller can reuse
the search's results for the same lines (`storage.table_cache`): it is a pure
function of them and most of a text document's cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extractors.flat_tables import TableSpan, find_tables
from extractors.model import RawBlock, SourceMeta
from extractors.text_clean import clean_inline

_BULLETS = "•●▪◦"
_BULLET = re.compile(rf"^\s*[{_BULLETS}]\s*(.*)$")
_ORDERED = re.compile(r"^\s*\d{1,3}\.\s+(\S.*)$")
_CONTINUATION = re.compile(r"^\s{4,}\S")

# Every group's tables, in order: `find_tables` of each group, or those results reused.
TablesOf = Callable[[Sequence[Sequence[str]]], list[list[TableSpan]]]


def tables_of(groups: Sequence[Sequence[str]]) -> list[list[TableSpan]]:
    """`find_tables` of every group (the search itself, nothing reused)."""
    return [find_tables(lines) for lines in groups]


def text_blocks(text: str, tables: TablesOf | None = None) -> tuple[list[RawBlock], SourceMeta]:
    """Raw blocks of a plain-text scrape (its title is found later, by structure).

    `tables` finds the tables of every group of two lines or more (`tables_of` by default).
    """
    # Blocks, with each group that may hold a table as its lines, until all are searched.
    blocks: list[RawBlock | list[str]] = []
    group: list[str] = []
    item: list[str] | None = None
    ordered = False

    def flush_item() -> None:
        nonlocal item
        if item:
            blocks.append(RawBlock("item", tuple(item), ordered=ordered))
        item = None

    def flush_group() -> None:
        nonlocal group
        if group:  # one line is a paragraph; two or more may hold a table
            blocks.append(group if len(group) > 1 else RawBlock("paragraph", tuple(group)))
            group = []

    for raw in text.splitlines():
        if not raw or raw.isspace():  # `not raw.strip()`, without a copy
            flush_group()
            continue  # a blank line ends a group; an item may continue after it
        # Both patterns need a bullet or a digit (`\d` is `str.isdecimal`) first after
        # the indent: most lines are spared both regular expressions.
        first = raw[0]
        if first.isspace():  # `\s` is `str.isspace`: the same indent both skip
            first = raw.lstrip()[0]
        bullet = _BULLET.match(raw) if first in _BULLETS else None
        number = None if bullet or not first.isdecimal() else _ORDERED.match(raw)
        if bullet or number:
            flush_group()
            flush_item()
            ordered = number is not None
            item = [clean_inline((bullet or number).group(1))]
            if not item[0]:
                item = []
        elif item is not None and _CONTINUATION.match(raw):
            item.append(clean_inline(raw))
        else:
            flush_item()
            group.append(clean_inline(raw))
    flush_group()
    flush_item()
    groups = [b for b in blocks if isinstance(b, list)]
    found = iter((tables or tables_of)(groups) if groups else ())
    out: list[RawBlock] = []
    for block in blocks:
        if isinstance(block, list):
            out.extend(_group_blocks(block, next(found)))
        else:
            out.append(block)
    if next(found, None) is not None:
        raise ValueError("table search returned more groups than it was given")
    return out, SourceMeta()


def _group_blocks(lines: list[str], spans: Sequence[TableSpan]) -> list[RawBlock]:
    """A group of plain lines: its flattened tables, and paragraphs around them."""
    out: list[RawBlock] = []
    cursor = 0
    for span in spans:
        if span.start > cursor:
            out.append(RawBlock("paragraph", tuple(lines[cursor : span.start])))
        out.append(RawBlock("table", table=span.table))
        cursor = span.end
    if cursor < len(lines):
        out.append(RawBlock("paragraph", tuple(lines[cursor:])))
    return out
