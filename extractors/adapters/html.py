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
from collections.abc import Iterable
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
# How `_walk` reads a child, by tag: one dict lookup instead of a chain of set tests.
_IGNORED, _SKIPPED, _HEADING, _PARAGRAPH, _LIST, _TABLE, _CONTAINER, _OTHER = range(8)
_KIND: dict[str, int] = {
    "hr": _IGNORED,
    "br": _IGNORED,
    "img": _IGNORED,
    "": _IGNORED,
    **dict.fromkeys(_SKIP, _SKIPPED),
    **dict.fromkeys(_HEADINGS, _HEADING),
    "p": _PARAGRAPH,
    **dict.fromkeys(_LISTS, _LIST),
    "table": _TABLE,
    **dict.fromkeys(_CONTAINERS, _CONTAINER),
}
_LEVEL = {tag: int(tag[1]) for tag in _HEADINGS}
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
    out: list[RawBlock] = []
    if body is not None and len(body):
        _walk(body[0], reading, out)
    return out


def page_blocks(markup: str) -> tuple[list[RawBlock], SourceMeta, int]:
    """Raw blocks of a whole page's article, its metadata, and the visible chars of the page."""
    doc = _parse(markup)
    body = doc.find("body")
    if body is None:
        body = doc
    # Only a count (for boilerplate_chars_removed): lxml's C serialiser, no NFC pass.
    words = etree.tostring(body, method="text", encoding=str).split()
    visible = sum(map(len, words)) + len(words) - 1 if words else 0  # as if joined by spaces
    container = _article_container(body)
    blocks: list[RawBlock] = []
    if container is not None:
        _walk(container, HTML, blocks)
    return blocks, _page_meta(doc, container), visible


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


def _page_meta(doc: HtmlElement, container: HtmlElement | None) -> SourceMeta:
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
    post_id, categories = _post_class(container)
    return SourceMeta(
        title=title,
        url=canonical or meta("og:url"),
        published_at=meta("article:published_time", "datePublished"),
        modified_at=meta("article:modified_time", "og:updated_time", "dateModified"),
        post_id=post_id,
        categories=categories,
    )


_POST_CLASS = re.compile(r"^post-(\d+)$")


def _post_class(container: HtmlElement | None) -> tuple[int | None, tuple[str, ...]]:
    """Post id and category slugs from WordPress's `post_class()` on the article element
    ("post-41502 … hentry category-security category-analyst"): a theme's page carries what
    the REST API's `class_list` does. Read from the article's own element or its ancestors,
    never a related-posts card elsewhere on the page."""
    if container is None:
        return None, ()
    for el in (container, *container.iterancestors()):
        classes = (el.get("class") or "").split()
        if "hentry" not in classes:
            continue
        ids = [int(m.group(1)) for c in classes if (m := _POST_CLASS.match(c))]
        return (ids[0] if ids else None), post_class_categories(classes)
    return None, ()


def post_class_categories(classes: Iterable[object]) -> tuple[str, ...]:
    """Category slugs among WordPress `post_class()` tokens ("category-ai-ml" -> "ai-ml"),
    whether a page's class attribute or the REST API's `class_list`."""
    return tuple(
        str(c).removeprefix("category-") for c in classes if str(c).startswith("category-")
    )


def _walk(parent: HtmlElement, reading: Reading, out: list[RawBlock]) -> None:
    """Append raw blocks for the block-level children of `parent`, in reading order.

    Appends to one list rather than yielding through nested generators, and
    builds RawBlocks positionally (kind, lines, level, ordered, strong_lead,
    table, chrome): both are measurable on a page of a few hundred blocks.
    """
    append = out.append
    for el in parent:
        tag = el.tag
        kind = _KIND.get(tag, _OTHER) if isinstance(tag, str) else _IGNORED
        if kind == _IGNORED:
            continue
        if kind == _SKIPPED:
            append(_chrome(el))
        elif kind == _HEADING:
            append(RawBlock("heading", (clean_inline(_text(el)),), _LEVEL[tag]))
        elif kind == _PARAGRAPH:
            lines, lead, _ = _inline(el)
            if lines:
                chrome = reading.links_are_chrome and _links_only(el)
                append(RawBlock("paragraph", lines, 0, False, lead, None, chrome))
        elif kind == _LIST:
            _list_items(el, reading, out)
        elif kind == _TABLE:
            table = html_table(el, reading.table_method)
            if table is not None:
                append(RawBlock("table", (), 0, False, None, table))
        elif kind == _CONTAINER:
            if _is_insert(el):
                append(_chrome(el))
            else:
                _walk(el, reading, out)
        else:
            lines, lead, _ = _inline(el)
            if lines:
                append(RawBlock("paragraph", lines, 0, False, lead))


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


