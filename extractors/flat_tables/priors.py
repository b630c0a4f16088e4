"""A column's lexicon prior: a few known columns' counts, each scaled, added in order.

`Lexicon.column_prior` picks the sources (the same table shape's column, the exact
or the similar columns, the position's form) and their weights. What the passes
read of a prior is arrays: its shape and length counts, its first words and its
whole values as word ids. Each source's arrays are made once (`Digest`), so a
header new to the run costs a weighted sum of at most three of them per column,
not a merge of their dicts. The merged `ColumnStats` (`Prior.stats`) is built
only when read: it is the reference the arrays are held to, and what the scorers
with counts of a table's own read.

The sums are the merged counts to the bit: the merge adds the sources in order
into an empty count (0 + a*w is a*w), and a source without a key adds nothing,
where the arrays add 0*w (x + 0 is x).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from .stats import MAX_CELL_WORDS, MAX_VALUE_WORDS, ColumnStats
from .tokens import END_SHAPES, SHAPES, string_id

_ZEROS = itertools.repeat(0.0)  # the default of every `dict.get` in `Counts.of`
_LENGTHS = MAX_CELL_WORDS + 2
# Where each of `Counts`' fields sits in a digest's one flat vector of counts.
_FIRST = slice(0, len(SHAPES))
_INNER = slice(_FIRST.stop, _FIRST.stop + len(SHAPES))
_LAST = slice(_INNER.stop, _INNER.stop + len(END_SHAPES))
_LENGTH = slice(_LAST.stop, _LAST.stop + _LENGTHS)


@dataclass(slots=True)
class Counts:
    """A column's shape and length counts as arrays (indexed like SHAPES, END_SHAPES, length)."""

    first_shape: np.ndarray
    inner_shape: np.ndarray
    last_shape: np.ndarray
    lengths: np.ndarray

    @classmethod
    def of(cls, stats: ColumnStats) -> Counts:
        lengths = np.zeros(_LENGTHS)
        kept = [(m, c) for m, c in stats.lengths.items() if m <= MAX_CELL_WORDS]
        if kept:
            at, counts = zip(*kept, strict=True)
            lengths[list(at)] = counts  # distinct lengths: each slot is set once
        return cls(
            np.fromiter(map(stats.first_shape.get, SHAPES, _ZEROS), float, len(SHAPES)),
            np.fromiter(map(stats.inner_shape.get, SHAPES, _ZEROS), float, len(SHAPES)),
            np.fromiter(map(stats.last_shape.get, END_SHAPES, _ZEROS), float, len(END_SHAPES)),
            lengths,
        )

    def plus(self, stats: ColumnStats) -> Counts:
        other = Counts.of(stats)
        return Counts(
            self.first_shape + other.first_shape,
            self.inner_shape + other.inner_shape,
            self.last_shape + other.last_shape,
            self.lengths + other.lengths,
        )


@lru_cache(maxsize=1 << 16)
def value_ids(value: str) -> tuple[int, ...]:
    """A value's word ids, () if it can never be a span's text: more than
    `MAX_VALUE_WORDS` words is prose, and other spacing than single spaces is never
    the text of a span (its words joined by single spaces)."""
    split = value.split()
    keep = split and len(split) <= MAX_VALUE_WORDS and " ".join(split) == value
    return tuple(map(string_id, split)) if keep else ()


@dataclass(frozen=True, slots=True)
class Digest:
    """One source column's counts as the passes read them, made once per source."""

    cells: float
    known: float
    counts: np.ndarray  # `Counts`' four fields, one after another
    first_ids: np.ndarray  # (F,) its first words' ids (`tokens.string_id`), in its order
    first_counts: np.ndarray  # (F,)
    first_set: frozenset[int]
    value_words: np.ndarray  # the word ids of every value a span can spell, one after another
    value_sizes: np.ndarray  # (V,) words per value
    value_counts: np.ndarray  # (V,)

    @classmethod
    def of(cls, stats: ColumnStats) -> Digest:
        c = Counts.of(stats)
        first = stats.first_word
        ids = np.fromiter(map(string_id, first), dtype=np.int64, count=len(first))
        values = zip(map(value_ids, stats.values), stats.values.values(), strict=True)
        kept = [(words, n) for words, n in values if words]
        sizes = [len(words) for words, _ in kept]
        return cls(
            stats.cells,
            stats.known,
            np.concatenate([c.first_shape, c.inner_shape, c.last_shape, c.lengths]),
            ids,
            np.fromiter(first.values(), dtype=np.float64, count=len(first)),
            frozenset(ids.tolist()),
            np.fromiter(
                itertools.chain.from_iterable(words for words, _ in kept), np.int64, sum(sizes)
            ),
            np.array(sizes, dtype=np.int64),
            np.fromiter((n for _, n in kept), dtype=np.float64, count=len(kept)),
        )


