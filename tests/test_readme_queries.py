"""The README's analyst questions run as shown: same SQL, same output, on the samples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli.query import run_query
from storage.snapshots import publish
from tests.golden import sample_tables

README = Path(__file__).resolve().parent.parent / "README.md"
PAIR = re.compile(r"```sql\n(.*?)\n```\s*```text\n(.*?)\n```", re.S)
EXAMPLES = PAIR.findall(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("readme") / "output"
    publish(out, sample_tables(), {"parser_version": "readme"})
    return out


def test_readme_has_at_least_six_analyst_questions():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(("sql", "shown"), EXAMPLES, ids=[f"q{i}" for i in range(len(EXAMPLES))])
def test_readme_query_output_is_current(sql, shown, output, capsys):
    assert run_query(sql, output) == 0
    printed = capsys.readouterr().out
    assert [line.rstrip() for line in printed.strip().splitlines()] == [
        line.rstrip() for line in shown.strip().splitlines()
    ]
