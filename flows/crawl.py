"""Ingest flows for the web: the WordPress REST API and article pages.

Orchestration only. A task per listing page and per post or page fetched (so
the Prefect UI shows each request's fate), run on a thread pool as wide as the
politeness limit; the HTTP client enforces the same limit underneath, and a
Prefect tag concurrency limit (`blueprints-fetch`) caps it across runs when the
server defines one. Fetch tasks never raise: a fetch that still fails after its
retries is recorded in the crawl state and tried again next run, and the
watermark stops short of it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.ingest import IngestSummary
from sources.http import CrawlConfig, Fetched, FetchFailed, PoliteClient
from sources.pages import discover, fetch_page, read_url_file
from sources.wordpress import (
    DEFAULT_SEARCH,
    ListingPage,
    PostRef,
    WordPressSource,
    advance_watermark,
)
from storage.crawl_state import CrawlState
from storage.raw_store import RawStore

FETCH_TAG = "blueprints-fetch"
PAGES_SOURCE = "pages"


@dataclass(frozen=True)
class CrawlJob:
    """What to crawl: a WordPress site's API, or pages (a URL file, a sitemap)."""

    wp: str | None = None
    search: str | None = DEFAULT_SEARCH
    category: int | None = None
    urls_file: str | None = None
    sitemap: str | None = None
    config: CrawlConfig = field(default_factory=CrawlConfig)


@dataclass
class Outcome:
    """One fetch's fate: new, changed, unchanged, failed or disallowed."""

    url: str
    kind: str
    doc_id: str | None = None
    error: str | None = None
    status: int | None = None
    attempts: int = 0


@dataclass
class CrawlSummary(IngestSummary):
    """IngestSummary (new = stored documents) plus what a crawl adds."""

    added: int = 0
    changed: int = 0
    disallowed: int = 0
    quarantined: int | None = None  # known after extraction
    listed: int = 0
    listing_complete: bool = True
    watermark: str | None = None
    requests: int = 0
    seconds: float = 0.0
    stored: list[str] = field(default_factory=list)  # doc ids new in the raw store
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if outcome.kind in ("new", "changed"):
            self.new += 1
            self.added += outcome.kind == "new"
            self.changed += outcome.kind == "changed"
            if outcome.doc_id:
                self.stored.append(outcome.doc_id)
        elif outcome.kind == "unchanged":
            self.unchanged += 1
        elif outcome.kind == "disallowed":
            self.disallowed += 1
        else:
            self.failed.append(f"{outcome.url}: {outcome.error}")


class _Run:
    """What every task of one crawl run shares (not a dataclass: Prefect leaves it alone)."""

    def __init__(self, raw_dir: Path, config: CrawlConfig) -> None:
        self.client = PoliteClient(config)
        self.store = RawStore(raw_dir)
        self.state = CrawlState(raw_dir)
        self.known = set(self.store.latest_by_source())

    def keep(self, url: str, fetched_content: bytes, **meta: object) -> tuple[str, str]:
        """Store bytes; returns (doc id, new | changed | unchanged)."""
        record, is_new = self.store.put(fetched_content, url, **meta)  # type: ignore[arg-type]
        kind = "unchanged" if not is_new else "changed" if url in self.known else "new"
        self.known.add(url)
        return record.doc_id, kind

    def stored(self, url: str, content: bytes, fetched: Fetched, **facts: object) -> Outcome:
        """Keep a fetched body and record its validators (and `facts`) in the crawl state."""
        validators = {
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
            "fetched_at": fetched.fetched_at,
        }
        doc_id, kind = self.keep(url, content, http_status=fetched.status, **validators)
        self.state.stored(url, doc_id=doc_id, **validators, **facts)
        return Outcome(url, kind, doc_id, status=fetched.status, attempts=fetched.attempts)

    def failed(self, exc: FetchFailed, url: str, source: str, **facts: object) -> Outcome:
        doc_id = None
        if exc.content:  # an unusable body (invalid JSON): keep the bytes all the same
            doc_id, _ = self.keep(url, exc.content, http_status=exc.status)
        if not exc.retry:
            return Outcome(url, "disallowed", doc_id, exc.error, exc.status, exc.attempts)
        self.state.fail(
            url, source, status=exc.status, error=exc.error, attempts=exc.attempts, **facts
        )
        return Outcome(url, "failed", doc_id, exc.error, exc.status, exc.attempts)


# ---------------------------------------------------------------------------- WordPress


