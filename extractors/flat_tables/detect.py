"""Where a flattened table starts and ends inside a group of text lines.

A header is a short line of capitalised names that cuts into two cells or
more; it is followed by at least `MIN_ROWS` lines that each have a word per
column at least and read as rows, not as sentences, list items or
"Label: value" lines. A title line ("KPI framework (table)") may precede the
header in the same group, so a header that the next line out-names is
skipped in favour of that line, unless the first line already reads its rows
confidently (`TRUSTED_TABLE`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.model import Table

from .header import MAX_HEADER_CELL_WORDS, segment_header
from .lexicon import Lexicon
from .rebuild import UNCERTAIN_BELOW, probe_table, rebuild_table

__all__ = ["UNCERTAIN_BELOW", "TableSpan", "find_tables"]

MIN_ROWS = 2
MAX_HEADER_WORDS = 18
MIN_TABLE_CONFIDENCE = 0.05
# A header whose first rows it cuts this surely (the threshold under which a row is flagged)
# is not a title line misread as a header: the next line is not probed as the header
# instead. Its probe cost about 20% of a text seed's table time and never won on the seeds,
# the known tables, or the known tables behind a title line (docs/PERFORMANCE.md).
TRUSTED_TABLE = UNCERTAIN_BELOW
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
    """Every flattened table in one group of consecutive non-blank, non-list lines.

    Candidates (a header and the row-like lines after it) are judged on their
    first rows (`probe_table`); only the span kept is rebuilt in full.
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
    spans: list[TableSpan] = []
    i = 0
    while i < len(lines) - MIN_ROWS:
        found = _probe_at(lines, i, lex)
        if found is None:
            i += 1
            continue
        span = None
        if found[2] < TRUSTED_TABLE and _header_columns(lines[i + 1], lex) > found[1]:
            later = _probe_at(lines, i + 1, lex)
            if later is not None and _prefer_later(found, later):
                # Close call on the first rows: let the whole tables decide (rare).
                span = _rebuilt(lines, found, lex)
                other = _rebuilt(lines, later, lex)
                if other.table.confidence >= span.table.confidence:
                    span = other
        span = span if span is not None else _rebuilt(lines, found, lex)
        spans.append(span)
        i = span.end
    return spans


def _rebuilt(lines: Sequence[str], found: tuple[int, int, float, int], lex: Lexicon) -> TableSpan:
    start, _, _, end = found
    return TableSpan(start, end, rebuild_table(lines[start:end], lex))


def _probe_at(lines: Sequence[str], i: int, lex: Lexicon) -> tuple[int, int, float, int] | None:
    """(start, columns, probed confidence, end) of the table headed by `lines[i]`, if any."""
    k = _header_columns(lines[i], lex)
    if k < 2:
        return None
    end = i + 1
    while end < len(lines) and _row_like(lines[end], k):
        end += 1
    body = lines[i + 1 : end]
    if len(body) < MIN_ROWS or _mostly_sentences(body):
        return None
    cols, confidence = probe_table(lines[i:end], lex)
    if confidence < MIN_TABLE_CONFIDENCE:
        return None
    return i, cols, confidence, end


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


def _prefer_later(found: tuple[int, int, float, int], later: tuple[int, int, float, int]) -> bool:
    """A title line read as a header: the next line names more columns and fits as well."""
    return later[1] > found[1] and later[2] >= found[2]
