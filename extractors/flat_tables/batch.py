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
from typing import Any

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
    can_cut: np.ndarray  # (R, W + 1) a cell may start or end at gap i (False on padding)
    span: np.ndarray  # (W + 1, W + 1) e - i, clipped at 0
    known: np.ndarray  # (R, W) a known product name starts on word i (False on padding)
    cache: dict[object, Any] = field(default_factory=dict)  # per-prior lookups

    @property
    def width(self) -> int:
        return int(self.shape_idx.shape[1])

    @classmethod
    def of(cls, rows: Sequence[RowTokens]) -> RowBatch:
        """Pad `rows` into arrays (rows may differ in length)."""
        r = len(rows)
        w = max((len(row.words) for row in rows), default=0)
        lengths = np.array([len(row.words) for row in rows], dtype=np.int64)
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        shapes, ends, keys, lows, costs, cans, known = [], [], [], [], [], [], []
        for row in rows:
            pad = w - len(row.words)
            shapes.append((*row.shape_idx, *(0,) * pad))
            ends.append((*row.end_idx, *(0,) * pad))
            keys.append([*(index.setdefault(k, len(index)) for k in row.keys), *(-1,) * pad])
            lows.append([*(low.setdefault(k, len(low)) for k in row.lowered), *(-1,) * pad])
            costs.append((*row.cut_cost, *(0.0,) * pad))
            cans.append((*row.can_cut, *(False,) * pad))
            known.append((*(row.known or (False,) * len(row.words)), *(False,) * pad))
        shape_idx = np.array(shapes, dtype=np.int64).reshape(r, w)
        end_idx = np.array(ends, dtype=np.int64).reshape(r, w)
        key_idx = np.array(keys, dtype=np.int64).reshape(r, w)
        low_idx = np.array(lows, dtype=np.int64).reshape(r, w)
        cut_cost = np.array(costs, dtype=np.float64).reshape(r, w + 1)
        can = np.array(cans, dtype=bool).reshape(r, w + 1)
        gap = np.arange(w + 1)
        span = gap[None, :] - gap[:, None]
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
            can,
            np.maximum(span, 0),
            np.array(known, dtype=bool).reshape(r, w),
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
