"""Table columns mapped by header meaning, not position: headers vary between articles
("Metric name"/"Metric", "Commonality"/"Adoption"/"Common / Optional / Context-specific")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from extractors.model import Table
from extractors.typed.memo import label_memo
from extractors.typed.walk import Entry, Section


class Row(NamedTuple):
    """One body row: cells by role, 1-based row number, confidence (1 for known cells).

    A NamedTuple: one per table row, and cheaper to build than a frozen dataclass.
    """

    values: dict[str, str | None]
    row_no: int
    confidence: float
    table_no: int


def map_columns(header: tuple[str, ...], roles: tuple[tuple[str, str], ...]) -> dict[str, int]:
    """role -> column index. `roles` is (role, regex) in priority order; each column is used once."""
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for role, pattern in roles:
        rx = _regex(pattern)
        for i, name in enumerate(header):
            if i not in used and rx.search(name):
                mapping[role] = i
                used.add(i)
                break
    return mapping


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def find_table(
    section: Section | None, roles: tuple[tuple[str, str], ...], required: tuple[str, ...]
) -> tuple[Entry, dict[str, int]] | None:
    """The section's first table whose header maps every required role."""
    if section is None:
        return None
    for entry in section.tables():
        assert entry.table is not None
        # headers are a vocabulary: mapped once per process; the copy is the caller's to change
        mapping = dict(label_memo(map_columns, tuple(entry.table.header), roles))
        if all(r in mapping for r in required):
            return entry, mapping
    return None


def rows(entry: Entry, mapping: dict[str, int]) -> Iterator[Row]:
    """Body rows as role -> cell (None where the row is short or the cell empty)."""
    table: Table = entry.table  # type: ignore[assignment]
    conf = list(table.row_confidence) or [table.confidence] * len(table.rows)
    for row_no, (cells, confidence) in enumerate(zip(table.rows, conf, strict=True), start=1):
        values = {
            role: (cells[i].strip() or None) if i < len(cells) else None
            for role, i in mapping.items()
        }
        yield Row(values, row_no, float(confidence), entry.table_no or 0)
