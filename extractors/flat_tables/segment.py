"""Scored search over every way to cut a row into k cells (semi-Markov DP).

Viterbi gives the best cut; the forward pass (log-sum-exp over the same
lattice) gives the probability mass of that cut among all cuts, which is the
row's confidence: a row whose cut barely beats another is flagged.

A cell words[i:e] of a column scores `F[r, i] + G[r, e] + length[e - i]`
(start side, end side, length) plus a few sparse bonuses for whole values
the column knows. The start and end sides do not depend on each other, so a
column's whole lattice is never built: Viterbi adds the start side to the
running score and takes one max over a shared length matrix, and the forward
pass is one matrix product with that length matrix in exp space.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .batch import RowBatch
from .features import MAX_CELL_WORDS, Emission, Emissions

NEG = -np.inf


class Cut(NamedTuple):
    """Best segmentation of one row: word index where each cell starts."""

    starts: tuple[int, ...]
    score: float
    confidence: float
    log_z: float = 0.0  # log of the summed (tempered) scores of every cut: the row's fit

    def cells(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The cell strings this cut makes."""
        bounds = (*self.starts, len(words))
        return tuple(" ".join(words[a:b]) for a, b in itertools.pairwise(bounds))


@dataclass(slots=True)
class _Sides:
    """Every column's lattice in separable form (see the module docstring)."""

    start: np.ndarray  # (k, R, W + 1) F: a cell of column j starts at gap i; -inf where no cut
    end: np.ndarray  # (k, R, W + 1) G: a cell of column j ends at gap e; -inf where no cut
    length: np.ndarray  # (k, W + 1, W + 1) score of span e - i, -inf unless e > i
    length_t: np.ndarray  # (k, W + 1, W + 1) the same indexed [e, i]
    lengths: np.ndarray  # (k, MAX_CELL_WORDS + 2) score of a cell of m words, -inf at 0
    span: np.ndarray  # (W + 1, W + 1) e - i clipped to [0, MAX_CELL_WORDS + 1]
    bonus: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]  # per column: r, i, e, b


def _sides(batch: RowBatch, emissions: list[Emission] | Emissions) -> _Sides:
    em = emissions if isinstance(emissions, Emissions) else Emissions.of(emissions)
    k = len(em)
    r = batch.shape_idx.shape[0]
    zero = np.zeros((k, r, 1))
    first, inner, last = em.first, em.inner, em.last
    cum = np.concatenate((zero, np.cumsum(inner, axis=2)), axis=2)  # (k, R, W + 1)
    # Words i+1 .. e-1 are inside the cell: cum[e] - cum[i + 1] (i = W is never legal).
    after_first = np.concatenate((cum[:, :, 1:], cum[:, :, -1:]), axis=2)
    start = np.concatenate((first, zero), axis=2) + batch.cut_cost - after_first
    end = np.concatenate((zero, last), axis=2) + cum
    start[:, ~batch.can_cut] = NEG
    end[:, ~batch.can_cut] = NEG
    lengths = em.length
    span = np.minimum(batch.span, MAX_CELL_WORDS + 1)
    length = lengths[:, span]  # span <= 0 -> -inf
    length_t = lengths[:, span.T]
    return _Sides(start, end, length, length_t, lengths, span, [_bonus(v) for v in em.values])


