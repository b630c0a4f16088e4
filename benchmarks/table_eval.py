"""How well flattened tables are rebuilt, on every table whose cells are known.

Each known table (seed 001's HTML tables when the seed corpus is present, our
samples' tables, the hand-written fixtures) is flattened exactly as text
scrapes flatten it, rebuilt, and compared cell for cell. Two lexicons:
`shipped` (Lexicon.default(), built from repo tables: in-sample for those) and
`loto`, leave-one-table-out: a lexicon learned from all the other tables, so a
table never helps rebuild itself. Last, the text seeds' own tables, flattened by
a real scraper, are scored against a careful reader's cuts (`benchmarks.seed_cuts`,
shipped lexicon only: no seed is in it).

Also times the rebuild on the text seeds (`--seeds-ms`): every `find_tables`
call the text adapter makes for one seed, with cold caches (first document
of a process), best of a few runs.

    python -m benchmarks.table_eval [--json] [--mode loto|shipped|both] [--seeds-ms] [--no-names]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

from benchmarks.seed_cuts import evaluate_seed_cuts
from extractors.flat_tables import UNCERTAIN_BELOW, Lexicon, flatten_table, rebuild_table
from extractors.flat_tables.build_lexicon import known_tables
from extractors.flat_tables.known import KnownTable, wp_json_tables

REPO = Path(__file__).resolve().parents[1]


@dataclass(slots=True)
class TableScore:
    """Scores of one rebuilt table."""

    name: str
    n_cols: int
    rows: int
    header_ok: bool
    rows_exact: int
    cells: int
    cells_ok: int
    flagged: int  # rows under UNCERTAIN_BELOW
    wrong: int
    wrong_flagged: int
    ms: float
    wrong_rows: list[int] = field(default_factory=list)

    @classmethod
    def of(
        cls, name: str, n_cols: int, header_ok: bool, ms: float, rows: Sequence[RowResult]
    ) -> TableScore:
        """The table's totals from how each of its rows came out."""
        low = [r.confidence < UNCERTAIN_BELOW for r in rows]
        wrong_rows = [i for i, r in enumerate(rows) if not r.exact]
        return cls(
            name=name,
            n_cols=n_cols,
            rows=len(rows),
            header_ok=header_ok,
            rows_exact=len(rows) - len(wrong_rows),
            cells=n_cols * len(rows),
            cells_ok=sum(r.cells_ok for r in rows),
            flagged=sum(low),
            wrong=len(wrong_rows),
            wrong_flagged=sum(low[i] for i in wrong_rows),
            ms=ms,
            wrong_rows=wrong_rows,
        )


class RowResult(NamedTuple):
    """One rebuilt row against the truth: cut exactly, its right cells, its confidence."""

    exact: bool
    cells_ok: int
    confidence: float


@dataclass(slots=True)
class Summary:
    """Totals over many tables."""

    mode: str
    tables: int
    headers_ok: int
    rows: int
    rows_exact: int
    cells: int
    cells_ok: int
    flagged: int
    wrong: int
    wrong_flagged: int
    ms_per_row: float
    per_table: list[TableScore]

    @property
    def row_accuracy(self) -> float:
        return self.rows_exact / self.rows if self.rows else 1.0

    @property
    def cell_accuracy(self) -> float:
        return self.cells_ok / self.cells if self.cells else 1.0

    @property
    def wrong_flagged_share(self) -> float:
        """Share of wrong rows that carry a confidence under the threshold."""
        return self.wrong_flagged / self.wrong if self.wrong else 1.0

    @property
    def flag_precision(self) -> float:
        """Share of flagged rows that really are wrong."""
        return self.wrong_flagged / self.flagged if self.flagged else 1.0

    @property
    def accuracy_above(self) -> float:
        above = self.rows - self.flagged
        return (above - (self.wrong - self.wrong_flagged)) / above if above else 1.0

    @property
    def accuracy_below(self) -> float:
        return (self.flagged - self.wrong_flagged) / self.flagged if self.flagged else 1.0


def seed_tables() -> list[KnownTable]:
    """Seed 001's HTML tables, when the seed corpus is present."""
    directory = Path(os.environ.get("BLUEPRINTS_SEEDS_DIR", REPO.parent / "shared" / "seeds"))
    out: list[KnownTable] = []
    for path in sorted(directory.glob("001*")) if directory.is_dir() else []:
        tables = wp_json_tables(path.read_bytes())
        out.extend(KnownTable(f"seed:{path.name[:3]}#{n}", t) for n, t in enumerate(tables, 1))
    return out


@dataclass(slots=True)
class SeedTiming:
    """Time spent finding and rebuilding the tables of one text seed (best of a few runs)."""

    seed: str
    tables: int
    rows: int
    ms: float  # all find_tables calls of the text adapter, caches cold (first document)
    adapter_ms: float  # the whole text adapter (tables included), caches cold
    stream_ms: float  # find_tables after the other text seeds (a later document of a run)
    whole_ms: float  # the whole extraction, record stage included, after the other seeds
    # find_tables' share of the whole extraction: timed inside each extraction (same run,
    # same machine speed), the median over the repeats
    share: float = 0.0


