"""The crawl flows end to end against the local WordPress look-alike (issue 5's "done when")."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from cli.main import main
from flows.crawl import CrawlJob, crawl_ingest
from flows.run import run_flow
from sources.http import CrawlConfig
from storage.crawl_state import CrawlState
from storage.raw_store import RawStore
from storage.snapshots import list_snapshots
from tests.conftest import REPO
from tests.pacing import assert_paced
from tests.wp_server import POSTS_PATH, Fault, WPServer, blueprint_ids, corpus

FAST = CrawlConfig(
    rate=0,
    timeout=0.5,
    attempts=3,
    backoff=0.01,
    backoff_max=0.05,
    jitter=0.01,
    max_retry_after=2,
    per_page=4,
)


@pytest.fixture(scope="module", autouse=True)
def prefect_backend():
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no calls off 127.0.0.1
        with prefect_test_harness(server_startup_timeout=120):
            yield


@pytest.fixture
def site():
    posts, pages = corpus(synthetic=6)
    with WPServer(posts, pages) as server:
        yield server


def _run(site: WPServer, tmp: Path, config: CrawlConfig = FAST, **job):
    crawl = CrawlJob(wp=site.base_url, config=config, **job)
    return run_flow(tmp / "raw", tmp / "out", crawl=crawl)


def _table(tmp: Path, name: str) -> list[dict]:
    rows = ds.dataset(tmp / "out" / name, format="parquet").to_table().to_pylist()
    return [{k: v for k, v in r.items() if k != "loaded_at"} for r in rows]


def _sightings(tmp: Path) -> Counter:
    return Counter(r.source_uri for r in RawStore(tmp / "raw").records())


def _post_urls(site: WPServer, ids) -> set[str]:
    return {f"{site.base_url}{POSTS_PATH}/{i}" for i in ids}


def test_full_crawl_then_nothing_changed_then_one_post_changed(site, tmp_path):
    wanted = blueprint_ids(site.posts)
    ingested, extracted = _run(site, tmp_path)
    assert (ingested.added, ingested.changed, ingested.failed) == (len(wanted), 0, [])
    assert sorted(site.post_fetches()) == sorted(wanted)
    assert _sightings(tmp_path) == dict.fromkeys(_post_urls(site, wanted), 1)
    assert len(site.listing_hits()) == -(-len(wanted) // FAST.per_page)
    articles = {a["article_id"]: a for a in _table(tmp_path, "articles")}
    assert set(articles) == {site.posts[i]["slug"] for i in wanted}
    assert {d["status"] for d in _table(tmp_path, "documents")} == {"ok"}
    assert extracted.published and ingested.quarantined == 0
    first = {name: _table(tmp_path, name) for name in ("documents", "articles", "blocks")}
    snapshots = list_snapshots(tmp_path / "out")

    site.clear_log()
    ingested, extracted = _run(site, tmp_path)
    assert site.post_fetches() == []
    assert [h.path for h in site.hits()] == ["/robots.txt", POSTS_PATH]  # one listing request
    assert site.listing_hits()[0].query["modified_after"]
    assert (ingested.new, ingested.requests, extracted.published) == (0, 2, None)
    assert list_snapshots(tmp_path / "out") == snapshots
    assert {name: _table(tmp_path, name) for name in first} == first

    site.clear_log()
    site.edit_post(9003, "Each lamp is logged at dusk and at dawn.")
    ingested, extracted = _run(site, tmp_path)
    assert site.post_fetches() == [9003]
    assert (ingested.changed, ingested.added, extracted.parsed) == (1, 0, 1)
    url = f"{site.base_url}{POSTS_PATH}/9003"
    old_ids = {d["doc_id"] for d in first["documents"]}
    added = [d for d in _table(tmp_path, "documents") if d["doc_id"] not in old_ids]
    assert [d["source_uri"] for d in added] == [url]  # the old version keeps its row
    articles = {a["article_id"]: a for a in _table(tmp_path, "articles")}
    assert articles[site.posts[9003]["slug"]]["doc_id"] == added[0]["doc_id"]
    unchanged = [a for a in first["articles"] if a["article_id"] != site.posts[9003]["slug"]]
    assert all(a in articles.values() for a in unchanged)


def test_faults_are_retried_and_what_still_fails_is_fetched_next_run(site, tmp_path):
    site.posts[9006]["content"]["rendered"] = ""  # WordPress serves an empty body
    site.faults = [
        Fault(f"{POSTS_PATH}/41388", "status", status=429, retry_after="1"),
        Fault(f"{POSTS_PATH}/41502", "status", status=500, times=2),
        Fault(f"{POSTS_PATH}/41021", "slow", delay=1.0),
        Fault(f"{POSTS_PATH}/9001", "reset"),
        Fault(f"{POSTS_PATH}/9002", "truncate"),
        Fault(f"{POSTS_PATH}/9003", "invalid_json"),
        Fault(f"{POSTS_PATH}/9004", "status", status=503, times=-1),
        Fault(f"{POSTS_PATH}/9005", "invalid_json", times=-1),
        Fault(POSTS_PATH, "status", status=500, query="page=2"),
    ]
    wanted = blueprint_ids(site.posts)
    ingested, _ = _run(site, tmp_path)
    per_post = Counter(site.post_fetches())
    assert per_post == {
        **dict.fromkeys(wanted, 1),
        41388: 2,
        41502: 3,
        41021: 2,
        9001: 2,
        9002: 2,
        9003: 2,
        9004: 3,
        9005: 3,
    }
    assert [h.status for h in site.listing_hits() if h.query["page"] == "2"] == [500, 200]
    failed = _post_urls(site, [9004, 9005])
    state = CrawlState(tmp_path / "raw")
    assert set(state.failures) == failed
    assert state.failures[f"{site.base_url}{POSTS_PATH}/9004"]["status"] == 503
    assert {f["attempts"] for f in state.failures.values()} == {3}
    # 9004 stored nothing; 9005's unusable body is kept as fetched but counts as failed
    assert len(ingested.failed) == 2 and ingested.added == len(wanted) - 2
    assert ingested.quarantined == 2  # the empty post, and 9005's unusable body kept as fetched
    oldest_failure = min(site.posts[i]["modified"] for i in (9004, 9005))
    assert ingested.watermark < oldest_failure
    stored = set(_sightings(tmp_path))
    assert stored == _post_urls(site, wanted - {9004})

    site.faults.clear()
    site.clear_log()
    ingested, _ = _run(site, tmp_path)
    assert sorted(site.post_fetches()) == [9004, 9005]
    assert CrawlState(tmp_path / "raw").failures == {}
    assert (ingested.added, ingested.changed, ingested.failed) == (1, 1, [])
    articles = {a["article_id"] for a in _table(tmp_path, "articles")}
    assert articles == {site.posts[i]["slug"] for i in wanted - {9006}}
    assert ingested.watermark == max(site.posts[i]["modified"] for i in wanted)


def test_politeness_holds_through_the_flow(site, tmp_path):
    """Fetch tasks run in parallel, but never more than the limit, all named and paced."""
    site.faults = [Fault(f"{POSTS_PATH}/", "slow", times=-1, delay=0.1)]
    _run(site, tmp_path, replace(FAST, contact="ops@example.org"))
    assert site.most_in_flight() == 2
    assert all("ops@example.org" in h.headers["user-agent"] for h in site.hits())
    site.clear_log()
    site.edit_post(9001, "Fog horns are tested weekly.")
    site.edit_post(9002, "Fog horns are tested monthly.")
    _run(site, tmp_path, replace(FAST, rate=10))
    starts = [h.started for h in site.hits()]
    assert len(starts) == 4
    assert_paced(starts, 0.1)


def test_pages_crawl_uses_conditional_requests(site, tmp_path):
    urls = tmp_path / "urls.txt"
    first_page = site.posts[41388]["link"]
    urls.write_text(f"{first_page}\n{site.base_url}/blog/no-such-role-blueprint/\n")
    site.robots = "User-agent: *\nDisallow: /blog/lighthouse-keeper-grade-6-role-blueprint/\n"
    job = CrawlJob(sitemap=site.base_url, urls_file=str(urls), config=FAST)
    ingested, _ = run_flow(tmp_path / "raw", tmp_path / "out", crawl=job)
    wanted = blueprint_ids(site.posts) - {9006}
    assert (ingested.added, ingested.disallowed, len(ingested.failed)) == (len(wanted), 1, 1)
    assert "HTTP 404" in ingested.failed[0]
    html_docs = [d for d in _table(tmp_path, "documents") if d["format"] == "html"]
    assert {d["article_id"] for d in html_docs} == {site.posts[i]["slug"] for i in wanted}

    site.clear_log()
    site.edit_post(9002, "Keepers also trim the wicks.")
    ingested, _ = run_flow(tmp_path / "raw", tmp_path / "out", crawl=job)
    pages = [h for h in site.hits("/blog/") if "no-such" not in h.path]
    assert Counter(h.status for h in pages) == {304: len(wanted) - 1, 200: 1}
    assert all("if-none-match" in h.headers for h in pages)
    assert (ingested.changed, ingested.unchanged) == (1, len(wanted) - 1)
    assert [h.path for h in site.hits("/blog/no-such")] == ["/blog/no-such-role-blueprint/"]


def test_cli_run_from_wp(site, tmp_path, capsys):
    argv = ["run", "--from-wp", site.base_url, "--rate", "0", "--contact", "a@example.org"]
    argv += ["--raw-dir", str(tmp_path / "raw"), "--output-dir", str(tmp_path / "out")]
    assert main(argv) == 0
    expected = f"ingest: {len(blueprint_ids(site.posts))} new documents"
    assert expected in capsys.readouterr().out
    assert main(["ingest", "--from-wp", "ftp://x", "--raw-dir", str(tmp_path)]) == 2


def test_killed_ingest_neither_loses_nor_duplicates(site, tmp_path):
    """SIGKILL a real `blueprints ingest --from-wp` midway, run again, check the raw store."""
    wanted = blueprint_ids(site.posts)
    site.faults = [Fault(f"{POSTS_PATH}/", "slow", times=-1, delay=0.2)]
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(REPO)}
    argv = [sys.executable, "-m", "cli.main", "ingest", "--from-wp", site.base_url]
    argv += ["--rate", "0", "--raw-dir", str(tmp_path / "raw")]
    proc = subprocess.Popen(
        argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 90
        while len(site.post_fetches()) < len(wanted) // 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    before = _sightings(tmp_path)
    assert 0 < len(before) < len(wanted)
    site.faults.clear()
    site.clear_log()
    ingested = crawl_ingest(CrawlJob(wp=site.base_url, config=FAST), tmp_path / "raw")
    assert _sightings(tmp_path) == dict.fromkeys(_post_urls(site, wanted), 1)
    refetched = set(site.post_fetches())
    assert wanted - {int(u.rsplit("/", 1)[1]) for u in before} <= refetched
    assert ingested.added + ingested.unchanged == len(refetched)
    assert ingested.failed == []
    store = RawStore(tmp_path / "raw")
    assert len(store.documents()) == len(wanted)
