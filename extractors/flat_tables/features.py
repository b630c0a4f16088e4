"""Turn a column's counts into per-word scores for one row.

Each column is a small generative model of its cells: the shape and word a
cell starts with, the shapes inside it, how it ends, its length, and whole
values that repeat. `ColumnScorer.emit` scores every word of a row as a cell
start, a cell inside and a cell end for this column, so the segmenter can
score any cell (i, e) in O(1) from prefix sums.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from .batch import RowBatch
from .kernel import (
    add_inner_closers,
    add_table_case,
    add_table_closers,
    add_table_ends,
    column_terms,
    emit_kernel,
    first_key_counts,
    key_rates,
    learned_columns,
    length_logp,
    word_terms,
)
from .learned import TableCounts
from .lexicon import Lexicon
from .priors import Counts, Prior, PriorArrays, prior_arrays
from .stats import MAX_CELL_WORDS, MAX_VALUE_WORDS, ColumnStats
from .tokens import END_SHAPES, GAP_KEYS, SHAPES, id_scratch, norm, shape, string_id
from .values import (
    Bonuses,
    ColumnValues,
    column_values,
    value_bonuses,
)

SHAPE_ALPHA = 0.5
LENGTH_PRIOR_WEIGHT = 3.0
VALUE_GAIN = 2.0
START_SMOOTHING = 2.0
GAP_SMOOTHING = 4.0
GAP_WEIGHT = 0.5
END_WEIGHT = 0.3
# A word the lexicon has seen little of ends a cell at about the rate of the words that
# share its ending, its last END_SUFFIX letters ("-ed" words mostly go on to a noun,
# "-es" plurals often end a cell): the rate its own counts are smoothed towards. 0: off.
END_SUFFIX = 2
# The table's own confident rows count too (`_add_table_ends`): a word another row of
# the table carries on past, or ends a cell on, does the same here. Scored at this
# weight, above END_WEIGHT: one table uses its words alike from row to row.
TABLE_ENDS = True
TABLE_END_WEIGHT = 1.0
# A word closing a bracket ("(Databricks / EMR)") ends a cell at the rate the table's
# other confident rows show (`_add_table_closers`): a table that closes its bracketed
# qualifiers at the end of a cell does so in every row. Smoothed towards even odds.
TABLE_CLOSERS = True
CLOSER_WEIGHT = 1.0
CLOSER_SMOOTHING = 1.0
# Inside a cell, does a lower-case word go on to a Titlecase one? In a table whose cells
# are written in sentence case, a capitalised common word after a lower-case one starts
# a new cell: the table's own confident rows say how often each column does it
# (`_add_table_case`), smoothed towards the column's share of Titlecase inner words.
TABLE_CASE = True
CASE_WEIGHT = 1.0
CASE_SMOOTHING = 0.5
# Does a word inside a cell, before its last, close a bracket? The end shapes ask how a
# cell's last word ends and no other word's. A column that keeps its bracketed asides at
# the end of its cells ("Vault (HashiCorp)") rarely goes on past one, so a cut that
# carries a cell on past a closing bracket is unlikely there: each column's rate from the
# table's own confident rows (`_add_inner_closers`, each row's own cells left out),
# smoothed towards the lexicon's rate with INNER_CLOSE_SMOOTHING words' worth.
INNER_CLOSERS = True
INNER_CLOSE_SMOOTHING = 20.0
KNOWN_WEIGHT = 1.0
KNOWN_SMOOTHING = 2.0
# A range of two known values of a column ("Optional to Common") is one value of it
# (`_ranges`); its bonus is this times the sum of its two ends' bonuses. One whose first
# end is a single unknown word ("Rare or Optional") counts its known end twice (`_half_ranges`).
RANGE_GAIN = 1.0
HALF_RANGES = True
RANGE_JOINERS = frozenset(["to", "or", "through"])
# A row re-scored against its table's confident rows does not count its own cell's
# first shape either (`_exclude_own_shapes`): a wrong cut must not vouch for itself.
OWN_SHAPE_EXCLUDED = True
# Nor its own cells' lengths (`_own_length_gains`): a long cell no other row has the
# length of is not made likelier by its own earlier cut.
OWN_LENGTH_EXCLUDED = True


@dataclass(slots=True)
class Emission:
    """Per-word scores of every row for one column, plus repeated-value bonuses."""

    first: np.ndarray  # (R, W) score of word i starting a cell of this column
    inner: np.ndarray  # (R, W) score of word i inside (not starting) a cell
    last: np.ndarray  # (R, W) score of word i ending a cell
    length: np.ndarray  # log P(cell has m words), index m
    values: list[tuple[int, int, int, float]]  # (row, start, end, bonus) of known whole values


@dataclass(slots=True)
class Emissions:
    """`Emission`s of every column of a table, stacked on a first axis of length k."""

    first: np.ndarray  # (k, R, W)
    inner: np.ndarray  # (k, R, W)
    last: np.ndarray  # (k, R, W)
    length: np.ndarray  # (k, MAX_CELL_WORDS + 2)
    values: Bonuses  # every column's known whole values
    # A learning pass's rows do not vouch for their own cells' lengths: row r's own cell of
    # column j had own_length[j, r] words (-1: none), scored own_gain[j, r] apart from
    # `length` in row r (`_own_length_gains`). None: no row has one.
    own_length: np.ndarray | None = None  # (k, R)
    own_gain: np.ndarray | None = None  # (k, R)

    @classmethod
    def of(cls, emissions: Sequence[Emission]) -> Emissions:
        return cls(
            np.stack([em.first for em in emissions]),
            np.stack([em.inner for em in emissions]),
            np.stack([em.last for em in emissions]),
            np.stack([em.length for em in emissions]),
            Bonuses.of([em.values for em in emissions]),
        )

    def __len__(self) -> int:
        return len(self.first)

    def columns(self, start: int, end: int) -> Emissions:
        """Columns start..end-1 (views, no copy)."""
        return Emissions(
            self.first[start:end],
            self.inner[start:end],
            self.last[start:end],
            self.length[start:end],
            self.values.columns(start, end),
            None if self.own_length is None else self.own_length[start:end],
            None if self.own_gain is None else self.own_gain[start:end],
        )


@dataclass(slots=True)
class _Columns:
    """What scoring needs of k columns, stacked on a first axis."""

    first_shape: np.ndarray  # (k, len(SHAPES)) log P(first word shape)
    first_counts: np.ndarray  # (k, len(SHAPES)) the counts behind it (smoothing included)
    inner_shape: np.ndarray  # (k, len(SHAPES))
    last_shape: np.ndarray  # (k, len(END_SHAPES))
    length: np.ndarray  # (k, MAX_CELL_WORDS + 2) log P(m words)
    counts: np.ndarray  # (k, K) cells opening on each key of the batch
    total: np.ndarray  # (k, 1) cells
    types: np.ndarray  # (k, 1) distinct first words
    known: np.ndarray  # (k,) cells opening on a known product name


def emit_columns(
    scorers: Sequence[ColumnScorer],
    batch: RowBatch,
    owns: Sequence[Sequence[str | None]] | None = None,
) -> Emissions:
    """`ColumnScorer.emit` of every column at once: the same numbers, a few array passes.

    `owns[j][r]` is row r's earlier value for column j (see `emit`).
    """
    stack = _scorer_stack(scorers)
    columns = _Columns(
        stack.first_shape,
        stack.first_counts,
        stack.inner_shape,
        stack.last_shape,
        stack.length,
        _first_count_stack(scorers, batch),
        stack.cells,
        stack.types,
        stack.known,
    )
    own_ki = own_si = None
    if owns is not None:
        index = batch.index
        own_ki = np.array(
            [[index.get(norm(own.split()[0]), -1) if own else -1 for own in col] for col in owns],
            dtype=np.int64,
        ).reshape(len(owns), -1)
        own_si = np.array([_own_shapes(col) for col in owns], dtype=np.int64).reshape(len(owns), -1)
    if owns is None and not any(s.table.cells for s in scorers):
        # The lexicon's priors alone (a first pass): the same bonuses, found by span class.
        values = _class_bonuses(batch, scorers)
    else:
        values = Bonuses.of(
            [s._values(batch, owns[j] if owns is not None else None) for j, s in enumerate(scorers)]
        )
    return _emit(scorers[0].lexicon, batch, columns, own_ki, values, own_si)


def emit_learned(priors: Sequence[ColumnScorer], batch: RowBatch, table: TableCounts) -> Emissions:
    """`emit_columns` of the priors plus what the table taught (`learned.table_counts`).

    Equal to scoring `ColumnScorer(prior, lexicon, taught cells)` with each row's
    own taught cell excluded, without building a `ColumnStats` per column and pass.
    """
    lexicon = priors[0].lexicon
    base = _prior_stack(priors)
    # The sums, log-shares and length scores of every column: one compiled call.
    columns = _Columns(
        *learned_columns(
            base.counts.first_shape,
            base.counts.inner_shape,
            base.counts.last_shape,
            base.counts.lengths,
            base.cells,
            base.types,
            base.known,
            table.first_shape,
            table.inner_shape,
            table.last_shape,
            table.lengths,
            table.cells,
            table.first_key,
            table.known,
            _first_count_stack(priors, batch),
            SHAPE_ALPHA,
            _LOG_LENGTHS,
            _LENGTHS,
            LENGTH_PRIOR_WEIGHT,
        )
    )
    values = _class_bonuses(batch, priors, table)
    out = _emit(lexicon, batch, columns, table.own_key, values, table.own_shape)
    if OWN_LENGTH_EXCLUDED:
        out.own_length = table.own_length
        out.own_gain = _own_length_gains(
            columns.length, (base.counts.lengths + table.lengths).sum(axis=1), table
        )
    if TABLE_ENDS and END_WEIGHT:
        _add_table_ends(gap_model(lexicon), batch, table, out)
    if TABLE_CLOSERS and CLOSER_WEIGHT:
        _add_table_closers(batch, table, out)
    if TABLE_CASE and CASE_WEIGHT:
        _add_table_case(batch, table, columns.inner_shape, out)
    if INNER_CLOSERS:
        _add_inner_closers(lexicon, batch, table, out)
    return out


def _own_length_gains(length: np.ndarray, cells: np.ndarray, table: TableCounts) -> np.ndarray:
    """(k, R) what row r's own cell length of each column scores less once its own count is
    out of the column's length histogram (0 where the row taught nothing).

    `length[j]` is log((h[m] + s[m]) / (n_j + P)): the histogram h of the prior and the
    taught cells (n_j of them) plus its fitted log-normal's share s (`kernel.length_logp`,
    P = LENGTH_PRIOR_WEIGHT). Without the row's own cell, m = its length scores
    log((h[m] - 1 + s[m]) / (n_j + P)), floored as `length_logp` floors. The fitted shape
    is kept and the total's one fewer cell is left out: each cut has one cell per column,
    so it is the same for every cut of the row (as `_exclude_own_shapes` leaves it out).
    Without this a confidently wrong first cut, a cell of a length no other row has,
    teaches the column that length and vouches for itself in the next pass.
    """
    own = table.own_length
    gain = np.zeros(own.shape)
    j, r = np.nonzero(own >= 0)
    if len(j):
        at = length[j, own[j, r]]
        less = np.exp(at) - 1.0 / (cells[j] + LENGTH_PRIOR_WEIGHT)
        gain[j, r] = np.log(np.maximum(less, 1e-12)) - at
    return gain


@dataclass(slots=True)
class _ScorerStack:
    """What `emit_columns` reads of its scorers, stacked once per set of scorers."""

    first_shape: np.ndarray
    first_counts: np.ndarray
    inner_shape: np.ndarray
    last_shape: np.ndarray
    length: np.ndarray
    cells: np.ndarray  # (k, 1)
    types: np.ndarray  # (k, 1)
    known: np.ndarray  # (k,)


def _scorer_stack(scorers: Sequence[ColumnScorer]) -> _ScorerStack:
    """The scorers' arrays stacked on a first axis (memoised: the same priors score every
    table with the same header, in every pass).

    Scorers of the lexicon priors alone (every pass but the reference's) are worked out
    here for all columns at once, from their stacked counts (`_prior_stack`): the same
    numbers as each scorer's own arrays, a few array calls instead of a dozen a column.
    """

    def make() -> _ScorerStack:
        if any(s.table.cells for s in scorers):
            return _ScorerStack(
                np.stack([s.first_shape for s in scorers]),
                np.stack([s.first_counts for s in scorers]),
                np.stack([s.inner_shape for s in scorers]),
                np.stack([s.last_shape for s in scorers]),
                np.stack([s.length for s in scorers]),
                np.array([s.cells for s in scorers])[:, None],
                np.array([float(s.types) for s in scorers])[:, None],
                np.array([s.known for s in scorers]),
            )
        base = _prior_stack(scorers)
        first_counts = base.counts.first_shape + SHAPE_ALPHA
        return _ScorerStack(
            _log_norm(first_counts),
            first_counts,
            _log_norm(base.counts.inner_shape + SHAPE_ALPHA),
            _log_norm(base.counts.last_shape + SHAPE_ALPHA),
            _length_logp_rows(base.counts.lengths),
            base.cells.astype(np.float64)[:, None],
            np.maximum(base.types, 1).astype(np.float64)[:, None],
            base.known.astype(np.float64),
        )

    key = ("scorer_stack", tuple(map(id, scorers)))
    # The entry holds the scorers, so no other object takes their ids while it exists.
    return scorers[0].lexicon.memo(key, lambda: (tuple(scorers), make()))[1]


def _prior_stack(priors: Sequence[ColumnScorer]) -> PriorArrays:
    """`priors.prior_arrays` of the scorers' priors (memoised like `_scorer_stack`)."""
    key = ("prior_stack", tuple(map(id, priors)))
    return priors[0].lexicon.memo(
        key, lambda: (tuple(priors), prior_arrays([s.prior for s in priors]))
    )[1]


def _first_count_stack(scorers: Sequence[ColumnScorer], batch: RowBatch) -> np.ndarray:
    """(k, K) `ColumnScorer._first_counts` of every scorer; kept on the batch when no
    scorer has table counts of its own (the priors of a rebuild: the same every pass)."""
    if any(s.table.cells for s in scorers):
        return np.stack([s._first_counts(batch) for s in scorers])
    key = ("first_stack", tuple(map(id, scorers)))
    found = batch.cache.get(key)
    if found is None:
        base = _prior_stack(scorers)
        found = batch.cache[key] = (
            tuple(scorers),
            first_key_counts(
                batch.key_ids, base.first_ids, base.first_counts, base.first_ends, id_scratch()[0]
            ),
        )
    return found[1]


_CLOSER = END_SHAPES.index(")")


def _add_table_closers(batch: RowBatch, table: TableCounts, em: Emissions) -> None:
    """Score the gap after every bracket-closing word by how often the table's taught rows
    end a cell there (each row's own gaps left out, so a row cannot vote for its own cut).

    With no other row closing a bracket before a gap, the odds stay even and nothing
    changes; the more of them end a cell there, the likelier this one does too.
    Compiled: `kernel.add_table_closers`.
    """
    add_table_closers(
        em.first,
        em.inner,
        batch.end_idx,
        batch.lengths,
        table.word_gaps,
        table.word_ends,
        _CLOSER,
        CLOSER_WEIGHT,
        CLOSER_SMOOTHING,
    )


_BRACKET_CLOSERS = frozenset(")]}")


def _add_inner_closers(
    lexicon: Lexicon, batch: RowBatch, table: TableCounts, em: Emissions
) -> None:
    """Score every word after a word that closes a bracket, as inside a cell of each column,
    by how often a word inside that column's cells (not their last) closes one in the
    table's taught rows (each row's own cells left out, so a row cannot vote for its cut).

    The column's end shapes score only a cell's last word: a cut that carries a tool cell
    on past "(via a gateway)" paid nothing for it but the word after it. Now every word but
    a cell's last is scored by how it ends, bracket closed or not, as its column's words
    inside a cell end (log-probabilities, as the inner shapes are; the words inside the
    cells are as many in every cut of a row). A column that has closed no bracket inside
    a cell in the other rows makes the cut that does unlikely. Smoothed towards the
    lexicon's rate (`inner_close_rate`). A table none of whose words closes a bracket
    before the row goes on is left as it is. Compiled: `kernel.add_inner_closers`.
    """
    closes = _inner_closer_mask(batch)
    if closes is None or not table.cells.any():
        return
    add_inner_closers(
        em.inner,
        closes,
        batch.lengths,
        table.word_gaps,
        table.word_ends,
        inner_close_rate(lexicon),
        INNER_CLOSE_SMOOTHING,
    )


def _inner_closer_mask(batch: RowBatch) -> np.ndarray | None:
    """(R, W) words that close a bracket (")", "]", "}"; not a quote) and have a word after
    them in their row, or None if there are none (kept on the batch)."""
    found = batch.cache.get("inner_closers", False)
    if found is False:
        width = batch.width
        mask = np.zeros((len(batch.rows), width), dtype=bool)
        before_last = np.arange(width)[None, :] < (batch.lengths - 1)[:, None]
        rows, words = np.nonzero((batch.end_idx == _CLOSER) & before_last)
        for r, i in zip(rows.tolist(), words.tolist(), strict=True):
            mask[r, i] = batch.rows[r].words[i][-1] in _BRACKET_CLOSERS
        found = batch.cache["inner_closers"] = mask if mask.any() else None
    return found


def inner_close_rate(lexicon: Lexicon) -> float:
    """Share of the lexicon's words inside a cell, not its last, that close a bracket or a
    quote: the gaps after such words that are no cell boundary (`GapModel`'s counts, which
    do not tell brackets from quotes, so the prior is a little high for brackets alone)."""

    def rate() -> float:
        closing = inside = 0.0
        for key in GAP_KEYS:
            goes_on = lexicon.gap_total.get(key, 0.0) - lexicon.gap_cuts.get(key, 0.0)
            inside += goes_on
            if key[1] == ")":
                closing += goes_on
        return (closing + 0.5) / (inside + 1.0)

    return lexicon.memo("inner_close_rate", rate)


_TITLE, _LOWER = SHAPES.index("T"), SHAPES.index("l")


def _add_table_case(
    batch: RowBatch, table: TableCounts, inner_shape: np.ndarray, em: Emissions
) -> None:
    """Score every word after a lower-case word, as inside a cell of each column, by how
    often the table's taught rows go on from a lower-case word to a Titlecase one inside
    that column's cells (each row's own cells left out, so a row cannot vote for its cut).

    A cell written in sentence case has a capital only on its first word and on names,
    so after a lower-case word a capitalised common word ("... keeps the score honest
    Surveys returned ≥ 25%") opens the next cell. The rate is smoothed towards the
    column's share of Titlecase inner words (`inner_shape`), so with no other row to
    learn from nothing changes; the words after a lower-case word that are not Titlecase
    take the rest of the odds. A word that opens a known name (`names`) is cased alike
    wherever it stands: it is neither counted nor scored. Acronyms and the other shapes
    keep their inner-shape scores: their case says nothing of where a sentence starts.
    Compiled: `kernel.add_table_case`.
    """
    add_table_case(
        em.inner,
        batch.shape_idx,
        batch.known,
        batch.lengths,
        table.word_gaps,
        table.word_ends,
        np.exp(inner_shape[:, _TITLE]),
        _TITLE,
        _LOWER,
        CASE_WEIGHT,
        CASE_SMOOTHING,
    )


def _add_table_ends(gaps: GapModel, batch: RowBatch, table: TableCounts, em: Emissions) -> None:
    """Re-score every gap's word-before term with the table's own confident rows counted in.

    `GapModel` scores a cell ending on a word by how often that word ended a cell
    in the lexicon's tables. A table uses its words the same way from row to
    row, so the gaps of its taught rows join those counts; each row's own gaps
    are left out, so a row cannot vote for its own cut. The gap arrays cached on
    the batch hold the lexicon's term: the difference is added to `em` in place.
    """
    if batch.width < 2 or not table.cells.any():
        return
    cuts, seen, log_p, log_q = gaps.end_parts(batch)
    keys = _key_slots(batch)  # padding on an extra key slot
    add_table_ends(
        em.first,
        em.inner,
        keys,
        batch.lengths,
        table.word_gaps,
        table.word_ends,
        cuts,
        seen,
        log_p,
        log_q,
        TABLE_END_WEIGHT,
    )


def _key_slots(batch: RowBatch) -> np.ndarray:
    """(R, W) key index with padding on slot len(keys) (kept on the batch)."""
    found = batch.cache.get("key_slots")
    if found is None:
        found = batch.cache["key_slots"] = np.where(
            batch.key_idx >= 0, batch.key_idx, len(batch.keys)
        )
    return found


def _emit(
    lexicon: Lexicon,
    batch: RowBatch,
    col: _Columns,
    own_ki: np.ndarray | None,
    values: Bonuses,
    own_si: np.ndarray | None = None,
) -> Emissions:
    """Per-word start, inner and end scores of every column (see `ColumnScorer.emit`).

    `own_ki[j, r]` / `own_si[j, r]`: key / shape index row r's own earlier cell of column
    j opens on (-1: none), taken out of the counts when row r is scored. Compiled: the
    per-column terms (`kernel.column_terms`), then the (k, R, W) sums (`kernel.emit_kernel`).
    """
    log_start, log_inner, p_bg = start_model(lexicon).batch_arrays(batch)
    gap_cut, gap_inner = gap_model(lexicon).batch_arrays(batch)
    none = np.full((len(col.known), len(batch.rows)), -1, dtype=np.int64)
    shape_at = (
        none
        if own_si is None or not OWN_SHAPE_EXCLUDED
        else np.ascontiguousarray(own_si, dtype=np.int64)
    )
    lexical, opens, other, key_at, key_delta, shape_delta = column_terms(
        np.ascontiguousarray(col.counts, dtype=np.float64),
        np.ascontiguousarray(col.total[:, 0], dtype=np.float64),
        np.ascontiguousarray(col.types[:, 0], dtype=np.float64),
        np.ascontiguousarray(p_bg, dtype=np.float64),
        np.asarray(col.known, dtype=np.float64),
        known_rate(lexicon),
        float(KNOWN_WEIGHT),
        float(KNOWN_SMOOTHING),
        none if own_ki is None else np.ascontiguousarray(own_ki, dtype=np.int64),
        np.ascontiguousarray(col.first_counts, dtype=np.float64),
        shape_at,
    )
    first, inner, last = emit_kernel(
        col.first_shape,
        col.inner_shape,
        col.last_shape,
        lexical,
        batch.shape_idx,
        batch.end_idx,
        batch.key_idx,
        batch.known,
        log_start,
        log_inner,
        gap_cut,
        gap_inner,
        opens,
        other,
        key_at,
        key_delta,
        shape_at,
        shape_delta,
    )
    return Emissions(first, inner, last, col.length, values)


def _own_shapes(owns: Sequence[str | None]) -> list[int]:
    """Shape index of the word each row's own earlier cell opens on (-1: none)."""
    return [SHAPES.index(shape(own.split()[0])) if own else -1 for own in owns]


def _exclude_own_shapes(
    batch: RowBatch, own_si: np.ndarray, first: np.ndarray, counts: np.ndarray
) -> None:
    """Score each row's cell starts as if its own earlier cell had not counted its first shape.

    A row's start shapes are scored with the column's counts less that row's own
    vote: log((c - 1) / c) on the words of its own cell's start shape. The counts'
    total loses one too, but that is the same for every cut of the row (each cut
    starts one cell per column), so it changes neither the cut nor its confidence
    and is left out. Without this, a confidently wrong cut (an acronym pulled to
    the start of a number column) teaches the column that start and vouches for
    itself in the next pass.
    """
    own = own_si >= 0
    if not own.any():
        return
    less = np.log(np.maximum(counts - 1.0, 1e-300) / counts)  # (k, S): one vote fewer
    delta = np.where(own, less[np.arange(len(less))[:, None], np.maximum(own_si, 0)], 0.0)
    first += (batch.shape_idx[None] == own_si[:, :, None]) * delta[:, :, None]


_NO_TABLE = ColumnStats()  # a scorer's table counts when it has none (never changed)


class ColumnScorer:
    """Log-probabilities of one column (lexicon prior + this table's rows), ready to score rows.

    The arrays are worked out when first read: the passes read the lexicon priors'
    scorers only through `_scorer_stack`, which works them out for all columns at once.
    """

    def __init__(self, prior: Prior, lexicon: Lexicon, table: ColumnStats | None = None):
        self.prior = prior
        self.table = table if table is not None else _NO_TABLE
        self.lexicon = lexicon

    @property
    def prior_counts(self) -> Counts:
        """The merged prior's counts as arrays (kept in the lexicon's memo for every scorer
        of it): the reference that `priors.prior_arrays`, which the passes read, is held to."""
        return self.lexicon.memo_of("counts", self.prior, lambda: Counts.of(self.prior.stats))

    @cached_property
    def _counts(self) -> Counts:
        base = self.prior_counts
        return base.plus(self.table) if self.table.cells else base

    @property
    def cells(self) -> float:
        return self.prior.cells + self.table.cells

    @property
    def types(self) -> int:
        """Distinct first words (at least 1)."""
        return max(self.prior.types + len(self.table.first_word), 1)

    @property
    def known(self) -> float:
        return self.prior.known + self.table.known

    @cached_property
    def first_counts(self) -> np.ndarray:
        return self._counts.first_shape + SHAPE_ALPHA

    @cached_property
    def first_shape(self) -> np.ndarray:
        return _log_norm(self.first_counts)

    @cached_property
    def inner_shape(self) -> np.ndarray:
        return _log_norm(self._counts.inner_shape + SHAPE_ALPHA)

    @cached_property
    def last_shape(self) -> np.ndarray:
        return _log_norm(self._counts.last_shape + SHAPE_ALPHA)

    @cached_property
    def length(self) -> np.ndarray:
        return _length_logp_rows(self._counts.lengths[None])[0]

    def emit(self, batch: RowBatch, owns: Sequence[str | None] | None = None) -> Emission:
        """Score the words of every row; `owns[r]` is row r's earlier value for this column.

        Excluding `owns[r]` from the counts keeps a row from voting for itself
        when the table re-learns from its own rows.
        """
        log_start, log_inner, p_bg = start_model(self.lexicon).batch_arrays(batch)
        gap_cut, gap_inner = gap_model(self.lexicon).batch_arrays(batch)
        counts = self._first_counts(batch)
        lexical = self._lexical(counts, self.cells, p_bg)
        first = self.first_shape[batch.shape_idx] + batch.take(lexical) + log_start + gap_cut
        if KNOWN_WEIGHT:
            opens, other = _known_scores(self.lexicon, [self.known], np.array([self.cells]))
            first = first + np.where(batch.known, opens[0], other[0])
        if owns is not None:
            self._exclude_own_first(batch, owns, first, lexical, counts, p_bg)
            if OWN_SHAPE_EXCLUDED:
                own_si = np.array([_own_shapes(owns)], dtype=np.int64).reshape(1, -1)
                _exclude_own_shapes(batch, own_si, first[None], self.first_counts[None])
        inner = self.inner_shape[batch.shape_idx] + log_inner + gap_inner
        last = self.last_shape[batch.end_idx]
        return Emission(first, inner, last, self.length, self._values(batch, owns))

    def _first_counts(self, batch: RowBatch) -> np.ndarray:
        """How often this column started with each distinct key of the batch.

        The prior's part is the same in every pass, so it is kept on the batch.
        """
        key = ("first", id(self.prior))
        prior = batch.cache.get(key)
        if prior is None:
            prior = batch.cache[key] = _counts_of_keys(self.prior.stats.first_word, batch)
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

    def _values(
        self, batch: RowBatch, owns: Sequence[str | None] | None
    ) -> list[tuple[int, int, int, float]]:
        """Spans of the rows equal to a value this column has repeated."""
        own_values = None if owns is None else [own.lower() if own else None for own in owns]
        return _value_bonuses(batch, self.prior.stats, self.table.values, own_values)


def _counts_of_keys(counts: Counter[str], batch: RowBatch) -> np.ndarray:
    """(K,) the count of each distinct key of the batch (0 if none), walking the smaller
    of the two: a column's first words are often fewer than a table's words."""
    keys, index = batch.keys, batch.index
    if len(counts) >= len(keys):
        return np.array([counts.get(k, 0.0) for k in keys], dtype=np.float64)
    out = np.zeros(len(keys))
    hits = [(at, n) for word, n in counts.items() if (at := index.get(word)) is not None]
    if hits:
        at, n = zip(*hits, strict=True)
        out[list(at)] = n
    return out


def _class_bonuses(
    batch: RowBatch, scorers: Sequence[ColumnScorer], table: TableCounts | None = None
) -> Bonuses:
    """`_value_bonuses` of every column at once, by span class (`values.value_bonuses`):
    the scorers' prior values, plus the taught cells of `table` with each row's own left out."""
    own = None if table is None else table.own_class
    values = _joined_values(scorers)
    return value_bonuses(
        batch, values, _joiner_mask(batch), VALUE_GAIN, RANGE_GAIN, HALF_RANGES, own
    )


def _joined_values(scorers: Sequence[ColumnScorer]) -> ColumnValues:
    """`values.column_values` of the scorers' priors (memoised like `_scorer_stack`)."""
    key = ("joined_values", tuple(map(id, scorers)))
    joined = scorers[0].lexicon.memo(
        key, lambda: (tuple(scorers), column_values([s.prior for s in scorers]))
    )
    return joined[1]


def _value_bonuses(
    batch: RowBatch,
    prior: ColumnStats,
    table_values: Counter[str],
    owns: Sequence[str | None] | None,
) -> list[tuple[int, int, int, float]]:
    """(row, start, end, bonus) of spans equal to a value the column repeats, ranges too.

    The string search: `ColumnScorer` scores with it, and it is the reference that
    the passes' span-class bonuses (`values.value_bonuses`) are held to.

    A value's count is the prior's plus the table's; `owns[r]` is row r's own
    earlier cell, lower-cased: it does not vote for itself. Spans come in row,
    start, end order (the forward pass sums a row's bonuses in this order).
    """
    spans_of = _value_spans(batch)
    prior_count, table_count = prior.values.get, table_values.get
    found: dict[tuple[int, int, int], float] = {}
    log1p = math.log1p
    in_table = ((v, spans_of(v)) for v in table_values if v not in prior.values)
    for value, spans in itertools.chain(_prior_values_present(batch, prior), in_table):
        if not spans:
            continue
        count = prior_count(value, 0.0) + table_count(value, 0.0)
        for r, i, e in spans:
            own = count - 1 if owns is not None and owns[r] == value else count
            if own > 0.5:
                found[r, i, e] = VALUE_GAIN * log1p(own)
    if RANGE_GAIN and found:
        for (r, i, e), bonus in _range_bonuses(batch, found).items():
            found[r, i, e] = max(found.get((r, i, e), 0.0), bonus)
    return [(r, i, e, found[r, i, e]) for r, i, e in sorted(found)]


def _prior_values_present(
    batch: RowBatch, prior: ColumnStats
) -> list[tuple[str, tuple[tuple[int, int, int], ...]]]:
    """The prior's values found in the batch, with their spans (kept on the batch: the
    same in every pass)."""
    key = ("prior_values", id(prior))
    found = batch.cache.get(key)
    if found is None or found[0] is not prior:  # the entry holds the prior: ids stay unique
        spans_of = _value_spans(batch)
        present = [(v, spans) for v in prior.values if (spans := spans_of(v))]
        found = batch.cache[key] = (prior, present)
    return found[1]


def _value_spans(batch: RowBatch) -> Callable[[str], tuple[tuple[int, int, int], ...]]:
    """`value -> (row, start, end)` of every span of the batch whose text is the value.

    Kept on the batch per value: every column, candidate header and learning pass
    asks about the same few values (a column's vocabulary, a table's repeated cells).
    """
    found = batch.cache.get("value_spans")
    if found is not None:
        return found
    at: dict[str, tuple[tuple[int, int, int], ...]] = {}
    pos, bounds = _starts_by_word(batch)
    rows, width, low_index, can_cut = batch.rows, batch.width, batch.low_index, batch.row_can_cut()

    def spans_of(value: str) -> tuple[tuple[int, int, int], ...]:
        hit = at.get(value)
        if hit is not None:
            return hit
        first = low_index.get(value.partition(" ")[0])
        if first is None:  # most values: their first word is not in the table
            at[value] = ()
            return ()
        words = tuple(value.split())
        out = []
        # A value of more than MAX_VALUE_WORDS words is prose; one with other spacing than
        # single spaces is never the text of a span (its words joined by single spaces).
        if len(words) <= MAX_VALUE_WORDS and " ".join(words) == value:
            m = len(words)
            for p in pos[bounds[first] : bounds[first + 1]]:
                r, i = divmod(p, width)
                row = rows[r].words
                e = i + m
                # Only the span's words are lower-cased (`Row.lowered` would do the whole row).
                if e <= len(row) and can_cut[r][e] and tuple(w.lower() for w in row[i:e]) == words:
                    out.append((r, i, e))
        hit = at[value] = tuple(out)
        return hit

    batch.cache["value_spans"] = spans_of
    return spans_of


def _range_bonuses(
    batch: RowBatch, found: dict[tuple[int, int, int], float]
) -> dict[tuple[int, int, int], float]:
    """The range spans of a column's value hits and their bonuses: whole ranges
    (`_ranges`) and ranges with one unknown first word (`_half_ranges`)."""
    out = {key: RANGE_GAIN * bonus for key, bonus in _ranges(batch, found).items()}
    if HALF_RANGES:
        for key, bonus in _half_ranges(batch, found).items():
            out[key] = max(out.get(key, 0.0), RANGE_GAIN * bonus)
    return out


def _ranges(
    batch: RowBatch, found: dict[tuple[int, int, int], float]
) -> dict[tuple[int, int, int], float]:
    """Spans "A to B" where A and B are both known values of the column, and their evidence.

    A label column states ranges of its own labels ("Optional to Common",
    "Weekly or monthly"): the span is as much that column's vocabulary as its
    two ends, so it gets their two bonuses, and a reader never cuts it at the joiner.
    """
    joins = _joiners(batch)
    if not joins:
        return {}
    heads = [(r, i, m, first) for (r, i, m), first in found.items() if (r, m) in joins]
    if not heads:
        return {}  # most columns' values are never followed by a joiner
    wanted = {(r, m + 1) for r, _, m, _ in heads}
    ends: dict[tuple[int, int], list[tuple[int, float]]] = {}
    for (r, i, e), bonus in found.items():
        if (r, i) in wanted:
            ends.setdefault((r, i), []).append((e, bonus))
    out: dict[tuple[int, int, int], float] = {}
    for r, i, m, first in heads:
        for e, second in ends.get((r, m + 1), ()):
            out[r, i, e] = max(out.get((r, i, e), 0.0), first + second)
    return out


def _half_ranges(
    batch: RowBatch, found: dict[tuple[int, int, int], float]
) -> dict[tuple[int, int, int], float]:
    """Spans "x or B" where B is a known value of the column and x one word that is not.

    A reader reads "Rare or Optional" as one label although "Rare" was never seen:
    the ends of a range are of one kind, so B's bonus counts for both ends.
    """
    joins = _joiners(batch)
    return {
        (r, i - 2, e): b + b
        for (r, i, e), b in found.items()
        if i >= 2 and (r, i - 1) in joins and (r, i - 2, i - 1) not in found
    }


def _joiners(batch: RowBatch) -> frozenset[tuple[int, int]]:
    """(row, word index) of every range joiner with a word after it."""
    rows, words = np.nonzero(_joiner_mask(batch))
    return frozenset(zip(rows.tolist(), words.tolist(), strict=True))


def _joiner_mask(batch: RowBatch) -> np.ndarray:
    """(R, W) range joiners with a word after them (kept on the batch)."""
    found = batch.cache.get("joiner_mask")
    if found is None:
        ids = batch.low_ids
        flags = np.zeros(len(ids), dtype=bool)
        for joiner in RANGE_JOINERS:
            flags |= ids == string_id(joiner)
        found = np.zeros(batch.low_idx.shape, dtype=bool)
        if flags.any():
            found = batch.take_bool(flags)
            found[np.arange(len(batch.rows)), batch.lengths - 1] = False  # a row's last word
        batch.cache["joiner_mask"] = found
    return found


def _starts_by_word(batch: RowBatch) -> tuple[list[int], list[int]]:
    """Where a cell may start, grouped by lower-cased word (kept on the batch): flat
    positions r * W + i in row order within each word, and each word's slice of them,
    indexed like `batch.lowered` (a few array calls, not a loop over every word)."""
    found = batch.cache.get("starts_by_word")
    if found is None:
        low = batch.low_idx
        pos = np.flatnonzero(batch.can_cut[:, : batch.width] & (low >= 0))
        ids = low.ravel()[pos]
        order = np.argsort(ids, kind="stable")
        bounds = np.searchsorted(ids[order], np.arange(len(batch.lowered) + 1))
        found = batch.cache["starts_by_word"] = (pos[order].tolist(), bounds.tolist())
    return found


def known_rate(lexicon: Lexicon) -> float:
    """Share of all known cells that open on a known product name (`names`)."""

    def rate() -> float:
        cells = sum(s.cells for s in lexicon.positions.values())
        known = sum(s.known for s in lexicon.positions.values())
        return (known + 0.5) / (cells + 1.0)

    return lexicon.memo("known_rate", rate)


def _known_scores(
    lexicon: Lexicon, known: Sequence[float], cells: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per column: log-odds of a cell opening on a known name or not, against all cells."""
    p0 = known_rate(lexicon)
    p = (np.asarray(known, dtype=np.float64) + KNOWN_SMOOTHING * p0) / (cells + KNOWN_SMOOTHING)
    p = np.clip(p, 0.01, 0.99)
    return KNOWN_WEIGHT * np.log(p / p0), KNOWN_WEIGHT * np.log((1.0 - p) / (1.0 - p0))


class StartModel:
    """How often a word starts a cell in known tables (memoised per lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        starts_total = sum(lexicon.word_starts.values())
        self.bg_total = starts_total + 0.5 * max(len(lexicon.word_starts), 1)
        self.p0 = (starts_total + 1.0) / (sum(lexicon.word_total.values()) + 5.0)
        self._log_p0 = (math.log(self.p0), math.log(1.0 - self.p0))
        self._keys: dict[str, tuple[float, float, float]] = {}

    def batch_arrays(self, batch: RowBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(log P(start), log P(not start)) laid out per word, and P(bg) per distinct key."""
        terms = _word_terms(batch, self, gap_model(self.lexicon))
        return terms.log_start, terms.log_inner, terms.p_bg

    def lift(self, key: str) -> tuple[float, float]:
        """log P(starts | word) / P(starts) and the same for not starting: 0 for unseen words."""
        log_start, log_inner, _ = self.key(key)
        log_p0, log_q0 = self._log_p0
        return log_start - log_p0, log_inner - log_q0

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


class GapModel:
    """How often each class of gap between two words is a cell boundary in known tables.

    Learned, not ruled: two numbers side by side ("$49 10") are usually two
    cells, a capitalised word then a lower-case one usually one sentence.
    Scored like the start model: log-odds against the overall boundary rate,
    for a boundary at the gap (a cell starts on the next word) or none.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        total = sum(lexicon.gap_total.values())
        cuts = sum(lexicon.gap_cuts.values())
        p0 = (cuts + 1.0) / (total + 2.0)
        n = np.array([lexicon.gap_total.get(k, 0.0) for k in GAP_KEYS])
        c = np.array([lexicon.gap_cuts.get(k, 0.0) for k in GAP_KEYS])
        p = np.clip((c + GAP_SMOOTHING * p0) / (n + GAP_SMOOTHING), 0.01, 0.99)
        self.cut = GAP_WEIGHT * np.log(p / p0)
        self.inner = GAP_WEIGHT * np.log((1.0 - p) / (1.0 - p0))
        self.lexicon = lexicon
        self.p0 = p0

    def end_counts(self, batch: RowBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per distinct key: gaps after it in the lexicon's tables, cells ending there, and
        the end rate of words with its ending (what the word's own counts back off to)."""
        n, c, back = _key_counts(batch, self.lexicon)[:3]
        return n, c, back

    def end_parts(self, batch: RowBatch) -> tuple[np.ndarray, ...]:
        """`end_counts` as (c + S * back, n + S, log p, log (1 - p)) per key, p the smoothed
        end rate, with one more slot (nothing seen, the overall rate) for padding."""
        key = ("end_parts", id(self))
        found = batch.cache.get(key)
        if found is None:
            cuts, seen, p = self._end_rate(batch)
            found = batch.cache[key] = (cuts, seen, np.log(p), np.log1p(-p))
        return found

    def _end_rate(self, batch: RowBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(c + S * back, n + S, p) per key and the padding slot: `end_parts` before its
        logs, and the p that `end_scores` works out (kept on the batch, `_key_rates`)."""
        rates = _key_rates(batch, start_model(self.lexicon), self)
        return rates.cuts, rates.seen, rates.rate

    def end_scores(
        self, n: np.ndarray, c: np.ndarray, back: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores of a cell ending on a word seen n times before a gap, c of them cuts / going on
        (the array calls that `_key_rates`, which the passes read, is held to)."""
        p = np.clip((c + GAP_SMOOTHING * back) / (n + GAP_SMOOTHING), 0.01, 0.99)
        return self._rate_scores(p)

    def _rate_scores(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Scores of ending / going on at end rate p, against the overall rate."""
        return END_WEIGHT * np.log(p / self.p0), END_WEIGHT * np.log((1.0 - p) / (1.0 - self.p0))

    def batch_arrays(self, batch: RowBatch) -> tuple[np.ndarray, np.ndarray]:
        """(R, W) scores of a boundary / no boundary in the gap before each word (0 at word 0)."""
        terms = _word_terms(batch, start_model(self.lexicon), self)
        return terms.gap_cut, terms.gap_inner


class _WordTerms(NamedTuple):
    """The start and gap models' scores of a batch (`_word_terms`)."""

    log_start: np.ndarray  # (R, W) log P(a cell starts on the word)
    log_inner: np.ndarray  # (R, W) log P(it does not)
    p_bg: np.ndarray  # (K,) P(a cell of any column starts with the key)
    gap_cut: np.ndarray  # (R, W) score of a boundary in the gap before the word
    gap_inner: np.ndarray  # (R, W) score of none


class _KeyRates(NamedTuple):
    """The start and gap models' values per distinct key of a batch (`_key_rates`)."""

    logs: np.ndarray  # (4, K) log P(start), log P(not), end and go-on scores (`end_scores`)
    bg: np.ndarray  # (K,) P(a cell of any column starts with the key)
    cuts: np.ndarray  # (K + 1,) c + S * back, and the padding slot (`GapModel._end_rate`)
    seen: np.ndarray  # (K + 1,) n + S
    rate: np.ndarray  # (K + 1,) the smoothed end rate


def _key_rates(batch: RowBatch, start: StartModel, gaps: GapModel) -> _KeyRates:
    """`StartModel.key` and `GapModel.end_scores` of every distinct key, kept on the batch.

    The rates are one compiled pass (`kernel.key_rates`) and their logs one numpy call:
    the same numbers as the array calls per model, a dozen fewer calls a batch.
    """
    key = ("key_rates", id(start), id(gaps))
    found = batch.cache.get(key)
    if found is None:
        args, bg, cuts, seen, rate = key_rates(
            _key_counts(batch, start.lexicon),
            START_SMOOTHING,
            START_SMOOTHING * start.p0,
            start.bg_total,
            GAP_SMOOTHING,
            GAP_SMOOTHING * gaps.p0,
            gaps.p0,
            1.0 - gaps.p0,
        )
        logs = np.log(args)
        logs[2:] *= END_WEIGHT
        found = batch.cache[key] = _KeyRates(logs, bg, cuts, seen, rate)
    return found


def _word_terms(batch: RowBatch, start: StartModel, gaps: GapModel) -> _WordTerms:
    """Both models' per-word scores, made together once per batch (kept on it).

    The per-key values (`_key_rates`) and the gap classes' scores are laid out per
    word in one compiled pass (`kernel.word_terms`).
    """
    key = ("word_terms", id(start), id(gaps))
    found = batch.cache.get(key)
    if found is None:
        rates = _key_rates(batch, start, gaps)
        log_start, log_inner, cut, inner = word_terms(
            batch.key_idx,
            batch.shape_idx,
            batch.end_idx,
            rates.logs,
            gaps.cut,
            gaps.inner,
            len(END_SHAPES),
            len(SHAPES),
            bool(END_WEIGHT and len(batch.keys)),
        )
        found = batch.cache[key] = _WordTerms(log_start, log_inner, rates.bg, cut, inner)
    return found


def _key_counts(batch: RowBatch, lexicon: Lexicon) -> np.ndarray:
    """(5, K) per distinct key of the batch: `_KeyCounts.ROWS` (kept on the batch)."""
    table = lexicon.lasting(
        ("key_counts", END_SUFFIX, GAP_SMOOTHING),
        lambda: _KeyCounts(lexicon, gap_model(lexicon).p0),
    )
    found = batch.cache.get("key_counts")
    if found is None or found[0] is not table:  # the entry holds the table: one per lexicon
        found = batch.cache["key_counts"] = (table, table.take(batch))
    return found[1]


class _KeyCounts:
    """Every word key met so far: what the lexicon's tables counted of it (`ROWS`: its end
    counts, the end rate of the words sharing its ending, which its own end counts are
    smoothed towards, and its cell-start counts).

    Kept across documents (`Lexicon.lasting`), as columns indexed by the keys' word ids
    (`tokens.string_id`), filled when a key is first met: a batch's vectors are one array
    lookup (the columns grow with the ids, as the tokenizer's id scratch does).
    """

    ROWS = ("end_total", "end_cuts", "ending_rate", "word_starts", "word_total")

    def __init__(self, lexicon: Lexicon, p0: float) -> None:
        self.lexicon = lexicon
        self.p0 = p0
        self.endings = _ending_rates(lexicon, p0)
        self.values = np.zeros((len(self.ROWS), 256))
        self.filled = np.zeros(256, dtype=bool)

    def take(self, batch: RowBatch) -> np.ndarray:
        """(len(ROWS), len(keys)) counts of the batch's distinct keys."""
        ids = batch.key_ids
        if not len(ids):
            return np.zeros((len(self.ROWS), 0))
        top = int(ids.max()) + 1
        if top > len(self.filled):
            size = max(2 * len(self.filled), top)
            grown = np.zeros((len(self.ROWS), size))
            grown[:, : self.values.shape[1]] = self.values
            self.values = grown
            self.filled = np.concatenate([self.filled, np.zeros(size - len(self.filled), bool)])
        new = np.flatnonzero(~self.filled[ids])
        if len(new):
            self._add([batch.keys[i] for i in new.tolist()], ids[new])
        return self.values[:, ids]

    def _add(self, new: list[str], ids: np.ndarray) -> None:
        lex, p0, rate, m = self.lexicon, self.p0, self.endings.get, END_SUFFIX
        ends, cuts, starts, total = lex.end_total, lex.end_cuts, lex.word_starts, lex.word_total
        rows = [
            (
                ends.get(k, 0.0),
                cuts.get(k, 0.0),
                rate(k[-m:], p0) if m and len(k) > m else p0,
                starts.get(k, 0.0),
                total.get(k, 0.0),
            )
            for k in new
        ]
        self.values[:, ids] = np.array(rows, dtype=np.float64).reshape(-1, len(self.ROWS)).T
        self.filled[ids] = True


def _ending_rates(lexicon: Lexicon, p0: float) -> dict[str, float]:
    """Per word ending (a key's last END_SUFFIX letters, the key longer and ending on a
    letter): how often a cell ends on a word ending so, smoothed towards p0.

    Learned from the same counts as the words' own end rates: an ending stands for
    what the words the lexicon has seen with it do ("-ed" words mostly go on to a
    noun, "-es" plurals often end a cell).
    """
    m = END_SUFFIX
    if not m:
        return {}
    total: dict[str, float] = {}
    cuts: dict[str, float] = {}
    cut_of = lexicon.end_cuts.get
    for key, n in lexicon.end_total.items():
        if len(key) > m and key[-1].isalpha():
            ending = key[-m:]
            total[ending] = total.get(ending, 0.0) + n
            cuts[ending] = cuts.get(ending, 0.0) + cut_of(key, 0.0)
    return {e: (cuts[e] + GAP_SMOOTHING * p0) / (n + GAP_SMOOTHING) for e, n in total.items()}


def gap_model(lexicon: Lexicon) -> GapModel:
    """The lexicon's gap model (built once per lexicon)."""
    return lexicon.memo("gap", lambda: GapModel(lexicon))


def start_model(lexicon: Lexicon) -> StartModel:
    """The lexicon's word start model (built once per lexicon)."""
    return lexicon.memo("start", lambda: StartModel(lexicon))


def _log_norm(counts: np.ndarray) -> np.ndarray:
    """Add-alpha log-probabilities along the last axis (the alpha is already in `counts`).

    Each row is summed as a 1-d array of its own would be (numpy reduces every row of a
    contiguous array with the same loop), so stacked rows give the same numbers.
    """
    return np.log(counts / counts.sum(axis=-1, keepdims=True))


_LENGTHS = np.arange(MAX_CELL_WORDS + 2, dtype=float)
_LOG_LENGTHS = np.log(np.maximum(_LENGTHS, 1.0))


def _length_logp_rows(hists: np.ndarray) -> np.ndarray:
    """`_length_logp` of every row of a (k, n) array, compiled (`kernel.length_logp`)."""
    return length_logp(
        np.ascontiguousarray(hists, dtype=np.float64), _LOG_LENGTHS, _LENGTHS, LENGTH_PRIOR_WEIGHT
    )
