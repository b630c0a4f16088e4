"""One model inside: the same article in any format gives the same records.

Seed 001's post and our samples are rendered into the other three forms (page
chrome, ads and mojibake added) and must give the same article_id, sections and
blocks as the JSON post. Known limit, kept visible: a plain-text scrape drops
bold, so a one-line list item whose lead is only bold ("<strong>Lead</strong>
rest") has no label in text.
"""

from __future__ import annotations

import pytest

from extractors.pipeline import extract
from extractors.records import article_rows
from tests.article_forms import sample_forms, seed001_forms
from tests.conftest import SAMPLES_DIR

SAMPLE_POSTS = sorted((SAMPLES_DIR / "wp_json").glob("*.json"))
FORMAT_FILES = {
    "html": ("html", ".html"),
    "markdown": ("markdown", ".md"),
    "text": ("text", ".txt"),
}


def _rows(data: bytes) -> dict:
    ex = extract(data, "file:///x")
    assert ex.status == "ok", ex.error
    return article_rows(ex)


def _without_labels(blocks: list[dict]) -> list[dict]:
    return [{k: v for k, v in b.items() if k != "label"} for b in blocks]


CASES = [pytest.param(seed001_forms, id="seed001")] + [
    pytest.param(lambda p=p: sample_forms(p), id=p.stem.split("-role-")[0]) for p in SAMPLE_POSTS
]


@pytest.mark.parametrize("make", CASES)
@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_same_article_sections_and_blocks_in_every_format(make, fmt):
    variants = make()
    base, other = _rows(variants["wp_json"]), _rows(variants[fmt])
    assert other["articles"][0]["article_id"] == base["articles"][0]["article_id"]
    assert other["articles"][0]["title"] == base["articles"][0]["title"]
    assert other["sections"] == base["sections"]
    if fmt == "text":
        assert _without_labels(other["blocks"]) == _without_labels(base["blocks"])
    else:
        assert other["blocks"] == base["blocks"]


@pytest.mark.parametrize("make", CASES)
@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_known_cell_tables_match_in_every_markup_format(make, fmt):
    variants = make()
    base, other = _rows(variants["wp_json"]), _rows(variants[fmt])
    strip = [{k: v for k, v in t.items() if k != "method"} for t in base["tables"]]
    assert [{k: v for k, v in t.items() if k != "method"} for t in other["tables"]] == strip
    assert other["table_cells"] == base["table_cells"]


@pytest.mark.xfail(
    reason="plain text drops bold: a one-line item's bold-only lead cannot be "
    "told from its text, so its label is None in text",
    strict=True,
)
def test_text_keeps_bold_only_leads_of_one_line_items():
    variants = seed001_forms()
    assert _rows(variants["text"])["blocks"] == _rows(variants["wp_json"])["blocks"]


@pytest.mark.parametrize("make", CASES)
def test_a_full_page_carries_the_posts_id_and_categories(make):
    """WordPress's `post_class()` puts the post id and category slugs on the article element,
    so a themed page gives the department from categories as the JSON post does."""
    variants = make()
    base = _rows(variants["wp_json"])["articles"][0]
    page = _rows(variants["html"])["articles"][0]
    keys = ("post_id", "categories", "department", "department_source")
    assert {k: page[k] for k in keys} == {k: base[k] for k in keys}
    assert base["post_id"] and base["categories"] and base["department_source"] == "categories"


def test_a_related_posts_card_does_not_lend_the_page_its_categories():
    card = '<div class="post-7 post hentry category-cooking"><a href="/soup">Soup</a></div>'
    article = (
        '<article class="post-42 post type-post hentry category-maritime category-keeper">'
        "<h1>Tide-Gauge Keeper: Role Blueprint</h1>"
        "<h2>1) Role Summary</h2><p>Keeps the harbour's tide gauges honest.</p>"
        "<h2>2) Role Mission</h2><p>Readings the harbour master can trust.</p></article>"
    )
    page = f"<html><body><aside>{card}</aside><main>{article}</main></body></html>"

    def read(data: bytes) -> dict:  # two sections of twenty: a partial article, still read
        return article_rows(extract(data, "file:///page.html"))["articles"][0]

    row = read(page.encode())
    assert (row["post_id"], row["categories"], row["department"]) == (
        42,
        ["maritime", "keeper"],
        "maritime",
    )
    bare = page.replace(" hentry", "").encode()
    row = read(bare)
    assert (row["post_id"], row["categories"], row["department_source"]) == (None, None, None)
