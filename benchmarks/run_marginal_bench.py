"""Marginal cost per document of a real `blueprints extract`, Prefect included.

Runs the CLI as a subprocess over N and then 10N documents (the samples,
replicated with renamed roles, as in reextract_bench; all four formats, or one
with --format) and reports the cost of each additional document and the fixed
cost of a run, in wall-clock and in CPU seconds of the run's processes.

    python benchmarks/run_marginal_bench.py [--small 100] [--large 1000] [--format html]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.reextract_bench import FOLDERS, variants  # noqa: E402
from storage.raw_store import RawStore  # noqa: E402


def extract_seconds(n: int, formats: tuple[str, ...]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `blueprints extract` over n documents."""
    tmp = Path(tempfile.mkdtemp(prefix="bp-marginal-"))
    try:
        store = RawStore(tmp / "raw")
        for uri, data in variants(n, formats):
            store.put(data, uri)
        env = {
            **os.environ,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
        }
        command = [
            sys.executable,
            "-m",
            "cli.main",
            "extract",
            "--raw-dir",
            str(tmp / "raw"),
            "--output-dir",
            str(tmp / "out"),
        ]
        cpu_before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        return time.perf_counter() - start, _children_cpu() - cpu_before
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--format", choices=sorted(FOLDERS), help="only this format")
    args = parser.parse_args()
    formats = (args.format,) if args.format else tuple(FOLDERS)
    small, large = extract_seconds(args.small, formats), extract_seconds(args.large, formats)
    print(f"formats: {', '.join(formats)}")
    for label, i in (("wall", 0), ("cpu", 1)):
        marginal = (large[i] - small[i]) / (args.large - args.small)
        print(
            f"{label}: {args.small} documents {small[i]:.1f} s; {args.large} documents "
            f"{large[i]:.1f} s; marginal {marginal * 1000:.1f} ms per document; fixed "
            f"{small[i] - args.small * marginal:.1f} s per run"
        )


if __name__ == "__main__":
    main()
