"""Durable crawl state: watermarks, per-URL validators and fetches to retry.

Why a file of its own under the raw dir: the raw store says which bytes we hold,
but a scheduled crawl also needs what the site told us last time (ETag,
Last-Modified, a post's `modified_gmt`), how far the API listing may be skipped
(the watermark of the last complete run), and which fetches failed and must be
retried. It lives beside the raw store so one directory is the whole state.

The file is rewritten whole via temp file + fsync + `os.replace`: at most every
`checkpoint_seconds` while a run stores documents, and at the end of the run. A
kill at any point leaves a complete earlier state, a few documents behind the
raw store; those are fetched again next run and the raw store deduplicates
them, so nothing is lost or stored twice. `lock()` keeps two crawls off one raw
dir at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

STATE_DIR = "state"
STATE_FILE = "crawl.json"


class CrawlBusy(RuntimeError):
    """Another crawl holds the lock on this raw dir."""


class CrawlState:
    """What earlier runs learned about each source; safe to share between threads."""

    def __init__(self, raw_dir: Path | str, checkpoint_seconds: float = 1.0) -> None:
        self.dir = Path(raw_dir) / STATE_DIR
        self.path = self.dir / STATE_FILE
        self.checkpoint_seconds = checkpoint_seconds
        self._saved_at = time.monotonic()
        self._lock = threading.RLock()
        data = json.loads(self.path.read_text()) if self.path.is_file() else {}
        self.watermarks: dict[str, str] = data.get("watermarks", {})
        self.urls: dict[str, dict] = data.get("urls", {})
        self.failures: dict[str, dict] = data.get("failures", {})

    # ------------------------------------------------------------------ reading

    def seen(self, url: str) -> dict:
        with self._lock:
            return dict(self.urls.get(url, {}))

    def failed(self, source: str) -> dict[str, dict]:
        """Failed fetches of `source` (url -> record), to try again this run."""
        with self._lock:
            return {u: dict(f) for u, f in self.failures.items() if f.get("source") == source}

    # ------------------------------------------------------------------ writing

    def stored(self, url: str, **facts: object) -> None:
        """Record a successful fetch (validators, doc id, modified) and clear its failure."""
        with self._lock:
            entry = self.urls.setdefault(url, {})
            entry.update({k: v for k, v in facts.items() if v is not None})
            self.failures.pop(url, None)
            self.checkpoint()

    def fail(
        self,
        url: str,
        source: str,
        *,
        status: int | None,
        error: str,
        attempts: int,
        **facts: object,
    ) -> None:
        """Record a fetch that still failed, so the next run tries it again."""
        with self._lock:
            previous = self.failures.get(url, {})
            self.failures[url] = {
                "url": url,
                "source": source,
                "status": status,
                "error": error,
                "attempts": attempts,
                "runs_failed": int(previous.get("runs_failed", 0)) + 1,
                "failed_at": datetime.now(UTC).isoformat(timespec="seconds"),
                **{k: v for k, v in facts.items() if v is not None},
            }
            self.checkpoint()

    def set_watermark(self, source: str, value: str) -> None:
        with self._lock:
            self.watermarks[source] = value
            self.save()

    def checkpoint(self) -> None:
        """Save unless the last save was under `checkpoint_seconds` ago."""
        with self._lock:
            if time.monotonic() - self._saved_at >= self.checkpoint_seconds:
                self.save()

    def save(self) -> None:
        with self._lock:
            self._saved_at = time.monotonic()
            body = json.dumps(
                {"watermarks": self.watermarks, "urls": self.urls, "failures": self.failures},
                ensure_ascii=False,
                sort_keys=True,
                indent=0,
            )
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(body)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the raw dir's crawl lock for a run; raises CrawlBusy when taken."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / "crawl.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise CrawlBusy(f"another crawl is using {self.dir.parent}") from None
            for stale in self.dir.glob(".tmp-*"):
                stale.unlink(missing_ok=True)  # left by a killed save
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
