"""Extraction speed, as ratios against baselines measured in the same run.

For every seed and sample document: our in-process extraction (decode, detect,
adapter, normalize, records), and for HTML articles a bare lxml parse of the
same page and trafilatura's plain-text extraction of it. Medians of repeated
runs; extraction and the lxml parse take turns in the same rounds, so load from
other work on the machine weighs on both alike. Prefect's per-run overhead is
not in these figures (see PERFORMANCE.md).

    python benchmarks/extract_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.mentions import mention_rows  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from extractors.records import add_typed, core_rows  # noqa: E402
from tests import forms  # noqa: E402
from tests.conftest import seeds_dir  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    return medians_ms([fn], repeat)[0]


def medians_ms(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median ms of each function; every round runs each of them once, in turn."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, out in zip(fns, times, strict=True):
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
