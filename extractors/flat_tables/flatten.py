"""Flatten a table exactly as plain-text scrapes do: the inverse of `rebuild_table`."""

from __future__ import annotations

from extractors.model import Table


def flatten_table(table: Table) -> list[str]:
    """One line per row, header first, non-empty cells joined by single spaces."""
    return [_join(table.header), *(_join(row) for row in table.rows)]


def _join(cells: tuple[str, ...]) -> str:
    return " ".join(word for cell in cells for word in cell.split())
