"""The WordPress REST API as a crawl source: light listings, then only the posts that changed.

Why two kinds of request: a listing page (`/wp-json/wp/v2/posts`, 100 posts,
`_fields` cut to id, link and modification times) tells us what changed since
the watermark for the price of one request, and only new or changed posts are
then fetched in full (`/wp-json/wp/v2/posts/ID`), each with its own status,
validators and failure record. Listings are ordered by `modified` and filtered
with `modified_after` (WordPress compares it with the site-local `modified`, so
the watermark is kept in that field), minus a small overlap so posts saved in
the same second as the watermark are not missed; the overlap only re-lists posts
the state already knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sources.http import Fetched, FetchFailed, PoliteClient

DEFAULT_SEARCH = "Role Blueprint"
LIST_FIELDS = "id,link,modified,modified_gmt"
# What the wp_json adapter reads, and nothing else (the full object is ~2x larger).
POST_FIELDS = (
    "id,date,date_gmt,modified,modified_gmt,slug,status,type,link,title,content,excerpt,"
    "categories,tags,class_list"
)
PAST_LAST_PAGE = "rest_post_invalid_page_number"


@dataclass(frozen=True)
class PostRef:
    """A post as a listing shows it: enough to decide whether to fetch it."""

    id: int
    modified: str
    modified_gmt: str | None = None
    link: str | None = None

    @property
    def version(self) -> str:
        return self.modified_gmt or self.modified


@dataclass(frozen=True)
class ListingPage:
    page: int
    posts: list[PostRef]
    total: int | None  # X-WP-Total
    total_pages: int | None  # X-WP-TotalPages
    past_end: bool = False  # the 400 WordPress answers past the last page


class WordPressSource:
    """One site's posts, optionally narrowed by a search term or a category id."""

    def __init__(
        self,
        client: PoliteClient,
        base_url: str,
        search: str | None = DEFAULT_SEARCH,
        category: int | None = None,
        per_page: int = 100,
        overlap_seconds: int = 3600,
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.search = search or None
        self.category = category
        self.per_page = per_page
        self.overlap = timedelta(seconds=overlap_seconds)

    @property
    def key(self) -> str:
        """Names this listing in the crawl state (its watermark and failures)."""
        query = {"search": self.search or "", "categories": self.category or ""}
        return f"wp {self.base_url} {urlencode(query)}"

    @property
    def posts_url(self) -> str:
        return f"{self.base_url}/wp-json/wp/v2/posts"

    def post_url(self, post_id: int) -> str:
        return f"{self.posts_url}/{post_id}"

    def modified_after(self, watermark: str | None) -> str | None:
        if not watermark:
            return None
        return (datetime.fromisoformat(watermark) - self.overlap).isoformat(timespec="seconds")

    def list_page(self, page: int, modified_after: str | None) -> ListingPage:
        """One listing page, oldest modification first; raises FetchFailed."""
        params: dict[str, str | int] = {
            "per_page": self.per_page,
            "page": page,
            "orderby": "modified",
            "order": "asc",
            "_fields": LIST_FIELDS,
        }
        if self.search:
            params["search"] = self.search
        if self.category is not None:
            params["categories"] = self.category
        if modified_after:
            params["modified_after"] = modified_after
        fetched = self.client.get(
            self.posts_url, params=params, expect_json=True, ok_statuses=frozenset({400})
        )
        body = fetched.json()
        if fetched.status == 400:
            if isinstance(body, dict) and body.get("code") == PAST_LAST_PAGE:
                return ListingPage(page, [], None, None, past_end=True)
            raise FetchFailed(fetched.url, f"HTTP 400: {_message(body)}", status=400)
        return ListingPage(
            page,
            _refs(body, fetched.url),
            _int(fetched.headers.get("x-wp-total")),
            _int(fetched.headers.get("x-wp-totalpages")),
        )

    def fetch_post(
        self, post_id: int, etag: str | None = None, last_modified: str | None = None
    ) -> tuple[Fetched, dict | None]:
        """The post object (None on a 304); raises FetchFailed."""
        fetched = self.client.get(
            self.post_url(post_id),
            params={"_fields": POST_FIELDS},
            etag=etag,
            last_modified=last_modified,
            expect_json=True,
        )
        if fetched.not_modified:
            return fetched, None
        post = fetched.json()
        if not isinstance(post, dict) or post.get("id") != post_id:
            raise FetchFailed(
                fetched.url,
                f"not the post {post_id}: {type(post).__name__}",
                status=fetched.status,
                attempts=fetched.attempts,
                content=fetched.content,
            )
        return fetched, post


def advance_watermark(old: str | None, listed: list[PostRef], failed: list[PostRef]) -> str | None:
    """The newest `modified` up to which every listed post is now stored.

    Posts at or after the oldest failure's time stay above the watermark, so the
    next listing shows them again (the state skips those already stored).
    """
    times = [p.modified for p in listed]
    if failed:
        bound = min(p.modified for p in failed)
        times = [t for t in times if t < bound]
    new = max(times, default=None)
    if old is None or (new is not None and new > old):
        return new
    return old


def _refs(body: object, url: str) -> list[PostRef]:
    if not isinstance(body, list):
        raise FetchFailed(url, f"listing is a JSON {type(body).__name__}, not a list")
    refs = []
    for item in body:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            raise FetchFailed(url, "listing item without an integer id")
        if not item.get("modified"):
            raise FetchFailed(url, f"listing item {item['id']} without `modified`")
        refs.append(
            PostRef(item["id"], item["modified"], item.get("modified_gmt"), item.get("link"))
        )
    return refs


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _message(body: object) -> str:
    if isinstance(body, dict):
        return str(body.get("code") or body.get("message") or body)[:200]
    return str(body)[:200]