def seed_timings(repeats: int = 9) -> list[SeedTiming]:
    """Per text seed: ms in `find_tables`, cold and later in a run, against the whole extraction.

    Cold: tokenizer cache and lexicon memo cleared, as for the first document of
    a process. Stream: the other text seeds were read first, so the lexicon's
    per-header work is warm as for any later article of a run, while this
    seed's own lines are new. The whole extraction (`extract` and
    `article_rows`, typed records and mentions included) is timed the same way,
    with find_tables timed inside it: the share is find_tables over the whole of
    the same extraction (a ratio within one run, so a slow spell of the machine
    weighs on both), the median over the repeats. Every timed call runs as a run
    parses a document: cyclic GC paused, after a `gc.freeze()` of what is loaded.
    """
    from extractors.adapters import text as text_adapter
    from extractors.decoding import decode_bytes
    from extractors.detect import detect_format
    from extractors.flat_tables.tokens import tokenize
    from extractors.pipeline import extract
    from extractors.records import article_rows
    from storage.parsed_cache import gc_paused

    directory = Path(os.environ.get("BLUEPRINTS_SEEDS_DIR", REPO.parent / "shared" / "seeds"))
    seeds = []
    for path in sorted(directory.glob("*")) if directory.is_dir() else []:
        raw = path.read_bytes()
        text = decode_bytes(raw).text
        if detect_format(text) == "text":
            seeds.append((path, raw, text))
    out: list[SeedTiming] = []
    real = text_adapter.find_tables
    spent = [0.0]
    found: list[int] = []

    def timed(lines, lexicon=None):
        start = time.perf_counter()
        spans = real(lines, lexicon)
        spent[0] += time.perf_counter() - start
        found.extend(len(s.table.rows) for s in spans)
        return spans

    shares: list[float] = []  # find_tables / total, per repeat of the last `run`

    def run(fn, others=()) -> tuple[float, float]:
        """Best (find_tables ms, total ms) of `fn` over the repeats."""
        best = best_all = float("inf")
        shares.clear()
        for _ in range(repeats):
            Lexicon.default()._memo.clear()
            for _, _, other in others:
                text_adapter.text_blocks(other)
            tokenize.cache_clear()
            spent[0] = 0.0
            found.clear()
            with gc_paused():
                start = time.perf_counter()
                fn()
                total = time.perf_counter() - start
            best_all = min(best_all, total * 1000)
            best = min(best, spent[0] * 1000)
            shares.append(spent[0] / total)
        return best, best_all

    gc.collect()
    gc.freeze()
    text_adapter.find_tables = timed
    try:
        for path, raw, text in seeds:
            others = [s for s in seeds if s[0] != path]
            ms, adapter_ms = run(lambda text=text: text_adapter.text_blocks(text))
            counts = list(found)
            stream_ms, _ = run(lambda text=text: text_adapter.text_blocks(text), others)
            _, whole_ms = run(
                lambda raw=raw, path=path: article_rows(extract(raw, path.as_uri())), others
            )
            share = statistics.median(shares)
            name = path.name[:3]
            out.append(
                SeedTiming(
                    name, len(counts), sum(counts), ms, adapter_ms, stream_ms, whole_ms, share
                )
            )
    finally:
        text_adapter.find_tables = real
    return out


def score_table(known: KnownTable, lexicon: Lexicon) -> TableScore:
    """Flatten, rebuild and compare one table."""
    truth = known.table
    lines = flatten_table(truth)
    start = time.perf_counter()
    got = rebuild_table(lines, lexicon)
    ms = (time.perf_counter() - start) * 1000
    results = []
    for r, row in enumerate(truth.rows):
        mine = got.rows[r] if r < len(got.rows) else ()
        conf = got.row_confidence[r] if r < len(got.row_confidence) else 0.0
        cells_ok = sum(1 for a, b in zip(mine, row, strict=False) if a == b)
        results.append(RowResult(tuple(mine) == tuple(row), cells_ok, conf))
    return TableScore.of(known.name, len(truth.header), got.header == truth.header, ms, results)


def evaluate(tables: Sequence[KnownTable], mode: str, shipped: Lexicon | None = None) -> Summary:
    """Score every table with the shipped lexicon or leave-one-table-out."""
    lexicon_for: Callable[[int], Lexicon]
    if mode == "loto":
        lexicon_for = lambda i: Lexicon.from_tables(  # noqa: E731
            t.table for j, t in enumerate(tables) if j != i
        )
    else:
        lexicon = shipped if shipped is not None else Lexicon.default()
        lexicon_for = lambda i: lexicon  # noqa: E731
    return summarize(mode, [score_table(t, lexicon_for(i)) for i, t in enumerate(tables)])


