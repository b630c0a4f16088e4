"""The flat-table search's results are reused for unchanged lines under unchanged code, and only then.

`storage.table_cache` keeps what `find_tables` gave for all of a text document's
groups of lines, keyed by those exact groups, under `table_search_version`.
Reusing them must give the very same document model; a changed line, a
different grouping, or a fix to the search itself must search again; a fix
elsewhere in the model stage must not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import extractors.adapters.text as text_adapter
from extractors.pipeline import extract
from extractors.version import (
    MODEL_ENTRY,
    TABLE_SEARCH_ENTRY,
    format_skips,
    stage_digest,
    stage_files,
    table_search_version,
)
from storage.datasets import parse_many
from storage.parsed_cache import StageCaches
from storage.raw_store import RawStore
from storage.table_cache import TableCache, groups_digest
from tests.conftest import SAMPLES_DIR, count_model_reads, seed_path

REPO = Path(__file__).resolve().parent.parent


def _text_samples() -> list[Path]:
    paths = sorted((SAMPLES_DIR / "text").glob("*.txt"))
    assert paths, "no text samples"
    return paths


@pytest.fixture
def search_calls(monkeypatch) -> list[int]:
    """How many groups `find_tables` was run on (through the text adapter)."""
    calls: list[int] = []
    real = text_adapter.find_tables

    def counted(lines, lexicon=None):
        calls.append(len(lines))
        return real(lines, lexicon)

    monkeypatch.setattr(text_adapter, "find_tables", counted)
    return calls


def _reuse_round_trip(data: bytes, root: Path, search_calls: list[int]) -> None:
    plain = extract(data, "file:///doc.txt")
    assert plain.format == "text" and plain.document is not None
    tables = [b.table for b in plain.document.blocks if b.table is not None]
    assert tables, "the document rebuilds no table: nothing to reuse"
    first = TableCache(root, "t1")
    assert extract(data, "file:///doc.txt", first.tables_of).document == plain.document
    assert first.searched == 1
    search_calls.clear()
    again = TableCache(root, "t1")  # another process: read from disk, not memory
    reused = extract(data, "file:///doc.txt", again.tables_of)
    assert reused.document == plain.document
    assert again.searched == 0 and search_calls == []


@pytest.mark.parametrize("path", _text_samples(), ids=lambda p: p.stem)
def test_reused_tables_give_the_same_model_without_searching(path, tmp_path, search_calls):
    _reuse_round_trip(path.read_bytes(), tmp_path, search_calls)


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_reused_tables_give_the_same_model_on_the_text_seeds(prefix, tmp_path, search_calls):
    _reuse_round_trip(seed_path(prefix).read_bytes(), tmp_path, search_calls)


def test_a_changed_line_or_grouping_is_another_key():
    groups = [["Tool Use Commonality", "Git Version control Common"], ["a b", "c"]]
    same = [list(g) for g in groups]
    assert groups_digest(groups) == groups_digest(same)
    changed = [groups[0], ["a b", "c d"]]
    regrouped = [groups[0], ["a", "b c"]]
    merged = [groups[0] + groups[1]]
    digests = {groups_digest(g) for g in (groups, changed, regrouped, merged)}
    assert len(digests) == 4


def test_an_entry_that_does_not_fit_its_groups_is_searched_again(tmp_path, search_calls):
    data = _text_samples()[0].read_bytes()
    plain = extract(data, "file:///doc.txt")
    cache = TableCache(tmp_path, "t1")
    groups: list[list[str]] = []

    def spy(found):
        groups.extend(found)
        return cache.tables_of(found)

    extract(data, "file:///doc.txt", spy)
    cache.cache.put(groups_digest(groups), [[]])  # a damaged entry: one group's worth
    search_calls.clear()
    fresh = TableCache(tmp_path, "t1")
    assert extract(data, "file:///doc.txt", fresh.tables_of).document == plain.document
    assert fresh.searched == 1 and len(search_calls) == len(groups)


def _store_with_every_format(tmp_path: Path) -> tuple[RawStore, list]:
    suffix = {"wp_json": ".json", "html": ".html", "markdown": ".md", "text": ".txt"}
    store = RawStore(tmp_path / "raw")
    for fmt, ext in suffix.items():
        path = sorted((SAMPLES_DIR / fmt).glob(f"*{ext}"))[0]
        store.put(path.read_bytes(), f"file:///sample{ext}")
    return store, list(store.documents().values())


def test_a_fix_elsewhere_in_the_model_stage_reuses_the_search(tmp_path, monkeypatch):
    store, records = _store_with_every_format(tmp_path)
    versions = {f: f"m-{f}" for f in ("wp_json", "html", "markdown", "text", None)}
    base = StageCaches.under(tmp_path / "parsed", "p1", versions, "t1")
    parse_many(store, base, records)
    assert base.tables.searched == 1  # the one text document
    rows = {r.doc_id: base.records.get(r.doc_id) for r in records}

    read = count_model_reads(monkeypatch)
    # A fix every format runs (normalize, decoding): every model is read again...
    every = StageCaches.under(
        tmp_path / "parsed", "p2", {f: v + "-fix" for f, v in versions.items()}, "t1"
    )
    parse_many(store, every, records)
    assert len(read) == len(records)
    assert every.tables.searched == 0  # ...but the text document's tables are reused
    assert {r.doc_id: every.records.get(r.doc_id) for r in records} == rows
    # A fix to the search: the text document is read and searched again.
    read.clear()
    searched = StageCaches.under(
        tmp_path / "parsed", "p3", {**versions, "text": "m-text-search-fix"}, "t2"
    )
    parse_many(store, searched, records)
    assert read == ["file:///sample.txt"] and searched.tables.searched == 1
    assert {r.doc_id: searched.records.get(r.doc_id) for r in records} == rows


def test_the_search_version_covers_the_search_and_nothing_else(tmp_path):
    files = {p.relative_to(REPO).as_posix() for p in stage_files(REPO, TABLE_SEARCH_ENTRY)}
    assert {
        "extractors/flat_tables/segment.py",
        "extractors/flat_tables/lexicon.json",
        "extractors/data/gazetteer.jsonl",
        "extractors/model.py",
    } <= files
    text_model = {
        p.relative_to(REPO).as_posix() for p in stage_files(REPO, MODEL_ENTRY, format_skips("text"))
    }
    assert files <= text_model  # a search fix is also a fix of the text model
    assert not any(f.startswith("extractors/adapters/") for f in files)
    assert "extractors/normalize.py" not in files

    root = tmp_path / "repo"
    shutil.copytree(
        REPO / "extractors", root / "extractors", ignore=shutil.ignore_patterns("__pycache__")
    )
    base = stage_digest(root, TABLE_SEARCH_ENTRY)
    for relative, changes in (
        ("extractors/normalize.py", False),
        ("extractors/adapters/text.py", False),
        ("extractors/flat_tables/segment.py", True),
    ):
        path = root / relative
        path.write_text(path.read_text() + "\n# a fix\n")
        now = stage_digest(root, TABLE_SEARCH_ENTRY)
        assert (now != base) == changes, relative
        base = now
    assert table_search_version().endswith(stage_digest(REPO, TABLE_SEARCH_ENTRY))
