"""Turn a column's counts into per-word scores for one row.

Each column is a small generative model of its cells: the shape and word a
cell starts with, the shapes inside it, how it ends, its length, and whole
values that repeat. `ColumnScorer.emit` scores every word of a row as a cell
start, a cell inside and a cell end for this column, so the segmenter can
score any cell (i, e) in O(1) from prefix sums.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .batch import RowBatch
from .lexicon import Lexicon
from .stats import MAX_VALUE_WORDS, ColumnStats
from .tokens import END_SHAPES, SHAPES, norm

MAX_CELL_WORDS = 120
SHAPE_ALPHA = 0.5
LENGTH_PRIOR_WEIGHT = 3.0
VALUE_GAIN = 2.0
START_SMOOTHING = 2.0


@dataclass(slots=True)
class Emission:
    """Per-word scores of every row for one column, plus repeated-value bonuses."""

    first: np.ndarray  # (R, W) score of word i starting a cell of this column
    inner: np.ndarray  # (R, W) score of word i inside (not starting) a cell
    last: np.ndarray  # (R, W) score of word i ending a cell
    length: np.ndarray  # log P(cell has m words), index m
    values: list[tuple[int, int, int, float]]  # (row, start, end, bonus) of known whole values


class ColumnScorer:
    """Log-probabilities of one column (lexicon prior + this table's rows), ready to score rows."""

    def __init__(self, prior: ColumnStats, lexicon: Lexicon, table: ColumnStats | None = None):
        self.prior = prior
        self.table = table if table is not None else ColumnStats()
        self.lexicon = lexicon
        parts = (prior, self.table)
        self.cells = prior.cells + self.table.cells
        self.first_shape = _shape_array([p.first_shape for p in parts], SHAPES)
        self.inner_shape = _shape_array([p.inner_shape for p in parts], SHAPES)
        self.last_shape = _shape_array([p.last_shape for p in parts], END_SHAPES)
        self.length = _length_logp([p.lengths for p in parts])
        self.types = max(len(prior.first_word) + len(self.table.first_word), 1)
        self._start = start_model(lexicon)
        self._value_first = [
            lexicon.memo(("value_first", id(prior)), lambda: _value_index(prior)),
            _value_index(self.table),
        ]

    def emit(self, batch: RowBatch, owns: Sequence[str | None] | None = None) -> Emission:
        """Score the words of every row; `owns[r]` is row r's earlier value for this column.

        Excluding `owns[r]` from the counts keeps a row from voting for itself
        when the table re-learns from its own rows.
        """
        log_start, log_inner, p_bg = self._start.batch_arrays(batch)
        counts = self._first_counts(batch)
        lexical = self._lexical(counts, self.cells, p_bg)
        first = self.first_shape[batch.shape_idx] + batch.take(lexical) + log_start
        if owns is not None:
            self._exclude_own_first(batch, owns, first, lexical, counts, p_bg)
        inner = self.inner_shape[batch.shape_idx] + log_inner
        last = self.last_shape[batch.end_idx]
        return Emission(first, inner, last, self.length, self._values(batch, owns))

    def _first_counts(self, batch: RowBatch) -> np.ndarray:
        """How often this column started with each distinct key of the batch.

        The prior's part is the same in every pass, so it is kept on the batch.
        """
        key = ("first", id(self.prior))
        prior = batch.cache.get(key)
        if prior is None:
            words = self.prior.first_word
            prior = batch.cache[key] = np.array([words.get(k, 0.0) for k in batch.keys])
        counts = prior.copy()
        for word, count in self.table.first_word.items():
            ki = batch.index.get(word)
            if ki is not None:
                counts[ki] += count
        return counts

    def _lexical(self, counts: np.ndarray, total: float, p_bg: np.ndarray) -> np.ndarray:
        """Witten-Bell: how much likelier this column starts with a word than any column does.

        A word the column never started with gets the constant unseen score.
        """
        if total <= 0:
            return np.zeros_like(counts)
        p_col = (counts + self.types * p_bg) / (total + self.types)
        unseen = math.log(self.types / (total + self.types))
        return np.where(counts > 0, np.log(p_col / p_bg), unseen)

    def _exclude_own_first(
        self,
        batch: RowBatch,
        owns: Sequence[str | None],
        first: np.ndarray,
        lexical: np.ndarray,
        counts: np.ndarray,
        p_bg: np.ndarray,
    ) -> None:
        """Re-score, in each row, the word its own earlier cell started with, minus that vote.

        One array pass for all rows: a per-row Python loop was the rebuild's largest cost.
        """
        own_ki = np.array(
            [batch.index.get(norm(own.split()[0]), -1) if own else -1 for own in owns],
            dtype=np.int64,
        )
        rows = np.nonzero(own_ki >= 0)[0]
        if not len(rows):
            return
        ki = own_ki[rows]
        rows, ki = rows[counts[ki] >= 1.0], ki[counts[ki] >= 1.0]
        if not len(rows):
            return
        less = self._lexical(counts[ki] - 1.0, self.cells - 1.0, p_bg[ki])
        delta = less - lexical[ki]
        first[rows] += (batch.key_idx[rows] == ki[:, None]) * delta[:, None]

    def _count(self, value: str) -> float:
        return self.prior.values.get(value, 0.0) + self.table.values.get(value, 0.0)

    def _values(
        self, batch: RowBatch, owns: Sequence[str | None] | None
    ) -> list[tuple[int, int, int, float]]:
        """Spans of the rows equal to a value this column has repeated."""
        out: list[tuple[int, int, int, float]] = []
        key = ("value_spans", id(self.prior))
        spans = batch.cache.get(key)
        if spans is None:
            spans = batch.cache[key] = _value_spans(batch, self._value_first[0])
        for r, i, e, value in dict.fromkeys((*spans, *_value_spans(batch, self._value_first[1]))):
            own = owns[r] if owns is not None else None
            count = self._count(value) - (own is not None and value == own.lower())
            if count > 0.5:
                out.append((r, i, e, VALUE_GAIN * math.log1p(count)))
        return out


def _value_spans(batch: RowBatch, index: dict[str, set[int]]) -> list[tuple[int, int, int, str]]:
    """(row, start, end, lower-cased text) of every span that could be one of the values."""
    if not index:
        return []
    hits = np.array([w in index for w in batch.lowered], dtype=bool)
    if not hits.any():
        return []
    out = []
    rows, cols = np.nonzero(batch.take_bool(hits))
    for r, i in zip(rows.tolist(), cols.tolist(), strict=True):
        row = batch.rows[r]
        if not row.can_cut[i]:
            continue
        for m in index[row.lowered[i]]:
            e = i + m
            if e <= len(row.words) and row.can_cut[e]:
                out.append((r, i, e, " ".join(row.lowered[i:e])))
    return out


class StartModel:
    """How often a word starts a cell in known tables (memoised per lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        starts_total = sum(lexicon.word_starts.values())
        self.bg_total = starts_total + 0.5 * max(len(lexicon.word_starts), 1)
        self.p0 = (starts_total + 1.0) / (sum(lexicon.word_total.values()) + 5.0)
        self._keys: dict[str, tuple[float, float, float]] = {}
        self._batch: tuple[RowBatch, tuple[np.ndarray, ...]] | None = None

    def batch_arrays(self, batch: RowBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(log P(start), log P(not start)) laid out per word, and P(bg) per distinct key."""
        if self._batch is None or self._batch[0] is not batch:
            per_key = np.array([self.key(k) for k in batch.keys]).reshape(-1, 3)
            arrays = (batch.take(per_key[:, 0]), batch.take(per_key[:, 1]), per_key[:, 2])
            self._batch = (batch, arrays)
        log_start, log_inner, p_bg = self._batch[1]
        return log_start, log_inner, p_bg

    def lift(self, key: str) -> tuple[float, float]:
        """log P(starts | word) / P(starts) and the same for not starting: 0 for unseen words."""
        log_start, log_inner, _ = self.key(key)
        return log_start - math.log(self.p0), log_inner - math.log(1.0 - self.p0)

    def key(self, key: str) -> tuple[float, float, float]:
        """log P(starts a cell), log P(does not), P(a cell of any column starts with it)."""
        hit = self._keys.get(key)
        if hit is None:
            starts, total = self.lexicon.start_rate(key)
            p = (starts + START_SMOOTHING * self.p0) / (total + START_SMOOTHING)
            p = min(max(p, 0.01), 0.99)
            bg = (self.lexicon.word_starts.get(key, 0.0) + 0.5) / self.bg_total
            hit = self._keys[key] = (math.log(p), math.log(1.0 - p), bg)
        return hit


def start_model(lexicon: Lexicon) -> StartModel:
    """The lexicon's word start model (built once per lexicon)."""
    return lexicon.memo("start", lambda: StartModel(lexicon))


def _value_index(stats: ColumnStats) -> dict[str, set[int]]:
    """First word -> lengths of the column's known whole values."""
    index: dict[str, set[int]] = {}
    for value in stats.values:
        words = value.split()
        if len(words) <= MAX_VALUE_WORDS:
            index.setdefault(words[0], set()).add(len(words))
    return index


def _shape_array(parts: list[dict[str, float]], keys: tuple[str, ...]) -> np.ndarray:
    """Add-alpha log-probabilities of shape classes, indexed like `keys`."""
    counts = np.array([sum(p.get(k, 0.0) for p in parts) for k in keys]) + SHAPE_ALPHA
    return np.log(counts / counts.sum())


_LENGTHS = np.arange(MAX_CELL_WORDS + 2, dtype=float)
_LOG_LENGTHS = np.log(np.maximum(_LENGTHS, 1.0))


def _length_logp(parts: list[dict[int, float]]) -> np.ndarray:
    """Cell length: the column's histogram smoothed by a log-normal fitted to it."""
    hist = np.zeros_like(_LENGTHS)
    for part in parts:
        for m, c in part.items():
            if m <= MAX_CELL_WORDS:
                hist[m] += c
    total = float(hist.sum())
    if total > 0:
        mu = float(hist @ _LOG_LENGTHS / total)
        sigma = max(math.sqrt(float(hist @ (_LOG_LENGTHS - mu) ** 2 / total)), 0.35)
    else:
        mu, sigma = math.log(4.0), 0.9
    shape_ = np.exp(-((_LOG_LENGTHS - mu) ** 2) / (2 * sigma**2)) / np.maximum(_LENGTHS, 1.0)
    shape_[0] = 0.0
    shape_ /= shape_.sum()
    p = (hist + LENGTH_PRIOR_WEIGHT * shape_) / (total + LENGTH_PRIOR_WEIGHT)
    out = np.log(np.maximum(p, 1e-12))
    out[0] = -np.inf
    return out
