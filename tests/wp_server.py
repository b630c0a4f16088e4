"""A WordPress look-alike on 127.0.0.1 for crawl tests: REST API, pages, sitemap, faults.

Why a real server rather than mocked transports: the crawl's promises (request
counts, 304s, retries honouring Retry-After, timeouts, resets, truncated bodies)
are about what goes over a socket. It speaks the parts of the WordPress REST API
the crawler uses: `search`, `categories`, `include`, `modified_after`,
`orderby`/`order`, `per_page` (1-100), `page` with `X-WP-Total` and
`X-WP-TotalPages`, the 400 `rest_post_invalid_page_number` past the last page,
and `_fields`. Every request is logged; `faults` inject failures by path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.conftest import SAMPLES_DIR, seeds_dir
from tests.forms import render_page
from tests.samples import sample_post_html

POSTS_PATH = "/wp-json/wp/v2/posts"
PHP_NOTICE = b"<br />\n<b>Warning</b>: Undefined array key in plugin.php on line 12<br />\n"


@dataclass
class Fault:
    """Make the next `times` requests whose path starts with `path` (and whose query
    contains `query`) fail as `kind`: status, slow, reset, truncate or invalid_json."""

    path: str
    kind: str
    times: int = 1  # -1: every time
    status: int = 500
    retry_after: str | None = None
    delay: float = 0.0
    query: str = ""


@dataclass
class Hit:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int | None = None
    fault: str | None = None
    started: float = 0.0  # time.monotonic()
    ended: float = 0.0


@dataclass
class WPServer:
    """The site: `posts` by id (links point here), `pages` by slug (HTML bytes)."""

    posts: dict[int, dict]
    pages: dict[str, bytes] = field(default_factory=dict)
    robots: str = "User-agent: *\nDisallow: /wp-admin/\n"
    faults: list[Fault] = field(default_factory=list)
    log: list[Hit] = field(default_factory=list)
    on_request: object = None  # callable(Hit), for tests that act mid-run

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        for post in self.posts.values():
            post["link"] = f"{self.base_url}/blog/{post['slug']}/"
            post["guid"] = {"rendered": f"{self.base_url}/?p={post['id']}"}
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> WPServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # ------------------------------------------------------------------ for tests

    def hits(self, path: str = "") -> list[Hit]:
        with self._lock:
            return [h for h in self.log if h.path.startswith(path)]

    def post_fetches(self) -> list[int]:
        """Ids of single-post requests, in order."""
        return [int(h.path.rsplit("/", 1)[1]) for h in self.hits(POSTS_PATH + "/")]

    def listing_hits(self) -> list[Hit]:
        return [h for h in self.hits(POSTS_PATH) if h.path == POSTS_PATH]

    def most_in_flight(self) -> int:
        """The most requests the server was answering at one moment."""
        events = sorted(
            [(h.started, 1) for h in self.hits()] + [(h.ended, -1) for h in self.hits()],
            key=lambda e: (e[0], e[1]),  # an answer sent before a request at the same instant
        )
        level = most = 0
        for _, step in events:
            level += step
            most = max(most, level)
        return most

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def edit_post(self, post_id: int, extra_paragraph: str) -> None:
        """Change a post's body and move its modification times one day on."""
        post = self.posts[post_id]
        post["content"]["rendered"] += f"\n<p>{extra_paragraph}</p>\n"
        for key in ("modified", "modified_gmt"):
            when = datetime.fromisoformat(post[key]) + timedelta(days=1)
            post[key] = when.isoformat(timespec="seconds")
        self.pages.pop(post["slug"], None)

    def page_bytes(self, slug: str) -> bytes | None:
        if slug not in self.pages:
            post = next((p for p in self.posts.values() if p["slug"] == slug), None)
            if post is None:
                return None
            self.pages[slug] = render_page(post).encode()
        return self.pages[slug]

    # ------------------------------------------------------------------ internals

    def take_fault(self, path: str, query: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times and path.startswith(fault.path) and fault.query in query:
                    fault.times -= 1 if fault.times > 0 else 0
                    return fault
        return None

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.log.append(hit)
        if callable(self.on_request):
            self.on_request(hit)


def _handler(site: WPServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_WPHandler):
        server_site = site

    return Handler


class _WPHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real site
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server_site: WPServer

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the client gave up, or we reset the connection
            super().finish()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        hit = Hit(parts.path, query, {k.lower(): v for k, v in self.headers.items()})
        hit.started = time.monotonic()
        self.server_site.record(hit)  # logged on arrival: a slow answer may outlive the client
        fault = self.server_site.take_fault(parts.path, parts.query)
        hit.fault = fault.kind if fault else None
        try:
            status, headers, body = self._route(parts.path, query)
            if fault:
                status, headers, body = self._fault(fault, status, headers, body, hit)
                if status is None:
                    return
            hit.status = status
            hit.ended = time.monotonic()  # the answer is ready: the request is served
            self._send(status, headers, body)
        except OSError:
            self.close_connection = True
        finally:
            hit.ended = hit.ended or time.monotonic()

    # ------------------------------------------------------------------ faults

    def _fault(self, fault: Fault, status: int, headers: dict, body: bytes, hit: Hit):
        if fault.kind == "status":
            extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            err = {"code": "fault", "message": "injected", "data": {"status": fault.status}}
            return fault.status, {**_json_headers(), **extra}, _wp_json(err)
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return status, headers, body
        if fault.kind == "invalid_json":
            return status, headers, PHP_NOTICE + body
        if fault.kind == "reset":
            hit.status = 0
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return None, None, None
        if fault.kind == "truncate":
            hit.status = status
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return None, None, None
        raise ValueError(f"unknown fault {fault.kind!r}")

    # ------------------------------------------------------------------ routes

    def _route(self, path: str, query: dict[str, str]) -> tuple[int, dict, bytes]:
        site = self.server_site
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, site.robots.encode()
        if path == POSTS_PATH:
            return self._list(query)
        if m := re.fullmatch(POSTS_PATH + r"/(\d+)", path):
            post = site.posts.get(int(m.group(1)))
            if post is None or post.get("status") != "publish":
                err = {"code": "rest_post_invalid_id", "message": "Invalid post ID."}
                return 404, _json_headers(), _wp_json({**err, "data": {"status": 404}})
            body = _wp_json(_fields(post, query.get("_fields")))
            return self._conditional(body, post, _json_headers())
        if path == "/wp-sitemap.xml":
            children = ["posts-post-1", "posts-page-1", "taxonomies-category-1", "users-1"]
            locs = [f"{site.base_url}/wp-sitemap-{c}.xml" for c in children]
            return 200, _xml_headers(), _sitemap("sitemapindex", "sitemap", locs)
        if path == "/wp-sitemap-posts-post-1.xml":
            links = [p["link"] for p in site.posts.values() if p.get("status") == "publish"]
            links.append(f"{site.base_url}/blog/office-party-photos/")  # not a blueprint
            return 200, _xml_headers(), _sitemap("urlset", "url", links)
        if path == "/wp-sitemap-posts-page-1.xml":
            locs = [f"{site.base_url}/about-role-blueprints/"]  # a page, not a post
            return 200, _xml_headers(), _sitemap("urlset", "url", locs)
        if path.startswith("/wp-sitemap-"):
            return 200, _xml_headers(), _sitemap("urlset", "url", [])
        if m := re.fullmatch(r"/blog/([^/]+)/", path):
            body = site.page_bytes(m.group(1))
            post = next((p for p in site.posts.values() if p["slug"] == m.group(1)), None)
            if body is not None and post is not None:
                return self._conditional(body, post, {"Content-Type": "text/html; charset=UTF-8"})
        return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"

    def _conditional(self, body: bytes, post: dict, headers: dict) -> tuple[int, dict, bytes]:
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        modified = datetime.fromisoformat(post["modified_gmt"] + "+00:00")
        headers = {**headers, "ETag": etag, "Last-Modified": format_datetime(modified, True)}
        if self.headers.get("If-None-Match") == etag:
            return 304, headers, b""
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            try:
                if modified <= parsedate_to_datetime(since):
                    return 304, headers, b""
            except (TypeError, ValueError):
                pass
        return 200, headers, body

    def _list(self, query: dict[str, str]) -> tuple[int, dict, bytes]:
        try:
            per_page = int(query.get("per_page", 10))
            page = int(query.get("page", 1))
        except ValueError:
            per_page = page = 0
        if not 1 <= per_page <= 100 or page < 1:
            err = {"code": "rest_invalid_param", "message": "Invalid parameter(s): per_page"}
            return 400, _json_headers(), _wp_json({**err, "data": {"status": 400}})
        posts = [p for p in self.server_site.posts.values() if p.get("status") == "publish"]
        if terms := query.get("search", "").lower().split():
            posts = [p for p in posts if all(t in _searchable(p) for t in terms)]
        if cats := query.get("categories"):
            wanted = {int(c) for c in cats.split(",")}
            posts = [p for p in posts if wanted & set(p.get("categories") or [])]
        if include := query.get("include"):
            ids = {int(i) for i in include.split(",")}
            posts = [p for p in posts if p["id"] in ids]
        if after := query.get("modified_after"):
            bound = datetime.fromisoformat(after).replace(tzinfo=None)
            posts = [p for p in posts if datetime.fromisoformat(p["modified"]) > bound]
        key = {"modified": "modified", "date": "date", "id": "id"}[query.get("orderby", "date")]
        posts.sort(key=lambda p: (p[key], p["id"]), reverse=query.get("order", "desc") == "desc")
        total, pages = len(posts), math.ceil(len(posts) / per_page)
        if page > pages and total > 0:
            err = {
                "code": "rest_post_invalid_page_number",
                "message": "The page number requested is larger than the number of pages available.",
                "data": {"status": 400},
            }
            return 400, _json_headers(), _wp_json(err)
        chunk = posts[(page - 1) * per_page : page * per_page]
        body = _wp_json([_fields(p, query.get("_fields")) for p in chunk])
        headers = {**_json_headers(), "X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
        return 200, headers, body

    def _send(self, status: int, headers: dict, body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


def _searchable(post: dict) -> str:
    return " ".join(
        str((post.get(k) or {}).get("rendered", "")) for k in ("title", "content", "excerpt")
    ).lower()


def _fields(post: dict, fields: str | None) -> dict:
    if not fields:
        return post
    wanted = [f.strip() for f in fields.split(",") if f.strip()]
    return {k: post[k] for k in wanted if k in post}


def _wp_json(data: object) -> bytes:
    """JSON as WordPress writes it: ASCII with \\u escapes and escaped slashes."""
    return json.dumps(data).replace("/", "\\/").encode()


def _json_headers() -> dict[str, str]:
    return {"Content-Type": "application/json; charset=UTF-8"}


def _xml_headers() -> dict[str, str]:
    return {"Content-Type": "application/xml; charset=UTF-8"}


def _sitemap(root: str, item: str, locs: list[str]) -> bytes:
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    entries = "".join(f"<{item}><loc>{loc}</loc></{item}>" for loc in locs)
    return f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{ns}">{entries}</{root}>'.encode()


# ---------------------------------------------------------------------------- corpus


def synthetic_post(n: int) -> dict:
    """A small complete role blueprint in our own words, post id 9000+n."""
    role = f"Lighthouse Keeper Grade {n}"
    slug = f"lighthouse-keeper-grade-{n}-role-blueprint"
    when = (datetime(2026, 5, 1) + timedelta(hours=n)).isoformat(timespec="seconds")
    return {
        "id": 9000 + n,
        "date": when,
        "date_gmt": when,
        "modified": when,
        "modified_gmt": when,
        "slug": slug,
        "status": "publish",
        "type": "post",
        "title": {"rendered": f"{role}: Role Blueprint"},
        "content": {"rendered": sample_post_html()},
        "excerpt": {"rendered": ""},
        "categories": [322],
        "tags": [],
        "class_list": ["post", "type-post", "status-publish", "category-operations"],
    }


def off_topic_post() -> dict:
    """A post the default search must not list."""
    post = synthetic_post(99)
    post.update(id=8999, slug="office-party-photos", title={"rendered": "Office Party Photos"})
    post["content"] = {"rendered": "<p>Cake and balloons.</p>"}
    return post


def corpus(synthetic: int = 0, with_seed: bool = True) -> tuple[dict[int, dict], dict[str, bytes]]:
    """Posts by id (our samples, seed 001 when present, `synthetic` more) and sample pages."""
    posts: dict[int, dict] = {}
    pages: dict[str, bytes] = {}
    for path in sorted((SAMPLES_DIR / "wp_json").glob("*.json")):
        post = json.loads(path.read_text(encoding="utf-8"))
        posts[post["id"]] = post
        html = SAMPLES_DIR / "html" / f"{post['slug']}.html"
        if html.is_file():
            pages[post["slug"]] = html.read_bytes()
    seed = sorted(Path(seeds_dir()).glob("001*")) if with_seed else []
    if seed:
        post = json.loads(seed[0].read_text(encoding="utf-8"))
        posts[post["id"]] = post
    for n in range(1, synthetic + 1):
        post = synthetic_post(n)
        posts[post["id"]] = post
    off = off_topic_post()
    posts[off["id"]] = off
    return posts, pages


def blueprint_ids(posts: dict[int, dict]) -> set[int]:
    return {i for i, p in posts.items() if "role-blueprint" in p["slug"]}
