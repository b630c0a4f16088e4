"""docs/DATA.md is generated from the schemas and must stay current and complete."""

from __future__ import annotations

import re

import pyarrow as pa

from schemas import docs
from schemas.datasets import ALL, Dataset, f

SECTION = re.compile(r"^## (\S+)\n(.*?)(?=^## |\Z)", re.M | re.S)


def _sections(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in SECTION.finditer(text)}


def _columns(section: str) -> dict[str, list[str]]:
    """column name -> [type, nullable, description, example] from a dataset's table."""
    out = {}
    for line in section.splitlines():
        m = re.match(r"^\| `([^`]+)` \| (.*) \|$", line)
        if m:
            out[m.group(1)] = [c.strip() for c in re.split(r"(?<!\\)\|", m.group(2))]
    return out


def test_data_md_is_current():
    current = docs.DATA_MD.read_text("utf-8")
    assert current == docs.render(), "docs/DATA.md is stale: run python -m schemas.docs"


def test_every_dataset_and_column_is_documented():
    sections = _sections(docs.DATA_MD.read_text("utf-8"))
    assert list(sections) == list(ALL)
    for name, dataset in ALL.items():
        body = sections[name]
        assert dataset.description in body
        assert f"Key: `{', '.join(dataset.key)}`" in body
        columns = _columns(body)
        assert list(columns) == dataset.schema.names, name
        for field in dataset.schema:
            type_, nullable, description, _ = columns[field.name]
            assert type_ == f"`{field.type}`"
            assert nullable == ("yes" if field.nullable else "no")
            assert description, f"{name}.{field.name} has no description"


def test_core_columns_have_real_examples():
    columns = {
        (name, col): cells[3]
        for name, body in _sections(docs.DATA_MD.read_text("utf-8")).items()
        for col, cells in _columns(body).items()
    }
    # assembly-time columns (set when datasets are published) have no sample value
    no_sample = {("documents", "is_article_source"), ("documents", "loaded_at")}
    missing = {k for k, example in columns.items() if not example} - no_sample
    assert missing == set()
    assert columns[("sections", "title")] == "`Role Summary`"  # schema example wins
    assert columns[("tables", "method")] == "`html`"  # first sample value
    assert columns[("tables", "uncertain_rows")] == "`[]`"  # empty, not null


def test_generator_reads_whatever_is_in_all_when_it_runs():
    extra = Dataset(
        "widgets",
        "One row per widget.",
        ("article_id", "widget_no"),
        pa.schema([f("widget_no", pa.int32(), "The widget.", nullable=False)]),
    )
    rows = {"widgets": [{"widget_no": None}, {"widget_no": 7}]}
    text = docs.render([*ALL.values(), extra], rows=rows)
    body = _sections(text)["widgets"]
    assert _columns(body) == {"widget_no": ["`int32`", "no", "The widget.", "`7`"]}
    assert "| [`widgets`](#widgets) | `article_id, widget_no` | One row per widget. |" in text


def test_examples_are_one_line_and_escaped():
    assert docs.format_example("a | b\nc") == "`a \\| b c`"
    assert docs.format_example(True) == "`true`"
    assert docs.format_example(["x", "y"]) == '`["x", "y"]`'
    assert docs.format_example("x" * 200).endswith("…`")
    assert len(docs.format_example("x" * 200)) == docs.MAX_EXAMPLE + 2


def test_check_mode_reports_stale_file(tmp_path, capsys):
    stale = tmp_path / "DATA.md"
    stale.write_text("# old\n", "utf-8")
    assert docs.main(["--check", "--output", str(stale)]) == 1
    assert docs.main(["--output", str(stale)]) == 0
    assert docs.main(["--check", "--output", str(stale)]) == 0
