"""Where a flattened table starts and ends inside a group of text lines.

A header is a short line of capitalised names that cuts into two cells or
more; it is followed by at least `MIN_ROWS` lines that each have a word per
column at least and read as rows, not as sentences, list items or
"Label: value" lines. A title line ("KPI framework (table)") may precede the
header in the same group, so a header that the next line out-names is
skipped in favour of that line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.model import Table

from .header import MAX_HEADER_CELL_WORDS, segment_header
from .lexicon import Lexicon
from .rebuild import UNCERTAIN_BELOW, rebuild_table

__all__ = ["UNCERTAIN_BELOW", "TableSpan", "find_tables"]

MIN_ROWS = 2
MAX_HEADER_WORDS = 18
MIN_TABLE_CONFIDENCE = 0.05
_LIST_START = re.compile(r"^\s*(?:[•▪◦·*–—-]\s|\d{1,2}[.)]\s)")
_LABEL_VALUE = re.compile(r"^[^:]{1,60}:(?:\s|$)")
_SENTENCE_END = re.compile(r"[.!?:]$")


@dataclass(frozen=True, slots=True)
class TableSpan:
    """A table found in `lines`: header at `start`, rows up to `end` (exclusive)."""

    start: int
    end: int
    table: Table


def find_tables(lines: Sequence[str], lexicon: Lexicon | None = None) -> list[TableSpan]:
    """Every flattened table in one group of consecutive non-blank, non-list lines."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    spans: list[TableSpan] = []
    i = 0
    while i < len(lines) - MIN_ROWS:
        span = _table_at(lines, i, lex)
        if span is None:
            i += 1
            continue
        if _header_columns(lines[i + 1], lex) > span.table.n_cols:
            later = _table_at(lines, i + 1, lex)
            if later is not None and _prefer_later(span, later):
                span = later
        spans.append(span)
        i = span.end
    return spans


def _table_at(lines: Sequence[str], i: int, lex: Lexicon) -> TableSpan | None:
    """The table whose header is `lines[i]`, if that line heads one."""
    k = _header_columns(lines[i], lex)
    if k < 2:
        return None
    end = i + 1
    while end < len(lines) and _row_like(lines[end], k):
        end += 1
    body = lines[i + 1 : end]
    if len(body) < MIN_ROWS or _mostly_sentences(body):
        return None
    table = rebuild_table(lines[i:end], lex)
    if table.confidence < MIN_TABLE_CONFIDENCE:
        return None
    return TableSpan(i, end, table)


def _header_columns(line: str, lex: Lexicon) -> int:
    """Columns the line would have as a header, 0 when it cannot be one."""
    text = line.strip()
    words = text.split()
    if not words or len(words) > MAX_HEADER_WORDS or _LIST_START.match(line):
        return 0
    if _SENTENCE_END.search(text) or _LABEL_VALUE.match(text) or ": " in text:
        return 0
    cells = segment_header(text, lex).cells
    if any(len(c.split()) > MAX_HEADER_CELL_WORDS for c in cells):
        return 0
    return len(cells)


def _row_like(line: str, k: int) -> bool:
    """A line that can be a row of a k-column table."""
    text = line.strip()
    return (
        len(text.split()) >= k
        and not _LIST_START.match(line)
        and not line[:1].isspace()
        and not text.endswith(":")
    )


def _mostly_sentences(body: Sequence[str]) -> bool:
    """Prose paragraphs end in full stops; table rows rarely do."""
    ends = sum(1 for line in body if line.rstrip().endswith((".", "!", "?")))
    return ends * 2 > len(body)


def _prefer_later(span: TableSpan, later: TableSpan) -> bool:
    """A title line read as a header: the next line names more columns and fits as well."""
    return (
        later.table.n_cols > span.table.n_cols and later.table.confidence >= span.table.confidence
    )
