"""The `mentions` dataset: tools, platforms, clouds, standards ... named in an article.

Its own module because it comes from its own extractor (`extractors.mentions`,
a curated gazetteer), not from the document model.
"""

from __future__ import annotations

import pyarrow as pa

from schemas.datasets import ARTICLE_ID, _dataset, f

MENTIONS = _dataset(
    "mentions",
    "One row per mention of a tool, platform, cloud, framework, library, language, database, "
    "data format, certification, standard or regulation in a block or a table cell, with its "
    "canonical name from the curated gazetteer (extractors/data/gazetteer.jsonl). Count roles "
    "per tool with `select canonical, count(distinct article_id) from mentions group by 1`.",
    ("article_id", "mention_no"),
    ARTICLE_ID,
    f(
        "mention_no",
        pa.int32(),
        "1-based position in the article: by section, the section's blocks before its "
        "table cells, then by offset.",
        nullable=False,
    ),
    f(
        "source",
        pa.string(),
        "Where the mention is: block (join blocks on block_no) or cell (join table_cells on "
        "table_no, row_no, col_no).",
        nullable=False,
    ),
    f("block_no", pa.int32(), "The block, when source is block."),
    f("table_no", pa.int32(), "The table, when source is cell."),
    f("row_no", pa.int32(), "The cell's row (0 is the header), when source is cell."),
    f("col_no", pa.int32(), "The cell's 1-based column, when source is cell."),
    f(
        "section_no",
        pa.int32(),
        "Section of the block or table (null only if the table is unknown).",
    ),
    f(
        "canonical",
        pa.string(),
        "Canonical name: every alias of one product maps to it (GCP and Google Cloud are "
        "Google Cloud; k8s is Kubernetes).",
        nullable=False,
        example="Google Cloud",
    ),
    f(
        "label",
        pa.string(),
        "What it is: cloud, service (a managed cloud service), platform, tool, framework, "
        "library, language, database, format, certification, standard or regulation.",
        nullable=False,
        example="cloud",
    ),
    f("surface", pa.string(), "The text as written.", nullable=False, example="GCP"),
    f(
        "start",
        pa.int32(),
        "Offset of the first character in the block text or cell value (0-based, in characters).",
        nullable=False,
    ),
    f(
        "end",
        pa.int32(),
        'Offset just past the last character: surface = text[start:end]. Quote it in SQL ("end").',
        nullable=False,
    ),
)
