"""Scored search over every way to cut a row into k cells (semi-Markov DP).

Viterbi gives the best cut; the forward pass (log-sum-exp over the same
lattice) gives the probability mass of that cut among all cuts, which is the
row's confidence: a row whose cut barely beats another is flagged.

A cell words[i:e] of a column scores `F[r, i] + G[r, e] + length[e - i]`
(start side, end side, length) plus a few sparse bonuses for whole values
the column knows. Both passes run compiled, row by row (`kernel`); the
lattice as arrays (`_sides`, `cell_scores`) is kept for tests and inspection.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .batch import RowBatch
from .features import MAX_CELL_WORDS, Emission, Emissions
from .kernel import best_cuts_kernel
from .values import Bonuses

NEG = -np.inf


class Cut(NamedTuple):
    """Best segmentation of one row: word index where each cell starts."""

    starts: tuple[int, ...]
    score: float
    confidence: float
    log_z: float = 0.0  # log of the summed (tempered) scores of every cut: the row's fit

    def cells(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The cell strings this cut makes."""
        return cells_of(self.starts, words)


def cells_of(starts: Sequence[int], words: tuple[str, ...]) -> tuple[str, ...]:
    """The cell strings of a row cut where each cell starts at `starts`."""
    bounds = (*starts, len(words))
    return tuple(" ".join(words[a:b]) for a, b in itertools.pairwise(bounds))


@dataclass(slots=True)
class _Sides:
    """Every column's lattice in separable form (see the module docstring)."""

    start: np.ndarray  # (k, R, W + 1) F: a cell of column j starts at gap i; -inf where no cut
    end: np.ndarray  # (k, R, W + 1) G: a cell of column j ends at gap e; -inf where no cut
    length_t: np.ndarray  # (k, W + 1, W + 1) score of span e - i indexed [e, i], -inf unless e > i
    lengths: np.ndarray  # (k, MAX_CELL_WORDS + 2) score of a cell of m words, -inf at 0
    span: np.ndarray  # (W + 1, W + 1) e - i clipped to [0, MAX_CELL_WORDS + 1]
    bonus: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]  # per column: r, i, e, b

    @property
    def length(self) -> np.ndarray:
        """(k, W + 1, W + 1) score of span e - i indexed [i, e] (a view of `length_t`)."""
        return self.length_t.transpose(0, 2, 1)


def _sides(batch: RowBatch, emissions: list[Emission] | Emissions) -> _Sides:
    """The start and end sides of every column, filled in place (few small-array calls).

    The same sums, in the same order, as the concatenations they replace:
    start = (first | 0) + cut_cost - cum[i + 1] and end = (0 | last) + cum.
    """
    em = emissions if isinstance(emissions, Emissions) else Emissions.of(emissions)
    k = len(em)
    r, w = batch.shape_idx.shape
    first, inner, last = em.first, em.inner, em.last
    cum = np.zeros((k, r, w + 1))
    np.add.accumulate(inner, axis=2, out=cum[:, :, 1:])  # np.cumsum, cum[.., 0] = 0
    # Words i+1 .. e-1 are inside the cell: cum[e] - cum[i + 1] (i = W is never legal).
    start = np.empty((k, r, w + 1))
    start[:, :, :w] = first
    start[:, :, w] = 0.0
    start += batch.cut_cost
    start[:, :, :w] -= cum[:, :, 1:]
    start[:, :, w] -= cum[:, :, w]
    end = cum.copy()
    end[:, :, 1:] += last  # 0 + cum at gap 0 is cum: the same numbers as (0 | last) + cum
    no_cut = _no_cut(batch)
    np.copyto(start, NEG, where=no_cut)
    np.copyto(end, NEG, where=no_cut)
    lengths = em.length
    span, span_t = _span(batch)
    length_t = np.take(lengths, span_t, axis=1)  # lengths[:, span.T]; span <= 0 -> -inf
    return _Sides(start, end, length_t, lengths, span, _bonuses(em.values))


def _no_cut(batch: RowBatch) -> np.ndarray:
    """(R, W + 1) gaps where no cell may start or end (kept on the batch)."""
    found = batch.cache.get("no_cut")
    if found is None:
        found = batch.cache["no_cut"] = ~batch.can_cut
    return found


def _span(batch: RowBatch) -> tuple[np.ndarray, np.ndarray]:
    """The batch's span matrix clipped to the length vectors, and its transpose (kept)."""
    found = batch.cache.get("span_clipped")
    if found is None:
        span = np.minimum(batch.span, MAX_CELL_WORDS + 1)
        found = batch.cache["span_clipped"] = (span, np.ascontiguousarray(span.T))
    return found


