"""All rows of one table as padded arrays, so every row is scored in one numpy pass.

Scoring row by row costs a Python round trip per row and column; a table has
tens of rows of similar length, so padding them to the longest row and
working on (rows, words) arrays is an order of magnitude cheaper. Per-word
features (shape class, end class, word key, where a cut may fall) are taken
once here and shared by every column and every learning pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
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
    cut_cost: np.ndarray  # (R, W + 1) soft cost of a cell starting at gap i
    can_cut: np.ndarray  # (R, W + 1) a cell may start or end at gap i (False on padding)
    span: np.ndarray  # (W + 1, W + 1) e - i, clipped at 0
    known: np.ndarray  # (R, W) a known product name starts on word i (False on padding)
    cache: dict[object, Any] = field(default_factory=dict)  # per-prior lookups

    @property
    def lowered(self) -> tuple[str, ...]:
        """Distinct lower-cased words of the table (built on first use)."""
        return self._lows()[0]

    @property
    def low_index(self) -> dict[str, int]:
        """Lower-cased word -> position in `lowered`."""
        return self._lows()[1]

    @property
    def low_idx(self) -> np.ndarray:
        """(R, W) index into `lowered` (-1 on padding)."""
        return self._lows()[2]

    def _lows(self) -> tuple[tuple[str, ...], dict[str, int], np.ndarray]:
        found = self.cache.get("lows")
        if found is None:
            words = list(itertools.chain.from_iterable(row.lowered for row in self.rows))
            low = _first_seen_index(words)
            idx = _scatter(map(low.__getitem__, words), self.key_idx >= 0, -1)
            found = self.cache["lows"] = (tuple(low), low, idx)
        return found

    @property
    def width(self) -> int:
        return int(self.shape_idx.shape[1])

    @classmethod
    def of(cls, rows: Sequence[RowTokens]) -> RowBatch:
        """Pad `rows` into arrays (rows may differ in length).

        Each field is every row's values read as one flat stream and written
        through a mask of the real words (row-major, so in row order): a few
        array calls per field, not a padded tuple per row.
        """
        n = [len(row.words) for row in rows]
        w = max(n, default=0)
        lengths = np.array(n, dtype=np.int64)
        inside = np.arange(w)[None, :] < lengths[:, None]  # (R, W) real words
        edges = np.arange(w + 1)[None, :] <= lengths[:, None]  # (R, W + 1) their gaps
        chain = itertools.chain.from_iterable
        all_keys = list(chain(row.keys for row in rows))
        index = _first_seen_index(all_keys)
        gap = np.arange(w + 1)
        span = gap[None, :] - gap[:, None]
        return cls(
            tuple(rows),
            lengths,
            _scatter(chain(row.shape_idx for row in rows), inside, 0),
            _scatter(chain(row.end_idx for row in rows), inside, 0),
            _scatter(map(index.__getitem__, all_keys), inside, -1),
            tuple(index),
            index,
            _scatter(chain(row.cut_cost for row in rows), edges, 0.0),
            _scatter(chain(row.can_cut for row in rows), edges, False),
            np.maximum(span, 0),
            _scatter(chain(row.known or (False,) * len(row.words) for row in rows), inside, False),
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


def _first_seen_index(items: list[str]) -> dict[str, int]:
    """Each distinct item -> its position among them, in first-seen order."""
    distinct = dict.fromkeys(items)
    return dict(zip(distinct, range(len(distinct)), strict=True))


def _scatter(values: Iterable[Any], mask: np.ndarray, pad: int | float | bool) -> np.ndarray:
    """An array shaped like `mask` holding `values` (row-major) where it is True, `pad` elsewhere.

    The dtype is the pad's (int64, float64 or bool): the values are read as one flat stream.
    """
    dtype = np.bool_ if isinstance(pad, bool) else np.int64 if isinstance(pad, int) else np.float64
    out = np.full(mask.shape, pad, dtype=dtype)
    out[mask] = np.fromiter(values, dtype=dtype, count=int(np.count_nonzero(mask)))
    return out
