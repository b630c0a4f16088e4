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

import numpy as np

from .tokens import RowTokens

NEG = -np.inf


@dataclass(frozen=True, slots=True, eq=False)
class RowBatch:
    """Rows padded to `width` words; padding is never part of a legal cell."""

    rows: tuple[RowTokens, ...]
    lengths: np.ndarray  # (R,) words per row
    shape_idx: np.ndarray  # (R, W) shape class of each word (0 on padding)
    end_idx: np.ndarray  # (R, W) end class of each word
    key_idx: np.ndarray  # (R, W) index into `keys` (-1 on padding)
    keys: tuple[str, ...]  # distinct word keys of the table
    index: dict[str, int]  # key -> position in `keys`
    lowered: tuple[str, ...]  # distinct lower-cased words of the table
    low_index: dict[str, int]  # lower-cased word -> position in `lowered`
    low_idx: np.ndarray  # (R, W) index into `lowered` (-1 on padding)
    cut_cost: np.ndarray  # (R, W + 1) soft cost of a cell starting at gap i
    legal: np.ndarray  # (R, W + 1, W + 1) words[i:e] may be one cell
    span: np.ndarray  # (W + 1, W + 1) e - i, clipped at 0
    illegal: np.ndarray  # (R, W + 1, W + 1) 0 where `legal`, -inf elsewhere (added, not masked)
    cache: dict[object, np.ndarray] = field(default_factory=dict)  # per-prior lookups

    @property
    def width(self) -> int:
        return int(self.shape_idx.shape[1])

    @classmethod
    def of(cls, rows: Sequence[RowTokens]) -> RowBatch:
        """Pad `rows` into arrays (rows may differ in length)."""
        r = len(rows)
        w = max((len(row.words) for row in rows), default=0)
        lengths = np.array([len(row.words) for row in rows], dtype=np.int64)
        shape_idx = np.zeros((r, w), dtype=np.int64)
        end_idx = np.zeros((r, w), dtype=np.int64)
        key_idx = np.full((r, w), -1, dtype=np.int64)
        low_idx = np.full((r, w), -1, dtype=np.int64)
        low: dict[str, int] = {}
        cut_cost = np.zeros((r, w + 1))
        can = np.zeros((r, w + 1), dtype=bool)
        index: dict[str, int] = {}
        for ri, row in enumerate(rows):
            n = len(row.words)
            shape_idx[ri, :n] = row.shape_idx
            end_idx[ri, :n] = row.end_idx
            key_idx[ri, :n] = [index.setdefault(k, len(index)) for k in row.keys]
            low_idx[ri, :n] = [low.setdefault(k, len(low)) for k in row.lowered]
            cut_cost[ri, : n + 1] = row.cut_cost
            can[ri, : n + 1] = row.can_cut
        gap = np.arange(w + 1)
        span = gap[None, :] - gap[:, None]
        legal = (span > 0)[None, :, :] & can[:, :, None] & can[:, None, :]
        return cls(
            tuple(rows),
            lengths,
            shape_idx,
            end_idx,
            key_idx,
            tuple(index),
            index,
            tuple(low),
            low,
            low_idx,
            cut_cost,
            legal,
            np.maximum(span, 0),
            np.where(legal, 0.0, NEG),
        )

    def take(self, values: np.ndarray) -> np.ndarray:
        """Per-key values (len(keys),) laid out as (R, W); 0 on padding."""
        if not len(self.keys):
            return np.zeros(self.key_idx.shape)
        out = values[np.maximum(self.key_idx, 0)]
        return np.where(self.key_idx >= 0, out, 0.0)

    def take_bool(self, flags: np.ndarray) -> np.ndarray:
        """Per-lowered-word flags (len(lowered),) laid out as (R, W); False on padding."""
        if not len(self.lowered):
            return np.zeros(self.low_idx.shape, dtype=bool)
        return flags[np.maximum(self.low_idx, 0)] & (self.low_idx >= 0)
