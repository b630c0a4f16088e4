"""The polite client against a real local server: identity, robots, pacing, limits, faults."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sources.http import CrawlConfig, FetchFailed, PoliteClient, retry_after_seconds
from tests.pacing import assert_paced
from tests.wp_server import POSTS_PATH, Fault, WPServer, corpus

FAST = CrawlConfig(
    contact="mailto:crawl-team@example.org",
    rate=0,
    timeout=0.4,
    attempts=3,
    backoff=0.01,
    backoff_max=0.05,
    jitter=0.01,
    max_retry_after=2,
)


@pytest.fixture
def site():
    posts, pages = corpus(synthetic=2, with_seed=False)
    with WPServer(posts, pages) as server:
        yield server


def _post_url(site: WPServer) -> tuple[int, str]:
    post_id = min(site.posts)
    return post_id, f"{site.base_url}{POSTS_PATH}/{post_id}"


def test_user_agent_names_project_and_contact(site):
    with PoliteClient(FAST) as client:
        client.get(_post_url(site)[1])
    agents = {h.headers["user-agent"] for h in site.hits()}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("blueprint-etl/") and "mailto:crawl-team@example.org" in agent


def test_robots_txt_is_read_once_and_honoured(site):
    site.robots = "User-agent: *\nDisallow: /blog/lighthouse-keeper-grade-1-role-blueprint/\n"
    with PoliteClient(FAST) as client:
        with pytest.raises(FetchFailed) as refused:
            client.get(f"{site.base_url}/blog/lighthouse-keeper-grade-1-role-blueprint/")
        client.get(f"{site.base_url}/blog/lighthouse-keeper-grade-2-role-blueprint/")
    assert refused.value.retry is False and "robots.txt" in refused.value.error
    assert [h.path for h in site.hits()] == [
        "/robots.txt",
        "/blog/lighthouse-keeper-grade-2-role-blueprint/",
    ]


def test_robots_txt_server_error_keeps_the_crawler_away(site):
    site.faults = [Fault("/robots.txt", "status", times=-1, status=503)]
    with PoliteClient(FAST) as client, pytest.raises(FetchFailed) as failed:
        client.get(_post_url(site)[1])
    assert failed.value.retry is True and "robots.txt unreachable" in failed.value.error
    assert {h.path for h in site.hits()} == {"/robots.txt"}


def test_crawl_delay_from_robots_paces_requests(site):
    site.robots = "User-agent: blueprint-etl\nCrawl-delay: 1\n"
    started = time.monotonic()
    with PoliteClient(FAST) as client:
        for _ in range(3):
            client.get(_post_url(site)[1])
    assert time.monotonic() - started >= 2.0


def test_rate_spaces_request_starts():
    posts, _ = corpus(with_seed=False)
    with WPServer(posts) as server, PoliteClient(replace(FAST, rate=10)) as client:
        for _ in range(5):
            client.get(f"{server.base_url}/robots.txt")
        starts = [h.started for h in server.hits()]
    assert len(starts) == 6
    assert_paced(starts, 0.1)


def test_at_most_concurrency_requests_in_flight(site):
    site.faults = [Fault("/blog/", "slow", times=-1, delay=0.15)]
    url = f"{site.base_url}/blog/lighthouse-keeper-grade-1-role-blueprint/"
    with PoliteClient(FAST) as client:
        threads = [threading.Thread(target=client.get, args=(url,)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    hits = site.hits("/blog/")
    assert len(hits) == 6
    assert site.most_in_flight() == 2


@pytest.mark.parametrize(
    ("fault", "attempts"),
    [
        (Fault(POSTS_PATH, "status", status=500, times=2), 3),
        (Fault(POSTS_PATH, "status", status=502), 2),
        (Fault(POSTS_PATH, "slow", delay=0.8), 2),
        (Fault(POSTS_PATH, "reset"), 2),
        (Fault(POSTS_PATH, "truncate"), 2),
        (Fault(POSTS_PATH, "invalid_json"), 2),
    ],
    ids=["500x2", "502", "slower-than-timeout", "connection-reset", "truncated", "invalid-json"],
)
def test_transient_faults_are_retried(site, fault, attempts):
    post_id, url = _post_url(site)
    site.faults = [fault]
    with PoliteClient(FAST) as client:
        fetched = client.get(url, expect_json=True)
    assert fetched.status == 200 and fetched.attempts == attempts
    assert fetched.json()["id"] == post_id
    assert len(site.hits(POSTS_PATH)) == attempts


def test_429_waits_what_retry_after_asks(site):
    _, url = _post_url(site)
    site.faults = [Fault(POSTS_PATH, "status", status=429, retry_after="1")]
    with PoliteClient(FAST) as client:
        fetched = client.get(url)
    first, second = site.hits(POSTS_PATH)
    assert (first.status, second.status, fetched.attempts) == (429, 200, 2)
    assert second.started - first.ended >= 0.95


def test_retry_after_beyond_the_limit_gives_up_at_once(site):
    _, url = _post_url(site)
    site.faults = [Fault(POSTS_PATH, "status", status=503, retry_after="3600")]
    with PoliteClient(FAST) as client, pytest.raises(FetchFailed) as failed:
        client.get(url)
    assert (failed.value.status, failed.value.attempts) == (503, 1)


def test_persistent_failure_reports_status_error_and_attempts(site):
    _, url = _post_url(site)
    site.faults = [Fault(POSTS_PATH, "status", status=500, times=-1)]
    with PoliteClient(FAST) as client, pytest.raises(FetchFailed) as failed:
        client.get(url)
    assert (failed.value.status, failed.value.error, failed.value.attempts) == (500, "HTTP 500", 3)
    assert len(site.hits(POSTS_PATH)) == 3


def test_not_found_is_not_retried(site):
    with PoliteClient(FAST) as client, pytest.raises(FetchFailed) as failed:
        client.get(f"{site.base_url}{POSTS_PATH}/1")
    assert (failed.value.status, failed.value.attempts) == (404, 1)


def test_conditional_get_returns_304_with_etag(site):
    _, url = _post_url(site)
    with PoliteClient(FAST) as client:
        first = client.get(url)
        again = client.get(url, etag=first.etag)
        by_date = client.get(url, last_modified=first.last_modified)
    assert first.status == 200 and first.etag and first.last_modified
    assert (again.status, again.content, by_date.status) == (304, b"", 304)
    assert site.hits(POSTS_PATH)[1].headers["if-none-match"] == first.etag


def test_retry_after_parses_seconds_and_http_dates():
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Fri, 01 May 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Fri, 01 May 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None
