"""Rebuild a flattened table cell for cell, learning from the table itself.

Pass 1 cuts every row with the lexicon's priors for these headers. Later
passes add what the table's own confident rows show (its repeated categories,
its label vocabulary, its cell lengths) and cut every row again, each row
scored without its own earlier answer so it cannot vote for itself. A pass
taught by the same rows as the one before would cut every row the same, so
re-learning stops there (a fixed point) and keeps that pass's cuts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from extractors.model import Table

from .batch import Row, RowBatch
from .features import ColumnScorer, emit_columns, emit_learned
from .header import HeaderCut, header_candidates, segment_header
from .learned import taught_counts
from .lexicon import Lexicon
from .segment import Cuts, cells_of, cuts_of
from .stats import ColumnStats

UNCERTAIN_BELOW = 0.9  # rows scored under this are likely cut wrong (see benchmarks/table_eval)
PASSES = 2  # re-learning passes after the first
LEARN_MIN = 0.7  # rows at least this confident (at temperature 1) teach the table model
SURE_HEADER = 0.95  # a header cut this probable is not re-weighed against the rows
CHOOSE_ROWS = 8  # rows used to weigh competing header cuts
# The reported row confidence is the best cut's share of all cuts at this temperature:
# scores are summed log-odds of dependent cues, so at 1.0 they are over-sure. 2.0 is the
# lowest value at which leave-one-table-out flags >= 90% of wrong rows in every pool of
# benchmarks/table_eval (docs/PERFORMANCE.md). Only the reported value changes, not the cut.
CONFIDENCE_TEMPERATURE = 2.0
HEADER_TEMPERATURE = 1.0  # scale of header score + row fit when weighing header cuts
ROW_FLOOR = 0.01  # a row's confidence counts at least this when weighing header cuts  # one confident row counts as one row of evidence


def rebuild_table(lines: Sequence[str], lexicon: Lexicon | None = None) -> Table:
    """Rebuild the table whose header is `lines[0]` and rows are the other lines."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    rows, batch, header, priors, cuts = _first_pass(lines, lex)
    k = len(header.cells)
    before: tuple[np.ndarray, np.ndarray] | None = None  # the rows that taught `cuts`' pass
    reported = 0  # the temperature of `cuts` whose confidence is reported
    for n in range(PASSES):
        taught = cuts.taught(LEARN_MIN)  # (at the lexicon's temperature)
        if before is not None and all(map(np.array_equal, taught, before)):
            # The table model is what made `cuts`: another pass would cut the same.
            break
        emissions = emit_learned(
            _prior_scorers(priors, lex), batch, taught_counts(batch, *taught, k)
        )
        last = n == PASSES - 1
        temps = (CONFIDENCE_TEMPERATURE,) if last else (1.0, CONFIDENCE_TEMPERATURE)
        cuts = cuts_of(batch, emissions, tuple(lex.temperature * t for t in temps))
        reported, before = len(temps) - 1, taught
    out_rows, confs = [], []
    found, confidence = cuts.found.tolist(), cuts.confidence[reported].tolist()
    for row, ok, starts, conf in zip(rows, found, cuts.starts.tolist(), confidence, strict=True):
        out_rows.append(cells_of(starts, row.words) if ok else _fallback(row, k))
        # A row is only right if the header is: scale by the header's posterior.
        confs.append(round(conf * header.confidence, 4) if ok else 0.0)
    mean = sum(confs) / len(confs) if confs else 0.0
    return Table(
        header=header.cells,
        rows=tuple(out_rows),
        method="reconstructed",
        confidence=round(mean, 4),
        row_confidence=tuple(confs),
    )


