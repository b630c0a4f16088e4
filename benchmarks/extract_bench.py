"""Extraction speed, as ratios against baselines measured in the same run.

For every seed and sample document: our in-process extraction (decode, detect,
adapter, normalize, records), and for HTML articles a bare lxml parse of the
same page and trafilatura's plain-text extraction of it. Medians of repeated
runs. Prefect's per-run overhead is not in these figures (see PERFORMANCE.md).

    python benchmarks/extract_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
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


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()  # CPU time: fair when other work shares the machine
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def corpus() -> list[tuple[str, str, bytes]]:
    docs = []
    for path in sorted((ROOT / "samples").rglob("*")):
        if path.is_file() and path.parent != ROOT / "samples" and path.suffix in {".json", ".html", ".md", ".txt"}:
            docs.append((f"sample {path.parent.name}/{path.stem[:24]}", path.suffix, path.read_bytes()))
    seeds = seeds_dir()
    if seeds.is_dir():
        for path in sorted(seeds.iterdir()):
            docs.append((f"seed {path.name[:3]}", path.suffix, path.read_bytes()))
            if path.name.startswith("001"):
                post = json.loads(path.read_text(encoding="utf-8"))
                docs.append(("seed 001 as page", ".html", forms.render_page(post).encode()))
    return docs


def stage_ms(data: bytes, repeat: int) -> tuple[float, float, float]:
    """Median ms of core extraction, of typed records, and of mentions, for one document."""
    core = median_ms(lambda: core_rows(extract(data, "bench")), repeat)
    ex = extract(data, "bench")
    if ex.document is None:
        return core, 0.0, 0.0
    rows = core_rows(ex)
    typed = median_ms(lambda: add_typed(core_rows(ex), ex.document), repeat) - median_ms(
        lambda: core_rows(ex), repeat
    )
    add_typed(rows, ex.document)
    mentions = median_ms(lambda: mention_rows(rows), repeat)
    return core, max(typed, 0.0), mentions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print("Core = decode, detect, adapter, normalize, sections/blocks/tables rows (what the "
          "baselines compare with); typed records and mentions are issue 4's extra stages.\n")
    print("| document | core ms | typed ms | mentions ms | lxml parse ms | trafilatura ms "
          "| core/lxml | trafilatura/core |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    totals = [0.0, 0.0, 0.0]
    docs = corpus()
    for name, suffix, data in docs:
        stages = stage_ms(data, args.repeat)
        totals = [t + s for t, s in zip(totals, stages, strict=True)]
        core, typed, mentions = stages
        cells = f"| {name} | {core:.1f} | {typed:.1f} | {mentions:.1f} |"
        if suffix == ".html":
            text = data.decode("utf-8")
            lx = median_ms(lambda t=text: lxml.html.document_fromstring(t), args.repeat)
            tr = median_ms(lambda t=text: trafilatura.extract(t), max(args.repeat // 3, 3))
            print(f"{cells} {lx:.1f} | {tr:.1f} | {core / lx:.1f}x | {tr / core:.1f}x |")
        else:
            print(f"{cells} | | | |")
    n = len(docs)
    core, typed, mentions = totals
    all_ms = core + typed + mentions
    print(f"\n{n} documents: core {core:.0f} ms, typed {typed:.0f} ms, mentions {mentions:.0f} ms; "
          f"{n / all_ms * 1000:.0f} documents/s in-process on one core with every stage "
          f"({n / core * 1000:.0f}/s core only)")


if __name__ == "__main__":
    main()