def _bonus(
    values: list[tuple[int, int, int, float]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if not values:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, np.zeros(0)
    rows, i, e, bonus = zip(*values, strict=True)
    return np.array(rows), np.array(i), np.array(e), np.array(bonus, dtype=np.float64)


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


def best_cuts_at(
    batch: RowBatch, emissions: list[Emission] | Emissions, temperatures: tuple[float, ...]
) -> list[list[Cut | None]]:
    """`best_cuts` at several temperatures: one Viterbi, one forward pass for them all.

    The cut does not depend on the temperature, only its confidence does.
    """
    k = len(emissions)
    n_rows = len(batch.rows)
    if k == 0 or n_rows == 0:
        return [[None] * n_rows for _ in temperatures]
    sides = _sides(batch, emissions)
    vit = np.full(sides.start.shape[1:], NEG)
    vit[:, 0] = 0.0  # before any cell only gap 0 is reachable
    back: list[np.ndarray] = []
    for j in range(k):
        vit, arg = _viterbi_step(vit, sides, j)
        back.append(arg)
    rows = np.arange(n_rows)
    scores = vit[rows, batch.lengths].tolist()
    # Follow the back pointers of every row at once: cell j starts at bounds[:, j].
    bounds = np.zeros((n_rows, k), dtype=np.int64)
    pos = batch.lengths
    for j in range(k - 1, 0, -1):
        pos = back[j][rows, pos]
        bounds[:, j] = pos
    bound_rows = bounds.tolist()
    bounds_of = [
        None if score == NEG or score != score else tuple(b)
        for score, b in zip(scores, bound_rows, strict=True)
    ]
    inv = np.array([1.0 / t for t in temperatures])
    log_z = _forward(sides, inv)[:, rows, batch.lengths]  # (T, R)
    with np.errstate(invalid="ignore"):
        conf = np.exp(np.minimum(np.array(scores)[None, :] * inv[:, None] - log_z, 0.0))
    out = []
    for t, temperature in enumerate(temperatures):
        zs, cs = log_z[t].tolist(), conf[t].tolist()
        out.append(
            [
                None if b is None else Cut(b, scores[r], cs[r], zs[r] * temperature)
                for r, b in enumerate(bounds_of)
            ]
        )
    return out


def _viterbi_step(vit: np.ndarray, s: _Sides, j: int) -> tuple[np.ndarray, np.ndarray]:
    """max over i of vit[r, i] + cell(i, e) of column j, and the i that gives it (lowest on ties)."""
    a = vit + s.start[j]  # (R, W + 1)
    # Laid out (r, e, i) so both reductions run along the last, contiguous axis.
    total = a[:, None, :] + s.length_t[j][None, :, :]
    arg = np.argmax(total, axis=2)  # (R, W + 1)
    r_idx, e_idx = np.indices(arg.shape, sparse=True)
    best = total[r_idx, e_idx, arg]
    rows, i, e, bonus = s.bonus[j]
    if len(rows):
        cand = a[rows, i] + s.length[j][i, e] + bonus
        # Same order as a dense argmax: a larger value wins, then the lower start.
        for r, ii, ee, c in zip(rows.tolist(), i.tolist(), e.tolist(), cand.tolist(), strict=True):
            cur = best[r, ee]
            if c > cur or (c == cur and ii < arg[r, ee]):
                best[r, ee], arg[r, ee] = c, ii
    return best + s.end[j], arg


def _forward(s: _Sides, inv: np.ndarray) -> np.ndarray:
    """log of the summed exp(score / T) of every cut reaching each gap, per temperature.

    One matrix product with the length matrix per column, for all temperatures
    at once (T, R, W + 1). Terms are shifted by their maximum first, so nothing
    overflows; only cells far below a row's best underflow to 0, which do not count.
    """
    scale = inv[:, None, None, None]
    start_t = s.start[None] * scale  # (T, k, R, W + 1)
    end_t = s.end[None] * scale
    # exp(length / T) from the per-length vectors, then laid out as (T, k, W + 1, W + 1).
    len_t = s.lengths[None, :, : s.start.shape[2]] * inv[:, None, None]  # spans 0 .. W
    top_l = np.max(len_t[:, :, 1:], axis=2, initial=0.0) if len_t.shape[2] > 1 else len_t[..., 0]
    top_l = np.where(np.isfinite(top_l), top_l, 0.0)
    lmat = np.exp(len_t - top_l[:, :, None])[:, :, s.span]
    fwd = np.full((len(inv), *s.start.shape[1:]), NEG)
    fwd[:, :, 0] = 0.0
    for j in range(s.start.shape[0]):
        a_log = fwd + start_t[:, j]
        top_a = np.max(a_log, axis=2)
        top_a = np.where(np.isfinite(top_a), top_a, 0.0)
        a = np.exp(a_log - top_a[:, :, None])
        out = a @ lmat[:, j]
        rows, i, e, bonus = s.bonus[j]
        if len(rows):
            extra = a[:, rows, i] * lmat[:, j, i, e] * np.expm1(bonus[None, :] * inv[:, None])
            np.add.at(out, (slice(None), rows, e), extra)
        with np.errstate(divide="ignore"):
            fwd = np.log(out) + (top_a[:, :, None] + top_l[:, j, None, None]) + end_t[:, j]
    return fwd
