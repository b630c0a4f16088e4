"""Serve the main job (ingest, then extract) on a cron schedule with `flow.serve`.

Why `flow.serve` rather than a work pool: the job is one process on one
machine that owns its raw and output directories; `serve` registers a
deployment with the Prefect server (PREFECT_API_URL) and runs each scheduled
run in a subprocess of this one, one run at a time (`limit=1`), so two runs
never crawl or publish over each other.

Why a wrapper flow with plain JSON parameters: the runner cloudpickles the
served flow's function *by value* into its subprocess, keeping only the globals
its code names, so a flow whose string annotations (`from __future__ import
annotations`) name `Path` or `CrawlJob` fails parameter validation there. This
module therefore does not use postponed annotations, gives the flow builtin
parameter types only, and imports `run_flow` inside the function, where the subprocess imports
it normally.
"""

from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.client.schemas.schedules import CronSchedule
from prefect.flows import EntrypointType
from prefect.schedules import Cron

from flows.crawl import CrawlJob


@flow(name="blueprints-scheduled")
def scheduled_run(
    raw_dir: str,
    output_dir: str,
    from_dir: str | None = None,
    crawl: dict[str, Any] | None = None,
) -> str | None:
    """Ingest (a directory or a crawl), then extract; returns the current snapshot id."""
    from flows.crawl import CrawlJob
    from flows.run import run_flow
    from sources.http import CrawlConfig

    job = None
    if crawl is not None:
        job = CrawlJob(**{**crawl, "config": CrawlConfig(**crawl.get("config") or {})})
    _, extracted = run_flow(
        Path(raw_dir), Path(output_dir), Path(from_dir) if from_dir else None, job
    )
    return extracted.snapshot


def deployment_parameters(
    raw_dir: Path,
    output_dir: Path,
    from_dir: Path | None,
    crawl: CrawlJob | None,
) -> dict:
    """Flow parameters as JSON: absolute paths, the crawl job as a plain mapping."""
    return {
        "raw_dir": str(Path(raw_dir).resolve()),
        "output_dir": str(Path(output_dir).resolve()),
        "from_dir": str(Path(from_dir).resolve()) if from_dir else None,
        "crawl": asdict(crawl) if crawl else None,
    }


def check_cron(cron: str, timezone: str = "UTC") -> None:
    """Raise ValueError for a cron string or time zone Prefect would refuse."""
    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ValueError(f"bad schedule {cron!r} ({timezone}): {exc}") from None


def serve(
    cron: str,
    raw_dir: Path,
    output_dir: Path,
    from_dir: Path | None = None,
    crawl: CrawlJob | None = None,
    name: str = "scheduled",
    timezone: str = "UTC",
) -> None:
    """Register `blueprints-scheduled/<name>` with the cron schedule; serve it until stopped."""
    check_cron(cron, timezone)
    scheduled_run.serve(
        name=name,
        schedule=Cron(cron, timezone=timezone),
        parameters=deployment_parameters(raw_dir, output_dir, from_dir, crawl),
        description="blueprint-etl: ingest new and changed articles, then extract datasets",
        tags=["blueprint-etl"],
        limit=1,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