@task(name="list-posts", cache_policy=NO_CACHE, task_run_name="list-posts-page-{page}")
def list_posts(source: WordPressSource, page: int, after: str | None) -> ListingPage | str:
    """One listing page, or the error that stopped it."""
    try:
        return source.list_page(page, after)
    except FetchFailed as exc:
        return f"listing page {page}: {exc.error} ({exc.attempts} attempts)"


@task(name="fetch-post", cache_policy=NO_CACHE, tags=[FETCH_TAG], task_run_name="post-{ref.id}")
def fetch_post(run: _Run, source: WordPressSource, ref: PostRef) -> Outcome:
    url = source.post_url(ref.id)
    seen = run.state.seen(url)
    facts = {"post_id": ref.id, "modified": ref.modified, "modified_gmt": ref.modified_gmt}
    try:
        fetched, post = source.fetch_post(ref.id, seen.get("etag"), seen.get("last_modified"))
    except FetchFailed as exc:
        return run.failed(exc, url, source.key, **facts)
    if post is None:  # 304
        run.state.stored(url, **facts)
        return Outcome(url, "unchanged", seen.get("doc_id"), status=304, attempts=fetched.attempts)
    facts["modified"] = post.get("modified") or ref.modified
    facts["modified_gmt"] = post.get("modified_gmt") or ref.modified_gmt
    return run.stored(url, json.dumps(post, ensure_ascii=False).encode(), fetched, **facts)


def _listing(source: WordPressSource, after: str | None) -> tuple[list[ListingPage], list[str]]:
    first = list_posts(source, 1, after)
    if isinstance(first, str):
        return [], [first]
    rest = [list_posts.submit(source, n, after) for n in range(2, (first.total_pages or 1) + 1)]
    pages, errors = [first], []
    for future in rest:
        result = future.result()
        (errors.append if isinstance(result, str) else pages.append)(result)
    return pages, errors


def _needs_fetch(state: CrawlState, url: str, ref: PostRef) -> bool:
    seen = state.seen(url)
    return seen.get("modified_gmt", seen.get("modified")) != ref.version or url in state.failures


@flow(name="ingest-wp")
def ingest_wp_flow(
    base_url: str,
    raw_dir: Path,
    search: str | None = DEFAULT_SEARCH,
    category: int | None = None,
    config: CrawlConfig | None = None,
) -> CrawlSummary:
    """New and changed posts of a WordPress site -> raw store; failures kept for next run."""
    started, config = time.perf_counter(), config or CrawlConfig()
    run = _Run(Path(raw_dir), config)
    summary = CrawlSummary()
    source = WordPressSource(run.client, base_url, search, category, config.per_page)
    with run.state.lock(), run.client:
        watermark = run.state.watermarks.get(source.key)
        pages, errors = _listing(source, source.modified_after(watermark))
        refs = list({ref.id: ref for page in pages for ref in page.posts}.values())
        total = pages[0].total if pages else None
        summary.listed = len(refs)
        summary.listing_complete = not errors and (total is None or total == len(refs))
        summary.failed += errors
        todo = [r for r in refs if _needs_fetch(run.state, source.post_url(r.id), r)]
        listed_ids = {r.id for r in refs}
        for failure in run.state.failed(source.key).values():  # retry even if not listed
            if failure.get("post_id") not in listed_ids and "post_id" in failure:
                todo.append(PostRef(failure["post_id"], failure.get("modified", "")))
        futures = [fetch_post.submit(run, source, ref) for ref in todo]
        failed_refs = []
        for ref, future in zip(todo, futures, strict=True):
            outcome = future.result()
            summary.count(outcome)
            if outcome.kind == "failed":
                failed_refs.append(ref)
        if summary.listing_complete:
            listed_failures = [r for r in failed_refs if r.id in listed_ids]
            summary.watermark = advance_watermark(watermark, refs, listed_failures)
            if summary.watermark:
                run.state.watermarks[source.key] = summary.watermark
        else:
            summary.watermark = watermark
        run.state.save()
        summary.requests = run.client.requests
    return _finish(summary, started, f"WordPress {base_url}")


# ---------------------------------------------------------------------------- pages


@task(name="discover-sitemap", cache_policy=NO_CACHE)
def discover_sitemap(run: _Run, site: str) -> list[str] | str:
    try:
        return discover(run.client, site)
    except FetchFailed as exc:
        return f"sitemap {exc.url}: {exc.error} ({exc.attempts} attempts)"


