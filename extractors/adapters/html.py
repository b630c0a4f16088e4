"""HTML -> raw blocks, for WordPress post bodies and whole themed pages.

Uses lxml.etree directly (plain elements, no lxml.html class lookup): a
BeautifulSoup tree costs about 20 times an lxml parse, and extraction must stay
within a few lxml parses per article.

A whole page is cut down to its article by structure, not by known strings:
the article container is the lowest common ancestor of the numbered section
headings ("1) Role Summary" …); inside it, inserted blocks that carry no
section heading and look like inserts (mostly links, iframes, scripts, forms)
are chrome.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element as HtmlElement

from extractors.model import RawBlock, SourceMeta, Table, TableMethod
from extractors.text_clean import clean_inline

SECTION_HEADING = re.compile(r"^\s*\d{1,2}\)\s+\S")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "ins",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "footer",
    "header",
    "object",
    "embed",
}
_LISTS = {"ul", "ol"}
_CELLS = {"td", "th"}
_NESTED = frozenset({"ul", "ol", "p", "div", "li", *_SKIP})
_CONTAINERS = {"div", "section", "article", "main", "figure", "blockquote", "details", "center"}
_INSERT_HINT = re.compile(
    r"(^|[-_ ])(ad|ads|advert\w*|promo\w*|sponsor\w*|banner|widget|related|"
    r"share\w*|social|newsletter|subscribe|cta|comment\w*)([-_ ]|$)",
    re.I,
)
_INSERT_TAGS = ("iframe", "ins", "script", "form", "button")
# The only nodes that can carry an insert hint, found by XPath (in C).
_WITH_CLASS_OR_ID = etree.XPath("descendant-or-self::*[@class or @id]")


_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)


def _text(el: HtmlElement) -> str:
    """All text inside `el`, its tail excluded. lxml's C serialiser gives the same
    string as joining `el.itertext()`, several times faster."""
    if not len(el):
        return el.text or ""  # no children: all its text is here
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _parse(markup: str) -> HtmlElement:
    root = etree.fromstring(markup, _PARSER) if markup.strip() else None
    if root is None:
        return etree.fromstring("<html><body></body></html>", _PARSER)
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")  # a line break is text from here on
    return root


@dataclass(frozen=True, slots=True)
class Reading:
    """How to read a fragment: Markdown scrapes mark chrome only by being all links."""

    table_method: TableMethod = "html"
    links_are_chrome: bool = False


HTML = Reading()


def fragment_blocks(markup: str, reading: Reading = HTML) -> list[RawBlock]:
    """Raw blocks of an article body such as a WordPress `content.rendered`."""
    body = _parse(f"<html><body><div>{markup}</div></body></html>").find("body")
    return list(_walk(body[0], reading)) if body is not None and len(body) else []


def page_blocks(markup: str) -> tuple[list[RawBlock], SourceMeta, int]:
    """Raw blocks of a whole page's article, its metadata, and the visible chars of the page."""
    doc = _parse(markup)
    body = doc.find("body")
    if body is None:
        body = doc
    # Only a count (for boilerplate_chars_removed): lxml's C serialiser, no NFC pass.
    visible = len(" ".join(etree.tostring(body, method="text", encoding=str).split()))
    container = _article_container(body)
    blocks = list(_walk(container)) if container is not None else []
    return blocks, _page_meta(doc), visible


def _article_container(body: HtmlElement) -> HtmlElement | None:
    headings = [h for h in body.iter(*_HEADINGS) if SECTION_HEADING.match(_text(h))]
    if not headings:
        return None
    paths = [list(h.iterancestors())[::-1] for h in headings]
    common = None
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    if len(headings) == 1:
        common = headings[0].getparent()
    return common


def _page_meta(doc: HtmlElement) -> SourceMeta:
    def meta(*names: str) -> str | None:
        for name in names:
            for el in doc.iter("meta"):
                if name in (el.get("property"), el.get("name"), el.get("itemprop")):
                    value = (el.get("content") or "").strip()
                    if value:
                        return value
        return None

    title = None
    for h1 in doc.iter("h1"):
        text = clean_inline(_text(h1))
        if text and not SECTION_HEADING.match(text):
            title = text
            break
    if title is None:
        title = meta("og:title")
    if title is None:
        tag = doc.find(".//title")
        title = clean_inline(_text(tag)) if tag is not None else None
    canonical = next(
        (el.get("href") for el in doc.iter("link") if el.get("rel") == "canonical"), None
    )
    return SourceMeta(
        title=title,
        url=canonical or meta("og:url"),
        published_at=meta("article:published_time", "datePublished"),
        modified_at=meta("article:modified_time", "og:updated_time", "dateModified"),
    )


