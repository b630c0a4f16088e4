"""Marginal cost per document of a real `blueprints extract`, Prefect included.

Runs the CLI as a subprocess over N and then 10N documents (the samples,
replicated with renamed roles, as in reextract_bench) and reports the cost of
each additional document and the fixed cost of a run.

    python benchmarks/run_marginal_bench.py [--small 100] [--large 1000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.reextract_bench import variants  # noqa: E402
from storage.raw_store import RawStore  # noqa: E402


def extract_seconds(n: int) -> float:
    tmp = Path(tempfile.mkdtemp(prefix="bp-marginal-"))
    try:
        store = RawStore(tmp / "raw")
        for uri, data in variants(n):
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
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    args = parser.parse_args()
    small, large = extract_seconds(args.small), extract_seconds(args.large)
    marginal = (large - small) / (args.large - args.small)
    print(f"{args.small} documents: {small:.1f} s; {args.large} documents: {large:.1f} s")
    print(
        f"marginal {marginal * 1000:.1f} ms per document; fixed {small - args.small * marginal:.1f} s"
        " per run"
    )


if __name__ == "__main__":
    main()
