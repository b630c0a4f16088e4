"""One raw document (bytes) -> one extraction result. Pure: no I/O, never raises on bad input."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from extractors.adapters.html import page_blocks
from extractors.adapters.markdown import markdown_blocks
from extractors.adapters.text import TablesOf, text_blocks
from extractors.adapters.wp_json import post_blocks
from extractors.decoding import DecodeError, decode_bytes
from extractors.detect import detect_format
from extractors.errors import BadInput
from extractors.model import Document
from extractors.normalize import TEMPLATE_SECTIONS, build_document

MAX_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class Extraction:
    """What one raw document gave: its `documents` row fields and, unless quarantined, its article."""

    doc_id: str
    source_uri: str
    byte_size: int
    format: str | None
    status: str  # ok | partial | quarantined
    error: str | None = None
    document: Document | None = None
    mojibake_repaired: bool = False
    boilerplate_chars_removed: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def article_id(self) -> str | None:
        return self.document.article_id if self.document else None


def extract(data: bytes, source_uri: str, tables: TablesOf | None = None) -> Extraction:
    """Read one raw document into the shared model; bad input becomes a quarantine result.

    `tables` is the flat-table search a text document's groups of lines go through
    (`adapters.text.tables_of` by default; a caller may pass one that reuses results).
    """
    result = Extraction(
        doc_id=hashlib.sha256(data).hexdigest(),
        source_uri=source_uri,
        byte_size=len(data),
        format=None,
        status="quarantined",
    )
    try:
        if len(data) > MAX_BYTES:
            raise BadInput(
                f"document too large: {len(data) / 1e6:.1f} MB over the "
                f"{MAX_BYTES // (1024 * 1024)} MiB limit"
            )
        decoded = decode_bytes(data)
        fmt = detect_format(decoded.text)
        result.format = fmt
        document, numbers = _read(decoded.text, fmt, tables)
    except (BadInput, DecodeError) as exc:
        result.error = _one_line(str(exc))
        return result
    document.mojibake_repaired = document.mojibake_repaired or decoded.mojibake_repaired
    result.document = document
    result.mojibake_repaired = document.mojibake_repaired
    result.boilerplate_chars_removed = document.boilerplate_chars_removed
    result.status = "ok"
    if numbers[-1] < TEMPLATE_SECTIONS:
        result.status = "partial"
        result.error = f"cut off: sections 1-{numbers[-1]} of {TEMPLATE_SECTIONS} read"
    return result


def _read(text: str, fmt: str, tables: TablesOf | None = None) -> tuple[Document, list[int]]:
    visible = None
    repaired = False
    if fmt == "wp_json":
        raw, meta, repaired = post_blocks(text)
    elif fmt == "html":
        raw, meta, visible = page_blocks(text)
    elif fmt == "markdown":
        raw, meta = markdown_blocks(text)
    else:
        raw, meta = text_blocks(text, tables)
    document, numbers = build_document(raw, meta, fmt, visible_chars=visible)
    document.mojibake_repaired = repaired
    return document, numbers


def _one_line(message: str) -> str:
    line = " ".join(message.split())
    return line if len(line) <= 300 else line[:297] + "..."
