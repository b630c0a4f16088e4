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

from extractors.pipeline import extract  # noqa: E402
from extractors.records import article_rows  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print("| document | ours ms | lxml parse ms | trafilatura ms | ours/lxml | trafilatura/ours |")
    print("|---|---:|---:|---:|---:|---:|")
    total_ours = 0.0
    for name, suffix, data in corpus():
        ours = median_ms(lambda d=data: article_rows(extract(d, "bench")), args.repeat)
        total_ours += ours
        if suffix == ".html":
            text = data.decode("utf-8")
            lx = median_ms(lambda t=text: lxml.html.document_fromstring(t), args.repeat)
            tr = median_ms(lambda t=text: trafilatura.extract(t), max(args.repeat // 3, 3))
            print(f"| {name} | {ours:.1f} | {lx:.1f} | {tr:.1f} | {ours / lx:.1f}x | {tr / ours:.1f}x |")
        else:
            print(f"| {name} | {ours:.1f} | | | | |")
    n = len(corpus())
    print(f"\n{n} documents, {total_ours:.0f} ms in all: {n / total_ours * 1000:.0f} documents/s "
          "in-process on one core")


if __name__ == "__main__":
    main()