def _list_items(list_el: HtmlElement, reading: Reading, out: list[RawBlock]) -> None:
    """Append an item block per `<li>` of a list, nested lists' items after their parent's."""
    ordered = list_el.tag == "ol"
    links_are_chrome = reading.links_are_chrome
    for li in list_el:
        if li.tag != "li":  # a comment's tag is a function, never "li"
            continue
        if len(li):
            lines, lead, nested = _inline(li)
        else:  # plain text, most items: no descendants, so no lead, no nested list, no links
            text = li.text
            lines, lead, nested = (_lines(text) if text else ()), None, None
        if lines:
            chrome = links_are_chrome and _links_only(li)
            out.append(RawBlock("item", lines, 0, ordered, lead, None, chrome))
        if nested:  # only an item with a nested block can hold a nested list
            for child in li:
                if child.tag in _LISTS:
                    _list_items(child, reading, out)


def _links_only(el: HtmlElement) -> bool:
    """Nothing but links and images: a menu entry, a banner, a related-post link."""
    if not len(el):
        return False  # no descendants: no links
    anchors = []
    for d in el.iterdescendants():  # one pass: a nested list anywhere rules it out
        tag = d.tag
        if tag in _LISTS:
            return False
        if tag == "a" or tag == "img":
            anchors.append(d)
    if not anchors:
        return False
    linked = sum(len(_text(a).split()) for a in anchors if a.tag == "a")
    return linked == len(_text(el).split())


def _inline(el: HtmlElement) -> tuple[tuple[str, ...], str | None, bool | None]:
    """The visible lines of an element (split at `<br>` and between `<p>`s), its bold
    lead, and whether a nested block (list, paragraph, div, item, skipped
    element) is among its descendants (None: it has none)."""
    if not len(el):  # plain text: most list items
        text = el.text
        return (_lines(text) if text else ()), None, None
    if not _has_nested(el):
        return _lines(_text(el)), _strong_lead(el), False  # the common case, in C
    pieces: list[str] = []
    _collect(el, pieces)
    return _lines("".join(pieces)), _strong_lead(el), True


def _has_nested(el: HtmlElement) -> bool:
    """A nested block among the descendants of `el`. Children first, descending
    only into children that have children: lxml builds a Python proxy per node
    visited, and most inline children (strong, em, a) are leaves."""
    for child in el:  # noqa: SIM110 - a plain loop: any() would add a generator per call
        if child.tag in _NESTED or (len(child) and _has_nested(child)):
            return True
    return False


def _lines(text: str) -> tuple[str, ...]:
    """The clean, non-empty lines of `text`."""
    if "\n" not in text:  # one line: most list items and cells
        # `clean_inline`, its ASCII case inline: the commonest call of the walk
        line = " ".join(text.split()) if text.isascii() else clean_inline(text)
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
        text = node.text
        if text and not text.isspace():  # `(text or "").strip()`, without a copy
            return None
        if not len(node):
            return None
        first = node[0]  # the parser drops comments, so almost always an element
        if not isinstance(first.tag, str):
            first = next((c for c in node if isinstance(c.tag, str)), None)
            if first is None:
                return None
        tag = first.tag
        if tag == "strong" or tag == "b":
            lead = clean_inline(_text(first))
            return lead or None
        if tag != "p":
            return None
        node = first


def html_table(table_el: HtmlElement, method: TableMethod = "html") -> Table | None:
    """A table's header and body rows as clean cell strings."""
    rows: list[tuple[str, ...]] = []
    header: tuple[str, ...] | None = None
    for tr in table_el.iter("tr"):
        cells = [c for c in tr if c.tag in _CELLS]
        if not cells:
            continue
        values = tuple([clean_inline(_text(c) if len(c) else c.text or "") for c in cells])
        if header is None:
            parent = tr.getparent()
            in_head = parent is not None and parent.tag == "thead"
            if in_head or all(c.tag == "th" for c in cells):
                header = values
                continue
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
        row_confidence=(1.0,) * len(rows),
    )
