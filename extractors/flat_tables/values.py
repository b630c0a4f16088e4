"""Whole values a column repeats, found by span classes instead of strings.

A column's vocabulary ("Common", "Weekly", "Optional to Common") earns a bonus
wherever a row holds it as a whole cell. Every span of a batch that may be a
cell of up to `MAX_VALUE_WORDS` words gets a class, shared exactly by the spans
with the same lower-cased words (`kernel.span_classes`, once per batch). The
lexicon's values are word ids, made once per source column (`priors.Digest`) and joined
per header (`column_values`), and their classes are looked up once per batch
(`kernel.prior_class_counts`); a learning
pass's taught cells are classed in `learned.table_counts`. So the bonuses of
every column of a pass come from one compiled walk over the spans
(`kernel.class_hits`), not a string search per value, column and pass, and
they stay arrays (`Bonuses`) from there to the segmenter's kernel. The string
search, `features._value_bonuses`, stays as the reference the tests hold this
to, bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .batch import RowBatch
from .kernel import add_ranges, class_hits, log1p_gains, prior_class_counts, span_classes
from .priors import Prior, scaled_entries
from .stats import MAX_VALUE_WORDS
from .tokens import id_scratch

Bonus = tuple[int, int, int, float]  # (row, start, end, bonus)
_NO_OWN = np.zeros((0, 0), dtype=np.int64)
_NO_INTS = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Bonuses:
    """Whole-value bonuses of k columns as the segmenter's kernel reads them: one flat
    array per field, in column, row, start, end order."""

    k: int
    col: np.ndarray  # (n,)
    row: np.ndarray
    start: np.ndarray
    end: np.ndarray
    gain: np.ndarray  # (n,) float64

    @classmethod
    def none(cls, k: int) -> Bonuses:
        return cls(k, _NO_INTS, _NO_INTS, _NO_INTS, _NO_INTS, np.zeros(0))

    @classmethod
    def of(cls, columns: Sequence[Sequence[Bonus]]) -> Bonuses:
        """From (row, start, end, bonus) lists, one per column, each in row, start, end order."""
        sizes = [len(col) for col in columns]
        if not any(sizes):
            return cls.none(len(columns))
        every = np.array([v for col in columns for v in col], dtype=np.float64)  # (n, 4)
        where = every[:, :3].astype(np.int64).T  # row, start, end: small whole numbers
        return cls(
            len(columns),
            np.repeat(np.arange(len(columns), dtype=np.int64), sizes),
            where[0].copy(),
            where[1].copy(),
            where[2].copy(),
            every[:, 3].copy(),
        )

    def arrays(self) -> tuple[np.ndarray, ...]:
        """Column, row, start, end and gain: `kernel.best_cuts_kernel`'s bonus arguments."""
        return self.col, self.row, self.start, self.end, self.gain

    def column(self, j: int) -> list[Bonus]:
        """Column j's (row, start, end, bonus) list."""
        lo, hi = np.searchsorted(self.col, (j, j + 1)).tolist()
        return list(
            zip(
                self.row[lo:hi].tolist(),
                self.start[lo:hi].tolist(),
                self.end[lo:hi].tolist(),
                self.gain[lo:hi].tolist(),
                strict=True,
            )
        )

    def columns(self, start: int, end: int) -> Bonuses:
        """Columns start..end-1, numbered from 0."""
        lo, hi = np.searchsorted(self.col, (start, end)).tolist()
        return Bonuses(
            end - start,
            self.col[lo:hi] - start,
            self.row[lo:hi],
            self.start[lo:hi],
            self.end[lo:hi],
            self.gain[lo:hi],
        )


class SpanClasses(NamedTuple):
    """A batch's spans that may be a cell of up to `MAX_VALUE_WORDS` words, classed by text."""

    at: np.ndarray  # (R, W, MAX_VALUE_WORDS + 1) class of the m words from word i, -1 if none
    rows: np.ndarray  # (S,) every span that may be a cell, in row, start, end order
    starts: np.ndarray  # (S,)
    ends: np.ndarray  # (S,)
    classes: np.ndarray  # (S,)
    n: int  # classes
    pair_keys: np.ndarray  # the open-addressing table of longer spans' classes (`kernel`)
    pair_class: np.ndarray


