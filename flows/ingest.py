"""Ingest flows: copy documents into the raw store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task

from flows.progress import progress
from sources.local import iter_files, split_documents
from storage.raw_store import RawStore


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)


@task(name="store-local-files")
def store_local_files(paths: list[Path], raw_dir: Path) -> IngestSummary:
    store = RawStore(raw_dir)
    summary = IngestSummary()
    for path in progress(paths, len(paths), "ingest"):
        try:
            data = path.read_bytes()
        except OSError as exc:
            summary.failed.append(f"{path}: {exc.strerror or exc}")
            continue
        for uri, doc in split_documents(data, path.resolve().as_uri()):
            _, is_new = store.put(doc, uri)
            if is_new:
                summary.new += 1
            else:
                summary.unchanged += 1
    return summary


@flow(name="ingest-dir")
def ingest_dir_flow(source_dir: Path, raw_dir: Path) -> IngestSummary:
    """Load every file under `source_dir` (any supported format) into the raw store."""
    paths = list(iter_files(Path(source_dir)))
    summary = store_local_files(paths, Path(raw_dir))
    get_run_logger().info(
        "ingested %d files: %d new documents, %d already stored",
        len(paths),
        summary.new,
        summary.unchanged,
    )
    return summary
