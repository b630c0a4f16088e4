"""The article's blocks grouped by numbered section, each with the numbers records.py gives it.

Typed records point back at `blocks` (block_no) and `tables` (table_no), so they
are numbered exactly as `extractors.records.article_rows` numbers them: every
block other than a section, subsection or table heading takes the next
block_no; every table takes the next table_no.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from extractors.model import Block, Document, Table


class Entry(NamedTuple):
    """One block of a section with its subsection heading and its dataset numbers.

    A NamedTuple: built once per block, and cheaper to build than a frozen dataclass.
    """

    block: Block
    subsection: str | None
    block_no: int | None = None
    table_no: int | None = None

    @property
    def table(self) -> Table | None:
        return self.block.table


@dataclass(slots=True)
class Section:
    """A numbered section: its title as written and its blocks in reading order.

    `blocks()` and `tables()` are split out of `entries` as they are added
    (`add`; `sections` inlines it): every typed dataset reads them, several
    more than once.
    """

    number: int
    title: str
    entries: list[Entry] = field(default_factory=list)
    # `lists.list_items` results by options: two datasets may read one section's items
    items_memo: dict[tuple, list] = field(default_factory=dict, repr=False, compare=False)
    block_entries: list[Entry] = field(default_factory=list, repr=False, compare=False)
    table_entries: list[Entry] = field(default_factory=list, repr=False, compare=False)

    def add(self, entry: Entry) -> None:
        """Append one entry (a block, or a table with its Table) in reading order."""
        self.entries.append(entry)
        (self.table_entries if entry.block.kind == "table" else self.block_entries).append(entry)

    def tables(self) -> list[Entry]:
        """The table entries; a list the caller must not change."""
        return self.table_entries

    def blocks(self) -> list[Entry]:
        """The non-table entries; a list the caller must not change."""
        return self.block_entries


def sections(doc: Document) -> dict[int, Section]:
    """Section number -> Section, for every numbered section of the document."""
    out: dict[int, Section] = {}
    current: Section | None = None
    subsection: str | None = None
    block_no = table_no = 0
    new_entry = tuple.__new__  # Entry(...) without NamedTuple's Python-level __new__
    for block in doc.blocks:
        kind = block.kind
        if kind == "section":
            number = block.number or (current.number + 1 if current else 1)
            current = out.setdefault(number, Section(number, block.text))
            subsection = None
        elif kind == "subsection":
            subsection = block.text
        elif kind == "table":
            if block.table is None:
                continue
            table_no += 1
            if current is not None:
                entry = new_entry(Entry, (block, subsection, None, table_no))
                current.entries.append(entry)
                current.table_entries.append(entry)
        else:
            block_no += 1
            if current is not None:
                entry = new_entry(Entry, (block, subsection, block_no, None))
                current.entries.append(entry)
                current.block_entries.append(entry)
    return out
