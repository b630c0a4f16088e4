"""The samples' datasets equal tests/golden/ (regenerate with `make golden` after a parser change)."""

from __future__ import annotations

import difflib

from tests.golden import GOLDEN, sample_tables, to_lines


def test_sample_datasets_match_golden_outputs():
    fresh = {name: to_lines(table) for name, table in sample_tables().items()}
    stored = {p.stem: p.read_text(encoding="utf-8").splitlines() for p in GOLDEN.glob("*.jsonl")}
    assert sorted(fresh) == sorted(stored), "datasets differ: run `make golden` and review"
    problems = []
    for name in sorted(fresh):
        if fresh[name] != stored[name]:
            diff = list(
                difflib.unified_diff(stored[name], fresh[name], "golden", "now", n=0, lineterm="")
            )
            problems.append(f"{name}: {len(diff) - 2} lines differ\n" + "\n".join(diff[2:8]))
    assert not problems, "run `make golden` and review the diff:\n" + "\n\n".join(problems)
