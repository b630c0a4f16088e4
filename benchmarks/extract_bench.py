"""Extraction speed, as ratios against baselines measured in the same run.

For every seed and sample document: our in-process extraction (decode, detect,
adapter, normalize, records), and for HTML articles a bare lxml parse of the
same page and trafilatura's plain-text extraction of it. Medians of repeated
runs; extraction and the lxml parse take turns in the same rounds, so load from
other work on the machine weighs on both alike. Prefect's per-run overhead is
not in these figures (see PERFORMANCE.md).

Text documents also get the flat-table search's cost (issue 3), timed over every
`find_tables` call inside an extraction, as ms, ms per rebuilt row and the share
of all stages (core in a run + typed records + mentions). Each repeat reads the
document as a later article of a run would: the table lexicon's memo and the line
cache cleared, the other text documents read first, so work shared with them is
warm and the document's own lines are new. Two cases:

- template met before (a run's usual case: every article follows one template):
  a sibling article was read too, one with the same table headers and other rows
  (each table's rows in reverse order), so per-header work (its segmentation,
  column priors and scorers) is warm, and per-row work is not;
- template new to the run: no sibling, so the headers that no other document
  shares are worked out as part of the timed read.

Each round times both cases, the typed records and the mentions once, in turn: a
share divides figures of the same rounds, so load from other work on the machine
(which moved the shares by up to 10 points when each was timed in its own loop)
weighs on both sides of it alike.

Every timed call runs as a run parses a document (`storage.datasets.parse_many`):
with cyclic GC paused (collection waits until the document is done), after a
`gc.freeze()` of what loading spaCy, the lexicons and the kernels left behind.
Otherwise a collection that any allocation may trigger walks the whole heap
and bills it to whichever stage happened to be running.

    python benchmarks/extract_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import lxml.html
import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.adapters import text as text_adapter  # noqa: E402
from extractors.decoding import decode_bytes  # noqa: E402
from extractors.detect import detect_format  # noqa: E402
from extractors.flat_tables import Lexicon  # noqa: E402
from extractors.flat_tables.tokens import tokenize  # noqa: E402
from extractors.mentions import mention_rows  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from extractors.records import add_typed, core_rows  # noqa: E402
from storage.parsed_cache import gc_paused  # noqa: E402
from tests import forms  # noqa: E402
from tests.conftest import seeds_dir  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    return medians_ms([fn], repeat)[0]


def medians_ms(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median ms of each function; every round runs each of them once, in turn."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, times, strict=True):
            with gc_paused():
                start = time.process_time()  # CPU time: fair when other work shares the machine
                fn()
                out.append((time.process_time() - start) * 1000)
    return [statistics.median(t) for t in times]


def corpus() -> list[tuple[str, str, bytes]]:
    docs = []
    for path in sorted((ROOT / "samples").rglob("*")):
        if (
            path.is_file()
            and path.parent != ROOT / "samples"
            and path.suffix in {".json", ".html", ".md", ".txt"}
        ):
            docs.append(
                (f"sample {path.parent.name}/{path.stem[:24]}", path.suffix, path.read_bytes())
            )
    seeds = seeds_dir()
    if seeds.is_dir():
        for path in sorted(seeds.iterdir()):
            docs.append((f"seed {path.name[:3]}", path.suffix, path.read_bytes()))
            if path.name.startswith("001"):
                post = json.loads(path.read_text(encoding="utf-8"))
                docs.append(("seed 001 as page", ".html", forms.render_page(post).encode()))
    return docs


def stage_ms(
    data: bytes, repeat: int, baseline: Callable[[], object] | None = None
) -> tuple[float, float, float, float]:
    """Median ms of core extraction, of typed records, of mentions and of `baseline`
    (run in turn with core extraction), for one document."""

    def core_fn() -> None:
        core_rows(extract(data, "bench"))

    if baseline is None:
        core, base = median_ms(core_fn, repeat), 0.0
    else:
        core, base = medians_ms([core_fn, baseline], repeat)
    ex = extract(data, "bench")
    if ex.document is None:
        return core, 0.0, 0.0, base
    rows = core_rows(ex)
    typed = median_ms(lambda: add_typed(core_rows(ex), ex.document), repeat) - median_ms(
        lambda: core_rows(ex), repeat
    )
    add_typed(rows, ex.document)
    mentions = median_ms(lambda: mention_rows(rows), repeat)
    return core, max(typed, 0.0), mentions, base


class TextTableTimes(NamedTuple):
    """Medians of one text document's rounds (ms), and the rows its tables rebuild."""

    core_met: float  # core extraction, the template met before
    tables_met: float  # the `find_tables` calls inside it
    core_new: float  # the same with the template new to the run
    tables_new: float
    typed: float  # typed records
    mentions: float
    rows: int


