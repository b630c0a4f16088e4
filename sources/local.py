"""Local files -> (source_uri, bytes), one pair per document.

A JSON array of WordPress posts is split into one document per post, so every
raw document holds one article and `documents.doc_id` identifies it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def iter_files(directory: Path) -> Iterator[Path]:
    """Every regular file under `directory`, hidden ones skipped, in a stable order."""
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not any(
            part.startswith(".") for part in path.relative_to(directory).parts
        ):
            yield path


def split_documents(data: bytes, source_uri: str) -> list[tuple[str, bytes]]:
    """One document per post for a JSON array of posts; the file itself otherwise."""
    head = data.lstrip()[:1]
    if head != b"[":
        return [(source_uri, data)]
    try:
        items = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return [(source_uri, data)]  # extraction quarantines it with the reason
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        return [(source_uri, data)]
    return [
        (f"{source_uri}#post={item.get('id', n)}", json.dumps(item, ensure_ascii=False).encode())
        for n, item in enumerate(items)
    ]


def local_documents(directory: Path) -> Iterator[tuple[str, bytes]]:
    for path in iter_files(directory):
        yield from split_documents(path.read_bytes(), path.resolve().as_uri())
