"""Rebuild a flattened table cell for cell, learning from the table itself.

Pass 1 cuts every row with the lexicon's priors for these headers. Later
passes add what the table's own confident rows show (its repeated categories,
its label vocabulary, its cell lengths) and cut every row again, each row
scored without its own earlier answer so it cannot vote for itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from extractors.model import Table

from .batch import RowBatch
from .features import ColumnScorer
from .header import HeaderCut, header_candidates, segment_header
from .lexicon import Lexicon
from .segment import Cut, best_cuts
from .stats import ColumnStats
from .tokens import RowTokens, tokenize

UNCERTAIN_BELOW = 0.9  # rows scored under this are likely cut wrong (see benchmarks/table_eval)
PASSES = 2  # re-learning passes after the first
LEARN_MIN = 0.5  # rows at least this confident teach the table model
TABLE_WEIGHT = 1.0
SURE_HEADER = 0.95  # a header cut this probable is not re-weighed against the rows
CHOOSE_ROWS = 8  # rows used to weigh competing header cuts
ROW_FLOOR = 0.01  # a row's confidence counts at least this when weighing header cuts  # one confident row counts as one row of evidence


def rebuild_table(lines: Sequence[str], lexicon: Lexicon | None = None) -> Table:
    """Rebuild the table whose header is `lines[0]` and rows are the other lines."""
    lex = lexicon if lexicon is not None else Lexicon.default()
    rows = [tokenize(line) for line in lines[1:]]
    batch = RowBatch.of(rows)
    max_cols = min((len(r.words) for r in rows), default=0)
    header, priors, cuts = _choose_header(lines[0], batch, lex, max_cols)
    k = len(header.cells)
    for _ in range(PASSES):
        cells = [c.cells(r.words) if c else None for r, c in zip(rows, cuts, strict=True)]
        scorers = [
            ColumnScorer(prior, lex, _learned(cells, j, cuts)) for j, prior in enumerate(priors)
        ]
        taught = [
            c if c and cut and cut.confidence >= LEARN_MIN else None
            for c, cut in zip(cells, cuts, strict=True)
        ]
        cuts = _cut_all(batch, scorers, lex, taught)
    out_rows, confs = [], []
    for row, cut in zip(rows, cuts, strict=True):
        out_rows.append(cut.cells(row.words) if cut else _fallback(row, k))
        # A row is only right if the header's column count is: scale by the header's mass.
        confs.append(round(cut.confidence * header.confidence, 4) if cut else 0.0)
    mean = sum(confs) / len(confs) if confs else 0.0
    return Table(
        header=header.cells,
        rows=tuple(out_rows),
        method="reconstructed",
        confidence=round(mean, 4),
        row_confidence=tuple(confs),
    )


def _choose_header(
    line: str, batch: RowBatch, lex: Lexicon, max_cols: int
) -> tuple[HeaderCut, list[ColumnStats], list[Cut | None]]:
    """The header cut whose columns the rows fit best (header score + row log-confidence)."""
    best: tuple[float, HeaderCut, list[ColumnStats], list[Cut | None]] | None = None
    best_alone = segment_header(line, lex)
    if best_alone.confidence >= SURE_HEADER and len(best_alone.cells) <= max_cols:
        cands = [best_alone]
    else:
        cands = header_candidates(line, lex, max_cols)
    rows = batch.rows
    sample = batch if len(cands) == 1 else RowBatch.of(rows[:CHOOSE_ROWS])
    for cand in cands:
        priors = lex.column_priors(cand.cells)
        cuts = _cut_all(sample, [ColumnScorer(p, lex) for p in priors], lex, None)
        fit = sum(_row_fit(r, c, len(cand.cells)) for r, c in zip(sample.rows, cuts, strict=True))
        if best is None or cand.score + fit > best[0]:
            best = (cand.score + fit, cand, priors, cuts)
    assert best is not None
    _, header, priors, cuts = best
    if len(cands) > 1:
        cuts = _cut_all(batch, [ColumnScorer(p, lex) for p in priors], lex, None)
    if header.confidence == 0.0:
        header = HeaderCut(header.cells, _header_share(header, line, lex), header.score)
    return header, priors, cuts


def _row_fit(row: RowTokens, cut: Cut | None, k: int) -> float:
    """Log-confidence of a row's cut; a row with one word a cell says nothing about k."""
    if cut is None:
        return math.log(ROW_FLOOR)
    if len(row.words) == k:
        return math.log(0.5)
    return math.log(max(cut.confidence, ROW_FLOOR))


def _header_share(header: HeaderCut, line: str, lex: Lexicon) -> float:
    """Confidence of a header the rows chose over the header-only best: its DP mass."""
    best = segment_header(line, lex)
    return min(1.0, best.confidence * math.exp(header.score - best.score))


def _cut_all(
    batch: RowBatch,
    scorers: list[ColumnScorer],
    lex: Lexicon,
    previous: list[tuple[str, ...] | None] | None,
) -> list[Cut | None]:
    """Cut every row; `previous[r]` is what row r taught the model (excluded for it)."""
    emissions = []
    for j, scorer in enumerate(scorers):
        owns = [p[j] if p else None for p in previous] if previous else None
        emissions.append(scorer.emit(batch, owns))
    return best_cuts(batch, emissions, lex.temperature)


def _learned(cells: list[tuple[str, ...] | None], j: int, cuts: list[Cut | None]) -> ColumnStats:
    """What this table's confident rows say about column j."""
    mixed = ColumnStats()
    for row_cells, cut in zip(cells, cuts, strict=True):
        if row_cells and cut and cut.confidence >= LEARN_MIN:
            mixed.add_cell(row_cells[j], TABLE_WEIGHT)
    return mixed


def _fallback(row: RowTokens, k: int) -> tuple[str, ...]:
    """A row with fewer words than columns: one word a cell, the rest left empty."""
    words = list(row.words)
    if len(words) >= k:
        return (*words[: k - 1], " ".join(words[k - 1 :]))
    return (*words, *([""] * (k - len(words))))
