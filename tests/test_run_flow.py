"""`blueprints run` end to end through Prefect: idempotent, incremental, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest
from prefect.testing.utilities import prefect_test_harness

from cli.main import main
from storage.snapshots import list_snapshots
from tests.samples import sample_post_html, tiny_article_text

DATASETS = ("documents", "articles", "sections", "blocks", "tables", "table_cells")


@pytest.fixture(scope="module", autouse=True)
def prefect_backend():
    with prefect_test_harness(server_startup_timeout=120):
        yield


def _post(post_id: int, role: str) -> dict:
    return {
        "id": post_id,
        "slug": f"{role.lower().replace(' ', '-')}-role-blueprint",
        "title": {"rendered": f"{role}: Role Blueprint"},
        "modified_gmt": "2026-01-02T03:04:05",
        "date_gmt": "2026-01-01T00:00:00",
        "content": {"rendered": sample_post_html()},
    }


def _source(tmp: Path) -> Path:
    src = tmp / "in"
    src.mkdir()
    (src / "a.txt").write_text(tiny_article_text(title="Harbour Pilot: Role Blueprint"))
    (src / "b.json").write_text(json.dumps([_post(1, "Lock Keeper"), _post(2, "Buoy Tender")]))
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.json").write_text('{"id": 3, "content": {"rendered": "<h2>1) Ro')
    (src / "noise.bin").write_bytes(bytes(range(256)) * 8)
    return src


def _run(src: Path, tmp: Path, *extra: str) -> int:
    return main(
        [
            "run",
            "--from-dir",
            str(src),
            "--raw-dir",
            str(tmp / "raw"),
            "--output-dir",
            str(tmp / "out"),
            *extra,
        ]
    )


def _read(tmp: Path) -> dict[str, list[dict]]:
    out = {}
    for name in DATASETS:
        table = ds.dataset(tmp / "out" / name, format="parquet").to_table()
        out[name] = (
            table.drop_columns(["loaded_at"]).to_pylist()
            if name == "documents"
            else (table.to_pylist())
        )
    return out


def test_run_accounts_for_every_file_and_is_idempotent(tmp_path):
    src = _source(tmp_path)
    assert _run(src, tmp_path) == 0
    first = _read(tmp_path)
    docs = {Path(d["source_uri"].split("#")[0]).name: d for d in first["documents"]}
    assert sorted(docs) == ["a.txt", "b.json", "broken.json", "empty.txt", "noise.bin"]
    assert len(first["documents"]) == 6  # the JSON array is one document per post
    assert {d["status"] for d in first["documents"] if d["article_id"] is None} == {"quarantined"}
    assert all(d["error"] for d in first["documents"] if d["status"] == "quarantined")
    assert sorted(a["role"] for a in first["articles"]) == [
        "Buoy Tender",
        "Harbour Pilot",
        "Lock Keeper",
    ]
    snapshots = list_snapshots(tmp_path / "out")

    assert _run(src, tmp_path) == 0
    assert _read(tmp_path) == first
    assert list_snapshots(tmp_path / "out") == snapshots  # nothing changed, nothing published

    (src / "c.txt").write_text(tiny_article_text(title="Ferry Dispatcher: Role Blueprint"))
    assert _run(src, tmp_path) == 0
    second = _read(tmp_path)
    for name in DATASETS:
        old = [r for r in first[name] if name != "documents"]
        added = [r for r in second[name] if r not in first[name]]
        if name == "documents":
            assert [Path(r["source_uri"]).name for r in added] == ["c.txt"]
        else:
            assert all(r in second[name] for r in old)
            assert {r["article_id"] for r in added} <= {"ferry-dispatcher-role-blueprint"}
            if name in ("articles", "sections", "blocks"):
                assert added


def test_datasets_read_with_duckdb_and_keys_are_unique(tmp_path):
    assert _run(_source(tmp_path), tmp_path) == 0
    con = duckdb.connect()
    out = (tmp_path / "out").as_posix()
    n, distinct = con.execute(
        f"select count(*), count(distinct (article_id, block_no)) "
        f"from read_parquet('{out}/blocks/**/*.parquet')"
    ).fetchone()
    assert n == distinct > 0
    versions = con.execute(
        f"select distinct parser_version from read_parquet('{out}/articles/**/*.parquet')"
    ).fetchall()
    assert len(versions) == 1 and "+" in versions[0][0]


def test_query_command_exposes_each_dataset_as_a_view(tmp_path, capsys):
    assert _run(_source(tmp_path), tmp_path) == 0
    capsys.readouterr()
    assert (
        main(["query", "select count(*) as n from articles", "--output-dir", str(tmp_path / "out")])
        == 0
    )
    assert capsys.readouterr().out.split() == ["n", "3"]


def test_usage_error_exits_non_zero(tmp_path):
    assert _run(tmp_path / "missing", tmp_path) == 2


def test_article_in_several_formats_takes_its_records_from_the_json_post():
    from tests.golden import sample_tables

    tables = sample_tables()
    docs = tables["documents"].to_pylist()
    articles = tables["articles"].to_pylist()
    assert len(docs) == 12 and len(articles) == 3
    assert all(d["article_id"] for d in docs)  # every document keeps its article
    sources = {d["doc_id"]: d for d in docs if d["is_article_source"]}
    assert len(sources) == 3
    assert {sources[a["doc_id"]]["format"] for a in articles} == {"wp_json"}
    assert {a["format"] for a in articles} == {"wp_json"}
