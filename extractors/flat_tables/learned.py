"""What a table's own confident rows say about each column, counted from the batch arrays.

The same counts as adding every taught cell to a `ColumnStats` (the reference,
`stats.ColumnStats.add_cell`), but taken in a few array passes from where the
cells start: a row's words already carry their shape, end and key indices, so
nothing is split, re-shaped or looked up again in every re-learning pass.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .batch import RowBatch
from .stats import MAX_CELL_WORDS, MAX_VALUE_WORDS
from .tokens import END_SHAPES, SHAPES


@dataclass(slots=True)
class TableCounts:
    """Counts over the taught cells of each of k columns (axis 0 is the column)."""

    cells: np.ndarray  # (k,) taught cells
    first_shape: np.ndarray  # (k, len(SHAPES))
    inner_shape: np.ndarray  # (k, len(SHAPES))
    last_shape: np.ndarray  # (k, len(END_SHAPES))
    lengths: np.ndarray  # (k, MAX_CELL_WORDS + 2) cells of m words
    first_key: np.ndarray  # (k, len(batch.keys)) cells opening on each word key
    known: np.ndarray  # (k,) cells opening on a known product name
    values: list[Counter[str]]  # per column: lower-cased cells of up to MAX_VALUE_WORDS words
    own_key: np.ndarray  # (k, R) key index row r's own taught cell opens on, -1 if none
    own_shape: np.ndarray  # (k, R) shape index of that word, -1 if none
    own_value: list[list[str | None]]  # [j][r] row r's own taught cell, lower-cased
    word_gaps: np.ndarray  # (R, W) 1 where a taught row's word has a word after it
    word_ends: np.ndarray  # (R, W) 1 where that gap is a cell boundary

    @property
    def types(self) -> np.ndarray:
        """(k,) distinct word keys the column's taught cells open on."""
        return np.count_nonzero(self.first_key, axis=1)


def table_counts(batch: RowBatch, taught: Sequence[tuple[int, ...] | None], k: int) -> TableCounts:
    """Count the cells of every row whose cut (cell start word indices) is in `taught`."""
    n_rows, n_keys = len(batch.rows), len(batch.keys)
    rows = [r for r, starts in enumerate(taught) if starts is not None]
    own_key = np.full((k, n_rows), -1, dtype=np.int64)
    own_shape = np.full((k, n_rows), -1, dtype=np.int64)
    own_value: list[list[str | None]] = [[None] * n_rows for _ in range(k)]
    values: list[Counter[str]] = [Counter() for _ in range(k)]
    if not rows:
        zeros = np.zeros(k)
        return TableCounts(
            zeros,
            np.zeros((k, len(SHAPES))),
            np.zeros((k, len(SHAPES))),
            np.zeros((k, len(END_SHAPES))),
            np.zeros((k, MAX_CELL_WORDS + 2)),
            np.zeros((k, n_keys)),
            zeros,
            values,
            own_key,
            own_shape,
            own_value,
            np.zeros(batch.key_idx.shape),
            np.zeros(batch.key_idx.shape),
        )
    r_idx = np.array(rows, dtype=np.int64)
    starts_l = [taught[r] for r in rows]
    starts = np.fromiter(  # (T, k), read as one flat stream
        itertools.chain.from_iterable(starts_l), dtype=np.int64, count=len(rows) * k
    ).reshape(len(rows), k)
    ends = np.concatenate((starts[:, 1:], batch.lengths[r_idx, None]), axis=1)
    rr = r_idx[:, None]
    # Counts are whole numbers, so how they are tallied does not change them.
    first_shape = _count_cols(batch.shape_idx[rr, starts], k, len(SHAPES))
    last_shape = _count_cols(batch.end_idx[rr, ends - 1], k, len(END_SHAPES))
    span = ends - starts
    lengths = _count_cols(np.minimum(span, MAX_CELL_WORDS + 1), k, MAX_CELL_WORDS + 2)
    lengths[:, MAX_CELL_WORDS + 1] = 0.0  # longer cells are not counted by length
    first_keys = batch.key_idx[rr, starts]
    first_key = _count_cols(first_keys, k, n_keys)
    known = np.count_nonzero(batch.known[rr, starts], axis=0).astype(np.float64)
    # Inner words: every word of a taught row that is not a cell start, by its column.
    width = batch.width
    mark = np.zeros((len(rows), width + 1), dtype=np.int64)
    mark[np.arange(len(rows))[:, None], starts] = 1  # a row's starts are distinct
    word_col = np.cumsum(mark[:, :width], axis=1) - 1  # (T, W) column of each word
    inside = np.arange(width)[None, :] < batch.lengths[r_idx, None]
    inner = inside & (mark[:, :width] == 0)
    inner_shape = _count(word_col[inner], batch.shape_idx[r_idx][inner], (k, len(SHAPES)))
    own_key[:, r_idx] = first_keys.T
    word_gaps = np.zeros((n_rows, width))
    word_gaps[r_idx] = np.arange(width)[None, :] < batch.lengths[r_idx, None] - 1
    word_ends = np.zeros((n_rows, width))
    word_ends[r_idx] = (mark[:, 1 : width + 1] > 0) & (word_gaps[r_idx] > 0)
    own_shape[:, r_idx] = batch.shape_idx[rr, starts].T
    cells: list[list[str]] = [[] for _ in range(k)]
    for r, row_starts, row_ends in zip(rows, starts_l, ends[:, -1].tolist(), strict=True):
        lowered = batch.rows[r].lowered
        bounds = (*row_starts, row_ends)
        for j in range(k):
            a, b = bounds[j], bounds[j + 1]
            if b - a <= MAX_VALUE_WORDS:
                value = " ".join(lowered[a:b])
                cells[j].append(value)
                own_value[j][r] = value
    values = [Counter(c) for c in cells]  # first-seen order, as counting one by one
    return TableCounts(
        np.full(k, float(len(rows))),
        first_shape,
        inner_shape,
        last_shape,
        lengths,
        first_key,
        known,
        values,
        own_key,
        own_shape,
        own_value,
        word_gaps,
        word_ends,
    )


def _count_cols(values: np.ndarray, k: int, n: int) -> np.ndarray:
    """(k, n) histogram of a (T, k) array's values, column j of `values` into row j."""
    flat = (values + (np.arange(k) * n)[None, :]).ravel()
    return np.bincount(flat, minlength=k * n).reshape(k, n).astype(np.float64)


def _count(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """2-D histogram of (row, col) pairs as floats."""
    flat = np.asarray(rows).ravel() * shape[1] + np.asarray(cols).ravel()
    return np.bincount(flat, minlength=shape[0] * shape[1]).reshape(shape).astype(np.float64)
