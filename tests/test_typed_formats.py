"""The same article in four formats gives the same typed records.

Seed 001's post and our samples are rendered into html, markdown and text
(tests/forms.py). Markup formats must match the JSON post exactly. Plain text
keeps every list record; two known limits stay visible as strict xfails: a
one-line item whose lead is only bold has no lead in text, and a flattened
table is rebuilt with cut errors, so table-row records may differ in text.
"""

from __future__ import annotations

import pytest

from extractors.pipeline import extract
from extractors.typed import LIST_DATASETS, TABLE_DATASETS, role_metadata, typed_rows
from tests.article_forms import sample_forms, seed001_forms
from tests.conftest import SAMPLES_DIR

SAMPLE_POSTS = sorted((SAMPLES_DIR / "wp_json").glob("*.json"))
# Which cases have one-line items with a bold-only lead (text cannot see the lead).
BOLD_ONLY = {"seed001", "staff-data-platform-engineer"}
# Metadata only a WordPress post carries.
CONTAINER_FIELDS = {"department", "department_source"}
# Text tables are rebuilt: their cells may be cut differently, their confidence is < 1.
TABLE_ROW_FIELDS = {"row_confidence"}
LIST_ONLY = [n for n in LIST_DATASETS if n != "hiring_rubric"]


CASES = {"seed001": seed001_forms} | {
    p.stem.split("-role-")[0]: (lambda p=p: sample_forms(p)) for p in SAMPLE_POSTS
}


def _without(rows: list[dict], columns: set[str]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in columns} for r in rows]


def _meta(meta: dict) -> dict:
    return {k: v for k, v in meta.items() if k not in CONTAINER_FIELDS}


def _typed(data: bytes) -> tuple[dict, dict]:
    ex = extract(data, "file:///x")
    assert ex.status == "ok", ex.error
    return typed_rows(ex.document), role_metadata(ex.document)


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_markup_formats_give_identical_typed_records(case, fmt):
    variants = CASES[case]()
    (base, base_meta), (other, other_meta) = _typed(variants["wp_json"]), _typed(variants[fmt])
    assert other == base
    assert _meta(other_meta) == _meta(base_meta)


@pytest.mark.parametrize("case", sorted(CASES))
def test_text_gives_the_same_list_records_apart_from_leads(case):
    """Every list record exists in text with the same key, kind and block; leads aside."""
    variants = CASES[case]()
    (base, base_meta), (other, other_meta) = _typed(variants["wp_json"]), _typed(variants["text"])
    lead_cols = {"title", "description", "lead_source", "name", "relationship", "subject"}
    lead_cols |= {"label", "label_level", "years_min", "years_max"}
    for name in LIST_ONLY:
        assert _without(other[name], lead_cols) == _without(base[name], lead_cols), name
    for name in TABLE_DATASETS:
        assert len(other[name]) == len(base[name]), name
    assert _meta(other_meta) == _meta(base_meta)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            marks=pytest.mark.xfail(
                reason="plain text drops bold: a one-line item whose lead is only bold "
                "('<strong>Lead</strong> rest') is titled by its first sentence in text",
                strict=True,
            ),
        )
        if c in BOLD_ONLY
        else c
        for c in sorted(CASES)
    ],
)
def test_text_gives_identical_list_records(case):
    variants = CASES[case]()
    base, other = _typed(variants["wp_json"])[0], _typed(variants["text"])[0]
    assert {n: other[n] for n in LIST_ONLY} == {n: base[n] for n in LIST_ONLY}


def test_text_table_records_match_the_post_cell_for_cell():
    variants = seed001_forms()
    base, other = _typed(variants["wp_json"])[0], _typed(variants["text"])[0]
    for name in TABLE_DATASETS:
        cols = TABLE_ROW_FIELDS
        assert _without(other[name], cols) == _without(base[name], cols), name


@pytest.mark.parametrize("case", sorted(CASES))
def test_text_table_label_columns_match(case):
    """Short label columns (frequency, adoption, scorecard category) survive the rebuild."""
    variants = CASES[case]()
    base, other = _typed(variants["wp_json"])[0], _typed(variants["text"])[0]
    for name, column in (("kpis", "frequency"), ("tools", "adoption"), ("scorecard", "category")):
        assert [r[column] for r in other[name]] == [r[column] for r in base[name]], name
