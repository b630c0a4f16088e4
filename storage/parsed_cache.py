"""Per-document parse results, keyed by `doc_id` and the version of the code that made them.

Two stages are cached, each under its own version (see `extractors.version`):
- `models`: the document model (`Extraction`) of each document, keyed by the
  model-stage version of its format (`model_versions`), the hash of the code
  and data that reading that format runs;
- `records`: each document's dataset rows, keyed by `parser_version`.

Publishing rebuilds every dataset from `records`, so `extract` after a complete
run parses nothing. After a fix to typed records or mentions only the record
stage re-runs (from the cached model); after a fix to the flat-table search
only text documents are read again; after a fix to code every format runs
(decoding, normalize) everything re-runs. Results are pickled (temp file + rename); the version in
the path makes stale formats unreachable rather than misread.
"""

from __future__ import annotations

import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEEP_VERSIONS = 3
RECORDS_FORMAT = 2  # bump when the shape of a cached result (storage.datasets.parse_one) changes


class ParsedCache:
    """Pickles keyed by `doc_id`, under one version's directory."""

    def __init__(self, root: Path | str, version: str) -> None:
        self.dir = Path(root) / version

    def path(self, doc_id: str) -> Path:
        return self.dir / doc_id[:2] / f"{doc_id}.pkl"

    def get(self, doc_id: str) -> Any | None:
        try:
            with open(self.path(doc_id), "rb") as handle:
                return pickle.load(handle)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return None

    def has(self, doc_id: str) -> bool:
        return self.path(doc_id).is_file()

    def put(self, doc_id: str, result: Any) -> None:
        """Write atomically: a reader sees the old file, the new one, or none, never half of one."""
        path = self.path(doc_id)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            try:
                tmp.write_bytes(data)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(data)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def prune(self, keep: int = KEEP_VERSIONS) -> list[str]:
        """Drop other versions' directories, keeping this one and the newest `keep - 1` others."""
        return prune_versions(self.dir.parent, {self.dir.name}, keep)


def prune_versions(root: Path, current: set[str], keep: int) -> list[str]:
    """Drop version directories under `root` but the `current` ones and the newest `keep - 1` others."""
    if not root.is_dir():
        return []
    others = sorted(
        (d for d in root.iterdir() if d.is_dir() and d.name not in current),
        key=lambda d: d.stat().st_mtime,
        reverse=True,
    )
    dropped = others[max(keep - 1, 0) :]
    for directory in dropped:
        shutil.rmtree(directory, ignore_errors=True)
    return [d.name for d in dropped]


class ModelCache:
    """Document models, each under the model-stage version of its own input format.

    A model is looked up under every current format's version (a miss is one
    failed `open`); it is only found where the code its format runs is unchanged.
    """

    def __init__(self, root: Path | str, versions: dict[str | None, str]) -> None:
        self.root = Path(root)
        self.versions = versions
        self.caches = {fmt: ParsedCache(self.root, v) for fmt, v in versions.items()}

    def get(self, doc_id: str) -> Any | None:
        for fmt, cache in self.caches.items():
            found = cache.get(doc_id)
            if found is not None and found.format == fmt:
                return found
        return None

    def put(self, doc_id: str, extraction: Any) -> None:
        self.caches[extraction.format].put(doc_id, extraction)

    def prune(self, keep: int = KEEP_VERSIONS) -> list[str]:
        return prune_versions(self.root, set(self.versions.values()), keep)


@dataclass(frozen=True)
class StageCaches:
    """The two caches of one output directory, under the current code's versions."""

    models: ModelCache
    records: ParsedCache

    @classmethod
    def under(
        cls, root: Path | str, parser_version: str, model_versions: dict[str | None, str]
    ) -> StageCaches:
        root = Path(root)
        return cls(
            models=ModelCache(root / "models", model_versions),
            records=ParsedCache(root / f"records-v{RECORDS_FORMAT}", parser_version),
        )

    def prune(self, keep: int = KEEP_VERSIONS) -> list[str]:
        return self.models.prune(keep) + self.records.prune(keep)
