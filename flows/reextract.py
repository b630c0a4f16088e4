"""Re-extract flow: re-parse every raw document, report what changed, then publish.

The report is written (Markdown under `output/_reports/` and a Prefect
artifact) before anything is replaced, so a reviewer can read exactly what a
parser fix changes; `--dry-run` stops there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from extractors.version import parser_version
from flows.extract import BATCH, parse_batch, parse_cache, parse_caches
from storage.datasets import assemble, current_manifest_for
from storage.diff import ChangeReport, diff_tables, report_markdown
from storage.raw_store import RawStore
from storage.snapshots import current_id, publish, read_tables


@dataclass
class ReextractSummary:
    documents: int
    report: ChangeReport
    report_path: Path
    published: str | None
    seconds: float


@task(name="diff-and-report")
def diff_and_report(output_dir: Path, tables: dict, dry_run: bool) -> tuple[ChangeReport, Path]:
    output = Path(output_dir)
    old_id = current_id(output)
    report = diff_tables(read_tables(output), tables)
    markdown = report_markdown(
        report, old_snapshot=old_id, parser_version=parser_version(), dry_run=dry_run
    )
    reports = output / "_reports"
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-reextract.md"
    path.write_text(markdown, encoding="utf-8")
    create_markdown_artifact(
        markdown=markdown,
        key="reextract-report",
        description="blueprint-etl re-extraction change report",
    )
    return report, path


@flow(name="reextract")
def reextract_flow(raw_dir: Path, output_dir: Path, dry_run: bool = False) -> ReextractSummary:
    started = time.perf_counter()
    logger = get_run_logger()
    records = list(RawStore(raw_dir).documents().values())
    logger.info("re-parsing %d raw documents with parser %s", len(records), parser_version())
    for start in range(0, len(records), BATCH):
        parse_batch(Path(raw_dir), Path(output_dir), records[start : start + BATCH])
    assembled = assemble(records, parse_cache(output_dir), parser_version())
    report, path = diff_and_report(Path(output_dir), assembled.tables, dry_run)
    logger.info("change report: %s", path)
    published = None
    current = current_manifest_for(Path(output_dir), parser_version(), assembled.doc_ids)
    if not dry_run and (report.changed or current is None):
        published = publish(
            Path(output_dir), assembled.tables, assembled.manifest(parser_version())
        )
        logger.info("published snapshot %s", published)
        parse_caches(Path(output_dir)).prune()
    return ReextractSummary(len(records), report, path, published, time.perf_counter() - started)
