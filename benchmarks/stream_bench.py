"""Extraction of a stream of distinct HTML pages against lxml and trafilatura, one process.

`extract_bench.py` times each document many times over, so caches are warm; a
real run meets every page once. This one extracts N distinct pages (the
samples' pages, each with its role renamed, as in `reextract_bench.py`) once
each, in rounds that alternate the baselines and our stages, and reports CPU
milliseconds per page:

- lxml: `lxml.html.document_fromstring` (the bare-parse baseline);
- core: `extract` + `core_rows` (sections, blocks, tables, cells: issue 2);
- all stages: core + typed records + mentions (issue 4), no I/O;
- trafilatura: `trafilatura.extract` (its plain-text extraction).

    python benchmarks/stream_bench.py [--docs 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from benchmarks.reextract_bench import variants  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from extractors.records import article_rows, core_rows  # noqa: E402


def core(uri: str, data: bytes) -> None:
    core_rows(extract(data, uri))


def all_stages(uri: str, data: bytes) -> None:
    article_rows(extract(data, uri))


STAGES: dict[str, Callable[[str, bytes], object]] = {
    "lxml": lambda uri, data: lxml_html.document_fromstring(data),
    "core": core,
    "all stages": all_stages,
    "trafilatura": lambda uri, data: trafilatura.extract(data),
}


def per_page_ms(fn: Callable[[str, bytes], object], docs: list[tuple[str, bytes]]) -> float:
    start = time.process_time()
    for uri, data in docs:
        fn(uri, data)
    return (time.process_time() - start) / len(docs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = variants(args.docs, ("html",))
    all_stages(*docs[0])  # load spaCy and the lexicons outside the timing
    trafilatura.extract(docs[0][1])
    times: dict[str, list[float]] = {name: [] for name in STAGES}
    for _ in range(args.rounds):
        for name, fn in STAGES.items():
            times[name].append(per_page_ms(fn, docs))
    ms = {name: statistics.median(values) for name, values in times.items()}
    print(f"{len(docs)} distinct HTML pages, median of {args.rounds} rounds, CPU ms per page\n")
    print("| stage | ms/page | / lxml | trafilatura / stage |\n|---|---:|---:|---:|")
    for name, value in ms.items():
        print(
            f"| {name} | {value:.2f} | {value / ms['lxml']:.1f}x | "
            f"{ms['trafilatura'] / value:.1f}x |"
        )


if __name__ == "__main__":
    main()