def probe_table(lines: Sequence[str], lexicon: Lexicon | None = None) -> tuple[int, float]:
    """(columns, mean row confidence) of the table, judged on its first rows only.

    Detection asks this of every candidate header. The first pass it runs (every
    row cut with the lexicon's priors) is kept, and the rebuild of the span
    detection keeps starts from it.
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
    if len(lines) < 2:
        return 0, 0.0
    _, _, header, _, cuts = _first_pass(lines, lex)
    found, conf = cuts.found[:CHOOSE_ROWS].tolist(), cuts.confidence[0, :CHOOSE_ROWS].tolist()
    confs = [c * header.confidence if ok else 0.0 for ok, c in zip(found, conf, strict=True)]
    return len(header.cells), sum(confs) / len(confs)


class _FirstPass(NamedTuple):
    rows: tuple[Row, ...]
    batch: RowBatch  # every row; its per-word scores are reused by the learning passes
    header: HeaderCut
    priors: list[ColumnStats]
    cuts: Cuts  # every row cut with the priors alone (at the lexicon's temperature)


def _first_pass(lines: Sequence[str], lex: Lexicon) -> _FirstPass:
    """The header cut (decided on the first rows) and every row cut with its priors.

    Memoised by the lines: a probe and the rebuild after it share the work.
    """

    def make() -> _FirstPass:
        batch = RowBatch.of(lines[1:])
        rows = batch.rows
        header, priors, cuts = _weigh_headers(lines, batch, lex)
        if cuts is None or len(rows) > CHOOSE_ROWS:
            cuts = _cut_all(batch, _prior_scorers(priors, lex), lex)
        return _FirstPass(rows, batch, header, priors, cuts)

    return lex.memo(("first_pass", tuple(lines)), make)


def _prior_scorers(priors: list[ColumnStats], lex: Lexicon) -> list[ColumnScorer]:
    """Scorers of the lexicon priors alone, built once per header and lexicon."""
    return [lex.memo_of("scorer", p, lambda p=p: ColumnScorer(p, lex)) for p in priors]


def _weigh_headers(
    lines: Sequence[str], batch: RowBatch, lex: Lexicon
) -> tuple[HeaderCut, list[ColumnStats], Cuts | None]:
    """The header cut whose columns the sampled rows fit best (header score + row fit).

    The returned header's confidence is its posterior among the candidates given
    the header line *and* the rows: rows that clearly fit one cut better confirm
    it even when the line alone is ambiguous. A header sure by itself counts as 1.
    `lines` are the header line and the rows `batch` holds. The sample (the first
    `CHOOSE_ROWS` rows) is only built when weighed.
    """
    line, rows = lines[0], batch.rows
    max_cols = min((len(r.words) for r in rows[:CHOOSE_ROWS]), default=0)
    best_alone = segment_header(line, lex)
    if best_alone.confidence >= SURE_HEADER and len(best_alone.cells) <= max_cols:
        # Nothing to weigh: the rows are cut once, all together, by the caller.
        priors = lex.column_priors(best_alone.cells)
        return HeaderCut(best_alone.cells, 1.0, best_alone.score), priors, None
    sample = batch.head(CHOOSE_ROWS)
    scored = []
    cands = header_candidates(line, lex, max_cols)
    all_priors = [lex.column_priors(cand.cells) for cand in cands]
    # Every candidate's columns scored in one pass over the sample (same rows).
    scorers = [s for priors in all_priors for s in _prior_scorers(priors, lex)]
    emissions = emit_columns(scorers, sample) if scorers and sample.rows else None
    offset = 0
    for cand, priors in zip(cands, all_priors, strict=True):
        k = len(priors)
        if emissions is None:
            cuts = _cut_all(sample, _prior_scorers(priors, lex), lex)
        else:
            part = emissions.columns(offset, offset + k)
            cuts = cuts_of(sample, part, (lex.temperature,))
        offset += k
        fit = _rows_fit(sample.rows, cuts, len(cand.cells))
        scored.append((cand.score + fit, cand, priors, cuts))
    top = max(s[0] for s in scored)
    mass = sum(math.exp((s[0] - top) / HEADER_TEMPERATURE) for s in scored)
    _, header, priors, cuts = max(scored, key=lambda s: s[0])
    return HeaderCut(header.cells, 1.0 / mass, header.score), priors, cuts


def _rows_fit(rows: Sequence[Row], cuts: Cuts, k: int) -> float:
    """Summed log-confidence of the rows' cuts; a row with one word a cell says nothing
    about k."""
    floor, even = math.log(ROW_FLOOR), math.log(0.5)
    return sum(
        floor if not ok else even if len(row.words) == k else math.log(max(conf, ROW_FLOOR))
        for row, ok, conf in zip(
            rows, cuts.found.tolist(), cuts.confidence[0].tolist(), strict=True
        )
    )


def _cut_all(batch: RowBatch, scorers: list[ColumnScorer], lex: Lexicon) -> Cuts:
    """Cut every row with these column scorers (at the lexicon's temperature)."""
    return cuts_of(
        batch, emit_columns(scorers, batch) if scorers and batch.rows else [], (lex.temperature,)
    )


def _fallback(row: Row, k: int) -> tuple[str, ...]:
    """A row with fewer words than columns: one word a cell, the rest left empty."""
    words = list(row.words)
    if len(words) >= k:
        return (*words[: k - 1], " ".join(words[k - 1 :]))
    return (*words, *([""] * (k - len(words))))
