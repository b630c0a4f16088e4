"""The parse caches: atomic writes, lookups by doc_id, and pruning of old versions."""

from __future__ import annotations

import os

from storage.parsed_cache import ParsedCache, StageCaches

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


def test_prune_keeps_this_version_and_the_newest_others(tmp_path):
    for i, version in enumerate(["v1", "v2", "v3", "v4"]):
        ParsedCache(tmp_path, version).put(DOC, version)
        os.utime(tmp_path / version, (1_000_000 + i, 1_000_000 + i))
    current = ParsedCache(tmp_path, "v1")  # the oldest, but in use
    assert sorted(current.prune(keep=3)) == ["v2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1", "v3", "v4"]
    assert current.get(DOC) == "v1"


def test_stage_caches_live_side_by_side_under_their_versions(tmp_path):
    caches = StageCaches.under(tmp_path, parser_version="p1", model_version="m1")
    caches.models.put(DOC, "model")
    caches.records.put(DOC, "rows")
    assert (caches.models.get(DOC), caches.records.get(DOC)) == ("model", "rows")
    other = StageCaches.under(tmp_path, parser_version="p2", model_version="m1")
    assert other.models.get(DOC) == "model" and other.records.get(DOC) is None