_NOTHING = Digest.of(ColumnStats())  # pads a prior of fewer sources (weight 0: adds 0)


class Prior:
    """One column's prior: `sources` (counts) times `weights`, added in order, and their
    digests."""

    def __init__(self, sources: Sequence[tuple[ColumnStats, Digest, float]]) -> None:
        self.sources = tuple(stats for stats, _, _ in sources)
        self.digests = tuple(digest for _, digest, _ in sources)
        self.weights = tuple(weight for _, _, weight in sources)
        cells = known = 0.0
        for digest, weight in zip(self.digests, self.weights, strict=True):
            cells += digest.cells * weight
            known += digest.known * weight
        self.cells, self.known = cells, known
        # Distinct first words of the merged counts (their keys' union).
        self.types = len(frozenset().union(*(d.first_set for d in self.digests)))

    @cached_property
    def stats(self) -> ColumnStats:
        """The sources merged into one `ColumnStats` (the reference; read by scorers with
        counts of a table's own)."""
        merged = ColumnStats()
        for stats, weight in zip(self.sources, self.weights, strict=True):
            merged.add(stats, weight)
        return merged


@dataclass(slots=True)
class PriorArrays:
    """What the passes read of k columns' priors, one column after another."""

    counts: Counts  # (k, ·) each field
    cells: np.ndarray  # (k,)
    types: np.ndarray  # (k,) distinct first words
    known: np.ndarray  # (k,)
    first_ids: np.ndarray  # every column's sources' first words, in source order
    first_counts: np.ndarray  # their counts, scaled by their source's weight
    first_ends: np.ndarray  # (k,) where each column's first words end


def prior_arrays(priors: Sequence[Prior]) -> PriorArrays:
    """The priors' counts summed from their digests: k columns at once.

    A column's sources are padded to the most any column has with an empty digest of
    weight 0, and slot t of every column is added at once, in slot order: the merge's
    order of sums, so the same numbers.
    """
    k, width = len(priors), max(len(p.digests) for p in priors)
    slots = [
        (p.digests[t], p.weights[t]) if t < len(p.digests) else (_NOTHING, 0.0)
        for p in priors
        for t in range(width)
    ]
    total = np.zeros((k, len(_NOTHING.counts)))  # a lexicon of no tables: no sources
    if width:
        parts = np.stack([d.counts for d, _ in slots]).reshape(k, width, -1)
        parts *= np.array([w for _, w in slots]).reshape(k, width, 1)
        total = parts[:, 0]
        for t in range(1, width):
            total = total + parts[:, t]
    first_counts, first_ends = scaled_entries(priors, "first_counts")
    return PriorArrays(
        Counts(*(np.ascontiguousarray(total[:, at]) for at in (_FIRST, _INNER, _LAST, _LENGTH))),
        np.array([p.cells for p in priors]),
        np.array([p.types for p in priors]),
        np.array([p.known for p in priors]),
        np.concatenate([_NOTHING.first_ids, *(d.first_ids for p in priors for d in p.digests)]),
        first_counts,
        first_ends,
    )


def scaled_entries(priors: Sequence[Prior], field: str) -> tuple[np.ndarray, np.ndarray]:
    """A per-entry count of the digests (`first_counts` or `value_counts`) for every
    column's sources in order, one column after another, each times its source's weight
    (the same products as the merge's, source by source); and where each column's
    entries end."""
    every = (zip(p.digests, p.weights, strict=True) for p in priors)
    parts = [(getattr(d, field), w) for pairs in every for d, w in pairs]
    parts = [(counts, w) for counts, w in parts if len(counts)]
    scaled = np.concatenate([_NOTHING.first_counts, *(counts for counts, _ in parts)])
    scaled *= np.repeat(np.array([w for _, w in parts]), [len(c) for c, _ in parts])
    per_column = (sum(len(getattr(d, field)) for d in p.digests) for p in priors)
    return scaled, np.array(list(itertools.accumulate(per_column)), dtype=np.int64)
