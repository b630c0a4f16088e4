"""All rows of one table as padded arrays, so every row is scored in one numpy pass.

Scoring row by row costs a Python round trip per row and column; a table has
tens of rows of similar length, so padding them to the longest row and
working on (rows, words) arrays is an order of magnitude cheaper. Per-word
features (shape class, end class, word key, where a cut may fall) are taken
once here and shared by every column and every learning pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from .tokens import tokenize_lines

NEG = -np.inf


class Row(NamedTuple):
    """One row's words, as written."""

    words: tuple[str, ...]

    @property
    def lowered(self) -> tuple[str, ...]:
        """The words lower-cased (made when asked: the passes read word ids, not text)."""
        return tuple(w.lower() for w in self.words)


@dataclass(frozen=True, slots=True, eq=False)
class RowBatch:
    """Rows padded to `width` words; padding is never part of a legal cell."""

    rows: tuple[Row, ...]
    lengths: np.ndarray  # (R,) words per row
    shape_idx: np.ndarray  # (R, W) shape class of each word (0 on padding)
    end_idx: np.ndarray  # (R, W) end class of each word
    key_idx: np.ndarray  # (R, W) index into `keys` (-1 on padding)
    keys: tuple[str, ...]  # distinct word keys of the table
    key_ids: np.ndarray  # (len(keys),) process-wide ids of `keys` (`tokens.string_id`)
    cut_cost: np.ndarray  # (R, W + 1) soft cost of a cell starting at gap i
    can_cut: np.ndarray  # (R, W + 1) a cell may start or end at gap i (False on padding)
    span: np.ndarray  # (W + 1, W + 1) e - i, clipped at 0
    known: np.ndarray  # (R, W) a known product name starts on word i (False on padding)
    lowered: tuple[str, ...]  # distinct lower-cased words of the table
    low_idx: np.ndarray  # (R, W) index into `lowered` (-1 on padding)
    low_ids: np.ndarray  # (len(lowered),) process-wide ids of `lowered` (`tokens.string_id`)
    cache: dict[object, Any] = field(default_factory=dict)  # per-prior lookups

    @property
    def width(self) -> int:
        return int(self.shape_idx.shape[1])

    @property
    def index(self) -> dict[str, int]:
        """Key -> position in `keys` (made once, when first asked)."""
        found = self.cache.get("index")
        if found is None:
            found = self.cache["index"] = dict(zip(self.keys, range(len(self.keys)), strict=True))
        return found

    @property
    def low_index(self) -> dict[str, int]:
        """Lower-cased word -> position in `lowered` (made once, when first asked)."""
        found = self.cache.get("low_index")
        if found is None:
            lows = self.lowered
            found = self.cache["low_index"] = dict(zip(lows, range(len(lows)), strict=True))
        return found

    def row_can_cut(self) -> list[list[bool]]:
        """`can_cut` as lists, row by row (kept: read word by word in Python)."""
        found = self.cache.get("can_cut_lists")
        if found is None:
            found = self.cache["can_cut_lists"] = self.can_cut.tolist()
        return found

    @classmethod
    def of(cls, lines: Sequence[str]) -> RowBatch:
        """Tokenize flattened rows (`tokens.tokenize_lines`) into the batch's arrays."""
        t = tokenize_lines(lines)
        gap = np.arange(t.can_cut.shape[1])
        return cls(
            tuple(map(Row, t.words)),
            t.lengths,
            t.shape_idx,
            t.end_idx,
            t.key_idx,
            t.keys,
            t.key_ids,
            t.cut_cost,
            t.can_cut,
            np.maximum(gap[None, :] - gap[:, None], 0),
            t.known,
            t.lows,
            t.low_idx,
            t.low_ids,
        )

    def take(self, values: np.ndarray) -> np.ndarray:
        """Per-key values (len(keys),) laid out as (R, W); 0 on padding."""
        if not len(self.keys):
            return np.zeros(self.key_idx.shape)
        at, real = self.take_index()
        return np.where(real, values[at], 0.0)

    def take_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(R, W) key index with 0 on padding, and where the words are: the same two
        arrays for every per-key lookup of this batch, so made once."""
        found = self.cache.get("take")
        if found is None:
            found = self.cache["take"] = (np.maximum(self.key_idx, 0), self.key_idx >= 0)
        return found

    def take_bool(self, flags: np.ndarray) -> np.ndarray:
        """Per-lowered-word flags (len(lowered),) laid out as (R, W); False on padding."""
        if not len(self.lowered):
            return np.zeros(self.low_idx.shape, dtype=bool)
        return flags[np.maximum(self.low_idx, 0)] & (self.low_idx >= 0)

    def head(self, n: int) -> RowBatch:
        """The first n rows, word for word what `RowBatch.of` of their lines makes (tokens
        are read row by row), without reading them again; the vocabulary stays the whole
        batch's (the first rows' words are numbered first in both)."""
        if n >= len(self.rows):
            return self
        w = int(self.lengths[:n].max(initial=0))
        c = np.ascontiguousarray
        return RowBatch(
            self.rows[:n],
            self.lengths[:n].copy(),
            c(self.shape_idx[:n, :w]),
            c(self.end_idx[:n, :w]),
            c(self.key_idx[:n, :w]),
            self.keys,
            self.key_ids,
            c(self.cut_cost[:n, : w + 1]),
            c(self.can_cut[:n, : w + 1]),
            c(self.span[: w + 1, : w + 1]),
            c(self.known[:n, :w]),
            self.lowered,
            c(self.low_idx[:n, :w]),
            self.low_ids,
        )
