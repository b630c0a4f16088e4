"""Turn a column's counts into per-word scores for one row.

Each column is a small generative model of its cells: the shape and word a
cell starts with, the shapes inside it, how it ends, its length, and whole
values that repeat. `ColumnScorer.emit` scores every word of a row as a cell
start, a cell inside and a cell end for this column, so the segmenter can
score any cell (i, e) in O(1) from prefix sums.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .lexicon import Lexicon
from .stats import MAX_VALUE_WORDS, ColumnStats
from .tokens import END_SHAPES, SHAPES, RowTokens, norm

MAX_CELL_WORDS = 120
SHAPE_ALPHA = 0.5
LENGTH_PRIOR_WEIGHT = 3.0
VALUE_GAIN = 2.0
START_SMOOTHING = 2.0


@dataclass(slots=True)
class Emission:
    """Per-word scores of one row for one column, plus repeated-value bonuses."""

    first: np.ndarray  # score of word i starting a cell of this column
    inner: np.ndarray  # score of word i inside (not starting) a cell
    last: np.ndarray  # score of word i ending a cell
    length: np.ndarray  # log P(cell has m words), index m
    values: list[tuple[int, int, float]]  # (start, end, bonus) of known whole values


class ColumnScorer:
    """Log-probabilities of one column (lexicon prior + this table's rows), ready to score rows."""

    def __init__(self, prior: ColumnStats, lexicon: Lexicon, table: ColumnStats | None = None):
        self.prior = prior
        self.table = table if table is not None else ColumnStats()
        self.lexicon = lexicon
        both = ColumnStats()
        for part in (prior, self.table):
            both.cells += part.cells
            for mine, theirs in (
                (both.first_shape, part.first_shape),
                (both.inner_shape, part.inner_shape),
                (both.last_shape, part.last_shape),
                (both.lengths, part.lengths),
            ):
                mine.update(theirs)
        self.cells = both.cells
        self.first_shape = _shape_array(both.first_shape, SHAPES)
        self.inner_shape = _shape_array(both.inner_shape, SHAPES)
        self.last_shape = _shape_array(both.last_shape, END_SHAPES)
        self.length = _length_logp(both)
        self.types = max(len(prior.first_word) + len(self.table.first_word), 1)
        self._start = lexicon.memo("start", lambda: _StartModel(lexicon))
        prior_first = lexicon.memo(("value_first", id(prior)), lambda: _value_index(prior))
        self._value_first = {k: set(v) for k, v in prior_first.items()}
        for key, lengths in _value_index(self.table).items():
            self._value_first.setdefault(key, set()).update(lengths)

    def emit(self, row: RowTokens, own: str | None = None) -> Emission:
        """Score the words of `row`; `own` is this row's earlier value for this column.

        Excluding `own` from the counts keeps a row from voting for itself when
        the table re-learns from its own rows.
        """
        own_first = norm(own.split()[0]) if own else None
        log_start, log_inner = self._start.row_logs(row)
        lexical = np.full(len(row.words), self._unseen_first())
        for i, key in enumerate(row.keys):
            if row.can_cut[i] and (key in self.prior.first_word or key in self.table.first_word):
                lexical[i] = self._first_word_score(key, own_first)
        first = self.first_shape[row.shape_idx] + lexical + log_start
        inner = self.inner_shape[row.shape_idx] + log_inner
        last = self.last_shape[row.end_idx]
        return Emission(first, inner, last, self.length, self._values(row, own))

    def _unseen_first(self) -> float:
        """Witten-Bell score of a first word this column never started with (constant)."""
        if self.cells <= 0:
            return 0.0
        return math.log(self.types / (self.cells + self.types))

    def _count(self, counter: str, key: str) -> float:
        return getattr(self.prior, counter).get(key, 0.0) + getattr(self.table, counter).get(
            key, 0.0
        )

    def _first_word_score(self, key: str, own_first: str | None) -> float:
        """Witten-Bell: how much likelier this column starts with `key` than any column."""
        count = self._count("first_word", key)
        total = self.cells
        if own_first == key and count >= 1.0:
            count -= 1.0
            total -= 1.0
        if total <= 0:
            return 0.0
        p_bg = self._start.background(key)
        p_col = (count + self.types * p_bg) / (total + self.types)
        return math.log(p_col / p_bg)

    def _values(self, row: RowTokens, own: str | None) -> list[tuple[int, int, float]]:
        """Spans of the row equal to a value this column has repeated."""
        out: list[tuple[int, int, float]] = []
        if not self._value_first:
            return out
        lowered = row.lowered
        own_key = own.lower() if own else None
        for i, word in enumerate(lowered):
            lengths = self._value_first.get(word)
            if not lengths or not row.can_cut[i]:
                continue
            for m in lengths:
                e = i + m
                if e > len(lowered) or not row.can_cut[e]:
                    continue
                value = " ".join(lowered[i:e])
                count = self._count("values", value)
                if value == own_key:
                    count -= 1.0
                if count > 0.5:
                    out.append((i, e, VALUE_GAIN * math.log1p(count)))
        return out


class _StartModel:
    """How often a word starts a cell in known tables (memoised per lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        starts_total = sum(lexicon.word_starts.values())
        self.bg_total = starts_total + 0.5 * max(len(lexicon.word_starts), 1)
        self.p0 = (starts_total + 1.0) / (sum(lexicon.word_total.values()) + 5.0)
        self._logs: dict[str, tuple[float, float]] = {}
        self._rows: dict[int, tuple[RowTokens, np.ndarray, np.ndarray]] = {}

    def row_logs(self, row: RowTokens) -> tuple[np.ndarray, np.ndarray]:
        """log P(start) and log P(not start) for every word of a row (cached per row)."""
        hit = self._rows.get(id(row))
        if hit is None or hit[0] is not row:
            if len(self._rows) > 4096:
                self._rows.clear()
            pairs = [self.logs(k) for k in row.keys]
            hit = (row, np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))
            self._rows[id(row)] = hit
        return hit[1], hit[2]

    def logs(self, key: str) -> tuple[float, float]:
        """(log P(starts a cell), log P(does not)) for a word key."""
        hit = self._logs.get(key)
        if hit is None:
            starts, total = self.lexicon.start_rate(key)
            p = (starts + START_SMOOTHING * self.p0) / (total + START_SMOOTHING)
            p = min(max(p, 0.01), 0.99)
            hit = self._logs[key] = (math.log(p), math.log(1.0 - p))
        return hit

    def background(self, key: str) -> float:
        """P(a cell of any column starts with this word)."""
        return (self.lexicon.word_starts.get(key, 0.0) + 0.5) / self.bg_total


def _value_index(stats: ColumnStats) -> dict[str, set[int]]:
    """First word -> lengths of the column's known whole values."""
    index: dict[str, set[int]] = {}
    for value in stats.values:
        words = value.split()
        if len(words) <= MAX_VALUE_WORDS:
            index.setdefault(words[0], set()).add(len(words))
    return index


def _shape_array(counts: dict[str, float], keys: tuple[str, ...]) -> np.ndarray:
    """Add-alpha log-probabilities of shape classes, indexed like `keys`."""
    total = sum(counts.get(k, 0.0) for k in keys) + SHAPE_ALPHA * len(keys)
    return np.array([math.log((counts.get(k, 0.0) + SHAPE_ALPHA) / total) for k in keys])


def _length_logp(stats: ColumnStats) -> np.ndarray:
    """Cell length: the column's histogram smoothed by a log-normal fitted to it."""
    lengths = np.arange(MAX_CELL_WORDS + 2, dtype=float)
    total = sum(stats.lengths.values())
    if total > 0:
        logs = np.array([math.log(m) for m in stats.lengths])
        weights = np.array(list(stats.lengths.values()))
        mu = float(np.average(logs, weights=weights))
        sigma = max(math.sqrt(float(np.average((logs - mu) ** 2, weights=weights))), 0.35)
    else:
        mu, sigma = math.log(4.0), 0.9
    with np.errstate(divide="ignore"):
        logm = np.log(np.maximum(lengths, 1.0))
        shape_ = np.exp(-((logm - mu) ** 2) / (2 * sigma**2)) / np.maximum(lengths, 1.0)
        shape_[0] = 0.0
        shape_ /= shape_.sum()
        hist = np.zeros_like(lengths)
        for m, c in stats.lengths.items():
            if m <= MAX_CELL_WORDS:
                hist[m] += c
        p = (hist + LENGTH_PRIOR_WEIGHT * shape_) / (total + LENGTH_PRIOR_WEIGHT)
        out = np.log(np.maximum(p, 1e-12))
    out[0] = -np.inf
    return out
