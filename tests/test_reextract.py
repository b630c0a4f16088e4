"""Re-extraction: exact change reports, atomic publishing, kills at every step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

import extractors.records
import extractors.version
import flows.extract
import flows.reextract
import storage.datasets
import storage.diff
from cli.main import main
from schemas.datasets import ALL
from storage.failpoints import PUBLISH_POINTS
from storage.snapshots import current_id, list_snapshots
from tests.conftest import count_model_reads
from tests.samples import tiny_article_text

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", autouse=True)
def prefect_backend():
    with prefect_test_harness(server_startup_timeout=120):
        yield


def _corpus(tmp: Path, roles=("Harbour Pilot", "Lock Keeper")) -> Path:
    src = tmp / "in"
    src.mkdir(exist_ok=True)
    for role in roles:
        name = role.lower().replace(" ", "-")
        (src / f"{name}.txt").write_text(tiny_article_text(title=f"{role}: Role Blueprint"))
    return src


def _dirs(tmp: Path) -> list[str]:
    return ["--raw-dir", str(tmp / "raw"), "--output-dir", str(tmp / "out")]


def _plant_parser_change(monkeypatch) -> None:
    """A parser 'fix' that changes one column of one dataset, under a new parser version."""
    monkeypatch.setattr(extractors.records, "section_key", lambda title: "k_" + title.lower())
    for module in (flows.extract, flows.reextract):
        monkeypatch.setattr(module, "parser_version", lambda: "9.9.9+planted")


def _sections(tmp: Path) -> list[tuple]:
    out = (tmp / "out").as_posix()
    return duckdb.execute(
        f"select article_id, section_no, key from "
        f"read_parquet('{out}/sections/**/*.parquet') order by all"
    ).fetchall()


def test_extract_after_a_complete_run_parses_nothing(tmp_path):
    assert main(["run", "--from-dir", str(_corpus(tmp_path)), *_dirs(tmp_path)]) == 0
    summary = flows.extract.extract_flow(tmp_path / "raw", tmp_path / "out")
    assert (summary.parsed, summary.published) == (0, None)


def test_dry_run_reports_exactly_the_rows_a_planted_change_alters(tmp_path, monkeypatch):
    assert main(["run", "--from-dir", str(_corpus(tmp_path)), *_dirs(tmp_path)]) == 0
    before = _sections(tmp_path)
    snapshot = current_id(tmp_path / "out")
    _plant_parser_change(monkeypatch)

    parsed_models = count_model_reads(monkeypatch)
    result = flows.reextract.reextract_flow(tmp_path / "raw", tmp_path / "out", dry_run=True)
    assert parsed_models == [], "a fix in the record stage reuses every cached document model"
    expected = sorted(("sections", "changed", (aid, no)) for aid, no, _ in before)
    assert sorted(result.report.rows) == expected
    assert {n: c.total for n, c in result.report.datasets.items() if c.total} == {
        "sections": len(before)
    }
    text = result.report_path.read_text()
    assert "| sections | 0 | 0 | 40 |" in text and "→ k_role summary" in text
    assert result.published is None and current_id(tmp_path / "out") == snapshot
    assert _sections(tmp_path) == before

    result = flows.reextract.reextract_flow(tmp_path / "raw", tmp_path / "out")
    assert result.published and current_id(tmp_path / "out") == result.published
    out = (tmp_path / "out").as_posix()
    changed = duckdb.execute(
        f"select count(*) from read_parquet('{out}/sections/**/*.parquet') "
        "where key = 'k_' || lower(title)"
    ).fetchone()[0]
    assert changed == len(before)


def test_a_change_in_the_model_stage_reparses_every_document(tmp_path, monkeypatch):
    assert main(["run", "--from-dir", str(_corpus(tmp_path)), *_dirs(tmp_path)]) == 0
    planted = {fmt: "9.9.9+planted-model" for fmt in extractors.version.model_versions()}
    monkeypatch.setattr(flows.extract, "model_versions", lambda: planted)
    for module in (flows.extract, flows.reextract):
        monkeypatch.setattr(module, "parser_version", lambda: "9.9.9+planted")
    parsed_models = count_model_reads(monkeypatch)
    result = flows.reextract.reextract_flow(tmp_path / "raw", tmp_path / "out")
    assert len(parsed_models) == result.documents == 2
    assert not result.report.changed and result.published  # new version, same rows

    # older versions' caches are pruned to the last few; the current ones stay
    parsed = tmp_path / "out" / "_parsed"
    assert "9.9.9+planted-model" in {p.name for p in parsed.glob("models*/*")}
    assert "9.9.9+planted" in {p.name for p in parsed.glob("records*/*")}


@pytest.mark.parametrize("point", PUBLISH_POINTS)
def test_killed_reextract_leaves_a_complete_snapshot_served(tmp_path, point):
    assert main(["run", "--from-dir", str(_corpus(tmp_path)), *_dirs(tmp_path)]) == 0
    old = current_id(tmp_path / "out")
    old_rows = _sections(tmp_path)
    _corpus(tmp_path, roles=("Ferry Dispatcher",))
    assert main(["ingest", "--from-dir", str(tmp_path / "in"), *_dirs(tmp_path)]) == 0

    env = {**os.environ, "BLUEPRINTS_FAILPOINT": point, "PREFECT_API_URL": PREFECT_API_URL.value()}
    proc = subprocess.run(
        [sys.executable, "-m", "cli.main", "reextract", *_dirs(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 137, proc.stderr.decode()[-2000:]

    served = current_id(tmp_path / "out")
    rows = _sections(tmp_path)  # DuckDB reads the plain paths without error
    if point == "publish:swapped":
        assert served != old and len(rows) == len(old_rows) + 20
    else:
        assert served == old and rows == old_rows
    for name in ("sections", "blocks", "documents"):
        assert len(list((tmp_path / "out" / name).rglob("*.parquet"))) == 1

    assert main(["reextract", *_dirs(tmp_path)]) == 0  # the next run recovers
    assert len(_sections(tmp_path)) == len(old_rows) + 20
    assert not [p for p in (tmp_path / "out" / "_snapshots").iterdir() if p.name.startswith(".")]
    assert len(list_snapshots(tmp_path / "out")) <= 3


def _section_rows(titles: dict[tuple[str, int], str]) -> pa.Table:
    rows = [
        {"article_id": a, "section_no": n, "title": t, "key": t.lower(), "text": t}
        for (a, n), t in titles.items()
    ]
    for row in rows:
        row.update(n_blocks=1, n_tables=0, parser_version="p")
    return pa.Table.from_pylist(rows, schema=ALL["sections"].schema)


def test_diff_of_equal_datasets_reports_nothing_even_when_rows_are_reordered(monkeypatch):
    old = {"sections": _section_rows({("a", 1): "One", ("a", 2): "Two", ("b", 1): "Three"})}
    same = {"sections": _section_rows({("a", 1): "One", ("a", 2): "Two", ("b", 1): "Three"})}
    monkeypatch.setattr(storage.diff, "_diff_one", None)  # equal tables never reach the join
    report = storage.diff.diff_tables(old, same)
    assert not report.changed and report.datasets["sections"].total == 0

    monkeypatch.undo()
    reordered = {"sections": same["sections"].take([2, 0, 1])}
    assert not storage.diff.diff_tables(old, reordered).changed


def test_diff_reports_each_added_removed_and_changed_row_with_examples():
    old = {"sections": _section_rows({("a", 1): "One", ("a", 2): "Two", ("b", 1): "Gone"})}
    new = {
        "sections": _section_rows({("a", 1): "One", ("a", 2): "Deux", ("c", 1): "New"}),
        "blocks": ALL["blocks"].schema.empty_table(),
    }
    report = storage.diff.diff_tables(old, new)
    assert sorted(report.rows) == [
        ("sections", "added", ("c", 1)),
        ("sections", "changed", ("a", 2)),
        ("sections", "removed", ("b", 1)),
    ]
    assert (report.datasets["sections"].added, report.datasets["blocks"].total) == (1, 0)
    assert report.examples["a"] == ["sections [section_no=2] title: Two → Deux; key: two → deux"]
