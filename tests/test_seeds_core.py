"""Acceptance on the real seeds: sections, titles, roles, clean text, seed 001's tables."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from extractors.decoding import has_mojibake
from extractors.pipeline import extract
from extractors.records import article_rows
from tests.conftest import seed_path
from tests.samples import TEMPLATE_TITLES as TEMPLATE

SEEDS = {
    "000": ("text", "Senior AI Consultant", True),
    "001": ("wp_json", "AI Engineer", False),
    "002": ("text", "Machine Learning Specialist", True),
    "003": ("text", "Associate Applied AI Engineer", False),
    "004": ("text", "Lead Responsible AI Analyst", False),
}
# Words that only occur in the seeds' ad blocks, comment widgets and promos.
CHROME_WORDS = ("Hospitals", "Similar Posts", "Comments", "Subscribe", "Certification Courses")


def _extract(prefix: str):
    path = seed_path(prefix)
    return extract(path.read_bytes(), path.as_uri())


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_has_twenty_template_sections_title_and_role(prefix):
    fmt, role, mojibake = SEEDS[prefix]
    ex = _extract(prefix)
    assert (ex.format, ex.status, ex.error) == (fmt, "ok", None)
    rows = article_rows(ex)
    assert [(s["section_no"], s["title"]) for s in rows["sections"]] == list(
        enumerate(TEMPLATE, start=1)
    )
    article = rows["articles"][0]
    assert article["role"] == role
    assert article["title"].startswith(f"{role}: Role Blueprint")
    assert article["article_id"] == (
        role.lower().replace(" ", "-")
        + "-role-blueprint-responsibilities-skills-kpis-and-career-path"
    )
    assert ex.mojibake_repaired is mojibake


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_output_has_no_mojibake_and_no_chrome(prefix):
    ex = _extract(prefix)
    rows = article_rows(ex)
    texts = [b["text"] for b in rows["blocks"]] + [s["text"] for s in rows["sections"]]
    texts += [c["value"] for c in rows["table_cells"]] + [rows["articles"][0]["title"]]
    assert not [t for t in texts if has_mojibake(t)]
    leaked = [t for t in texts for word in CHROME_WORDS if word in t]
    assert not leaked
    if SEEDS[prefix][0] == "text":
        assert ex.boilerplate_chars_removed > 250


def test_seed_001_html_tables_come_out_cell_for_cell():
    path = seed_path("001")
    html = json.loads(path.read_text(encoding="utf-8"))["content"]["rendered"]
    soup = BeautifulSoup(html, "html.parser")  # an independent reading of the same tables
    expected = [
        [
            [" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])]
            for tr in table.find_all("tr")
        ]
        for table in soup.find_all("table")
    ]
    rows = article_rows(_extract("001"))
    assert len(rows["tables"]) == len(expected) == 4
    for table in rows["tables"]:
        cells = [c for c in rows["table_cells"] if c["table_no"] == table["table_no"]]
        grid: dict[int, list[str]] = {}
        for c in sorted(cells, key=lambda c: (c["row_no"], c["col_no"])):
            grid.setdefault(c["row_no"], []).append(c["value"])
        assert [grid[r] for r in sorted(grid)] == expected[table["table_no"] - 1]
        assert table["method"] == "html" and table["confidence"] == 1.0
    assert [t["section_no"] for t in rows["tables"]] == [7, 10, 19, 20]
    assert [t["n_cols"] for t in rows["tables"]] == [5, 4, 3, 2]
