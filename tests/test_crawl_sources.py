"""WordPress listing, sitemap discovery, URL files, watermark and crawl state."""

from __future__ import annotations

import threading

import pytest

from sources.http import CrawlConfig, PoliteClient
from sources.pages import discover, read_url_file, sitemap_locs
from sources.wordpress import LIST_FIELDS, PostRef, WordPressSource, advance_watermark
from storage.crawl_state import CrawlBusy, CrawlState
from tests.wp_server import POSTS_PATH, WPServer, blueprint_ids, corpus

FAST = CrawlConfig(rate=0, timeout=1, attempts=2, backoff=0.01, jitter=0.01)


@pytest.fixture
def site():
    posts, pages = corpus(synthetic=4)
    with WPServer(posts, pages) as server:
        yield server


def _pages(source: WordPressSource, after: str | None = None) -> list:
    first = source.list_page(1, after)
    return [first] + [source.list_page(n, after) for n in range(2, (first.total_pages or 1) + 1)]


def test_listing_pages_through_total_pages_oldest_first(site):
    with PoliteClient(FAST) as client:
        source = WordPressSource(client, site.base_url, per_page=3)
        pages = _pages(source)
        past = source.list_page(len(pages) + 1, None)
    refs = [r for p in pages for r in p.posts]
    expected = blueprint_ids(site.posts)
    assert pages[0].total == len(expected) and pages[0].total_pages == -(-len(expected) // 3)
    assert sorted(r.id for r in refs) == sorted(expected)  # off-topic post not listed
    assert [r.modified for r in refs] == sorted(r.modified for r in refs)
    assert past.past_end and past.posts == []
    listing = [h for h in site.listing_hits()]
    assert listing[-1].status == 400
    assert {h.query["_fields"] for h in listing} == {LIST_FIELDS}
    assert {h.query["search"] for h in listing} == {"Role Blueprint"}
    assert {(h.query["orderby"], h.query["order"]) for h in listing} == {("modified", "asc")}


def test_listing_items_carry_only_the_requested_fields(site):
    with PoliteClient(FAST) as client:
        source = WordPressSource(client, site.base_url, per_page=100)
        fetched = client.get(source.posts_url, params={"_fields": LIST_FIELDS, "per_page": 100})
    assert all(set(item) == set(LIST_FIELDS.split(",")) for item in fetched.json())


def test_modified_after_lists_only_newer_posts(site):
    newest = max(site.posts[i]["modified"] for i in blueprint_ids(site.posts))
    with PoliteClient(FAST) as client:
        source = WordPressSource(client, site.base_url, overlap_seconds=0)
        assert source.list_page(1, source.modified_after(newest)).posts == []
        site.edit_post(9002, "A fresh paragraph about fog signals.")
        changed = source.list_page(1, source.modified_after(newest))
    assert [r.id for r in changed.posts] == [9002] and changed.total == 1


def test_category_filter(site):
    site.posts[9001]["categories"] = [777]
    with PoliteClient(FAST) as client:
        listed = WordPressSource(client, site.base_url, category=777).list_page(1, None)
    assert [r.id for r in listed.posts] == [9001]
    assert site.listing_hits()[-1].query["categories"] == "777"


def test_fetch_post_asks_for_the_adapter_fields_and_honours_304(site):
    with PoliteClient(FAST) as client:
        source = WordPressSource(client, site.base_url)
        fetched, post = source.fetch_post(9001)
        again, same = source.fetch_post(9001, etag=fetched.etag)
    assert post["id"] == 9001 and post["content"]["rendered"]
    assert "author" not in post and "_links" not in post
    assert (again.status, same) == (304, None)
    assert [h.status for h in site.hits(POSTS_PATH + "/")] == [200, 304]


def test_advance_watermark_stops_short_of_the_oldest_failure():
    refs = [PostRef(i, f"2026-05-0{i}T00:00:00") for i in range(1, 6)]
    assert advance_watermark(None, refs, []) == "2026-05-05T00:00:00"
    assert advance_watermark(None, refs, [refs[2]]) == "2026-05-02T00:00:00"
    assert advance_watermark("2026-05-03T00:00:00", refs, [refs[0]]) == "2026-05-03T00:00:00"
    assert advance_watermark("2026-05-03T00:00:00", [], []) == "2026-05-03T00:00:00"


def test_sitemap_discovery_keeps_role_blueprint_posts_only(site):
    with PoliteClient(FAST) as client:
        urls = discover(client, site.base_url)
    expected = sorted(site.posts[i]["link"] for i in blueprint_ids(site.posts))
    assert sorted(urls) == expected
    paths = [h.path for h in site.hits()]
    assert "/wp-sitemap-posts-page-1.xml" not in paths  # only post sitemaps are read
    assert "/wp-sitemap-users-1.xml" not in paths


def test_sitemap_locs_rejects_entities_and_non_xml():
    is_index, locs = sitemap_locs(
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc></url>'
        b"<url><loc>https://a.example/x-role-blueprint/</loc></url></urlset>"
    )
    assert not is_index and "root:" not in "".join(locs)
    assert locs[-1] == "https://a.example/x-role-blueprint/"
    with pytest.raises(ValueError):
        sitemap_locs(b"<html>not a sitemap")


def test_url_file_skips_comments_blanks_and_duplicates(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text(
        "# roles\nhttps://a.example/x/\n\n  https://a.example/y/ \nhttps://a.example/x/\n"
    )
    assert read_url_file(path) == ["https://a.example/x/", "https://a.example/y/"]


def test_crawl_state_survives_reload_and_locks_the_raw_dir(tmp_path):
    state = CrawlState(tmp_path, checkpoint_seconds=0)
    state.stored("https://a.example/p/1", etag='"e1"', doc_id="d1")
    state.fail("https://a.example/p/2", "wp x", status=500, error="HTTP 500", attempts=3)
    state.set_watermark("wp x", "2026-05-01T00:00:00")
    again = CrawlState(tmp_path)
    assert again.seen("https://a.example/p/1") == {"etag": '"e1"', "doc_id": "d1"}
    failure = again.failed("wp x")["https://a.example/p/2"]
    assert (failure["status"], failure["attempts"], failure["runs_failed"]) == (500, 3, 1)
    assert again.watermarks == {"wp x": "2026-05-01T00:00:00"}
    again.stored("https://a.example/p/2")
    assert again.failed("wp x") == {}
    with state.lock():
        outcome = []
        thread = threading.Thread(target=lambda: outcome.append(_try_lock(tmp_path)))
        thread.start()
        thread.join()
    assert outcome == ["busy"]
    assert _try_lock(tmp_path) == "locked"
    assert not list((tmp_path / "state").glob(".tmp-*"))


def _try_lock(raw_dir) -> str:
    try:
        with CrawlState(raw_dir).lock():
            return "locked"
    except CrawlBusy:
        return "busy"
