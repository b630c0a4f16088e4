"""The flat-table search of a past commit against the working tree, in one process.

Timing two checkouts in separate processes, taken in turn, left this shared
machine's drift in every ratio (a seed's median moved 20-50% between runs of the
same code). Here the base commit's `extractors/flat_tables` is exported with
`git archive` into a temporary package (`flat_tables_base`; its relative imports
stay inside it, the rest of `extractors` is the working tree's) and both run in
the same process, on the same lines, taking turns document by document.

Each text document (samples and seeds) is read as a later article of a run: each
package's lexicon memo and line cache are cleared, the other documents' tables
are searched first, then this document's `find_tables` calls are timed (CPU
time, cyclic GC paused, heap frozen, as `extract_bench` times them). Both must
find the same tables, cell for cell, or the script stops.

    python -m benchmarks.table_ab [--base REV] [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from types import ModuleType

import extractors.flat_tables as current
from extractors.adapters import text as text_adapter
from extractors.decoding import decode_bytes
from tests.conftest import seeds_dir

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "extractors/flat_tables"


def base_package(rev: str, into: Path) -> ModuleType:
    """`extractors/flat_tables` at `rev`, imported as the package `flat_tables_base`."""
    tar = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, PACKAGE],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    (into / PACKAGE).rename(into / "flat_tables_base")
    sys.path.insert(0, str(into))
    return importlib.import_module("flat_tables_base")


def text_groups() -> dict[str, list[list[str]]]:
    """Per text document: the line groups its extraction hands to `find_tables`."""
    paths = sorted((REPO / "samples" / "text").iterdir())
    seeds = seeds_dir()
    if seeds.is_dir():
        paths += [
            p for p in sorted(seeds.iterdir()) if not p.read_bytes().lstrip().startswith(b"{")
        ]
    groups: dict[str, list[list[str]]] = {}
    real = text_adapter.find_tables
    for path in paths:
        found: list[list[str]] = groups.setdefault(path.stem[:28], [])

        def record(lines, lexicon=None, found=found):
            found.append(list(lines))
            return real(lines, lexicon)

        text_adapter.find_tables = record
        try:
            text_adapter.text_blocks(decode_bytes(path.read_bytes()).text)
        finally:
            text_adapter.find_tables = real
    return groups


def search(package: ModuleType, groups: list[list[str]]) -> list[tuple]:
    lexicon = package.Lexicon.default()
    return [(s.start, s.end, s.table) for g in groups for s in package.find_tables(g, lexicon)]


def as_later_article(package: ModuleType, doc: str, groups: dict[str, list[list[str]]]) -> float:
    """CPU seconds of `doc`'s searches after every other document's, memo cleared first."""
    package.Lexicon.default()._memo.clear()
    for other, lines in groups.items():
        if other != doc:
            search(package, lines)
    package.tokens.tokenize.cache_clear()
    gc.disable()
    try:
        start = time.process_time()
        search(package, groups[doc])
        return time.process_time() - start
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="HEAD", help="commit to compare against")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = base_package(args.base, Path(tmp))
        groups = text_groups()
        for doc, lines in groups.items():
            if search(base, lines) != search(current, lines):
                raise SystemExit(f"{doc}: the two commits find different tables")
        gc.collect()
        gc.freeze()
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for doc in groups:
                for name, package in (("base", base), ("tree", current)):
                    times.setdefault((name, doc), []).append(as_later_article(package, doc, groups))
    print(
        f"find_tables CPU ms per document, {args.base} (base) vs working tree, {args.rounds} rounds"
    )
    print("\n| document | base best | tree best | base median | tree median | best | median |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for doc in groups:
        b, t = times["base", doc], times["tree", doc]
        print(
            f"| {doc} | {min(b) * 1e3:.2f} | {min(t) * 1e3:.2f} | {statistics.median(b) * 1e3:.2f} "
            f"| {statistics.median(t) * 1e3:.2f} | {min(t) / min(b):.2f} "
            f"| {statistics.median(t) / statistics.median(b):.2f} |"
        )


if __name__ == "__main__":
    main()