def text_tables_ms(
    data: bytes, others: list[str], repeat: int, sibling: list[list[str]]
) -> TextTableTimes:
    """Core extraction and the `find_tables` calls inside it, for a text document read as
    a later article of a run, its template met (after the `sibling` tables) and new (see
    the module doc); and its typed records and mentions.

    Every round times all of them once, in turn, so load from other work on the machine
    weighs on each figure alike: the shares compare figures of the same rounds.
    """
    real = text_adapter.find_tables
    spent, rows = [0.0], [0]

    def timed(lines, lexicon=None):
        start = time.process_time()
        spans = real(lines, lexicon)
        spent[0] += time.process_time() - start
        rows[0] += sum(len(span.table.rows) for span in spans)
        return spans

    def read(tables_first: list[list[str]]) -> tuple[float, float]:
        Lexicon.default()._memo.clear()
        for other in others:
            text_adapter.text_blocks(other)
        for lines in tables_first:
            real(lines)
        tokenize.cache_clear()
        spent[0], rows[0] = 0.0, 0
        with gc_paused():
            start = time.process_time()
            core_rows(extract(data, "bench"))
            core = (time.process_time() - start) * 1000
        return core, spent[0] * 1000

    def ms(fn: Callable[[], object]) -> float:
        with gc_paused():
            start = time.process_time()
            fn()
            return (time.process_time() - start) * 1000

    ex = extract(data, "bench")
    doc = ex.document
    typed_rows = core_rows(ex)
    add_typed(typed_rows, doc)
    times: list[list[float]] = [[] for _ in range(6)]
    with find_tables_as(timed):
        for _ in range(repeat):
            core_met, tables_met = read(sibling)
            core_new, tables_new = read([])
            typed = ms(lambda: add_typed(core_rows(ex), doc)) - ms(lambda: core_rows(ex))
            mentions = ms(lambda: mention_rows(typed_rows))
            found = (core_met, tables_met, core_new, tables_new, max(typed, 0.0), mentions)
            for out, value in zip(times, found, strict=True):
                out.append(value)
    return TextTableTimes(*map(statistics.median, times), rows=rows[0])


def sibling_tables(data: bytes) -> list[list[str]]:
    """Each table the document's extraction finds, as a sibling article of the same
    template would hold it: the same header line, the rows in reverse order."""
    real = text_adapter.find_tables
    out: list[list[str]] = []

    def keep(lines, lexicon=None):
        spans = real(lines, lexicon)
        out.extend(
            [lines[span.start], *reversed(lines[span.start + 1 : span.end])] for span in spans
        )
        return spans

    with find_tables_as(keep):
        extract(data, "bench")
    return out


@contextmanager
def find_tables_as(wrapper: Callable[..., list]) -> Iterator[None]:
    """The text adapter calls `wrapper` instead of `find_tables` (which it wraps) inside."""
    real = text_adapter.find_tables
    text_adapter.find_tables = wrapper
    try:
        yield
    finally:
        text_adapter.find_tables = real


def warm_up(docs: list[tuple[str, str, bytes]]) -> None:
    """Every stage once on every document, then `gc.freeze()`, as a run does after its first
    document of each format (`storage.datasets._freeze_after_first`)."""
    for _, _, data in docs:
        ex = extract(data, "bench")
        if ex.document is not None:
            rows = core_rows(ex)
            add_typed(rows, ex.document)
            mention_rows(rows)
    gc.collect()
    gc.freeze()


def text_documents(docs: list[tuple[str, str, bytes]]) -> dict[str, str]:
    """Name -> decoded text of every plain-text document of the corpus."""
    out = {}
    for name, _, data in docs:
        text = decode_bytes(data).text
        if detect_format(text) == "text":
            out[name] = text
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print(
        "Core = decode, detect, adapter, normalize, sections/blocks/tables rows (what the "
        "baselines compare with); typed records and mentions are issue 4's extra stages.\n"
    )
    print(
        "| document | core ms | typed ms | mentions ms | lxml parse ms | trafilatura ms "
        "| core/lxml | trafilatura/core |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    totals = [0.0, 0.0, 0.0]
    docs = corpus()
    warm_up(docs)
    for name, suffix, data in docs:
        text = data.decode("utf-8") if suffix == ".html" else ""
        parse = (lambda t=text: lxml.html.document_fromstring(t)) if text else None
        core, typed, mentions, lx = stage_ms(data, args.repeat, parse)
        totals = [t + s for t, s in zip(totals, (core, typed, mentions), strict=True)]
        cells = f"| {name} | {core:.1f} | {typed:.1f} | {mentions:.1f} |"
        if text:
            tr = median_ms(lambda t=text: trafilatura.extract(t), max(args.repeat // 3, 3))
            print(f"{cells} {lx:.1f} | {tr:.1f} | {core / lx:.1f}x | {tr / core:.1f}x |")
        else:
            print(f"{cells} | | | |")
    texts = text_documents(docs)
    if texts:
        print(
            "\nText documents read as a later article of a run (its template met before, or new to "
            "the run): the flat-table search "
            "timed inside core extraction (issue 3, item 5)\n"
        )
        print(
            "| document | core ms, in a run | find_tables ms | rows | ms/row "
            "| share of core | share of all stages | template new: find_tables ms "
            "| template new: share of all stages |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, _, data in docs:
            if name not in texts:
                continue
            others = [t for other, t in texts.items() if other != name]
            t = text_tables_ms(data, others, args.repeat, sibling_tables(data))
            every = t.core_met + t.typed + t.mentions
            every_new = t.core_new + t.typed + t.mentions
            print(
                f"| {name} | {t.core_met:.1f} | {t.tables_met:.1f} | {t.rows} "
                f"| {t.tables_met / max(t.rows, 1):.2f} | {t.tables_met / t.core_met:.0%} "
                f"| {t.tables_met / every:.0%} "
                f"| {t.tables_new:.1f} | {t.tables_new / every_new:.0%} |"
            )
    n = len(docs)
    core, typed, mentions = totals
    all_ms = core + typed + mentions
    print(
        f"\n{n} documents: core {core:.0f} ms, typed {typed:.0f} ms, mentions {mentions:.0f} ms; "
        f"{n / all_ms * 1000:.0f} documents/s in-process on one core with every stage "
        f"({n / core * 1000:.0f}/s core only)"
    )


if __name__ == "__main__":
    main()
