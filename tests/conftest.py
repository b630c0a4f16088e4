"""Shared fixtures: where the seed corpus and the bundled samples live."""

from __future__ import annotations

import os
from pathlib import Path

# No telemetry from test Prefect servers: CI has no network beyond package registries.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES_DIR = REPO / "samples"


def seeds_dir() -> Path:
    """The acceptance corpus: $BLUEPRINTS_SEEDS_DIR, else ../shared/seeds beside the repo."""
    return Path(os.environ.get("BLUEPRINTS_SEEDS_DIR", REPO.parent / "shared" / "seeds"))


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` (e.g. "001"); skips when absent."""
    directory = seeds_dir()
    if not directory.is_dir():
        pytest.skip(f"seed corpus not found at {directory} (set BLUEPRINTS_SEEDS_DIR)")
    matches = sorted(directory.glob(f"{prefix}*"))
    if not matches:
        pytest.skip(f"seed {prefix}* not found in {directory}")
    return matches[0]


@pytest.fixture
def seed_bytes():
    """Read a seed by prefix: seed_bytes("000") -> bytes (skips when the corpus is absent)."""
    return lambda prefix: seed_path(prefix).read_bytes()


def count_model_reads(monkeypatch) -> list[str]:
    """Source URIs of documents read from bytes (not from the model cache) from now on."""
    import storage.datasets

    calls: list[str] = []
    real_extract = storage.datasets.extract

    def counting(data: bytes, source_uri: str, *rest):
        calls.append(source_uri)
        return real_extract(data, source_uri, *rest)

    monkeypatch.setattr(storage.datasets, "extract", counting)
    return calls
