"""Per-document parse results, keyed by `doc_id` and the version of the code that made them.

Two stages are cached, each under its own version (see `extractors.version`),
plus the flat-table search inside the model stage of text documents
(`storage.table_cache`, under `table_search_version`):
- `models`: the document model (`Extraction`) of each document, keyed by the
  model-stage version of its format (`model_versions`), the hash of the code
  and data that reading that format runs;
- `records`: each document's dataset rows, keyed by `parser_version`.

Publishing rebuilds every dataset from `records`, so `extract` after a complete
run parses nothing. After a fix to typed records or mentions only the record
stage re-runs (from the cached model); after a fix to the flat-table search
only text documents are read again; after a fix to code every format runs
(decoding, normalize) everything re-runs. Results are pickled to
`<root>/<version>/<doc_id>.pkl` (temp file + rename); the version in the path
makes stale formats unreachable rather than misread. The rows a process has
just written are also held in memory until first read, so publishing right
after parsing does not unpickle them again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # it imports this module
    from storage.table_cache import TableCache

KEEP_VERSIONS = 3
RECORDS_FORMAT = 2  # bump when the shape of a cached result (storage.datasets.parse_one) changes
HELD_MAX = 5000  # results a process holds in memory between writing and first reading them

_held: dict[str, Any] = {}  # path -> result written by this process and not read since


class ParsedCache:
    """Pickles keyed by `doc_id`, one flat directory per version.

    Flat: creating a directory costs about as much as writing an entry, and
    below a few thousand documents most shard directories held only a few
    entries; ext4 indexes large directories anyway.
    """

    def __init__(self, root: Path | str, version: str, hold: bool = False) -> None:
        self.dir = Path(root) / version
        self._prefix = f"{self.dir}{os.sep}"
        self.hold = hold

    def path(self, doc_id: str) -> Path:
        return Path(self._file(doc_id))

    def _file(self, doc_id: str) -> str:
        return f"{self._prefix}{doc_id}.pkl"

    def get(self, doc_id: str) -> Any | None:
        """The cached result, or None. A held result is handed over once, not copied: read-only."""
        path = self._file(doc_id)
        if self.hold and (held := _held.pop(path, None)) is not None and os.path.isfile(path):
            return held
        try:
            with open(path, "rb") as handle, gc_paused():
                return pickle.load(handle)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return None

    def has(self, doc_id: str) -> bool:
        return os.path.isfile(self._file(doc_id))

    def put(self, doc_id: str, result: Any) -> None:
        """Write atomically: a reader sees the old file, the new one, or none, never half of one."""
        path = self._file(doc_id)
        tmp = f"{self._prefix}.tmp-{os.getpid()}-{doc_id}.pkl"
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            try:
                _write(tmp, data)
            except FileNotFoundError:
                self.dir.mkdir(parents=True, exist_ok=True)
                _write(tmp, data)
            os.replace(tmp, path)
            if self.hold:
                _hold(path, result)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def prune(self, keep: int = KEEP_VERSIONS) -> list[str]:
        """Drop other versions' directories, keeping this one and the newest `keep - 1` others."""
        return prune_versions(self.dir.parent, {self.dir.name}, keep)


def _hold(path: str, result: Any) -> None:
    """Keep a result just written for its first reader (`assemble`, right after parsing).

    Why: unpickling every document's rows again was about half of assembling
    them. Memory stays what `assemble` needs anyway (it copies the same values);
    past `HELD_MAX` the oldest is dropped and read from disk instead.
    """
    _held[path] = result
    if len(_held) > HELD_MAX:
        del _held[next(iter(_held))]


def _write(path: str, data: bytes) -> None:
    """Plain `os` calls: no buffered file object per entry (one `write` for the usual entry)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic GC inside: building thousands of containers would trigger passes over them all.

    Collection is only deferred, so one load gains little (~8%); `assemble`,
    which loads every document's rows and copies them into Arrow under one
    pause, loads about twice as fast.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
    """The caches of one output directory, under the current code's versions.

    `tables` (`storage.table_cache`) sits inside the model stage of text documents:
    the flat-table search's results, reused when a text document's model is rebuilt
    for a reason other than the search's own code.
    """

    models: ModelCache
    records: ParsedCache
    tables: TableCache

    @classmethod
    def under(
        cls,
        root: Path | str,
        parser_version: str,
        model_versions: dict[str | None, str],
        table_version: str | None = None,
    ) -> StageCaches:
        """The caches under `root`; `table_version` defaults to the current search's version."""
        from extractors.version import table_search_version
        from storage.table_cache import TableCache  # late: it imports this module

        root = Path(root)
        return cls(
            models=ModelCache(root / "models", model_versions),
            records=ParsedCache(root / f"records-v{RECORDS_FORMAT}", parser_version, hold=True),
            tables=TableCache(root / "tables", table_version or table_search_version()),
        )

    def prune(self, keep: int = KEEP_VERSIONS) -> list[str]:
        return self.models.prune(keep) + self.records.prune(keep) + self.tables.prune(keep)