def summarize(mode: str, scores: list[TableScore]) -> Summary:
    """Totals of per-table scores."""
    rows = sum(s.rows for s in scores)
    return Summary(
        mode=mode,
        tables=len(scores),
        headers_ok=sum(s.header_ok for s in scores),
        rows=rows,
        rows_exact=sum(s.rows_exact for s in scores),
        cells=sum(s.cells for s in scores),
        cells_ok=sum(s.cells_ok for s in scores),
        flagged=sum(s.flagged for s in scores),
        wrong=sum(s.wrong for s in scores),
        wrong_flagged=sum(s.wrong_flagged for s in scores),
        ms_per_row=sum(s.ms for s in scores) / rows if rows else 0.0,
        per_table=scores,
    )


def markdown(summary: Summary) -> str:
    """The report as a Markdown table: one line per table, then the totals."""
    out = [
        f"### mode: {summary.mode} (threshold {UNCERTAIN_BELOW})",
        "",
        "| table | cols | rows | header | rows exact | cells | flagged | wrong flagged | ms/row |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in summary.per_table:
        out.append(
            f"| {s.name} | {s.n_cols} | {s.rows} | {'ok' if s.header_ok else 'WRONG'} "
            f"| {s.rows_exact}/{s.rows} | {s.cells_ok}/{s.cells} | {s.flagged} "
            f"| {s.wrong_flagged}/{s.wrong} | {s.ms / max(s.rows, 1):.2f} |"
        )
    out += [
        "",
        f"- headers exact: {summary.headers_ok}/{summary.tables}",
        f"- rows exact: {summary.rows_exact}/{summary.rows} = {summary.row_accuracy:.1%}",
        f"- cells exact: {summary.cells_ok}/{summary.cells} = {summary.cell_accuracy:.1%}",
        f"- wrong rows flagged: {summary.wrong_flagged}/{summary.wrong}"
        f" = {summary.wrong_flagged_share:.1%}",
        f"- rows flagged: {summary.flagged}; accuracy above threshold {summary.accuracy_above:.1%},"
        f" below {summary.accuracy_below:.1%}",
        f"- flag precision (flagged rows that are wrong): {summary.wrong_flagged}/{summary.flagged}"
        f" = {summary.flag_precision:.1%}",
        f"- speed: {summary.ms_per_row:.2f} ms per row",
    ]
    return "\n".join(out)


def without_known_names() -> None:
    """Turn off the known-name signal of `flat_tables.names` for this process (ablation)."""
    from extractors.flat_tables import features, tokens

    tokens.KNOWN_NAMES = False
    features.KNOWN_WEIGHT = 0.0
    tokens.tokenize.cache_clear()
    Lexicon.default()._memo.clear()


def warm_up() -> float:
    """ms of this process's first rebuild: the compiled segmenter (`flat_tables.kernel`) is
    loaded from numba's cache then, once per process, so no table's figure carries it."""
    start = time.perf_counter()
    rebuild_table(["Name Value Notes", "Alpha 1 first one", "Beta 2 second one"])
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--mode", choices=("loto", "shipped", "both"), default="both")
    parser.add_argument("--seeds-ms", action="store_true", help="also time the text seeds")
    parser.add_argument(
        "--no-names",
        action="store_true",
        help="ablation: without the known product names (gazetteer) signal",
    )
    args = parser.parse_args(argv)
    if args.no_names:
        without_known_names()
    load_ms = warm_up()
    timings = seed_timings() if args.seeds_ms else []
    tables = [*seed_tables(), *known_tables()]
    modes = ("shipped", "loto") if args.mode == "both" else (args.mode,)
    summaries = [evaluate(tables, mode) for mode in modes]
    real = evaluate_seed_cuts()  # the seeds' own flattened tables, against a reader's cuts
    summaries += [real] if real else []
    if args.json:
        payload = [
            {
                **{k: v for k, v in asdict(s).items() if k != "per_table"},
                "row_accuracy": s.row_accuracy,
                "cell_accuracy": s.cell_accuracy,
                "wrong_flagged_share": s.wrong_flagged_share,
                "accuracy_above": s.accuracy_above,
                "accuracy_below": s.accuracy_below,
                "flag_precision": s.flag_precision,
                "threshold": UNCERTAIN_BELOW,
                "per_table": [asdict(t) for t in s.per_table],
            }
            for s in summaries
        ]
        payload.append({"seed_timings": [asdict(t) for t in timings], "first_rebuild_ms": load_ms})
        json.dump(payload, sys.stdout, indent=2)
        print()
    else:
        print("\n\n".join(markdown(s) for s in summaries))
        print(
            f"\nFirst rebuild of the process (loads the compiled segmenter; not in the figures"
            f" above): {load_ms:.0f} ms"
        )
        if timings:
            print(
                "\n| seed | tables | rows | find_tables ms, cold | ms/row | text adapter ms, cold "
                "| find_tables ms, in a run | whole extraction ms, in a run | tables' share |"
            )
            print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
            for t in timings:
                print(
                    f"| {t.seed} | {t.tables} | {t.rows} | {t.ms:.1f} "
                    f"| {t.ms / max(t.rows, 1):.2f} | {t.adapter_ms:.1f} | {t.stream_ms:.1f} "
                    f"| {t.whole_ms:.1f} | {t.share:.0%} |"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
