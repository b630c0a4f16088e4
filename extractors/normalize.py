"""Raw blocks of any format -> the article's blocks, by one set of rules.

Every decision here reads only what all four formats keep (the visible text,
its line breaks, list membership, headings), so the same article gives the
same blocks whatever it was scraped as. The one signal only HTML and Markdown
keep, a bold lead at the start of a list item, is used for its `label`; plain
text falls back to a lead line or a lead colon.

Article bounds are structural: the article starts at its title (the heading or
line right before "1) …") and ends with its last numbered section, which is
cut after its first table (the template's closing scorecard) or at the first
chrome block or top-level heading. Everything else is boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.dash_lists import FULL_STOP, dash_items, split_dashes
from extractors.errors import BadInput
from extractors.identity import slugify
from extractors.model import Block, Document, RawBlock, SourceMeta

TEMPLATE_SECTIONS = 20
SECTION = re.compile(r"^(\d{1,2})\)\s+(\S.*)$")
_LEAD_COLON = re.compile(r"^(?P<label>[A-Z0-9(][^:.!?;]{0,79}?)\s*:\s*(?P<rest>.*)$")
_INLINE_LIST = re.compile(r"^(?P<lead>[^–]{1,150}?:)?\s*–\s+(?P<rest>.+)$")
_SENTENCE_END = re.compile(r"[.:;,!?…]$")
_LETTER = re.compile(r"[A-Za-z]")


def build_document(
    raw: list[RawBlock],
    meta: SourceMeta,
    fmt: str,
    *,
    visible_chars: int | None = None,
) -> tuple[Document, list[int]]:
    """The article in `raw` and the numbers of its sections; raises BadInput without sections."""
    heads = _section_heads(raw)
    if not heads:
        raise BadInput("no numbered sections: no '1) …' heading found")
    first = heads[0][0]
    title_at = _title_index(raw, first)
    title = meta.title or (raw[title_at].text if title_at is not None else "")
    if not title:
        raise BadInput("no article title before section 1")
    end = _article_end(raw, heads[-1][0])
    # Each block's text once: its length is its visible size, and `_to_blocks` reads it.
    texts = [" ".join(b.lines) for b in raw]
    sizes = [len(t) if b.table is None else _chars(b) for b, t in zip(raw, texts, strict=True)]
    total = max(sum(sizes), visible_chars or 0)
    kept: list[tuple[RawBlock, str]] = []
    kept_chars = 0
    for i in range(first, min(end, len(raw))):
        block = raw[i]
        if not block.chrome:
            kept.append((block, texts[i]))
            kept_chars += sizes[i]
    kept_chars += sizes[title_at] if title_at is not None else 0
    doc = Document(
        format=fmt,
        title=title,
        article_id=meta.slug or slugify(title),
        blocks=_to_blocks(kept),
        meta=meta,
        boilerplate_chars_removed=max(total - kept_chars, 0),
    )
    return doc, [n for _, n in heads]


def _section_heads(raw: list[RawBlock]) -> list[tuple[int, int]]:
    """(index, number) of the numbered section headings, numbered 1, 2, 3 … in order."""
    heads: list[tuple[int, int]] = []
    expected = 1
    for i, block in enumerate(raw):
        lines = block.lines
        # A heading starts with a digit (`\d` is `str.isdecimal`): most blocks fail here,
        # before any regular expression runs.
        if len(lines) != 1 or not lines[0][:1].isdecimal():
            continue
        if block.chrome or block.kind not in ("heading", "paragraph"):
            continue
        match = SECTION.match(lines[0])
        if match and int(match.group(1)) == expected:
            heads.append((i, expected))
            expected += 1
    return heads


def _title_index(raw: list[RawBlock], first: int) -> int | None:
    """The block holding the title: the nearest level-1 heading, else the nearest line of words."""
    for i in range(first - 1, -1, -1):
        block = raw[i]
        if block.kind == "heading" and block.level == 1:
            return i
    for i in range(first - 1, -1, -1):
        block = raw[i]
        if (
            block.kind in ("heading", "paragraph")
            and not block.chrome
            and _LETTER.search(block.text)
        ):
            return i
    return None


CHROME_RUN = 3  # short stand-alone lines in a row after the last section's content
_SHORT_WORDS = 8


def _article_end(raw: list[RawBlock], last_head: int) -> int:
    """Where the last section ends: after its first table, else where page chrome begins.

    Chrome is a chrome-marked block, a top-level heading, or (in scrapes that mark
    nothing) a run of short stand-alone lines: ad titles, calls to action, "Similar
    Posts", comment widgets. Article content is lists and paragraphs instead.
    """
    run_start: int | None = None
    run = 0
    for j in range(last_head + 1, len(raw)):
        block = raw[j]
        if block.kind == "table":
            return j + 1
        if block.chrome or (block.kind == "heading" and block.level <= 2):
            return j
        if block.kind == "paragraph" and j > last_head + 1 and _short(block):
            run_start = j if run == 0 else run_start
            run += 1
            if run >= CHROME_RUN:
                return run_start
        else:
            run = 0
    return len(raw)


def _short(block: RawBlock) -> bool:
    return all(len(line.split()) <= _SHORT_WORDS for line in block.lines)


def _chars(block: RawBlock) -> int:
    """Visible characters of a block, counted as its lines joined by single spaces."""
    if block.table is not None:
        rows = (block.table.header, *block.table.rows)
        return sum(len(" ".join(row)) for row in rows)
    return sum(map(len, block.lines)) + max(len(block.lines) - 1, 0)


def _to_blocks(raw: Iterable[tuple[RawBlock, str]]) -> list[Block]:
    """The article's blocks from its raw blocks, each with its lines joined by spaces.

    Blocks are built positionally (kind, text, label, group, number, marker,
    lines, table), list items first: they are most of every article.
    """
    out: list[Block] = []
    append = out.append
    group: str | None = None
    nested: _NestedList | None = None  # the sub-list of an item that ends with ":"
    for block, text in raw:
        kind = block.kind
        if kind == "table":
            append(Block("table", "", table=block.table))
            continue
        if not text:  # adapters hand over clean, non-empty lines
            continue
        lines = block.lines
        if kind == "item":
            marker = "ordered" if block.ordered else "bullet"
            if len(lines) > 1:  # a lead line: every format keeps it
                label = lines[0].rstrip(":").strip()
            elif text.endswith(":"):
                group = text[:-1].strip()
                nested = _NestedList(marker)
                append(Block("lead", text, group, None, None, marker, lines))
                continue
            elif block.strong_lead:
                label = _single_line_label(block.strong_lead, text)
            else:  # `_colon_label`, its commonest answer inline
                label = _colon_label(text) if ":" in text else None
            if nested is not None and nested.ends_before(text, label, marker):
                group = nested = None
            append(Block("list_item", text, label, group, None, marker, lines))
            continue
        nested = None
        if len(lines) == 1:
            section = SECTION.match(text)
            if section:
                group = None
                number = int(section.group(1))
                append(Block("section", section.group(2), None, None, number, None, lines))
                continue
        if kind == "heading" or _title_like(lines):
            group = None
            append(Block("subsection", text, None, None, None, None, lines))
            continue
        inline = _inline_items(text)
        if inline is not None:
            lead, items = inline
            if lead:
                group = lead
                append(Block("lead", f"{lead}:", lead, None, None, None, (f"{lead}:",)))
            for item in items:
                append(Block("list_item", item, _colon_label(item), group, None, "inline", (item,)))
            continue
        group = None
        if len(lines) == 1 and text.endswith(":") and _colon_label(text):
            group = text[:-1].strip()
            append(Block("lead", text, group, None, None, None, lines))
            continue
        label = _colon_label(lines[0]) if lines else None
        if label is None and len(lines) > 1 and lines[0].endswith(":"):
            label = lines[0][:-1].strip()
        append(Block("kv" if label else "paragraph", text, label, None, None, None, lines))
    return out


class _NestedList:
    """The items after a list item that ends with ":" ("Ship an update without:"), its
    sub-list. Flattened, a sub-list runs on into its parent list, and a text scrape writes
    both at one depth; the sub-list ends at an item of the parent's numbering after the
    sub-list's own bullets, or at a whole sentence (no "Label:") after sub-items that are
    all phrases. A sub-list that truly ends in such a sentence is read as ending before it:
    a text scrape keeps nothing that tells the two apart."""

    __slots__ = ("lead_marker", "markers", "phrases")

    def __init__(self, lead_marker: str) -> None:
        self.lead_marker = lead_marker
        self.markers: set[str] = set()
        self.phrases = True  # every sub-item so far is a phrase, not a sentence

    def ends_before(self, text: str, label: str | None, marker: str) -> bool:
        """Whether the item `text` ends the sub-list; when it does not, it is taken in as
        the sub-list's next item (its marker and shape are what later items are read by)."""
        if self.markers and marker == self.lead_marker and marker not in self.markers:
            return True  # "2." after "1. …:" and its bullets
        sentence = FULL_STOP.search(text) is not None
        if self.markers and self.phrases and sentence and label is None and text[:1].isupper():
            return True
        self.markers.add(marker)
        self.phrases = self.phrases and not sentence
        return False


