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
# The forward pass shifts a row by its largest term; a row with none (all -inf) by this.
_FLOOR = np.finfo(np.float64).min


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


def _bonuses(
    values: list[list[tuple[int, int, int, float]]],
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """`_bonus` of every column, converted in two array calls for all columns together."""
    flat = [v for col in values for v in col]
    if not flat:
        return [_bonus([]) for _ in values]
    rows, starts, ends, bonus = zip(*flat, strict=True)
    where = np.array((rows, starts, ends), dtype=np.int64)  # (3, n)
    gains = np.array(bonus, dtype=np.float64)
    out = []
    at = 0
    for col in values:
        n = len(col)
        part = where[:, at : at + n]
        out.append((part[0], part[1], part[2], gains[at : at + n]))
        at += n
    return out


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
    rows = np.arange(n_rows)
    # The first column starts at gap 0 and only the last column's cell ending at each row's
    # end is ever read: those two steps need no (R, W + 1, W + 1) sums (`_viterbi_first`,
    # `_viterbi_last`); the columns between are full steps.
    vit, arg = _viterbi_first(sides)
    back = [arg]
    if k == 1:
        last = vit[rows, batch.lengths]
    else:
        work = _work(vit.shape) if k > 2 else None
        for j in range(1, k - 1):
            vit, arg = _viterbi_step(vit, sides, j, work)
            back.append(arg)
        last, pos = _viterbi_last(vit, sides, k - 1, batch.lengths)
    scores = last.tolist()
    # Follow the back pointers of every row at once: cell j starts at bounds[:, j].
    bounds = np.zeros((n_rows, k), dtype=np.int64)
    if k > 1:
        bounds[:, k - 1] = pos
        for j in range(k - 2, 0, -1):
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


class _Work(NamedTuple):
    """Scratch space of one Viterbi run: the (R, W + 1, W + 1) sums and their row/gap indices."""

    total: np.ndarray
    r_idx: np.ndarray
    e_idx: np.ndarray


def _work(shape: tuple[int, ...]) -> _Work:
    r, g = shape
    r_idx, e_idx = np.indices((r, g), sparse=True)
    return _Work(np.empty((r, g, g)), r_idx, e_idx)


def _viterbi_first(s: _Sides) -> tuple[np.ndarray, np.ndarray]:
    """`_viterbi_step` of column 0 from the start (only gap 0 reached, at score 0).

    Every other start is -inf, so the best start of every cell is gap 0 and the
    sum is the one the full step takes there: the same numbers, without the
    (R, W + 1, W + 1) sums.
    """
    g = s.start.shape[2]
    vit = np.full(s.start.shape[1:], NEG)
    vit[:, 0] = 0.0
    a = vit + s.start[0]  # (R, W + 1): -inf after gap 0
    best = a[:, :1] + s.length_t[0][:, 0][None, :]  # cell 0..e for every e
    arg = np.zeros((a.shape[0], g), dtype=np.intp)  # every max (even -inf) first found at 0
    _apply_bonuses(a, s, 0, best, arg)
    best += s.end[0]
    return best, arg


def _viterbi_last(
    vit: np.ndarray, s: _Sides, j: int, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`_viterbi_step` of the last column at each row's end only: (R,) scores and starts."""
    rows = np.arange(vit.shape[0])
    a = vit + s.start[j]  # (R, W + 1)
    total = a + s.length_t[j][lengths]  # (R, W + 1): a cell i..lengths[r] for every i
    arg = np.argmax(total, axis=1)
    best = total[rows, arg]
    b_rows, i, e, bonus = s.bonus[j]
    if len(b_rows):
        at_end = e == lengths[b_rows]
        if at_end.any():
            b_rows, i, e, bonus = b_rows[at_end], i[at_end], e[at_end], bonus[at_end]
            cand = a[b_rows, i] + s.length_t[j][e, i] + bonus
            for r, ii, c in zip(b_rows.tolist(), i.tolist(), cand.tolist(), strict=True):
                cur = best[r]
                if c > cur or (c == cur and ii < arg[r]):
                    best[r], arg[r] = c, ii
    best += s.end[j][rows, lengths]
    return best, arg


def _apply_bonuses(a: np.ndarray, s: _Sides, j: int, best: np.ndarray, arg: np.ndarray) -> None:
    """Whole-value bonuses of column j over the dense best cells (in place)."""
    rows, i, e, bonus = s.bonus[j]
    if len(rows):
        cand = a[rows, i] + s.length_t[j][e, i] + bonus
        # Same order as a dense argmax: a larger value wins, then the lower start.
        for r, ii, ee, c in zip(rows.tolist(), i.tolist(), e.tolist(), cand.tolist(), strict=True):
            cur = best[r, ee]
            if c > cur or (c == cur and ii < arg[r, ee]):
                best[r, ee], arg[r, ee] = c, ii


def _viterbi_step(
    vit: np.ndarray, s: _Sides, j: int, work: _Work | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """max over i of vit[r, i] + cell(i, e) of column j, and the i that gives it (lowest on ties).

    `work` is reused by every column of a run: the sums are the same, only not reallocated.
    """
    a = vit + s.start[j]  # (R, W + 1)
    w = work if work is not None else _work(a.shape)
    # Laid out (r, e, i) so both reductions run along the last, contiguous axis.
    total = np.add(a[:, None, :], s.length_t[j][None, :, :], out=w.total)
    arg = np.argmax(total, axis=2)  # (R, W + 1)
    best = total[w.r_idx, w.e_idx, arg]
    _apply_bonuses(a, s, j, best, arg)
    best += s.end[j]
    return best, arg


def _bonus_gains(s: _Sides, inv: np.ndarray) -> list[np.ndarray]:
    """Per column: expm1(bonus / T) of its whole-value bonuses (T, n), one call for all columns."""
    sizes = [len(b[3]) for b in s.bonus]
    if not sum(sizes):
        return [np.zeros((len(inv), 0)) for _ in sizes]
    every = np.expm1(np.concatenate([b[3] for b in s.bonus])[None, :] * inv[:, None])
    bounds = list(itertools.accumulate(sizes, initial=0))
    return [every[:, a:b] for a, b in itertools.pairwise(bounds)]


def _forward(s: _Sides, inv: np.ndarray) -> np.ndarray:
    """log of the summed exp(score / T) of every cut reaching each gap, per temperature.

    One matrix product with the length matrix per column, for all temperatures
    at once (T, R, W + 1). Terms are shifted by their maximum first, so nothing
    overflows; only cells far below a row's best underflow to 0, which do not count.
    Every step works in place on its own fresh arrays (same operations, same order).
    """
    scale = inv[:, None, None, None]
    start_t = s.start[None] * scale  # (T, k, R, W + 1)
    end_t = s.end[None] * scale
    # exp(length / T) from the per-length vectors, then laid out as (T, k, W + 1, W + 1).
    len_t = s.lengths[None, :, : s.start.shape[2]] * inv[:, None, None]  # spans 0 .. W
    top_l = np.max(len_t[:, :, 1:], axis=2, initial=0.0) if len_t.shape[2] > 1 else len_t[..., 0]
    top_l = np.where(np.isfinite(top_l), top_l, 0.0)
    lmat = np.take(np.exp(len_t - top_l[:, :, None]), s.span, axis=2)  # [:, :, span]
    fwd = np.full((len(inv), *s.start.shape[1:]), NEG)
    fwd[:, :, 0] = 0.0
    gains = _bonus_gains(s, inv)
    with np.errstate(divide="ignore"):
        for j in range(s.start.shape[0]):
            a = fwd + start_t[:, j]  # log terms, then exp(log - top) in place
            # Column 0 starts at gap 0 only: every other term is -inf, exp() of it exactly 0.
            top_a = a[:, :, 0].copy() if j == 0 else np.max(a, axis=2)
            # A row with no finite term stays -inf whatever it is shifted by (was 0, now
            # _FLOOR): exp(-inf - x) is 0, and log(0) plus any finite shift is -inf.
            np.maximum(top_a, _FLOOR, out=top_a)
            np.subtract(a, top_a[:, :, None], out=a)
            np.exp(a, out=a)
            # With one non-zero term the product is that term times the length row, exactly.
            out = a[:, :, :1] * lmat[:, 0, :1, :] if j == 0 else a @ lmat[:, j]
            rows, i, e, _ = s.bonus[j]
            if len(rows):
                extra = a[:, rows, i] * lmat[:, j, i, e] * gains[j]
                np.add.at(out, (slice(None), rows, e), extra)
            np.log(out, out=out)
            out += (top_a + top_l[:, j, None])[:, :, None]
            out += end_t[:, j]
            fwd = out
    return fwd
