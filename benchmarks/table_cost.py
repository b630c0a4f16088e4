"""Where the flat-table rebuild's time goes: per table, or per row? Would batching help?

Two measurements on the tables the text seeds hold (read at run time, rebuilt
from their flattened lines; nothing of the seeds is stored here):

1. Rows: every table rebuilt as it is, then with its rows repeated 2x and 4x
   (same header, same width). If the time grew with the rows, the rebuild
   would be row-bound; the share that does not grow is paid once per table
   and pass (array set-up, per-batch lookups, per-column work).
2. Batching: per seed, the sum of its tables rebuilt one by one against one
   table holding all of its rows under its widest header (one set of passes
   for the document, rows padded to the longest). This is what "one set of
   learning passes for all of a document's tables" would cost at best.

CPU time of this process, best of `--repeat` runs, with the rebuild memo of
each table's first pass dropped before each run (as for a new document).

    python -m benchmarks.table_cost [--repeat 10]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from pathlib import Path

from extractors.flat_tables import Lexicon, flatten_table, rebuild_table
from extractors.pipeline import extract

REPO = Path(__file__).resolve().parents[1]


def seed_tables() -> dict[str, list[list[str]]]:
    """Per text seed: the flattened lines (header first) of every table it rebuilds."""
    directory = Path(os.environ.get("BLUEPRINTS_SEEDS_DIR", REPO.parent / "shared" / "seeds"))
    out: dict[str, list[list[str]]] = {}
    for path in sorted(directory.glob("*")):
        result = extract(path.read_bytes(), path.as_uri())
        if result.format != "text" or result.document is None:
            continue
        tables = [b.table for b in result.document.blocks if b.table is not None]
        out[path.name[:3]] = [flatten_table(t) for t in tables if t.method == "reconstructed"]
    return out


def rebuild_ms(lines: Sequence[str], lexicon: Lexicon, repeat: int) -> float:
    """Best CPU milliseconds of one rebuild, its first pass not memoised."""
    best = float("inf")
    for _ in range(repeat):
        _forget_first_passes(lexicon)
        start = time.process_time()
        rebuild_table(lines, lexicon)
        best = min(best, time.process_time() - start)
    return best * 1000


def _forget_first_passes(lexicon: Lexicon) -> None:
    """Drop the memoised first passes (keyed by a table's lines), keep per-header work.

    A later article of a run has new lines under headers the lexicon has seen.
    """
    memo = lexicon._memo
    for key in [k for k in memo if isinstance(k, tuple) and k[:1] == ("first_pass",)]:
        del memo[key]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    lexicon = Lexicon.default()
    seeds = seed_tables()
    if not seeds:
        print("no text seeds found (set BLUEPRINTS_SEEDS_DIR)")
        return 1
    tables = [t for ts in seeds.values() for t in ts]
    rows = sum(len(t) - 1 for t in tables)
    print(f"{len(tables)} tables, {rows} rows, from {len(seeds)} text seeds\n")
    print("| rows | ms, all tables | x one copy | ms per added row |")
    print("| --- | ---: | ---: | ---: |")
    base = 0.0
    for times in (1, 2, 4):
        ms = sum(rebuild_ms([*t, *t[1:] * (times - 1)], lexicon, args.repeat) for t in tables)
        base = base or ms
        added = f"{(ms - base) / (rows * (times - 1)):.3f}" if times > 1 else "-"
        print(f"| x{times} | {ms:.1f} | {ms / base:.2f} | {added} |")
    print("\n| seed | tables | one by one, ms | all rows as one table, ms | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, ts in seeds.items():
        apart = sum(rebuild_ms(t, lexicon, args.repeat) for t in ts)
        widest = max(ts, key=lambda t: len(t[0].split()))[0]
        together = rebuild_ms([widest, *(r for t in ts for r in t[1:])], lexicon, args.repeat)
        print(f"| {name} | {len(ts)} | {apart:.1f} | {together:.1f} | {together / apart:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
