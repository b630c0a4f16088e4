"""The output contract: one Arrow schema per dataset, every field described.

`docs/DATA.md` is generated from these schemas (`python -m schemas.docs`), so
the descriptions here are the documentation analysts read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")


def f(
    name: str, type_: pa.DataType, description: str, *, nullable: bool = True, example: str = ""
) -> pa.Field:
    """A field whose metadata carries its description (and an example value for the docs)."""
    meta = {"description": description}
    if example:
        meta["example"] = example
    return pa.field(name, type_, nullable=nullable, metadata=meta)


PARSER_VERSION = f(
    "parser_version",
    pa.string(),
    "Version of the extraction code and data that "
    "produced the row: package version + hash of extractors/ and schemas/.",
    nullable=False,
    example="0.1.0+3f9a2c1b",
)
ARTICLE_ID = f(
    "article_id",
    pa.string(),
    "The article's slug (WordPress slug for the title).",
    nullable=False,
    example="senior-ai-consultant-role-blueprint-responsibilities-skills-kpis-and-career-path",
)


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    key: tuple[str, ...]
    schema: pa.Schema


def _dataset(name: str, description: str, key: tuple[str, ...], *fields: pa.Field) -> Dataset:
    return Dataset(name, description, key, pa.schema([*fields, PARSER_VERSION]))


DOCUMENTS = _dataset(
    "documents",
    "One row per raw document processed, quarantined ones included.",
    ("doc_id",),
    f("doc_id", pa.string(), "sha256 hex of the raw bytes.", nullable=False),
    f(
        "source_uri",
        pa.string(),
        "Where the bytes were first loaded from (file:// or https://).",
        nullable=False,
    ),
    f(
        "format",
        pa.string(),
        "Detected input format: wp_json, html, markdown or text; null when "
        "the bytes could not be decoded.",
    ),
    f(
        "status",
        pa.string(),
        "ok, partial (cut off before the last section) or quarantined.",
        nullable=False,
        example="ok",
    ),
    f(
        "error",
        pa.string(),
        "One-line reason when partial or quarantined.",
        example="truncated or invalid JSON: Unterminated string at line 1 col 4113",
    ),
    f("article_id", pa.string(), "The article read from the document; null when quarantined."),
    f("byte_size", pa.int64(), "Size of the raw bytes.", nullable=False),
    f("mojibake_repaired", pa.bool_(), "Whether mojibake was found and repaired.", nullable=False),
    f(
        "boilerplate_chars_removed",
        pa.int64(),
        "Visible characters dropped as page chrome, ads and other text outside the article.",
        nullable=False,
    ),
    f(
        "is_article_source",
        pa.bool_(),
        "Whether this document is the one the article's records "
        "come from (the best of several documents of one article).",
        nullable=False,
    ),
    f("loaded_at", TS, "When the bytes entered the raw store."),
    f("warnings", pa.list_(pa.string()), "Soft problems met while reading the document."),
)

ARTICLES = _dataset(
    "articles",
    "One row per article, built from its best document.",
    ("article_id",),
    ARTICLE_ID,
    f("title", pa.string(), "The article title as published.", nullable=False),
    f(
        "role",
        pa.string(),
        "The role the blueprint describes (title text before the colon).",
        nullable=False,
        example="Senior AI Consultant",
    ),
    f(
        "post_id",
        pa.int64(),
        "WordPress post id, when known: the JSON post's `id`, or on a themed page the "
        "article element's `post-N` class.",
    ),
    f("url", pa.string(), "Canonical article URL, when known."),
    f("published_at", TS, "Publication time (UTC), when known."),
    f("modified_at", TS, "Last modification time (UTC), when known."),
    f(
        "section_count",
        pa.int32(),
        "Numbered sections read (20 for a complete article).",
        nullable=False,
    ),
    f("doc_id", pa.string(), "The document the article's records come from.", nullable=False),
    f("format", pa.string(), "Format of that document.", nullable=False),
    f(
        "categories",
        pa.list_(pa.string()),
        "WordPress category slugs, when known: the JSON post's `class_list`, or on a themed "
        "page the article element's `category-…` classes (WordPress `post_class()`).",
    ),
    # Role metadata (extractors.typed.role_metadata).
    f(
        "seniority",
        pa.string(),
        "Level from the title's first level word (Associate, Junior, Mid, Senior, Lead, Staff, "
        "Principal, …) or a management word (Manager, Director, Head, VP, Chief); else from "
        "the text ('mid-level').",
        example="Senior",
    ),
    f("seniority_source", pa.string(), "title or text.", example="title"),
    f(
        "role_horizon",
        pa.string(),
        "Current or Emerging ('Role horizon: …', 'This is an Emerging role').",
        example="Current",
    ),
    f(
        "department",
        pa.string(),
        "Department slug: the first WordPress category when the document carries categories, "
        "else the '… department' the text names.",
        example="ai-ml",
    ),
    f("department_source", pa.string(), "categories or text.", example="categories"),
    f("job_family", pa.string(), "Last word of the role, lower-cased.", example="engineer"),
    f(
        "reports_to",
        pa.string(),
        "Who the role reports to: from 'Reports to …' / 'Reporting line: …' in the summary, "
        "else the stakeholder marked '(manager)' / '(reports to)'.",
        example="Cloud Security Lead or Security Operations Manager",
    ),
    f(
        "reporting_line",
        pa.string(),
        "The summary's reporting-line text as written, when there is one.",
    ),
    f("reports_to_source", pa.string(), "summary or stakeholders.", example="summary"),
    f(
        "years_min",
        pa.int32(),
        "Typical years of experience, lower bound (first years item of section 14).",
        example="7",
    ),
    f("years_max", pa.int32(), "Upper bound; null for 'N+ years'.", example="12"),
    f(
        "typed_warnings",
        pa.list_(pa.string()),
        "Soft problems met while typing the sections ('typed: …'); the text stays in `blocks`.",
    ),
)

SECTIONS = _dataset(
    "sections",
    "One row per numbered section of an article.",
    ("article_id", "section_no"),
    ARTICLE_ID,
    f("section_no", pa.int32(), "Section number, 1..20.", nullable=False, example="3"),
    f(
        "title",
        pa.string(),
        "Section title as written, without its number.",
        nullable=False,
        example="Role Summary",
    ),
    f("key", pa.string(), "snake_case key of the title.", nullable=False, example="role_summary"),
    f(
        "text",
        pa.string(),
        "The section's paragraphs and list items, one per line (tables are in `tables`).",
        nullable=False,
    ),
    f("n_blocks", pa.int32(), "Blocks in the section.", nullable=False),
    f("n_tables", pa.int32(), "Tables in the section.", nullable=False),
)

BLOCKS = _dataset(
    "blocks",
    "One row per paragraph, list item or key-value line, in reading order.",
    ("article_id", "block_no"),
    ARTICLE_ID,
    f("block_no", pa.int32(), "1-based position in the article.", nullable=False),
    f("section_no", pa.int32(), "Section the block is in.", nullable=False),
    f(
        "subsection",
        pa.string(),
        "Subsection heading the block is under, if any.",
        example="Strategic responsibilities",
    ),
    f(
        "kind",
        pa.string(),
        "paragraph, list_item, kv (a 'Label: value' line) or lead (a "
        "'Label:' line that introduces the list items after it).",
        nullable=False,
    ),
    f(
        "label",
        pa.string(),
        "Lead term: bold lead, lead line or text before a lead colon.",
        example="Core mission",
    ),
    f(
        "list_group",
        pa.string(),
        "For list items: the lead line they belong to.",
        example="Primary business outcomes expected",
    ),
    f(
        "marker",
        pa.string(),
        "For list items: bullet, ordered or inline (a '– a – b' list inside a paragraph).",
    ),
    f("text", pa.string(), "The block's whole text, its lead included.", nullable=False),
)

TABLES = _dataset(
    "tables",
    "One row per table.",
    ("article_id", "table_no"),
    ARTICLE_ID,
    f("table_no", pa.int32(), "1-based position among the article's tables.", nullable=False),
    f("section_no", pa.int32(), "Section the table is in.", nullable=False),
    f("subsection", pa.string(), "Subsection heading the table is under, if any."),
    f("n_rows", pa.int32(), "Body rows (the header not counted).", nullable=False),
    f("n_cols", pa.int32(), "Columns.", nullable=False),
    f("header", pa.list_(pa.string()), "Header cells.", nullable=False),
    f(
        "method",
        pa.string(),
        "html, markdown (cells known) or reconstructed (rebuilt from flattened text).",
        nullable=False,
    ),
    f(
        "confidence",
        pa.float64(),
        "0..1: 1 for known cells; for reconstructed tables the lowest row confidence.",
        nullable=False,
    ),
    f(
        "uncertain_rows",
        pa.list_(pa.int32()),
        "row_no of rows whose confidence is below the threshold: check these before trusting them.",
        nullable=False,
    ),
)

TABLE_CELLS = _dataset(
    "table_cells",
    "One row per table cell.",
    ("article_id", "table_no", "row_no", "col_no"),
    ARTICLE_ID,
    f("table_no", pa.int32(), "The table.", nullable=False),
    f("row_no", pa.int32(), "0 is the header row, body rows from 1.", nullable=False),
    f("col_no", pa.int32(), "1-based column.", nullable=False),
    f("value", pa.string(), "Cell text.", nullable=False),
    f(
        "row_confidence",
        pa.float64(),
        "Confidence of the cell's row (1 for known cells).",
        nullable=False,
    ),
)

CORE = (DOCUMENTS, ARTICLES, SECTIONS, BLOCKS, TABLES, TABLE_CELLS)
ALL: dict[str, Dataset] = {d.name: d for d in CORE}

# Defined in its own module with the helpers above (so imported only now).
from schemas.mentions import MENTIONS  # noqa: E402

ALL[MENTIONS.name] = MENTIONS

# Typed records of each section (extractors.typed), also imported only now.
from schemas.typed import TYPED  # noqa: E402

ALL.update({d.name: d for d in TYPED})
