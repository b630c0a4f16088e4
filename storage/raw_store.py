"""The raw landing zone: immutable, content-addressed documents plus a manifest.

Objects live at `objects/<sha[:2]>/<sha256>` and are written once (temp file +
rename), so the same bytes loaded twice are stored once and a kill mid-write
never leaves a half object under its final name. Each ingest run appends to its
own `manifest/<run>.jsonl`; an object is always written before its manifest row,
so every row points at a complete object. A torn last line (kill mid-append) is
skipped on read.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One manifest row: a document's bytes seen at a source."""

    doc_id: str
    source_uri: str
    byte_size: int
    loaded_at: str
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class RawStore:
    """A directory of raw documents; safe to share between threads of one run."""

    def __init__(self, root: Path | str, run_id: str | None = None) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.manifest_dir = self.root / "manifest"
        self.run_id = run_id or datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
        self._lock = threading.Lock()
        self._seen: set[tuple[str, str]] | None = None

    def object_path(self, doc_id: str) -> Path:
        return self.objects / doc_id[:2] / doc_id

    def put(
        self,
        data: bytes,
        source_uri: str,
        *,
        http_status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        fetched_at: str | None = None,
    ) -> tuple[RawRecord, bool]:
        """Store `data` seen at `source_uri`; returns the record and whether it is new here."""
        doc_id = sha256_hex(data)
        record = RawRecord(
            doc_id=doc_id,
            source_uri=source_uri,
            byte_size=len(data),
            loaded_at=utc_now(),
            http_status=http_status,
            etag=etag,
            last_modified=last_modified,
            fetched_at=fetched_at,
        )
        self._write_object(doc_id, data)
        with self._lock:
            seen = self._sightings()
            if (doc_id, source_uri) in seen:
                return record, False
            self._append(record)
            seen.add((doc_id, source_uri))
        return record, True

    def get(self, doc_id: str) -> bytes:
        return self.object_path(doc_id).read_bytes()

    def has(self, doc_id: str) -> bool:
        return self.object_path(doc_id).is_file()

    def records(self) -> list[RawRecord]:
        """Every manifest row, oldest first (by file name, then line)."""
        return list(self._iter_records())

    def documents(self) -> dict[str, RawRecord]:
        """One record per stored document (doc_id): its first sighting."""
        first: dict[str, RawRecord] = {}
        for record in self._iter_records():
            first.setdefault(record.doc_id, record)
        return first

    def latest_by_source(self) -> dict[str, RawRecord]:
        """The newest document seen at each source URI."""
        latest: dict[str, RawRecord] = {}
        for record in self._iter_records():
            latest[record.source_uri] = record
        return latest

    def _write_object(self, doc_id: str, data: bytes) -> None:
        path = self.object_path(doc_id)
        if path.is_file() and path.stat().st_size == len(data):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _append(self, record: RawRecord) -> None:
        self.manifest_dir.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(record), ensure_ascii=False, separators=(",", ":")) + "\n"
        with open(self.manifest_dir / f"{self.run_id}.jsonl", "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def _sightings(self) -> set[tuple[str, str]]:
        if self._seen is None:
            self._seen = {(r.doc_id, r.source_uri) for r in self._iter_records()}
        return self._seen

    def _iter_records(self) -> Iterator[RawRecord]:
        if not self.manifest_dir.is_dir():
            return
        for path in sorted(self.manifest_dir.glob("*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a torn last line from a killed run
                    if self.has(row.get("doc_id", "")):
                        yield RawRecord(**row)
