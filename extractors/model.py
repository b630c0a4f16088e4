"""The one document model every input format is turned into.

Adapters (wp_json, html, markdown, text) each emit a flat sequence of
`RawBlock`s: what the page *shows*, with no interpretation beyond the markup.
`extractors.normalize` turns that sequence, the same way for every format, into
`Block`s: numbered sections, subsections, paragraphs, list items, key-value
leads and tables. Everything downstream (datasets, typed records) reads
`Block`s only, so the same article in any format yields the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from itertools import starmap
from operator import attrgetter
from typing import Any, Literal

RawKind = Literal["heading", "paragraph", "item", "table"]
BlockKind = Literal["section", "subsection", "paragraph", "lead", "kv", "list_item", "table"]
TableMethod = Literal["html", "markdown", "reconstructed"]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with its header row and body rows, each a tuple of clean cell strings.

    `row_confidence[i]` scores `rows[i]` (0..1); `confidence` scores the whole table.
    Known-cell tables (html, markdown) have confidence 1.0.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    method: TableMethod
    confidence: float = 1.0
    row_confidence: tuple[float, ...] = ()

    @property
    def n_cols(self) -> int:
        return max([len(self.header), *(len(r) for r in self.rows)], default=0)

    def __reduce__(self) -> tuple[type[Table], tuple]:
        """Pickled as its constructor's arguments: a frozen slots dataclass otherwise
        pickles through Python-level `__getstate__`/`__setstate__` (each calls `fields()`)."""
        return (Table, _TABLE_ARGS(self))


@dataclass(slots=True)
class RawBlock:
    """One visible block of a page, as an adapter reads it.

    `lines` keeps hard line breaks (a `<br>`, a new text line inside one
    paragraph or list item); inline whitespace is already collapsed to single
    spaces. `strong_lead` is the bold text an HTML or Markdown block starts with.
    `chrome` marks blocks the adapter knows are page chrome (menus, ad inserts),
    so they count as removed boilerplate.

    Not frozen, unlike the model's other records: it only passes from an
    adapter to `normalize`, and a frozen dataclass takes three times as long to
    build (hundreds per page).
    """

    kind: RawKind
    lines: tuple[str, ...] = ()
    level: int = 0  # heading level 1..6
    ordered: bool = False  # item from a numbered list
    strong_lead: str | None = None
    table: Table | None = None
    chrome: bool = False

    @property
    def text(self) -> str:
        return " ".join(line for line in self.lines if line)


@dataclass(slots=True)
class Block:
    """A block of the article in reading order.

    `text` is the block's whole visible text (a lead included); `label` is its
    lead term where it has one (bold lead, lead line, or text before a lead
    colon); `group` is the lead-only line ("Strategic importance:") that the
    list item belongs to. `number` is a section's number.

    Not frozen (treat it as read-only): a frozen slots dataclass is built
    through `object.__setattr__` and unpickled through a Python-level
    `__setstate__`, which made building a page's blocks and loading a cached
    model about three times slower.
    """

    kind: BlockKind
    text: str
    label: str | None = None
    group: str | None = None
    number: int | None = None
    marker: Literal["bullet", "ordered", "inline"] | None = None
    lines: tuple[str, ...] = ()
    table: Table | None = None

    def __reduce__(self) -> tuple[type[Block], tuple]:
        """Pickled as its constructor's arguments, in field order: half the time of
        the default slots state both ways. A `Document` pickles its blocks without
        this call (see `Document.__reduce__`)."""
        return (Block, _BLOCK_ARGS(self))


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """What the container (WordPress JSON, page head) says about the article."""

    title: str | None = None
    slug: str | None = None
    post_id: int | None = None
    url: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    categories: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[SourceMeta], tuple]:
        """Pickled as its constructor's arguments, as `Table` is (one per cached model)."""
        return (SourceMeta, _META_ARGS(self))


@dataclass(slots=True)
class Document:
    """One article read from one raw document, in the shared model."""

    format: str
    title: str
    article_id: str
    blocks: list[Block]
    meta: SourceMeta = field(default_factory=SourceMeta)
    mojibake_repaired: bool = False
    boilerplate_chars_removed: int = 0
    warnings: list[str] = field(default_factory=list)

    def __reduce__(self) -> tuple[Any, tuple]:
        """Pickled as its fields, its blocks as tuples of their fields.

        Why: a cached model holds a couple of hundred blocks, and the pickler calls
        each one's `__reduce__` (a Python call) and writes each as its own reduce;
        here one C-level `map` takes every block's fields, and loading builds the
        blocks with one `starmap`. A model pickles in about two thirds of the time.
        """
        state = _DOCUMENT_ARGS(self)
        return (
            _document,
            (*state[:_BLOCKS_AT], list(map(_BLOCK_ARGS, self.blocks)), *state[_BLOCKS_AT + 1 :]),
        )


def _document(*args: Any) -> Document:
    """A `Document` from what its `__reduce__` gave: its fields, its blocks as field tuples."""
    blocks = list(starmap(Block, args[_BLOCKS_AT]))
    return Document(*args[:_BLOCKS_AT], blocks, *args[_BLOCKS_AT + 1 :])


def _fields_getter(cls: type) -> attrgetter:
    """Every field of a dataclass, in field order, as one tuple (in C)."""
    return attrgetter(*(f.name for f in fields(cls)))


_TABLE_ARGS = _fields_getter(Table)
_BLOCK_ARGS = _fields_getter(Block)
_META_ARGS = _fields_getter(SourceMeta)
_DOCUMENT_ARGS = _fields_getter(Document)
_BLOCKS_AT = [f.name for f in fields(Document)].index("blocks")
