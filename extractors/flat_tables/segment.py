"""Scored search over every way to cut a row into k cells (semi-Markov DP).

Viterbi gives the best cut; the forward pass (log-sum-exp over the same
lattice) gives the probability mass of that cut among all cuts, which is the
row's confidence: a row whose cut barely beats another is flagged.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .features import MAX_CELL_WORDS, Emission
from .tokens import RowTokens

NEG = -np.inf


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


def cell_matrix(row: RowTokens, em: Emission) -> np.ndarray:
    """M[i, e]: score of words[i:e] as one cell of the column behind `em` (-inf if illegal)."""
    n = len(row.words)
    idx = np.arange(n + 1)
    cum = np.concatenate(([0.0], np.cumsum(em.inner)))
    first = np.concatenate((em.first + np.asarray(row.cut_cost[:n]), [NEG]))
    last = np.concatenate(([NEG], em.last))
    span = idx[None, :] - idx[:, None]
    inner_sum = cum[None, :] - cum[np.minimum(idx + 1, n)][:, None]
    length = em.length[np.clip(span, 0, MAX_CELL_WORDS + 1)]
    with np.errstate(invalid="ignore"):
        m = first[:, None] + inner_sum + last[None, :] + length
    can = np.asarray(row.can_cut)
    ok = (span >= 1) & can[:, None] & can[None, :]
    m = np.where(ok, m, NEG)
    for i, e, bonus in em.values:
        if ok[i, e]:
            m[i, e] += bonus
    return m


def best_cut(row: RowTokens, emissions: list[Emission], temperature: float = 1.0) -> Cut | None:
    """Best cut of `row` into len(emissions) cells, or None when no legal cut exists."""
    n, k = len(row.words), len(emissions)
    if n < k or k == 0:
        return None
    mats = [cell_matrix(row, em) for em in emissions]
    vit = mats[0][0].copy()
    fwd = vit / temperature
    back: list[np.ndarray] = []
    for mat in mats[1:]:
        total = vit[:, None] + mat
        arg = np.argmax(total, axis=0)
        back.append(arg)
        vit = total[arg, np.arange(n + 1)]
        fwd = _logsumexp(fwd[:, None] + mat / temperature)
    score = float(vit[n])
    if not np.isfinite(score):
        return None
    starts = [n]
    for arg in reversed(back):
        starts.append(int(arg[starts[-1]]))
    starts = [0, *reversed(starts[1:])] if k > 1 else [0]
    log_z = float(fwd[n])
    confidence = float(np.exp(min(score / temperature - log_z, 0.0)))
    return Cut(tuple(starts), score, confidence, log_z * temperature)


def _logsumexp(x: np.ndarray) -> np.ndarray:
    """Column-wise log-sum-exp that tolerates all -inf columns."""
    top = np.max(x, axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return safe + np.log(np.sum(np.exp(x - safe), axis=0))