def _title_like(lines: tuple[str, ...]) -> bool:
    """A lone short line with no closing punctuation: a subsection title in any format."""
    if len(lines) != 1:
        return False
    line = lines[0]
    return (
        len(line) <= 100
        and len(line.split()) <= 12
        and not _SENTENCE_END.search(line)
        and (line[0].isupper() or line[0].isdigit())
        and " – " not in line
    )


def _colon_label(text: str) -> str | None:
    """The short lead before a colon ("Core mission: …" -> "Core mission")."""
    if ":" not in text:
        return None  # most items; spares the regex its 80 tries
    match = _LEAD_COLON.match(text)
    if not match:
        return None
    label = match.group("label").strip()
    if " – " in label:
        return None  # "A – B: …" is a dash list whose item has a lead, not a lead term
    return label if 0 < len(label.split()) <= 8 else None


def _single_line_label(strong_lead: str | None, text: str) -> str | None:
    """A one-line list item's lead: its bold lead, else the text before a lead colon.

    An item of several lines is labelled by its lead line instead, because every
    format keeps it; a bold lead inside a single line is lost in plain text
    (there the label falls back to a lead colon).
    """
    if strong_lead:
        lead = strong_lead.rstrip(":").strip()
        if text.startswith(lead):
            return lead or None
    return _colon_label(text)


def _inline_items(text: str) -> tuple[str | None, list[str]] | None:
    """ "Lead: – a – b" (a dash list inside one paragraph) -> ("Lead", ["a", "b"])."""
    if "–" not in text:
        return None  # no dash, no dash list; spares the regex on long paragraphs
    match = _INLINE_LIST.match(text)
    if not match:
        return None
    items = dash_items(split_dashes(match.group("rest")))
    lead = match.group("lead")
    if lead is None and len(items) < 2:
        return None
    return (lead[:-1].strip() if lead else None), items
