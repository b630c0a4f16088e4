"""Per-document extraction results, keyed by `doc_id` and `parser_version`.

A document is parsed once per parser version; publishing rebuilds every
dataset from these results, so `extract` after a complete run parses nothing
and a parser change re-parses everything. Results are pickled plain rows
(written via temp file + rename); the version in the path makes stale formats
unreachable rather than misread.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path


class ParsedCache:
    def __init__(self, root: Path | str, parser_version: str) -> None:
        self.dir = Path(root) / parser_version

    def path(self, doc_id: str) -> Path:
        return self.dir / doc_id[:2] / f"{doc_id}.pkl"

    def get(self, doc_id: str) -> dict | None:
        try:
            with open(self.path(doc_id), "rb") as handle:
                return pickle.load(handle)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return None

    def has(self, doc_id: str) -> bool:
        return self.path(doc_id).is_file()

    def put(self, doc_id: str, result: dict) -> None:
        path = self.path(doc_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
