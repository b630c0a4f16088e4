"""Article pages as a crawl source: a file of URLs, or discovery from the site's sitemap.

Why conditional GETs: a page that did not change costs the site a 304 and us
nothing to store. Discovery reads WordPress's core sitemap (`/wp-sitemap.xml`,
an index of per-type sitemaps), follows only the post sitemaps, and keeps the
URLs that look like role blueprints.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree

from sources.http import Fetched, FetchFailed, PoliteClient

ROLE_BLUEPRINT = re.compile(r"role-blueprint", re.IGNORECASE)
WP_SITEMAP = "/wp-sitemap.xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def read_url_file(path: Path | str) -> list[str]:
    """One URL a line; blank lines and `#` comments skipped, duplicates dropped."""
    urls: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and line not in urls:
            urls.append(line)
    return urls


def sitemap_locs(xml: bytes) -> tuple[bool, list[str]]:
    """(is a sitemap index, the <loc> URLs) of a sitemap document."""
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"sitemap is not XML: {exc}") from None
    locs = [str(t).strip() for t in root.xpath("//*[local-name()='loc']/text()")]
    return etree.QName(root).localname == "sitemapindex", locs


def _is_post_sitemap(url: str) -> bool:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return "posts-post" in name or name.startswith("post-sitemap")


def discover(
    client: PoliteClient, site: str, pattern: re.Pattern[str] = ROLE_BLUEPRINT
) -> list[str]:
    """Role-blueprint page URLs listed in `site`'s sitemap; raises FetchFailed.

    `site` is the site root (its `/wp-sitemap.xml` is read) or a sitemap URL.
    """
    start = site if site.endswith(".xml") else urljoin(site.rstrip("/") + "/", WP_SITEMAP[1:])
    is_index, locs = _read(client, start)
    pages = list(locs) if not is_index else []
    if is_index:
        for child in filter(_is_post_sitemap, locs):
            pages += _read(client, child)[1]
    return [url for url in dict.fromkeys(pages) if pattern.search(urlsplit(url).path)]


def _read(client: PoliteClient, url: str) -> tuple[bool, list[str]]:
    fetched = client.get(url)
    try:
        return sitemap_locs(fetched.content)
    except ValueError as exc:
        raise FetchFailed(url, str(exc), status=fetched.status, attempts=fetched.attempts) from None


def fetch_page(
    client: PoliteClient, url: str, etag: str | None = None, last_modified: str | None = None
) -> Fetched:
    """The page, conditionally; a 304 comes back as `not_modified`. Raises FetchFailed."""
    fetched = client.get(url, etag=etag, last_modified=last_modified)
    if fetched.status == 200 and not fetched.content.strip():
        raise FetchFailed(url, "empty body", status=200, attempts=fetched.attempts)
    return fetched
