"""Markdown page scrape -> raw blocks, via markdown-it-py's CommonMark token stream."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from extractors.model import RawBlock, SourceMeta, Table
from extractors.text_clean import clean_inline


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_blocks(text: str) -> tuple[list[RawBlock], SourceMeta]:
    """Raw blocks of a Markdown scrape; paragraphs made only of links or images are chrome."""
    tokens = _parser().parse(text)
    blocks: list[RawBlock] = []
    items: list[dict] = []  # open list items, innermost last
    ordered: list[bool] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if items and items[-1]["lines"] and not items[-1]["done"]:
                _flush_item(items[-1], blocks)
            ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif kind == "list_item_open":
            items.append(
                {"lines": [], "lead": None, "ordered": ordered[-1], "done": False, "chrome": True}
            )
        elif kind == "list_item_close":
            item = items.pop()
            if not item["done"]:
                _flush_item(item, blocks)
        elif kind == "heading_open":
            lines, _, _ = _inline(tokens[i + 1])
            blocks.append(RawBlock("heading", (" ".join(lines),), level=int(tok.tag[1])))
            i += 2
        elif kind == "paragraph_open":
            lines, lead, links_only = _inline(tokens[i + 1])
            if items:
                item = items[-1]
                if not item["lines"]:
                    item["lead"] = lead
                item["lines"].extend(lines)
                item["chrome"] = item["chrome"] and links_only
            elif lines:
                blocks.append(
                    RawBlock("paragraph", tuple(lines), strong_lead=lead, chrome=links_only)
                )
            i += 2
        elif kind == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            blocks.append(RawBlock("table", table=_table(tokens[i:end])))
            i = end
        i += 1
    return blocks, SourceMeta(title=_first_h1(blocks))


def _flush_item(item: dict, blocks: list[RawBlock]) -> None:
    item["done"] = True
    if item["lines"]:
        blocks.append(
            RawBlock(
                "item",
                tuple(item["lines"]),
                ordered=item["ordered"],
                strong_lead=item["lead"],
                chrome=item["chrome"],
            )
        )


def _first_h1(blocks: list[RawBlock]) -> str | None:
    return next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)


def _inline(token: Token) -> tuple[list[str], str | None, bool]:
    """Lines of an inline token (hard breaks split), its bold lead, and whether it is all links."""
    parts: list[str] = []
    lead: str | None = None
    in_strong = in_link = 0
    strong_buf: list[str] = []
    seen_text = False
    plain_chars = 0
    for child in token.children or []:
        t = child.type
        if t == "strong_open":
            in_strong += 1
            if not seen_text and lead is None:
                strong_buf = []
        elif t == "strong_close":
            in_strong -= 1
            if lead is None and strong_buf is not None and not seen_text:
                lead = clean_inline("".join(strong_buf)) or None
            seen_text = True
        elif t == "link_open":
            in_link += 1
        elif t == "link_close":
            in_link -= 1
        elif t in ("text", "code_inline"):
            parts.append(child.content)
            if in_strong and not seen_text:
                strong_buf.append(child.content)
            elif child.content.strip():
                seen_text = True
            if not in_link and child.content.strip():
                plain_chars += len(child.content.strip())
        elif t == "softbreak":
            parts.append(" ")
        elif t == "hardbreak":
            parts.append("\n")
        elif t == "image":
            seen_text = True
    lines = [line for line in (clean_inline(s) for s in "".join(parts).split("\n")) if line]
    return lines, lead, plain_chars == 0


def _table(tokens: list[Token]) -> Table:
    rows: list[tuple[str, ...]] = []
    current: list[str] = []
    for tok in tokens:
        if tok.type == "tr_open":
            current = []
        elif tok.type == "inline":
            current.append(" ".join(_inline(tok)[0]))
        elif tok.type == "tr_close":
            rows.append(tuple(current))
    header, body = (rows[0], rows[1:]) if rows else ((), [])
    return Table(
        header=header,
        rows=tuple(body),
        method="markdown",
        confidence=1.0,
        row_confidence=tuple(1.0 for _ in body),
    )
