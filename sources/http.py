"""A polite HTTP client for crawling: identity, robots.txt, pacing, retries, validators.

Why one client for every crawl source: the site boots all of WordPress for each
request, so politeness (a named User-Agent, at most `concurrency` requests at a
time, at most `rate` request starts per second, robots.txt and its
Crawl-delay) must hold across the API listing, post fetches, sitemaps and pages
alike. Transient faults (429, 5xx, timeouts, resets, truncated or unparsable
bodies) are retried by tenacity with exponential backoff and jitter, waiting
what Retry-After asks; a fetch that still fails raises `FetchFailed` carrying
what the caller must record (status, error, attempts) so the next run retries it.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata
from urllib.parse import urlsplit

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

PROJECT = "blueprint-etl"
DEFAULT_CONTACT = "https://github.com/blueprint-etl/blueprint-etl"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def _version() -> str:
    try:
        return metadata.version(PROJECT)
    except metadata.PackageNotFoundError:
        return "0.1"


@dataclass(frozen=True)
class CrawlConfig:
    """Politeness and fault-tolerance knobs; the defaults suit a live WordPress site."""

    contact: str = DEFAULT_CONTACT
    rate: float = 1.0  # request starts per second, 0 = unpaced
    concurrency: int = 2  # requests in flight at once
    timeout: float = 30.0  # seconds, per connect/read/write
    attempts: int = 4  # tries per request, first one included
    backoff: float = 1.0  # first backoff in seconds, doubled each retry
    backoff_max: float = 60.0
    jitter: float = 1.0  # up to this many seconds added to each backoff
    max_retry_after: float = 120.0  # a longer Retry-After gives up until the next run
    robots: bool = True
    per_page: int = 100  # WordPress listing page size (its maximum)

    @property
    def user_agent(self) -> str:
        return f"{PROJECT}/{_version()} (+{self.contact})"


@dataclass(frozen=True)
class Fetched:
    """One response worth keeping: 200 with its body, or 304 meaning unchanged."""

    url: str
    status: int
    content: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: str
    attempts: int
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def json(self) -> object:
        return json.loads(self.content)


class FetchFailed(Exception):
    """A request that still failed after its retries, or one not allowed at all."""

    def __init__(
        self,
        url: str,
        error: str,
        *,
        status: int | None = None,
        attempts: int = 0,
        content: bytes | None = None,
        retry: bool = True,
    ) -> None:
        super().__init__(f"{url}: {error}")
        self.url, self.error, self.status, self.attempts = url, error, status, attempts
        self.content = content  # the body, when the server sent one we could not use
        self.retry = retry  # False: do not try again next run (robots.txt disallows it)


class _Transient(Exception):
    """A response worth retrying (429, 5xx, unusable body); carries what we saw."""

    def __init__(
        self,
        error: str,
        status: int | None = None,
        retry_after: float | None = None,
        content: bytes | None = None,
    ) -> None:
        super().__init__(error)
        self.status, self.retry_after, self.content = status, retry_after, content


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


class _Pacer:
    """Spaces request starts at least `interval` seconds apart across threads."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if self.interval <= 0:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class PoliteClient:
    """Thread-safe GETs with robots.txt, pacing, a concurrency cap and retries."""

    def __init__(self, config: CrawlConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._http = httpx.Client(
            headers={"User-Agent": config.user_agent},
            timeout=httpx.Timeout(config.timeout),
            limits=httpx.Limits(max_connections=max(config.concurrency, 1)),
            follow_redirects=True,
            transport=transport,
        )
        self._slots = threading.BoundedSemaphore(max(config.concurrency, 1))
        self._pacers: dict[str, _Pacer] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()
        self._robots_lock = threading.Lock()
        self.requests = 0  # every HTTP request sent, retries and robots.txt included

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        params: dict[str, str | int] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        expect_json: bool = False,
        ok_statuses: frozenset[int] = frozenset(),
    ) -> Fetched:
        """GET `url`, conditionally when validators are given; raises FetchFailed.

        `expect_json` treats a body that does not parse as transient (a PHP notice
        before the JSON, a body cut short). `ok_statuses` are returned rather than
        raised (e.g. WordPress's 400 past the last listing page).
        """
        if self.config.robots:
            self._check_robots(url)
        return self._fetch(url, params, etag, last_modified, expect_json, ok_statuses)

    # ------------------------------------------------------------------ internals

    def _fetch(
        self,
        url: str,
        params: dict[str, str | int] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        expect_json: bool = False,
        ok_statuses: frozenset[int] = frozenset(),
    ) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = 0

        def attempt() -> Fetched:
            nonlocal attempts
            attempts += 1
            response = self._send(url, params, headers)
            return self._accept(response, attempts, expect_json, ok_statuses)

        retrying = Retrying(
            stop=stop_after_attempt(max(self.config.attempts, 1)),
            wait=self._wait,
            retry=retry_if_exception(self._retryable),
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _Transient as exc:
            raise FetchFailed(
                url, str(exc), status=exc.status, attempts=attempts, content=exc.content
            ) from exc
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise FetchFailed(url, error, attempts=attempts) from exc

    def _send(
        self, url: str, params: dict[str, str | int] | None, headers: dict[str, str]
    ) -> httpx.Response:
        self._pacer(url).wait()
        with self._slots:
            with self._lock:
                self.requests += 1
            return self._http.get(url, params=params, headers=headers)

    def _accept(
        self,
        response: httpx.Response,
        attempts: int,
        expect_json: bool,
        ok_statuses: frozenset[int],
    ) -> Fetched:
        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Transient(
                f"HTTP {status}",
                status,
                retry_after_seconds(response.headers.get("Retry-After")),
            )
        if status != 304 and not response.is_success and status not in ok_statuses:
            raise FetchFailed(str(response.url), f"HTTP {status}", status=status, attempts=attempts)
        if expect_json and status == 200:
            try:
                json.loads(response.content)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise _Transient(f"invalid JSON: {exc}", status, content=response.content) from None
        return Fetched(
            url=str(response.url),
            status=status,
            content=response.content if status != 304 else b"",
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            attempts=attempts,
            headers=dict(response.headers),
        )

    def _retryable(self, exc: BaseException) -> bool:
        if isinstance(exc, _Transient):
            return exc.retry_after is None or exc.retry_after <= self.config.max_retry_after
        return isinstance(exc, httpx.TransportError)  # timeouts, resets, truncated bodies

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return exc.retry_after
        backoff = wait_exponential_jitter(
            multiplier=self.config.backoff,
            max=self.config.backoff_max,
            jitter=self.config.jitter,
        )
        return backoff(state)

    def _pacer(self, url: str) -> _Pacer:
        origin = _origin(url)
        with self._lock:
            pacer = self._pacers.get(origin)
            if pacer is None:
                interval = 1.0 / self.config.rate if self.config.rate > 0 else 0.0
                pacer = self._pacers[origin] = _Pacer(interval)
            return pacer

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        with self._robots_lock:  # one robots.txt request per site, whoever asks first
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        parser = self._robots[origin]
        if parser is None:
            raise FetchFailed(url, "robots.txt unreachable: not crawling this site this run")
        if not parser.can_fetch(PROJECT, url):
            raise FetchFailed(url, "disallowed by robots.txt", retry=False)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """RFC 9309: 4xx means no rules; 5xx or no answer means stay away for now."""
        parser = urllib.robotparser.RobotFileParser()
        try:
            robots = self._fetch(origin + "/robots.txt")
        except FetchFailed as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.parse([])
                return parser
            return None
        parser.parse(robots.content.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(PROJECT)
        if delay:
            pacer = self._pacer(origin)
            pacer.interval = max(pacer.interval, float(delay))
        return parser


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
