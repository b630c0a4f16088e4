"""One model inside: the same article in any format gives the same records.

Seed 001's post and our samples are rendered into the other three forms (page
chrome, ads and mojibake added) and must give the same article_id, sections and
blocks as the JSON post. Known limit, kept visible: a plain-text scrape drops
bold, so a one-line list item whose lead is only bold ("<strong>Lead</strong>
rest") has no label in text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.pipeline import extract
from extractors.records import article_rows
from tests import forms
from tests.conftest import SAMPLES_DIR, seed_path

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


def _seed_forms() -> dict[str, bytes]:
    post = json.loads(seed_path("001").read_text(encoding="utf-8"))
    return {
        "wp_json": json.dumps(post).encode(),
        "html": forms.render_page(post, variant=1).encode(),
        "markdown": forms.render_markdown(post, variant=2).encode(),
        "text": forms.render_text(post, mojibake="cp874", variant=3).encode(),
    }


def _sample_forms(post_path: Path) -> dict[str, bytes]:
    out = {"wp_json": post_path.read_bytes()}
    for fmt, (folder, suffix) in FORMAT_FILES.items():
        out[fmt] = (SAMPLES_DIR / folder / f"{post_path.stem}{suffix}").read_bytes()
    return out


CASES = [pytest.param(_seed_forms, id="seed001")] + [
    pytest.param(lambda p=p: _sample_forms(p), id=p.stem.split("-role-")[0]) for p in SAMPLE_POSTS
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
    variants = _seed_forms()
    assert _rows(variants["text"])["blocks"] == _rows(variants["wp_json"])["blocks"]
