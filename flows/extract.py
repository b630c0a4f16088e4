"""Extract flow: raw store -> Parquet datasets, parsing only what changed."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from extractors.version import model_versions, parser_version
from flows.progress import progress
from storage.datasets import assemble, current_manifest_for, parse_many
from storage.parsed_cache import ParsedCache, StageCaches
from storage.raw_store import RawRecord, RawStore
from storage.snapshots import publish

BATCH = 250


@dataclass
class ExtractSummary:
    documents: int = 0
    parsed: int = 0
    published: str | None = None
    snapshot: str | None = None
    by_format_status: Counter = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def parse_caches(output_dir: Path) -> StageCaches:
    return StageCaches.under(Path(output_dir) / "_parsed", parser_version(), model_versions())


def parse_cache(output_dir: Path) -> ParsedCache:
    """The per-document rows every dataset is assembled from."""
    return parse_caches(output_dir).records


@task(name="parse-documents")
def parse_batch(raw_dir: Path, output_dir: Path, records: list[RawRecord]) -> int:
    caches = parse_caches(output_dir)
    parse_many(RawStore(raw_dir), caches, progress(records, len(records), "extract"))
    return len(records)


@task(name="publish-datasets")
def publish_datasets(output_dir: Path, records: list[RawRecord], force: bool) -> ExtractSummary:
    """Publish the datasets unless the current snapshot already holds these documents."""
    version = parser_version()
    output = Path(output_dir)
    summary = ExtractSummary(documents=len(records))
    current = current_manifest_for(output, version, sorted(r.doc_id for r in records))
    if current and not force:  # nothing to assemble: the snapshot says what it holds
        summary.snapshot = current["snapshot_id"]
        summary.rows = current["rows"]
        summary.by_format_status = Counter({(f, s): n for f, s, n in current["by_format_status"]})
        return summary
    assembled = assemble(records, parse_cache(output), version)
    summary.by_format_status = assembled.by_format_status
    summary.rows = assembled.row_counts
    summary.snapshot = summary.published = publish(
        output, assembled.tables, assembled.manifest(version)
    )
    parse_caches(output).prune()
    return summary


@flow(name="extract")
def extract_flow(raw_dir: Path, output_dir: Path, force_publish: bool = False) -> ExtractSummary:
    """Parse new documents (or all, after a parser change) and publish the datasets."""
    started = time.perf_counter()
    logger = get_run_logger()
    records = list(RawStore(raw_dir).documents().values())
    cache = parse_cache(output_dir)
    todo = [r for r in records if not cache.has(r.doc_id)]
    logger.info(
        "%d raw documents, %d to parse with parser %s", len(records), len(todo), parser_version()
    )
    for start in range(0, len(todo), BATCH):
        parse_batch(Path(raw_dir), Path(output_dir), todo[start : start + BATCH])
    summary = publish_datasets(Path(output_dir), records, force_publish)
    summary.parsed = len(todo)
    summary.seconds = time.perf_counter() - started
    if summary.published:
        logger.info("published snapshot %s", summary.published)
    else:
        logger.info("nothing changed: snapshot %s stays current", summary.snapshot)
    create_markdown_artifact(
        markdown=summary_markdown(summary),
        key="extract-summary",
        description="blueprint-etl extract run",
    )
    return summary


def summary_markdown(summary: ExtractSummary) -> str:
    lines = [
        f"**{summary.documents} documents**, {summary.parsed} parsed, snapshot "
        f"`{summary.snapshot}` ({'published' if summary.published else 'unchanged'}), "
        f"{summary.seconds:.1f} s",
        "",
        "| format | status | documents |",
        "|---|---|---|",
    ]
    lines += [
        f"| {fmt} | {status} | {n} |"
        for (fmt, status), n in sorted(summary.by_format_status.items())
    ]
    lines += ["", "| dataset | rows |", "|---|---|"]
    lines += [f"| {name} | {n} |" for name, n in summary.rows.items()]
    return "\n".join(lines)