def _bonuses(values: Bonuses) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Every column's bonuses as (rows, starts, ends, gains)."""
    out = []
    for j in range(values.k):
        part = values.columns(j, j + 1)
        out.append((part.row, part.start, part.end, part.gain))
    return out


def cell_scores(batch: RowBatch, em: Emission) -> np.ndarray:
    """M[r, i, e]: score of words[i:e] of row r as one cell of the column behind `em`.

    The whole lattice, for tests and inspection; `best_cuts` never builds it.
    """
    s = _sides(batch, [em])
    m = s.start[0][:, :, None] + s.end[0][:, None, :] + s.length[0][None, :, :]
    rows, i, e, bonus = s.bonus[0]
    np.add.at(m, (rows, i, e), bonus)
    return m


def best_cuts(
    batch: RowBatch, emissions: list[Emission] | Emissions, temperature: float = 1.0
) -> list[Cut | None]:
    """Best cut of every row into len(emissions) cells (None where no legal cut exists)."""
    return best_cuts_at(batch, emissions, (temperature,))[0]


class Cuts(NamedTuple):
    """Every row's best cut as the kernel's arrays, a confidence and fit per temperature.

    The learning passes read these directly (`taught`); `Cut`s are made only for the
    rows a caller keeps (`at`).
    """

    starts: np.ndarray  # (R, k) word index where each cell starts (meaningless unless `found`)
    score: np.ndarray  # (R,) -inf or NaN where no legal cut exists
    confidence: np.ndarray  # (T, R)
    log_z: np.ndarray  # (T, R) at each temperature, scaled back by it

    @property
    def found(self) -> np.ndarray:
        """(R,) rows with a legal cut."""
        return self.score > NEG

    def taught(self, min_confidence: float, t: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(rows, their starts) of the rows cut with at least `min_confidence` at temperature t."""
        rows = np.flatnonzero(self.found & (self.confidence[t] >= min_confidence))
        return rows, self.starts[rows]

    def at(self, t: int = 0) -> list[Cut | None]:
        """The cut of every row at temperature t (None where no legal cut exists)."""
        scores, found = self.score.tolist(), self.found.tolist()
        zs, cs = self.log_z[t].tolist(), self.confidence[t].tolist()
        return [
            Cut(tuple(b), scores[r], cs[r], zs[r]) if found[r] else None
            for r, b in enumerate(self.starts.tolist())
        ]


def best_cuts_at(
    batch: RowBatch, emissions: list[Emission] | Emissions, temperatures: tuple[float, ...]
) -> list[list[Cut | None]]:
    """`best_cuts` at several temperatures: one Viterbi, one forward pass for them all.

    The cut does not depend on the temperature, only its confidence does.
    """
    found = cuts_of(batch, emissions, temperatures)
    return [found.at(t) for t in range(len(temperatures))]


def cuts_of(
    batch: RowBatch, emissions: list[Emission] | Emissions, temperatures: tuple[float, ...]
) -> Cuts:
    """`best_cuts_at` as arrays: both passes run compiled, row by row
    (`kernel.best_cuts_kernel`)."""
    k = len(emissions)
    n_rows = len(batch.rows)
    if k == 0 or n_rows == 0:
        none = np.zeros((len(temperatures), n_rows))
        return Cuts(np.zeros((n_rows, k), dtype=np.int64), np.full(n_rows, NEG), none, none)
    em = emissions if isinstance(emissions, Emissions) else Emissions.of(emissions)
    inv = np.array([1.0 / t for t in temperatures])
    c = np.ascontiguousarray
    if em.own_length is None or em.own_gain is None:
        own_len, own_gain = np.full((k, n_rows), -1, dtype=np.int64), np.zeros((k, n_rows))
    else:
        own_len, own_gain = em.own_length, em.own_gain
    bounds, score, log_z, conf = best_cuts_kernel(
        c(em.first, dtype=np.float64),
        c(em.inner, dtype=np.float64),
        c(em.last, dtype=np.float64),
        c(em.length, dtype=np.float64),
        c(batch.cut_cost, dtype=np.float64),
        c(batch.can_cut),
        c(batch.lengths, dtype=np.int64),
        *em.values.arrays(),
        inv,
        c(own_len, dtype=np.int64),
        c(own_gain, dtype=np.float64),
    )
    return Cuts(bounds, score, conf, log_z * np.array(temperatures)[:, None])
