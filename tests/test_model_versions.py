"""Per-format model versions: each covers all the code that reading its format executes.

A document's cached model is reused while the code its format runs is
unchanged (`extractors.version.model_versions`), so a fix to the flat-table
search re-reads text documents only. That is only safe if the static import
walk behind each version covers every function a real extraction of that
format calls: traced here with `sys.setprofile`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from extractors.pipeline import extract
from extractors.version import ADAPTERS, MODEL_ENTRY, format_skips, stage_digest, stage_files
from storage.datasets import parse_many
from storage.parsed_cache import StageCaches
from storage.raw_store import RawStore
from tests.conftest import SAMPLES_DIR, count_model_reads

REPO = Path(__file__).resolve().parent.parent
SUFFIX = {"wp_json": ".json", "html": ".html", "markdown": ".md", "text": ".txt"}


def _sample(fmt: str) -> bytes:
    return sorted((SAMPLES_DIR / fmt).glob(f"*{SUFFIX[fmt]}"))[0].read_bytes()


def _traced(data: bytes):
    """The extraction of `data` and the extractors/ source files whose code ran for it."""
    calls: set[str] = set()

    def profiler(frame, event, arg):
        if event == "call":
            calls.add(frame.f_code.co_filename)

    sys.setprofile(profiler)
    try:
        ex = extract(data, "file:///x")
    finally:
        sys.setprofile(None)
    root = str(REPO / "extractors")
    return ex, {Path(f).resolve() for f in calls if f.startswith(root)}


CASES = {
    **{fmt: (lambda fmt=fmt: _sample(fmt)) for fmt in ADAPTERS},
    "undecodable": lambda: bytes(range(256)) * 4,
    "bad wp_json": lambda: b'{"id": 1, "title": {"rendered": "x"}, "content": 5}',
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_formats_version_covers_the_code_its_extraction_runs(case):
    ex, ran = _traced(CASES[case]())
    covered = set(stage_files(REPO, MODEL_ENTRY, format_skips(ex.format)))
    assert ran, "the tracer saw no extractor code"
    assert ran <= covered, sorted(str(p.relative_to(REPO)) for p in ran - covered)


def test_only_text_runs_the_flat_table_search():
    flat = REPO / "extractors" / "flat_tables"
    for fmt in ADAPTERS:
        _, ran = _traced(_sample(fmt))
        assert any(flat in p.parents for p in ran) == (fmt == "text"), fmt
        files = stage_files(REPO, MODEL_ENTRY, format_skips(fmt))
        assert any(flat in p.parents for p in files) == (fmt == "text"), fmt


def test_a_fix_changes_exactly_the_versions_of_the_formats_that_run_it(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(
        REPO / "extractors", root / "extractors", ignore=shutil.ignore_patterns("__pycache__")
    )

    def versions() -> dict:
        return {f: stage_digest(root, MODEL_ENTRY, format_skips(f)) for f in (*ADAPTERS, None)}

    def touch(relative: str) -> None:
        path = root / relative
        path.write_text(path.read_text() + "\n# a fix\n")

    base = versions()
    touch("extractors/flat_tables/segment.py")
    after_tables = versions()
    assert {f for f in base if base[f] != after_tables[f]} == {"text"}
    touch("extractors/adapters/html.py")
    after_html = versions()
    assert {f for f in base if after_tables[f] != after_html[f]} == {"html", "markdown", "wp_json"}
    touch("extractors/normalize.py")
    after_normalize = versions()
    assert all(after_html[f] != after_normalize[f] for f in base)


def test_a_flat_table_fix_rereads_only_the_text_document(tmp_path, monkeypatch):
    store = RawStore(tmp_path / "raw")
    for fmt in ADAPTERS:
        store.put(_sample(fmt), f"file:///sample{SUFFIX[fmt]}")
    records = list(store.documents().values())
    versions = {f: f"m-{f}" for f in (*ADAPTERS, None)}
    parse_many(store, StageCaches.under(tmp_path / "parsed", "p1", versions), records)

    read = count_model_reads(monkeypatch)
    fixed = {**versions, "text": "m-text-fixed"}
    parse_many(store, StageCaches.under(tmp_path / "parsed", "p2", fixed), records)
    assert read == ["file:///sample.txt"]
