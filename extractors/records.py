"""An extraction -> rows of the core datasets (plain dicts keyed by schema column names).

Sections, blocks and tables are numbered here, once, from the shared model, so
every format yields the same rows.
"""

from __future__ import annotations

from datetime import UTC, datetime

from extractors.flat_tables import UNCERTAIN_BELOW
from extractors.identity import role_from_title, section_key
from extractors.mentions import mention_rows
from extractors.model import Document, Table
from extractors.pipeline import Extraction
from extractors.typed import WARNING_PREFIX, typed_records
from extractors.typed.memo import label_memo

Rows = dict[str, list[dict]]


def document_row(ex: Extraction) -> dict:
    """The `documents` row of an extraction."""
    return {
        "doc_id": ex.doc_id,
        "source_uri": ex.source_uri,
        "format": ex.format,
        "status": ex.status,
        "error": ex.error,
        "article_id": ex.article_id,
        "byte_size": ex.byte_size,
        "mojibake_repaired": ex.mojibake_repaired,
        "boilerplate_chars_removed": ex.boilerplate_chars_removed,
        "warnings": list(ex.warnings),
    }


def article_rows(ex: Extraction) -> Rows:
    """Rows of every article-level dataset for one extraction (empty when quarantined)."""
    rows = core_rows(ex)
    if ex.document is not None:
        add_typed(rows, ex.document)
        rows["mentions"] = mention_rows(rows)
    return rows


def add_typed(rows: Rows, doc: Document) -> None:
    """Typed section records and role metadata (issue 4), added to an article's core rows.

    `typed_warnings` is what this typed pass reported (it replaces earlier
    typed warnings in `doc.warnings`), so it is read after the pass.
    """
    metadata, typed = typed_records(doc)
    warnings = [w for w in doc.warnings if w.startswith(WARNING_PREFIX)]
    rows["articles"][0].update(metadata, typed_warnings=warnings)
    rows.update(typed)


def core_rows(ex: Extraction) -> Rows:
    """Rows of the core datasets: articles, sections, blocks, tables, table_cells."""
    doc = ex.document
    rows: Rows = {"articles": [], "sections": [], "blocks": [], "tables": [], "table_cells": []}
    if doc is None:
        return rows
    aid = doc.article_id
    section_no = 0
    subsection: str | None = None
    # a section's block texts (their count is its n_blocks) and its number of tables
    section_lines: dict[int, list[str]] = {}
    section_titles: dict[int, str] = {}
    n_tables: dict[int, int] = {}
    block_rows = rows["blocks"]
    block_no = table_no = 0
    for block in doc.blocks:
        kind = block.kind
        if kind == "section":
            section_no = block.number or section_no + 1
            subsection = None
            section_titles[section_no] = block.text
            section_lines[section_no] = []
            n_tables[section_no] = 0
        elif kind == "subsection":
            subsection = block.text
        elif kind == "table" and block.table is not None:
            table_no += 1
            n_tables[section_no] += 1
            _table_rows(rows, aid, table_no, section_no, subsection, block.table)
        else:
            block_no += 1
            section_lines[section_no].append(block.text)
            block_rows.append(  # `_block_row`, inline: one per block
                {
                    "article_id": aid,
                    "block_no": block_no,
                    "section_no": section_no,
                    "subsection": subsection,
                    "kind": kind,
                    "label": block.label,
                    "list_group": block.group,
                    "marker": block.marker,
                    "text": block.text,
                }
            )
    for number, title in section_titles.items():
        rows["sections"].append(
            {
                "article_id": aid,
                "section_no": number,
                "title": title,
                "key": label_memo(section_key, title),  # titles: the template's vocabulary
                "text": "\n".join(section_lines[number]),
                "n_blocks": len(section_lines[number]),
                "n_tables": n_tables[number],
            }
        )
    meta = doc.meta
    rows["articles"].append(
        {
            "article_id": aid,
            "title": doc.title,
            "role": role_from_title(doc.title),
            "post_id": meta.post_id,
            "url": meta.url,
            "published_at": parse_time(meta.published_at),
            "modified_at": parse_time(meta.modified_at),
            "section_count": len(section_titles),
            "doc_id": ex.doc_id,
            "format": doc.format,
            "categories": list(meta.categories) or None,
        }
    )
    return rows


def _table_rows(
    rows: Rows, aid: str, table_no: int, section_no: int, subsection: str | None, table: Table
) -> None:
    row_conf = list(table.row_confidence) or [table.confidence] * len(table.rows)
    uncertain = [i + 1 for i, c in enumerate(row_conf) if c < UNCERTAIN_BELOW]
    rows["tables"].append(
        {
            "article_id": aid,
            "table_no": table_no,
            "section_no": section_no,
            "subsection": subsection,
            "n_rows": len(table.rows),
            "n_cols": table.n_cols,
            "header": list(table.header),
            "method": table.method,
            "confidence": float(min(row_conf, default=table.confidence)),
            "uncertain_rows": uncertain,
        }
    )
    cells = rows["table_cells"]
    for row_no, (cells_of_row, conf) in enumerate(
        [
            (table.header, 1.0 if table.method != "reconstructed" else table.confidence),
            *zip(table.rows, row_conf, strict=True),
        ]
    ):
        confidence = float(conf)  # once per row, not per cell
        for col_no, value in enumerate(cells_of_row, start=1):
            cells.append(
                {
                    "article_id": aid,
                    "table_no": table_no,
                    "row_no": row_no,
                    "col_no": col_no,
                    "value": value,
                    "row_confidence": confidence,
                }
            )


def parse_time(value: str | None) -> datetime | None:
    """An ISO-8601 time as UTC (WordPress `*_gmt` fields carry no offset)."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
