"""Counts that describe one table column: the only thing the segmenter learns.

A column is known by the shapes and words its cells start with, the shapes
inside them, how they end, how long they are and which whole values repeat.
The same counts come from tables whose cells are known (the shipped lexicon)
and from the confident rows of the table being rebuilt, so both mix by adding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .names import starts_known
from .tokens import end_shape, norm, shape

# `form()` (the positional prior: shapes and lengths, no words) also keeps how often cells
# open on a known product name; LOTO is the same either way at KNOWN_WEIGHT 1.0.
FORM_KEEPS_KNOWN = True
MAX_VALUE_WORDS = 6  # whole values longer than this are prose, not vocabulary
MAX_CELL_WORDS = 120  # cells longer than this are not counted by length


@dataclass(slots=True)
class ColumnStats:
    """Weighted counts over the cells of one column (weights allow mixing sources)."""

    cells: float = 0.0
    lengths: Counter[int] = field(default_factory=Counter)
    first_shape: Counter[str] = field(default_factory=Counter)
    inner_shape: Counter[str] = field(default_factory=Counter)
    last_shape: Counter[str] = field(default_factory=Counter)
    first_word: Counter[str] = field(default_factory=Counter)
    values: Counter[str] = field(default_factory=Counter)
    known: float = 0.0  # cells that open on a known product name (`names.starts_known`)

    def add_cell(self, cell: str, weight: float = 1.0) -> None:
        """Count one known cell."""
        words = cell.split()
        if not words:
            return
        self.cells += weight
        self.lengths[len(words)] += weight
        self.first_shape[shape(words[0])] += weight
        for word in words[1:]:
            self.inner_shape[shape(word)] += weight
        self.last_shape[end_shape(words[-1])] += weight
        self.first_word[norm(words[0])] += weight
        if starts_known(words):
            self.known += weight
        if len(words) <= MAX_VALUE_WORDS:
            self.values[cell.lower()] += weight

    def add(self, other: ColumnStats, weight: float = 1.0) -> None:
        """Mix another column's counts in, scaled by `weight`."""
        self.cells += other.cells * weight
        self.known += other.known * weight
        for mine, theirs in self._pairs(other):
            get = mine.get
            # One comprehension and a plain dict update (new keys appended in their order,
            # as setting them one by one would): the same sums, fewer Python steps.
            if not mine:  # the common case (a fresh copy)
                dict.update(mine, {key: value * weight for key, value in theirs.items()})
            else:
                dict.update(
                    mine, {key: get(key, 0) + value * weight for key, value in theirs.items()}
                )

    def form(self) -> ColumnStats:
        """The same counts without words and values: how cells look, not what they say."""
        return ColumnStats(
            self.cells,
            Counter(self.lengths),
            Counter(self.first_shape),
            Counter(self.inner_shape),
            Counter(self.last_shape),
            known=self.known if FORM_KEEPS_KNOWN else 0.0,
        )

    def scaled_to(self, cells: float) -> ColumnStats:
        """A copy whose counts sum to `cells` cells: a prior worth that many rows."""
        out = ColumnStats()
        if self.cells > 0:
            out.add(self, cells / self.cells)
        return out

    def _pairs(self, other: ColumnStats):
        return (
            (self.lengths, other.lengths),
            (self.first_shape, other.first_shape),
            (self.inner_shape, other.inner_shape),
            (self.last_shape, other.last_shape),
            (self.first_word, other.first_word),
            (self.values, other.values),
        )

    def to_json(self) -> dict[str, Any]:
        """Plain JSON form for the shipped lexicon file."""
        return {
            "cells": self.cells,
            "lengths": {str(k): v for k, v in self.lengths.items()},
            "first_shape": dict(self.first_shape),
            "inner_shape": dict(self.inner_shape),
            "last_shape": dict(self.last_shape),
            "first_word": dict(self.first_word),
            "values": dict(self.values),
            "known": self.known,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ColumnStats:
        """Inverse of `to_json`."""
        return cls(
            cells=float(data["cells"]),
            lengths=Counter({int(k): v for k, v in data["lengths"].items()}),
            first_shape=Counter(data["first_shape"]),
            inner_shape=Counter(data["inner_shape"]),
            last_shape=Counter(data["last_shape"]),
            first_word=Counter(data["first_word"]),
            values=Counter(data["values"]),
            known=float(data.get("known", 0.0)),
        )
