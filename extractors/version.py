"""`parser_version`: changes whenever extraction code or its data changes."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_HASHED = ("extractors", "schemas")
_SUFFIXES = {".py", ".json", ".txt", ".tsv", ".jsonl"}


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Package version + a short hash of every source and data file under extractors/ and schemas/."""
    digest = hashlib.sha256()
    for package in _HASHED:
        for path in sorted((_ROOT / package).rglob("*")):
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    try:
        base = version("blueprint-etl")
    except PackageNotFoundError:
        base = "0+unknown"
    return f"{base}+{digest.hexdigest()[:12]}"
