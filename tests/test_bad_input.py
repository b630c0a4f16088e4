"""Bad input: every case gets a clear one-line error and a status; nothing raises."""

from __future__ import annotations

import json

import pytest

from extractors.pipeline import MAX_BYTES, extract
from tests.samples import sample_post_html, tiny_article_text


def _quarantined(data: bytes, needle: str) -> None:
    ex = extract(data, "file:///bad")
    assert ex.status == "quarantined"
    assert ex.article_id is None
    assert needle in ex.error
    assert "\n" not in ex.error and len(ex.error) <= 300


def test_empty_file():
    _quarantined(b"", "empty")


def test_binary_file():
    _quarantined(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "binary")


def test_truncated_json():
    post = json.dumps({"id": 1, "title": {"rendered": "X"}, "content": {"rendered": "<p>a</p>"}})
    _quarantined(post[: len(post) // 2].encode(), "truncated or invalid JSON")


def test_json_that_is_not_a_post():
    _quarantined(
        json.dumps({"code": "rest_no_route", "data": {"status": 404}}).encode(),
        "not a WordPress post",
    )


def test_post_with_empty_content():
    post = {"id": 7, "title": {"rendered": "Empty: Role Blueprint"}, "content": {"rendered": ""}}
    _quarantined(json.dumps(post).encode(), "empty content")


def test_html_page_with_no_article():
    page = "<!doctype html><html><body><nav><a href='/'>Home</a></nav><p>Hello.</p></body></html>"
    _quarantined(page.encode(), "no numbered sections")


def test_text_with_no_numbered_sections():
    _quarantined(b"Just a note.\n\nNothing numbered here at all.\n", "no numbered sections")


def test_file_over_the_size_limit():
    _quarantined(b"a" * (MAX_BYTES + 1), "too large")


def test_fifty_megabyte_file():
    _quarantined(b"1) Role Summary\n\n" + b"x" * (50 * 1024 * 1024), "too large")


def test_bytes_neither_utf8_nor_repairable():
    # Invalid UTF-8 lead bytes scattered through control characters: no charset fits.
    _quarantined(bytes([0xC3, 0x28, 0x01, 0xA0, 0xA1, 0x02, 0xF0, 0x28, 0x8C, 0x03]) * 300, "")


def test_article_cut_off_before_last_section_is_partial_and_keeps_what_was_read():
    text = tiny_article_text(sections=12)
    ex = extract(text.encode(), "file:///cut.txt")
    assert ex.status == "partial"
    assert "sections 1-12 of 20" in ex.error
    numbers = [b.number for b in ex.document.blocks if b.kind == "section"]
    assert numbers == list(range(1, 13))


def test_truncated_wordpress_body_is_partial():
    post = {
        "id": 9,
        "slug": "cut-role-role-blueprint",
        "title": {"rendered": "Cut Role: Role Blueprint"},
        "content": {"rendered": sample_post_html(sections=5)},
    }
    ex = extract(json.dumps(post).encode(), "file:///cut.json")
    assert (ex.status, ex.article_id) == ("partial", "cut-role-role-blueprint")


@pytest.mark.parametrize("junk", [b"\x00" * 10, b"   \n\t  "])
def test_whitespace_or_nul_only(junk):
    ex = extract(junk, "file:///junk")
    assert ex.status == "quarantined" and ex.error


def test_ads_after_a_last_section_without_table_are_cut_by_structure():
    from tests.samples import AD_TAIL

    ex = extract(tiny_article_text(ad_tail=True).encode(), "file:///tail.txt")
    last = [b.text for b in ex.document.blocks][-3:]
    assert ex.status == "ok"
    assert last[-1] == "Log the reading 20 times."
    removed = sum(len(line) for line in AD_TAIL) + len("Visit the Harbour Shop")
    assert ex.boilerplate_chars_removed >= removed - 5
