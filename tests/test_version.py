"""Parser and model-stage versions: each changes exactly when the code behind it does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from extractors.version import (
    MODEL_ENTRY,
    model_versions,
    parser_version,
    stage_digest,
    stage_files,
)

REPO = Path(__file__).resolve().parent.parent


def _modules(files: list[Path]) -> set[str]:
    names = set()
    for path in files:
        if path.suffix == ".py":
            parts = path.relative_to(REPO).with_suffix("").parts
            names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_model_stage_covers_every_module_extraction_loads():
    """What the static import walk finds is a superset of what a real extraction imports."""
    sample = next((REPO / "samples" / "text").glob("*.txt"))
    script = (
        "import json, sys; from extractors.pipeline import extract; "
        f"extract(open({str(sample)!r}, 'rb').read(), 'x'); "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'extractors')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(out.stdout))
    covered = _modules(stage_files(REPO, MODEL_ENTRY))
    assert loaded <= covered, loaded - covered
    assert "extractors.flat_tables.rebuild" in loaded


def test_record_stage_is_outside_the_model_stage():
    covered = _modules(stage_files(REPO, MODEL_ENTRY))
    for name in (
        "extractors.records",
        "extractors.mentions",
        "extractors.typed",
        "extractors.version",
    ):
        assert name not in covered
    data = {p.relative_to(REPO).as_posix() for p in stage_files(REPO, MODEL_ENTRY)}
    assert "extractors/flat_tables/lexicon.json" in data
    # flat_tables reads the gazetteer (no cut inside a known product name), without spaCy
    assert "extractors/data/gazetteer.jsonl" in data


def test_versions_change_exactly_with_their_stage(tmp_path):
    root = tmp_path / "repo"
    for package in ("extractors", "schemas"):
        shutil.copytree(
            REPO / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    base = stage_digest(root, MODEL_ENTRY)

    typed = next((root / "extractors" / "typed").glob("*.py"))
    typed.write_text(typed.read_text() + "\n# a fix in typed records\n")
    assert stage_digest(root, MODEL_ENTRY) == base

    lexicon = root / "extractors" / "flat_tables" / "lexicon.json"
    lexicon.write_text(lexicon.read_text() + "\n")
    after_lexicon = stage_digest(root, MODEL_ENTRY)
    assert after_lexicon != base

    normalize = root / "extractors" / "normalize.py"
    normalize.write_text(normalize.read_text() + "\n# a fix in section rules\n")
    assert stage_digest(root, MODEL_ENTRY) not in (base, after_lexicon)


def test_versions_name_the_package():
    for model_version in model_versions().values():
        assert parser_version().split("+")[0] == model_version.split("+")[0]
        assert parser_version() != model_version
