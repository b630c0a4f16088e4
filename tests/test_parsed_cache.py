"""The parse caches: atomic writes, lookups by doc_id, and pruning of old versions."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass

import pytest

import storage.parsed_cache
from storage.parsed_cache import ModelCache, ParsedCache, StageCaches

DOC = "ab" + "0" * 62


def test_put_then_get_round_trips_and_leaves_no_temp_files(tmp_path):
    cache = ParsedCache(tmp_path, "v1")
    assert cache.get(DOC) is None and not cache.has(DOC)
    cache.put(DOC, {"rows": [1, 2]})
    cache.put(DOC, {"rows": [3]})  # overwrite in place
    assert cache.get(DOC) == {"rows": [3]} and cache.has(DOC)
    assert [p.name for p in cache.path(DOC).parent.iterdir()] == [f"{DOC}.pkl"]


def test_a_truncated_file_reads_as_missing(tmp_path):
    cache = ParsedCache(tmp_path, "v1")
    cache.put(DOC, {"rows": list(range(100))})
    path = cache.path(DOC)
    path.write_bytes(path.read_bytes()[:10])
    assert cache.get(DOC) is None


def test_a_version_is_one_flat_directory_of_entries(tmp_path):
    """No shard directories: creating one costs as much as writing several entries."""
    cache = ParsedCache(tmp_path, "v1")
    docs = [f"{prefix}{'0' * 62}" for prefix in ("ab", "cd", "ef")]
    for doc in docs:
        cache.put(doc, doc)
    assert sorted(p.name for p in (tmp_path / "v1").iterdir()) == [f"{d}.pkl" for d in docs]
    assert [cache.get(d) for d in docs] == docs


def test_an_entry_killed_before_its_rename_is_never_read(tmp_path, monkeypatch):
    cache = ParsedCache(tmp_path, "v1")
    cache.put(DOC, "old")

    def killed(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(storage.parsed_cache.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        cache.put(DOC, "new")
    with pytest.raises(KeyboardInterrupt):
        cache.put("cd" + DOC[2:], "new")
    assert (cache.get(DOC), cache.has("cd" + DOC[2:])) == ("old", False)
    assert [p.name for p in (tmp_path / "v1").iterdir()] == [f"{DOC}.pkl"]


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_garbage_collection_as_it_was(tmp_path, enabled):
    cache = ParsedCache(tmp_path, "v1")
    cache.put(DOC, {"rows": [1]})
    cache.path(DOC).with_name("bad.pkl").write_bytes(b"\x80\x05")
    (gc.enable if enabled else gc.disable)()
    try:
        assert [cache.get(DOC), cache.get("bad"), cache.get("missing")] == [
            {"rows": [1]},
            None,
            None,
        ]
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_prune_keeps_this_version_and_the_newest_others(tmp_path):
    for i, version in enumerate(["v1", "v2", "v3", "v4"]):
        ParsedCache(tmp_path, version).put(DOC, version)
        os.utime(tmp_path / version, (1_000_000 + i, 1_000_000 + i))
    current = ParsedCache(tmp_path, "v1")  # the oldest, but in use
    assert sorted(current.prune(keep=3)) == ["v2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1", "v3", "v4"]
    assert current.get(DOC) == "v1"


def test_stage_caches_live_side_by_side_under_their_versions(tmp_path):
    versions = {"html": "m-html", "text": "m-text", None: "m-none"}
    caches = StageCaches.under(tmp_path, parser_version="p1", model_versions=versions)
    caches.models.put(DOC, _Model("text"))
    caches.records.put(DOC, "rows")
    assert (caches.models.get(DOC).format, caches.records.get(DOC)) == ("text", "rows")
    assert (tmp_path / "models" / "m-text").is_dir()

    new_parser = StageCaches.under(tmp_path, parser_version="p2", model_versions=versions)
    assert new_parser.models.get(DOC).format == "text" and new_parser.records.get(DOC) is None

    html_fix = StageCaches.under(tmp_path, "p2", {**versions, "html": "m-html-2"})
    assert html_fix.models.get(DOC).format == "text"  # a text document never runs the html code
    text_fix = StageCaches.under(tmp_path, "p2", {**versions, "text": "m-text-2"})
    assert text_fix.models.get(DOC) is None


def test_a_model_found_under_another_formats_version_is_not_used(tmp_path):
    """Equal versions for two formats must not let one format's model stand in for the other."""
    cache = ModelCache(tmp_path, {"html": "m1"})
    ParsedCache(tmp_path, "m1").put(DOC, _Model("text"))
    assert cache.get(DOC) is None


def test_model_cache_prune_keeps_every_current_format_version(tmp_path):
    versions = {"html": "a", "text": "b", None: "c"}
    for i, old in enumerate(["x", "y", "z"]):
        ParsedCache(tmp_path, old).put(DOC, _Model("html"))
        os.utime(tmp_path / old, (1_000_000 + i, 1_000_000 + i))
    cache = ModelCache(tmp_path, versions)
    for fmt in versions:
        cache.put(DOC, _Model(fmt))
    assert sorted(cache.prune(keep=2)) == ["x", "y"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c", "z"]


@dataclass
class _Model:
    format: str | None


def test_a_held_result_is_handed_over_once_without_unpickling(tmp_path, monkeypatch):
    """`assemble` right after parsing gets the rows just written, not a second unpickle."""
    cache = ParsedCache(tmp_path, "v1", hold=True)
    result = {"rows": [1, 2]}
    cache.put(DOC, result)
    loads = []
    real_load = storage.parsed_cache.pickle.load
    monkeypatch.setattr(
        storage.parsed_cache.pickle, "load", lambda f: loads.append(1) or real_load(f)
    )
    assert cache.get(DOC) is result and loads == []
    assert cache.get(DOC) == result and loads == [1]  # handed over once: then from disk


def test_a_held_result_whose_file_is_gone_is_not_served(tmp_path):
    cache = ParsedCache(tmp_path, "v1", hold=True)
    cache.put(DOC, {"rows": [1]})
    cache.path(DOC).unlink()
    assert cache.get(DOC) is None


def test_holding_is_bounded_and_only_for_caches_that_ask(tmp_path, monkeypatch):
    monkeypatch.setattr(storage.parsed_cache, "HELD_MAX", 2)
    monkeypatch.setattr(storage.parsed_cache, "_held", {})
    plain, held = ParsedCache(tmp_path, "plain"), ParsedCache(tmp_path, "held", hold=True)
    docs = [f"{prefix}{'0' * 62}" for prefix in ("ab", "cd", "ef")]
    for doc in docs:
        plain.put(doc, doc)
        held.put(doc, doc)
    assert list(storage.parsed_cache._held) == [str(held.path(d)) for d in docs[1:]]
    assert [held.get(d) for d in docs] == docs  # the dropped one is read from disk


def test_stage_caches_hold_records_not_models(tmp_path):
    """Models are changed after loading (`source_uri`), so they are never shared."""
    caches = StageCaches.under(tmp_path, "p1", {"text": "m1"})
    assert caches.records.hold and not any(c.hold for c in caches.models.caches.values())