def _walk(parent: HtmlElement, reading: Reading = HTML) -> Iterator[RawBlock]:
    """Yield raw blocks for the block-level children of `parent`, in reading order."""
    for el in parent:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in {"hr", "br", "img"}:
            continue
        if tag in _SKIP:
            yield _chrome(el)
        elif tag in _HEADINGS:
            yield RawBlock("heading", (clean_inline(_text(el)),), level=int(tag[1]))
        elif tag == "p":
            lines, lead = inline_lines(el)
            if lines:
                chrome = reading.links_are_chrome and _links_only(el)
                yield RawBlock("paragraph", lines, strong_lead=lead, chrome=chrome)
        elif tag in _LISTS:
            yield from _list_items(el, reading)
        elif tag == "table":
            table = html_table(el, reading.table_method)
            if table is not None:
                yield RawBlock("table", table=table)
        elif tag in _CONTAINERS:
            if _is_insert(el):
                yield _chrome(el)
            else:
                yield from _walk(el, reading)
        else:
            lines, lead = inline_lines(el)
            if lines:
                yield RawBlock("paragraph", lines, strong_lead=lead)


def _chrome(el: HtmlElement) -> RawBlock:
    return RawBlock("paragraph", (clean_inline(_text(el)),), chrome=True)


def _is_insert(el: HtmlElement) -> bool:
    """An inserted block (ad, share bar, related posts) inside the article body."""
    if any(SECTION_HEADING.match(_text(h)) for h in el.iter(*_HEADINGS)):
        return False
    for node in _WITH_CLASS_OR_ID(el):
        if _INSERT_HINT.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    if next(el.iter(*_INSERT_TAGS), None) is not None:
        return True
    links = list(el.iter("a"))
    for a in links:
        if a.find(".//img") is not None or "sponsored" in (a.get("rel") or ""):
            return True  # a banner: a linked image, or a link marked as paid
    if not links:  # then only an empty block is one; its first text piece tells
        return not any(clean_inline(piece) for piece in el.itertext())
    text = clean_inline(_text(el))
    if not text:
        return True
    linked = sum(len(clean_inline(_text(a))) for a in links)
    return linked / len(text) > 0.5


def _list_items(list_el: HtmlElement, reading: Reading = HTML) -> Iterator[RawBlock]:
    ordered = list_el.tag == "ol"
    for li in list_el:
        if li.tag != "li":  # a comment's tag is a function, never "li"
            continue
        lines, lead = inline_lines(li)
        if lines:
            chrome = reading.links_are_chrome and _links_only(li)
            yield RawBlock("item", lines, ordered=ordered, strong_lead=lead, chrome=chrome)
        for nested in li:
            if nested.tag in _LISTS:
                yield from _list_items(nested, reading)


def _links_only(el: HtmlElement) -> bool:
    """Nothing but links and images: a menu entry, a banner, a related-post link."""
    if any(d.tag in _LISTS for d in el.iterdescendants()):
        return False
    anchors = [d for d in el.iterdescendants() if d.tag in {"a", "img"}]
    if not anchors:
        return False
    linked = sum(len(_text(a).split()) for a in anchors if a.tag == "a")
    return linked == len(_text(el).split())


def inline_lines(el: HtmlElement) -> tuple[tuple[str, ...], str | None]:
    """The visible lines of an element (split at `<br>` and between `<p>`s) and its bold lead."""
    if not len(el):  # plain text: most list items
        return _lines(el.text or ""), None
    if not any(d.tag in _NESTED for d in el.iterdescendants()):
        text = _text(el)  # the common case, in C
    else:
        pieces: list[str] = []
        _collect(el, pieces)
        text = "".join(pieces)
    return _lines(text), _strong_lead(el)


def _lines(text: str) -> tuple[str, ...]:
    """The clean, non-empty lines of `text`."""
    if "\n" not in text:  # one line: most list items and cells
        line = clean_inline(text)
        return (line,) if line else ()
    pieces = filter(None, text.split("\n"))  # empty where a <br> meets a markup newline
    return tuple(line for line in map(clean_inline, pieces) if line)


def _collect(el: HtmlElement, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _LISTS or tag in _SKIP:
            pass
        elif tag in {"p", "div", "li"}:
            out.append("\n")
            _collect(child, out)
            out.append("\n")
        elif tag:
            _collect(child, out)
        if child.tail:
            out.append(child.tail)


def _strong_lead(el: HtmlElement) -> str | None:
    """The bold text a block starts with (looking through a wrapping `<p>`)."""
    node = el
    while True:
        if (node.text or "").strip():
            return None
        first = next((c for c in node if isinstance(c.tag, str)), None)
        if first is None:
            return None
        if first.tag in {"strong", "b"}:
            lead = clean_inline(_text(first))
            return lead or None
        if first.tag != "p":
            return None
        node = first


def html_table(table_el: HtmlElement, method: TableMethod = "html") -> Table | None:
    """A table's header and body rows as clean cell strings."""
    rows: list[tuple[str, ...]] = []
    header: tuple[str, ...] | None = None
    for tr in table_el.iter("tr"):
        cells = [c for c in tr if c.tag in _CELLS]
        values = tuple(clean_inline(_text(c)) for c in cells)
        if not values:
            continue
        in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
        if header is None and (in_head or all(c.tag == "th" for c in cells)):
            header = values
        else:
            rows.append(values)
    if header is None:
        if not rows:
            return None
        header, rows = rows[0], rows[1:]
    return Table(
        header=header,
        rows=tuple(rows),
        method=method,
        confidence=1.0,
        row_confidence=tuple(1.0 for _ in rows),
    )