@task(name="fetch-page", cache_policy=NO_CACHE, tags=[FETCH_TAG])
def fetch_one_page(run: _Run, url: str) -> Outcome:
    seen = run.state.seen(url)
    try:
        fetched = fetch_page(run.client, url, seen.get("etag"), seen.get("last_modified"))
    except FetchFailed as exc:
        return run.failed(exc, url, PAGES_SOURCE)
    if fetched.not_modified:
        run.state.stored(url, fetched_at=fetched.fetched_at)
        return Outcome(url, "unchanged", seen.get("doc_id"), status=304, attempts=fetched.attempts)
    return run.stored(url, fetched.content, fetched)


@flow(name="ingest-pages")
def ingest_pages_flow(
    raw_dir: Path,
    urls_file: str | None = None,
    sitemap: str | None = None,
    config: CrawlConfig | None = None,
) -> CrawlSummary:
    """Article pages (listed in a file, found in a sitemap, or failed last run) -> raw store."""
    started, config = time.perf_counter(), config or CrawlConfig()
    run = _Run(Path(raw_dir), config)
    summary = CrawlSummary()
    with run.state.lock(), run.client:
        urls = read_url_file(urls_file) if urls_file else []
        if sitemap:
            found = discover_sitemap(run, sitemap)
            if isinstance(found, str):
                summary.failed.append(found)
                summary.listing_complete = False
            else:
                urls += found
        urls += list(run.state.failed(PAGES_SOURCE))
        urls = list(dict.fromkeys(urls))
        summary.listed = len(urls)
        for future in [fetch_one_page.submit(run, url) for url in urls]:
            summary.count(future.result())
        run.state.save()
        summary.requests = run.client.requests
    return _finish(summary, started, "pages")


# ---------------------------------------------------------------------------- shared


def crawl_ingest(job: CrawlJob, raw_dir: Path) -> CrawlSummary:
    """Run the job's ingest flow with a thread pool as wide as its concurrency limit."""
    runner = ThreadPoolTaskRunner(max_workers=max(job.config.concurrency, 1))
    if job.wp:
        wp = ingest_wp_flow.with_options(task_runner=runner)
        return wp(job.wp, Path(raw_dir), job.search, job.category, job.config)
    pages = ingest_pages_flow.with_options(task_runner=runner)
    return pages(Path(raw_dir), job.urls_file, job.sitemap, job.config)


def _finish(summary: CrawlSummary, started: float, what: str) -> CrawlSummary:
    summary.seconds = time.perf_counter() - started
    get_run_logger().info(
        "%s: %d listed, %d new, %d changed, %d unchanged, %d failed, %d requests in %.1f s",
        what,
        summary.listed,
        summary.added,
        summary.changed,
        summary.unchanged,
        len(summary.failed),
        summary.requests,
        summary.seconds,
    )
    create_markdown_artifact(
        markdown=crawl_markdown(summary, what),
        key="crawl-ingest",
        description=f"blueprint-etl crawl of {what}",
    )
    return summary


def crawl_markdown(summary: CrawlSummary, what: str) -> str:
    quarantined = "after extract" if summary.quarantined is None else str(summary.quarantined)
    lines = [
        f"**Crawl of {what}**: {summary.listed} listed, {summary.requests} HTTP requests, "
        f"{summary.seconds:.1f} s; watermark `{summary.watermark}`"
        + ("" if summary.listing_complete else " (listing incomplete: not advanced)"),
        "",
        "| new | changed | unchanged | failed | disallowed | quarantined |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {summary.added} | {summary.changed} | {summary.unchanged} | {len(summary.failed)} "
        f"| {summary.disallowed} | {quarantined} |",
    ]
    if summary.failed:
        lines += ["", "Failed (retried next run):", ""]
        lines += [f"- {line}" for line in summary.failed[:50]]
    return "\n".join(lines)


def report_run(summary: CrawlSummary, output_dir: Path, what: str = "crawl") -> None:
    """After extract: count this run's documents that were quarantined, publish the run artifact."""
    from flows.extract import parse_cache

    cache = parse_cache(Path(output_dir))
    doc_ids = {o.doc_id for o in summary.outcomes if o.doc_id and o.kind != "unchanged"}
    results = (cache.get(doc_id) for doc_id in doc_ids)
    summary.quarantined = sum(
        1 for r in results if r is not None and r["document"]["status"] == "quarantined"
    )
    create_markdown_artifact(
        markdown=crawl_markdown(summary, what),
        key="crawl-run",
        description="blueprint-etl scheduled run: ingest then extract",
    )
