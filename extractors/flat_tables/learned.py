"""What a table's own confident rows say about each column, counted from the batch arrays.

The same counts as adding every taught cell to a `ColumnStats` (the reference,
`stats.ColumnStats.add_cell`), but counted in one compiled pass from where the
cells start (`kernel.count_taught`): a row's words already carry their shape,
end and key indices, so nothing is split, re-shaped or looked up again in
every re-learning pass. Whole values are counted by span class (`values`), so
no cell's text is joined either.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .batch import RowBatch
from .kernel import count_taught
from .stats import MAX_CELL_WORDS
from .tokens import END_SHAPES, SHAPES
from .values import cell_classes


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
    own_key: np.ndarray  # (k, R) key index row r's own taught cell opens on, -1 if none
    own_shape: np.ndarray  # (k, R) shape index of that word, -1 if none
    own_length: np.ndarray  # (k, R) words in row r's own taught cell, -1 if none (or too long)
    own_class: np.ndarray  # (k, R) class of row r's own taught cell, -1 if none (or too long)
    word_gaps: np.ndarray  # (R, W) 1 where a taught row's word has a word after it
    word_ends: np.ndarray  # (R, W) 1 where that gap is a cell boundary


# The fields of `TableCounts` that `kernel.count_taught` returns, in its order.
_COUNTED = (
    "first_shape",
    "inner_shape",
    "last_shape",
    "lengths",
    "first_key",
    "known",
    "own_key",
    "own_shape",
    "own_length",
    "word_gaps",
    "word_ends",
)


def table_counts(batch: RowBatch, taught: Sequence[tuple[int, ...] | None], k: int) -> TableCounts:
    """Count the cells of every row whose cut (cell start word indices) is in `taught`."""
    rows = [r for r, starts in enumerate(taught) if starts is not None]
    starts = np.fromiter(  # (T, k), read as one flat stream
        itertools.chain.from_iterable(taught[r] for r in rows), dtype=np.int64, count=len(rows) * k
    ).reshape(len(rows), k)
    return taught_counts(batch, np.array(rows, dtype=np.int64), starts, k)


def taught_counts(batch: RowBatch, rows: np.ndarray, starts: np.ndarray, k: int) -> TableCounts:
    """`table_counts` of the rows `rows` cut at `starts` (T, k): the learning passes' form,
    straight from the segmenter's arrays (`segment.Cuts.taught`)."""
    n_rows, n_keys = len(batch.rows), len(batch.keys)
    own_class = np.full((k, n_rows), -1, dtype=np.int64)
    if not len(rows):
        zeros = np.zeros(k)
        nobody = np.full((k, n_rows), -1, dtype=np.int64)
        return TableCounts(
            zeros,
            np.zeros((k, len(SHAPES))),
            np.zeros((k, len(SHAPES))),
            np.zeros((k, len(END_SHAPES))),
            np.zeros((k, MAX_CELL_WORDS + 2)),
            np.zeros((k, n_keys)),
            zeros,
            nobody,
            nobody.copy(),
            nobody.copy(),
            own_class,
            np.zeros(batch.key_idx.shape),
            np.zeros(batch.key_idx.shape),
        )
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    # Counts are whole numbers, so how they are tallied does not change them (compiled).
    counted = count_taught(
        starts,
        rows,
        batch.lengths,
        batch.shape_idx,
        batch.end_idx,
        batch.key_idx,
        batch.known,
        n_keys,
        len(SHAPES),
        len(END_SHAPES),
        MAX_CELL_WORDS,
    )
    classes = cell_classes(batch, rows, starts).T  # (k, T)
    own_class[:, rows] = classes
    return TableCounts(
        cells=np.full(k, float(len(rows))),
        own_class=own_class,
        **dict(zip(_COUNTED, counted, strict=True)),
    )