class ColumnValues(NamedTuple):
    """The values of k columns' priors that may be a span's text, as the ids of their
    lower-cased words, one column after another (`column_values`): one compiled call
    classes every column's values (`kernel.prior_class_counts`)."""

    words: np.ndarray  # every value's word ids (`tokens.string_id`), one value after another
    ends: np.ndarray  # (V,) where each value's words end in `words`
    counts: np.ndarray  # (V,) each value's count in its column's prior
    columns: np.ndarray  # (k,) where each column's values end


def column_values(priors: Sequence[Prior]) -> ColumnValues:
    """The priors' values that a span can spell, as word ids, one column after another.

    Each column's sources come in order, each value's count scaled by its source's
    weight: a value of several sources is counted once per source, and the kernel
    adds them up in that order, as the merged counts do (`priors.Prior.stats`).
    Joined from the sources' digests (`priors.Digest`): no per-value work for a new
    header.
    """
    digests = [d for p in priors for d in p.digests]
    counts, columns = scaled_entries(priors, "value_counts")
    return ColumnValues(
        np.concatenate([_NO_INTS, *(d.value_words for d in digests)]),
        np.cumsum(np.concatenate([_NO_INTS, *(d.value_sizes for d in digests)])),
        counts,
        columns,
    )


def classes_of(batch: RowBatch) -> SpanClasses:
    """The batch's span classes (kept on the batch)."""
    found = batch.cache.get("span_classes")
    if found is None:
        at, rows, starts, ends, classes, n, pair_keys, pair_class = span_classes(
            batch.low_idx, batch.lengths, batch.can_cut, len(batch.lowered), MAX_VALUE_WORDS
        )
        found = batch.cache["span_classes"] = SpanClasses(
            at, rows, starts, ends, classes, int(n), pair_keys, pair_class
        )
    return found


def cell_classes(batch: RowBatch, rows: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """(T, k) class of each cell of rows `rows` cut at `starts` (T, k); -1 for a cell of
    more words than a value has."""
    spans = classes_of(batch)
    ends = np.concatenate([starts[:, 1:], batch.lengths[rows][:, None]], axis=1)
    words = ends - starts
    found = spans.at[rows[:, None], starts, np.minimum(words, MAX_VALUE_WORDS)]
    return np.where(words <= MAX_VALUE_WORDS, found, -1)


def value_bonuses(
    batch: RowBatch,
    values: ColumnValues,
    joiners: np.ndarray,
    gain: float,
    range_gain: float,
    half_ranges: bool = False,
    own: np.ndarray | None = None,
) -> Bonuses:
    """Every column's spans equal to a value it repeats, and their bonuses.

    A value's count is the prior's (`column_values` of every column's prior, in `values`)
    plus the taught cells': `own[j, r]` is the class of row r's taught cell of column j
    (-1: none; every taught cell is some row's own), which does not vote for itself
    (`kernel.class_hits`). A range of two values, "A to B" with a joiner where
    `joiners` (R, W) is set, gets `range_gain` times its ends' bonuses
    (`kernel.add_ranges`). The same numbers as `features._value_bonuses` of each column.
    """
    spans = classes_of(batch)
    counts, counted = _prior_counts(batch, values, spans)
    has_own = own is not None
    cols, at, span_counts = class_hits(
        spans.rows, spans.classes, counts, counted, own if has_own else _NO_OWN, has_own
    )
    if not len(at):
        return Bonuses.none(len(values.columns))
    # class_hits keeps column order, then span order (row, start, end): already sorted.
    found = (cols, spans.rows[at], spans.starts[at], spans.ends[at], log1p_gains(span_counts, gain))
    if range_gain and joiners.any():
        found = add_ranges(*found, joiners, range_gain, half_ranges)
    return Bonuses(len(values.columns), *found)


def _prior_counts(
    batch: RowBatch, values: ColumnValues, spans: SpanClasses
) -> tuple[np.ndarray, np.ndarray]:
    """(k, classes) the priors' counts of each class, and (classes,) which any prior counts
    (kept on the batch: the same every pass)."""
    key = ("prior_classes", id(values))
    found = batch.cache.get(key)
    if found is None:
        counts = prior_class_counts(
            values.words,
            values.ends,
            values.counts,
            values.columns,
            batch.low_ids,
            id_scratch()[1],
            spans.pair_keys,
            spans.pair_class,
            spans.n,
        )
        # The entry holds the values, so no other object takes their id while it exists.
        found = batch.cache[key] = (values, counts, counts.any(axis=0))
    return found[1], found[2]
