"""Scored search over every way to cut a row into k cells (semi-Markov DP).

Viterbi gives the best cut; the forward pass (log-sum-exp over the same
lattice) gives the probability mass of that cut among all cuts, which is the
row's confidence: a row whose cut barely beats another is flagged.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .batch import RowBatch
from .features import MAX_CELL_WORDS, Emission


@dataclass(frozen=True, slots=True)
class Cut:
    """Best segmentation of one row: word index where each cell starts."""

    starts: tuple[int, ...]
    score: float
    confidence: float
    log_z: float = 0.0  # log of the summed (tempered) scores of every cut: the row's fit

    def cells(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The cell strings this cut makes."""
        bounds = (*self.starts, len(words))
        return tuple(" ".join(words[a:b]) for a, b in itertools.pairwise(bounds))


def cell_scores(batch: RowBatch, em: Emission) -> np.ndarray:
    """M[r, i, e]: score of words[i:e] of row r as one cell of the column behind `em`."""
    r = batch.shape_idx.shape[0]
    zero = np.zeros((r, 1))
    cum = np.concatenate((zero, np.cumsum(em.inner, axis=1)), axis=1)  # (R, W + 1)
    # Words i+1 .. e-1 are inside the cell: cum[e] - cum[i + 1] (i = W is never legal).
    after_first = np.concatenate((cum[:, 1:], cum[:, -1:]), axis=1)
    first = np.concatenate((em.first, zero), axis=1) + batch.cut_cost - after_first
    last = np.concatenate((zero, em.last), axis=1) + cum
    length = em.length[np.minimum(batch.span, MAX_CELL_WORDS + 1)]
    m = first[:, :, None] + last[:, None, :]
    m += length
    m += batch.illegal
    for row, i, e, bonus in em.values:
        m[row, i, e] += bonus
    return m


def best_cuts(
    batch: RowBatch, emissions: list[Emission], temperature: float = 1.0
) -> list[Cut | None]:
    """Best cut of every row into len(emissions) cells (None where no legal cut exists)."""
    k = len(emissions)
    n_rows = len(batch.rows)
    if k == 0 or n_rows == 0:
        return [None] * n_rows
    vit = cell_scores(batch, emissions[0])[:, 0, :]
    fwd = vit / temperature
    back: list[np.ndarray] = []
    for em in emissions[1:]:
        mat = cell_scores(batch, em)
        total = vit[:, :, None] + mat
        arg = np.argmax(total, axis=1)  # (R, W + 1)
        back.append(arg)
        vit = np.take_along_axis(total, arg[:, None, :], axis=1)[:, 0, :]
        fwd = _forward_step(fwd, mat / temperature if temperature != 1.0 else mat)
    rows = np.arange(n_rows)
    scores = vit[rows, batch.lengths]
    log_z = fwd[rows, batch.lengths]
    out: list[Cut | None] = []
    for r in range(n_rows):
        score = float(scores[r])
        if not np.isfinite(score):
            out.append(None)
            continue
        starts = [int(batch.lengths[r])]
        for arg in reversed(back):
            starts.append(int(arg[r, starts[-1]]))
        bounds = [0, *reversed(starts[1:])] if k > 1 else [0]
        z = float(log_z[r])
        confidence = float(np.exp(min(score / temperature - z, 0.0)))
        out.append(Cut(tuple(bounds), score, confidence, z * temperature))
    return out


def _forward_step(fwd: np.ndarray, mat: np.ndarray) -> np.ndarray:
    """log sum_i exp(fwd[r, i] + mat[r, i, e]), as a batched product in exp space.

    Both terms are shifted by their per-row maximum first, so nothing overflows;
    only cells far below a row's best underflow to 0, which do not count anyway.
    """
    top_f = _row_max(fwd)
    top_m = _row_max(mat.reshape(mat.shape[0], -1))
    # float32 exp is several times faster than float64 and ample for a confidence.
    a = np.exp((fwd - top_f[:, None]).astype(np.float32))
    b = np.exp((mat - top_m[:, None, None]).astype(np.float32))
    out = np.einsum("ri,rie->re", a, b).astype(np.float64)
    with np.errstate(divide="ignore"):
        return np.log(out) + (top_f + top_m)[:, None]


def _row_max(x: np.ndarray) -> np.ndarray:
    """Per-row maximum, 0 for rows with no finite value (kept -inf by the exp)."""
    top = np.max(x, axis=1)
    return np.where(np.isfinite(top), top, 0.0)
