"""One stage of the flat-table search, a past commit against the working tree, looped.

`table_ab` times each document once per round, as a later article of a run; on
this shared machine its ratios move by +-10% between runs of the same code. For
a change of a few percent this script loops one stage many times instead,
alternating the two packages (loaded as `table_ab` loads them), and reports the
minimum, first quartile and median of each and their ratios (tree / base):

- `tokenize`: `tokens.tokenize_lines` over every table group of every text document;
- `find`: `detect.find_tables` over every group, lexicon memo and line cache cleared
  first, so every header's priors and scorers are made again (a cold run).

    python -m benchmarks.table_loop_ab [--base REV] [--stage tokenize|find] [--loops N]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import extractors.flat_tables as current
from benchmarks.table_ab import base_package, search, text_groups


def stage(package: ModuleType, name: str, groups: list[list[str]]) -> Callable[[], None]:
    """The looped stage of `package` over `groups`."""
    if name == "tokenize":

        def tokenize() -> None:
            for group in groups:
                package.tokens.tokenize_lines(group)

        return tokenize

    def find() -> None:
        package.Lexicon.default()._memo.clear()
        package.tokens.tokenize.cache_clear()
        search(package, groups)

    return find


def quartiles(times: list[float]) -> tuple[float, float, float]:
    """(min, first quartile, median) in ms."""
    times = sorted(times)
    return tuple(times[int(len(times) * q)] * 1000 for q in (0.0, 0.25, 0.5))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="HEAD")
    parser.add_argument("--stage", choices=("tokenize", "find"), default="find")
    parser.add_argument("--loops", type=int, default=40)
    args = parser.parse_args()
    groups = [group for doc in text_groups().values() for group in doc]
    with tempfile.TemporaryDirectory() as tmp:
        base = base_package(args.base, Path(tmp))
        runs = [stage(base, args.stage, groups), stage(current, args.stage, groups)]
        for run in runs:
            run()  # compile and warm both
        gc.collect()
        gc.freeze()
        gc.disable()
        times: list[list[float]] = [[], []]
        for _ in range(args.loops):
            for run, out in zip(runs, times, strict=True):
                start = time.process_time()
                run()
                out.append(time.process_time() - start)
        gc.enable()
    b, t = quartiles(times[0]), quartiles(times[1])
    print(f"{args.stage}, {args.base} (base) vs working tree, {args.loops} loops, ms\n")
    print("| | min | p25 | median |\n|---|---:|---:|---:|")
    print(f"| base | {b[0]:.2f} | {b[1]:.2f} | {b[2]:.2f} |")
    print(f"| tree | {t[0]:.2f} | {t[1]:.2f} | {t[2]:.2f} |")
    print(f"| tree / base | {t[0] / b[0]:.2f} | {t[1] / b[1]:.2f} | {t[2] / b[2]:.2f} |")


if __name__ == "__main__":
    main()
