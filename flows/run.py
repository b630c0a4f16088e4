"""The main job: ingest from a source, then extract."""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from flows.crawl import CrawlJob, crawl_ingest, report_run
from flows.extract import ExtractSummary, extract_flow
from flows.ingest import IngestSummary, ingest_dir_flow


@flow(name="blueprints-run")
def run_flow(
    raw_dir: Path, output_dir: Path, from_dir: Path | None = None, crawl: CrawlJob | None = None
) -> tuple[IngestSummary | None, ExtractSummary]:
    ingested = ingest_dir_flow(from_dir, raw_dir) if from_dir is not None else None
    if crawl is not None:
        ingested = crawl_ingest(crawl, raw_dir)
    extracted = extract_flow(raw_dir, output_dir)
    if crawl is not None:
        report_run(ingested, output_dir)
    return ingested, extracted
