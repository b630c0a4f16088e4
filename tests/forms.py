"""Render a WordPress REST post into the three other input forms, the way real scrapes look.

Why: the product must give the same records for one article in any format. Rendering a
known-good post (seed 001, our samples) into `text`, `markdown` and `html` lets tests
compare the parser's answers across forms, and builds the bundled sample corpus.

The plain-text emulation follows the real scrapes (seeds 000, 002-004), including the
blank-line rhythm (a `<p>` ends with a blank line, an `<hr>` adds one newline, list and
table rows are single-spaced), nested list items one indent level deeper, and mojibake
that hits only characters written literally in the page source: `&#8211;`-style
entities and the scraper's own bullets stay clean.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

import markdownify
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

MOJIBAKE_KINDS = ("cp874", "cp1252", "cp1252x2", "latin1")

# Bytes a code page leaves undefined: the real scraper dropped them, so "”" (E2 80 9D)
# lost its last byte. Tried in this order when undoing (9D first: "”" is by far the
# most common victim in English prose).
_DROPPED = (0x9D, 0x81, 0x8D, 0x8F, 0x90)

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CONTAINERS = frozenset({"figure", "div", "section", "blockquote", "article"})
_BLOCK_TAGS = _HEADINGS | _CONTAINERS | {"p", "ul", "ol", "li", "table", "thead", "tbody"}
_BLOCK_TAGS |= {"tfoot", "tr", "td", "th", "figcaption", "pre", "hr"}
_HTML_WS = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace only: NBSP is content
_BR = "\x00"


# --------------------------------------------------------------------------- mojibake


@cache
def _byte_table(kind: str) -> tuple[str, ...]:
    """What each byte 0..255 became when UTF-8 was read with the wrong code page.

    `cp874` is the hybrid the real scraper produced: 0x80-0x9F read as Windows-1252,
    0xA0-0xFF as Windows-874; undefined bytes vanish ("").
    """
    if kind not in MOJIBAKE_KINDS:
        raise ValueError(f"unknown mojibake kind {kind!r}; expected one of {MOJIBAKE_KINDS}")
    table = []
    for b in range(256):
        if b < 0x80:
            table.append(chr(b))
            continue
        if kind == "latin1":
            codec = "latin-1"
        elif kind == "cp874":
            codec = "cp1252" if b < 0xA0 else "cp874"
        else:
            codec = "cp1252"
        try:
            table.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            table.append("")
    return tuple(table)


def _inject_once(text: str, kind: str) -> str:
    table = _byte_table(kind)
    return "".join(table[b] for b in text.encode("utf-8"))


def inject_mojibake(text: str, kind: str) -> str:
    """Misread `text`'s UTF-8 bytes the way a scraper with the wrong code page did.

    `cp1252x2` applies the Windows-1252 misreading twice (a page saved and re-read).
    """
    if kind == "cp1252x2":
        return _inject_once(_inject_once(text, "cp1252"), "cp1252")
    return _inject_once(text, kind)


def _undo_once(text: str, kind: str) -> str:
    """Map each character back to its byte and re-decode UTF-8, restoring dropped bytes.

    Characters that are no byte's image (a clean "•") and bytes that form no valid
    sequence (a clean "–" that was never misread) are kept as written.
    """
    inverse = {ch: b for b, ch in enumerate(_byte_table(kind)) if ch}
    units: list[tuple[int | None, str]] = [(inverse.get(ch), ch) for ch in text]
    out: list[str] = []
    i = 0
    while i < len(units):
        byte, ch = units[i]
        if byte is None or byte < 0x80:
            out.append(ch)
            i += 1
            continue
        need = 1 if 0xC2 <= byte <= 0xDF else 2 if 0xE0 <= byte <= 0xEF else 3 * (byte >= 0xF0)
        cont: list[int] = []
        j = i + 1
        while len(cont) < need and j < len(units):
            nxt = units[j][0]
            if nxt is None or not 0x80 <= nxt <= 0xBF:
                break
            cont.append(nxt)
            j += 1
        decoded = _decode_with_repair(byte, cont, need) if need else None
        if decoded is None:
            out.append(ch)
            i += 1
        else:
            out.append(decoded)
            i = j
    return "".join(out)


def _decode_with_repair(lead: int, cont: list[int], need: int) -> str | None:
    candidates = [bytes([lead, *cont])] if len(cont) == need else []
    if len(cont) == need - 1:
        candidates = [bytes([lead, *cont, d]) for d in _DROPPED]
    for raw in candidates:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def undo_mojibake(text: str, kind: str) -> str:
    """Reverse `inject_mojibake` with the known byte mapping (no guessing, no ftfy).

    Exact for text whose dropped bytes were 0x9D (the "”" case); other dropped bytes
    are ambiguous and restored as the first candidate that decodes.
    """
    if kind == "cp1252x2":
        return _undo_once(_undo_once(text, "cp1252"), "cp1252")
    _byte_table(kind)  # validates kind
    return _undo_once(text, kind)


# --------------------------------------------------------------------------- chrome


_TOP_ADS: tuple[tuple[str, ...], ...] = (
    (
        "Compare Top-Rated Dental Clinics",
        "Browse verified clinics and pick one that suits your budget and your schedule.",
        "“A healthy smile opens doors — start with the right clinic.”",
        "Browse Dental Clinics",
        "Book a consultation today — shortlists are ready in minutes.",
    ),
    (
        "Discover Leading Eye Care Centres",
        "Read patient reviews and compare surgeons before you decide.",
        "“Clear vision changes everything — choose your surgeon with care.”",
        "See Eye Care Centres",
        "Your next appointment is a click away — no sign-up needed.",
    ),
    (
        "Plan a Wellness Retreat That Fits",
        "Hand-picked retreats with transparent prices and honest guest ratings.",
        "“Rest is productive — give yourself a proper break.”",
        "View Retreats",
        "Seasonal offers end soon — check dates near you.",
    ),
)
_BOTTOM_ADS: tuple[tuple[str, str, str], ...] = (
    (
        "Locate Certified Orthopedic Centres",
        "Compare joint-care specialists by city and treatment — free to use.",
        "View Centres",
    ),
    (
        "Choose a Fertility Clinic With Confidence",
        "Success rates, costs and reviews side by side — updated monthly.",
        "Open the Directory",
    ),
)
_WIDGETS: tuple[tuple[str, ...], ...] = (
    (
        "Follow",
        "Email me about",
        "visitor",
        "0 Replies",
        "Latest",
        "Earliest Top Rated",
        "Quoted replies",
        "Show every reply",
    ),
    (
        "Stay updated",
        "Alert me of",
        "reader",
        "0 Responses",
        "Recent",
        "First Most Liked",
        "Embedded replies",
        "See all replies",
    ),
)
_PROMO: tuple[str, ...] = (
    "Training Tracks",
    "Our hands-on training tracks cover cloud operations, delivery automation and platform "
    "reliability, with labs reviewed by working practitioners and mentors on call.",
    "Cloud, Reliability and Security Training Tracks",
    "Pick a track, work through real incidents in a sandbox, and earn a badge your next "
    "employer can verify.",
)
_PROMO_TAIL: tuple[str, ...] = ("0", "Tell us what you think in the replies.x", "()", "x")

_NAV = (
    ("Home", "/"),
    ("Courses", "/courses/"),
    ("Blog", "/blog/"),
    ("Consulting", "/consulting/"),
    ("Contact", "/contact-us/"),
)
_RELATED_ROLES = (
    "Observability Engineer",
    "Release Manager",
    "Data Quality Analyst",
    "FinOps Practitioner",
    "Identity Platform Engineer",
    "Chaos Engineering Lead",
)


def _site(post: dict) -> str:
    parts = urlsplit(post.get("link") or "https://blueprints.example.org/blog/")
    return f"{parts.scheme}://{parts.netloc}"


def _title_html(post: dict) -> str:
    return (post.get("title") or {}).get("rendered", "")


def _content_html(post: dict) -> str:
    return (post.get("content") or {}).get("rendered", "")


def _pick(options: tuple, variant: int, salt: int = 0):
    return options[(variant + salt) % len(options)]


def _top_ad_lines(variant: int) -> list[str]:
    lines = list(_pick(_TOP_ADS, variant))
    if variant % 2 == 0:
        lines.append("|")
    return lines


def _bottom_chunks(variant: int) -> list[str]:
    """Chunks (joined by blank lines) after the article: ad, related posts, widget, promo."""
    head, line, cta = _pick(_BOTTOM_ADS, variant)
    widget = "\n".join(_pick(_WIDGETS, variant, 1))
    if variant % 2 == 0:
        return [head, line, cta, "Similar Posts", widget]
    return [head, line, f"{cta}\n{widget}", *_PROMO, "\n".join(_PROMO_TAIL)]


# --------------------------------------------------------------------------- text


def _collapse(text: str) -> str:
    return _HTML_WS.sub(" ", text).strip()


def _inline_parts(node: Tag | NavigableString, out: list[str]) -> None:
    if isinstance(node, Comment):
        return
    if isinstance(node, NavigableString):
        out.append(str(node))
    elif node.name == "br":
        out.append(_BR)
    elif node.name not in _BLOCK_TAGS and node.name not in ("script", "style"):
        for child in node.children:
            _inline_parts(child, out)


def _inline_lines(nodes: Iterable[Tag | NavigableString]) -> list[str]:
    """Visible lines of inline content: `<br>` breaks a line, other whitespace collapses."""
    parts: list[str] = []
    for node in nodes:
        _inline_parts(node, parts)
    lines = (_collapse(seg) for seg in "".join(parts).split(_BR))
    return [line for line in lines if line]


class _TextWriter:
    """Accumulates scraper output and keeps its blank-line rules in one place."""

    def __init__(self) -> None:
        self.out = ""

    def blank(self) -> None:
        """Start a new block: make sure a blank line precedes it."""
        if self.out and not self.out.endswith("\n\n"):
            self.out += "\n" if self.out.endswith("\n") else "\n\n"

    def newline(self) -> None:
        if self.out and not self.out.endswith("\n"):
            self.out += "\n"

    def write(self, text: str) -> None:
        self.out += text


def _text_blocks(parent: Tag, w: _TextWriter) -> None:
    for child in parent.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            if text := _collapse(str(child)):
                w.blank()
                w.write(text + "\n\n")
            continue
        name = child.name
        if name in _HEADINGS or name == "p":
            if lines := _inline_lines(child.children):
                w.blank()
                w.write("\n".join(lines) + "\n\n")
        elif name in ("ul", "ol"):
            w.blank()
            _text_list(child, w, depth=0)
        elif name == "table":
            w.blank()
            _text_table(child, w)
        elif name == "hr":
            if w.out:
                w.write("\n")
        elif name in _CONTAINERS:
            _text_blocks(child, w)
        elif name not in ("script", "style", "noscript") and (
            lines := _inline_lines(child.children)
        ):
            w.blank()
            w.write("\n".join(lines) + "\n\n")


def _li_segments(li: Tag) -> Iterator[tuple[str, object]]:
    """Split an `<li>` into inline runs, paragraphs and nested lists, in order."""
    run: list[Tag | NavigableString] = []
    for child in li.children:
        name = getattr(child, "name", None)
        if name in ("p", "ul", "ol", "div", "figure", "table"):
            if lines := _inline_lines(run):
                yield "inline", lines
            run = []
            if name == "p":
                yield "p", _inline_lines(child.children)
            elif name in ("ul", "ol"):
                yield "list", child
            else:
                yield "inline", _inline_lines(child.children)
        else:
            run.append(child)
    if lines := _inline_lines(run):
        yield "inline", lines


def _text_list(el: Tag, w: _TextWriter, depth: int) -> None:
    indent = "  " * (depth + 1)
    cont = indent + "  "
    ordered = el.name == "ol"
    number = 0
    for li in el.find_all("li", recursive=False):
        number += 1
        marker = f"{number}." if ordered else "•"
        first = True
        for kind, value in _li_segments(li):
            if kind == "list":
                if first:
                    w.newline()
                    w.write(f"{indent}{marker}\n")
                    first = False
                _text_list(value, w, depth + 1)  # type: ignore[arg-type]
                continue
            lines: list[str] = value  # type: ignore[assignment]
            if not lines:
                continue
            if first:
                w.newline()
                w.write(f"{indent}{marker} {lines[0]}\n")
                lines = lines[1:]
                first = False
            elif kind == "p":
                w.blank()
            else:
                w.newline()
            for line in lines:
                w.write(f"{cont}{line}\n")
            if kind == "p":
                w.write("\n")
        if first:  # an empty item still shows its marker
            w.newline()
            w.write(f"{indent}{marker}\n")


def _text_table(table: Tag, w: _TextWriter) -> None:
    for tr in table.find_all("tr"):
        cells = [
            " ".join(_inline_lines(c.children)) for c in tr.find_all(["th", "td"], recursive=False)
        ]
        if line := " ".join(c for c in cells if c):
            w.newline()
            w.write(line + "\n")


def article_text(content_html: str) -> str:
    """The article body as the plain-text scraper shows it (no title, no chrome)."""
    soup = BeautifulSoup(content_html, "lxml")
    w = _TextWriter()
    _text_blocks(soup.body or soup, w)
    return w.out.strip("\n")


def render_text(
    post: dict, *, ads: bool = True, mojibake: str | None = None, variant: int = 0
) -> str:
    """The post as a plain-text page scrape (seeds 000, 002-004 are real examples).

    With `mojibake`, every character written literally in the page source (title, article,
    ad copy) is misread; entity-escaped characters and the scraper's bullets stay clean,
    as in the real scrapes. `variant` varies the ad and widget wording.
    """

    def raw(s: str) -> str:
        return inject_mojibake(s, mojibake) if mojibake else s

    title = html.unescape(raw(_title_html(post))).strip()
    body = article_text(raw(_content_html(post)))
    if not ads:
        return f"{title}\n\n{body}\n"
    top = "\n\n".join(raw(line) for line in _top_ad_lines(variant))
    bottom = "\n\n".join(raw(chunk) for chunk in _bottom_chunks(variant))
    return f"{top}\n\n{title}\n\n{body}\n\n{bottom}"


# --------------------------------------------------------------------------- markdown


def content_markdown(content_html: str) -> str:
    """Article HTML as a page-to-Markdown converter writes it (markdownify, ATX, `-`)."""
    md = markdownify.markdownify(
        content_html,
        heading_style=markdownify.ATX,
        bullets="-",
        newline_style=markdownify.BACKSLASH,
    )
    return re.sub(r"\n{3,}", "\n\n", md).strip("\n")


def _date_words(iso: str | None) -> str:
    if not iso:
        return ""
    when = datetime.fromisoformat(iso)
    return f"{when:%B} {when.day}, {when.year}"


def _related(post: dict, variant: int) -> list[tuple[str, str]]:
    site = _site(post)
    roles = [_pick(_RELATED_ROLES, variant, k) for k in range(3)]
    return [
        (
            f"{role}: Role Blueprint, Responsibilities, Skills, KPIs, and Career Path",
            f"{site}/blog/{re.sub(r'[^a-z0-9]+', '-', role.lower()).strip('-')}-role-blueprint/",
        )
        for role in roles
    ]


def render_markdown(post: dict, *, ads: bool = True, variant: int = 0) -> str:
    """The post as a page-to-Markdown scrape: nav and ads first, footer chrome after."""
    site = _site(post)
    title = html.unescape(_title_html(post)).strip()
    byline = (
        f"By [Editorial Desk]({site}/blog/author/editorial-desk/) · {_date_words(post.get('date'))}"
    )
    article = f"# {title}\n\n{byline}\n\n{content_markdown(_content_html(post))}"
    if not ads:
        return article + "\n"
    head, line, _quote, cta, _sub = _pick(_TOP_ADS, variant)
    nav = "\n".join(f"* [{label}]({site}{path})" for label, path in _NAV)
    top = (
        f"[![Blueprint Hub logo]({site}/wp-content/uploads/logo-header.png)]({site}/)\n\n"
        f"{nav}\n\n"
        f"[![{head}]({site}/wp-content/uploads/ads/banner-{variant % 3 + 1}.jpg)]"
        f"(https://ads.example.net/click?c={variant % 3 + 1})\n\n"
        f"**{head}** {line} [{cta}](https://ads.example.net/go?c={variant % 3 + 1})"
    )
    bhead, bline, bcta = _pick(_BOTTOM_ADS, variant)
    related = "\n".join(f"* [{t}]({u})" for t, u in _related(post, variant))
    footer = (
        f"**{bhead}** {bline} [{bcta}](https://ads.example.net/go?b={variant % 2 + 1})\n\n"
        f"## Similar Posts\n\n{related}\n\n"
        "## 0 Replies\n\nLeave a reply. Your email address will not be published.\n\n"
        f"[Post Reply]({site}/blog/#respond)\n\n"
        f"* [Privacy Policy]({site}/privacy-policy/)\n* [Terms of Use]({site}/terms/)\n"
        f"* [Sitemap]({site}/sitemap.xml)\n\n"
        "© 2026 Blueprint Hub. All rights reserved."
    )
    return f"{top}\n\n{article}\n\n{footer}\n"


# --------------------------------------------------------------------------- html page


def _ad_insert(variant: int) -> str:
    head, line, _quote, cta, _sub = _pick(_TOP_ADS, variant, 1)
    n = variant % 3 + 1
    return (
        f'<div class="code-block code-block-{n + 2}" style="margin: 8px auto; clear: both;">\n'
        f'<a href="https://ads.example.net/go?i={n}" rel="sponsored nofollow" target="_blank">'
        f'<img src="https://ads.example.net/creative/{n}.jpg" alt="{html.escape(head)}" '
        f'width="728" height="90" loading="lazy"></a>\n'
        f'<p class="ad-caption">Sponsored · {html.escape(line)} '
        f'<a href="https://ads.example.net/go?i={n}">{html.escape(cta)}</a></p>\n</div>\n'
    )


def content_with_ad(content_html: str, variant: int = 0) -> str:
    """`content_html` with one ad `<div>` placed just before a middle section's heading."""
    section = 8 + variant % 5
    match = re.search(rf"<h2\b[^>]*>\s*{section}\)", content_html)
    if match is None:
        return content_html
    at = match.start()
    return content_html[:at] + _ad_insert(variant) + "\n\n\n" + content_html[at:]


def _head(post: dict, title_text: str, site: str) -> str:
    link = post.get("link") or f"{site}/blog/"
    published = (post.get("date_gmt") or post.get("date") or "") + "+00:00"
    modified = (post.get("modified_gmt") or post.get("modified") or "") + "+00:00"
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": title_text,
            "datePublished": published,
            "dateModified": modified,
            "mainEntityOfPage": link,
        },
        ensure_ascii=False,
    )
    esc = html.escape(title_text)
    return f"""<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc} - Blueprint Hub</title>
<link rel="canonical" href="{html.escape(link)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc}">
<meta property="og:url" content="{html.escape(link)}">
<meta property="og:site_name" content="Blueprint Hub">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{modified}">
<link rel="stylesheet" id="theme-style-css"
  href="{site}/wp-content/themes/hub/style.css?ver=4.2" media="all">
<style id="theme-inline-css">
.entry-content h2{{margin-top:2em}}.code-block{{text-align:center}}
</style>
<script type="application/ld+json">{ld}</script>
<script>
window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}
gtag('js',new Date());gtag('config','G-EXAMPLE1');
</script>
</head>"""


def render_page(post: dict, *, ads: bool = True, variant: int = 0) -> str:
    """The post as a full themed WordPress page: header, menus, ads, sidebar, comments."""
    site = _site(post)
    title_html = _title_html(post)
    title_text = html.unescape(title_html).strip()
    content = content_with_ad(_content_html(post), variant) if ads else _content_html(post)
    date_iso = post.get("date") or ""
    modified_iso = post.get("modified") or date_iso
    nav = "\n".join(f'<li class="menu-item"><a href="{site}{p}">{t}</a></li>' for t, p in _NAV)
    head, line, _quote, cta, _sub = _pick(_TOP_ADS, variant)
    top_ad = (
        f'<div class="header-ad code-block code-block-1"><a href="https://ads.example.net/go?t=1" '
        f'rel="sponsored nofollow"><strong>{html.escape(head)}</strong> {html.escape(line)} '
        f'<span class="cta">{html.escape(cta)}</span></a></div>'
        if ads
        else ""
    )
    related = "\n".join(
        f'<li><a href="{html.escape(u)}">{html.escape(t)}</a></li>'
        for t, u in _related(post, variant)
    )
    bhead, bline, bcta = _pick(_BOTTOM_ADS, variant)
    classes = " ".join(post.get("class_list") or ["post", "type-post", "status-publish"])
    post_id = post.get("id", 0)
    link = html.escape(post.get("link") or "")
    author = f"{site}/blog/author/editorial-desk/"
    return f"""<!DOCTYPE html>
<html lang="en-US">
{_head(post, title_text, site)}
<body class="post-template-default single single-post postid-{post_id} single-format-standard">
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-EXAMPLE"
  height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding"><a href="{site}/" rel="home"><img class="custom-logo"
  src="{site}/wp-content/uploads/logo-header.png" alt="Blueprint Hub" width="220" height="48"></a>
<p class="site-description">Role guides for engineering teams</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary">
<ul id="primary-menu" class="menu">
{nav}
</ul></nav>
<nav class="secondary-navigation" aria-label="Secondary"><ul class="menu">
<li><a href="{site}/login/">Log in</a></li><li><a href="{site}/register/">Register</a></li>
</ul></nav>
</header>
{top_ad}
<div id="content" class="site-content">
<main id="primary" class="site-main">
<article id="post-{post_id}" class="{html.escape(classes)}">
<header class="entry-header">
<h1 class="entry-title">{title_html}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{link}" rel="bookmark">
<time class="entry-date published" datetime="{date_iso}+00:00">{_date_words(date_iso)}</time>
<time class="updated" datetime="{modified_iso}+00:00">{_date_words(modified_iso)}</time></a>
</span> <span class="byline">by <span class="author vcard">
<a class="url fn n" href="{author}">Editorial Desk</a></span></span></div>
</header>
<div class="entry-content">
{content}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in
<a href="{site}/blog/category/roles/" rel="category tag">Roles</a></span></footer>
</article>
<div class="related-posts"><h3 class="related-title">Similar Posts</h3><ul>
{related}
</ul></div>
<div id="comments" class="comments-area">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="{site}/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes">Your email address will not be published.
Required fields are marked *</p>
<p class="comment-form-comment"><label for="comment">Comment</label>
<textarea id="comment" name="comment" rows="8" required></textarea></p>
<p class="comment-form-author"><label for="author">Name *</label>
<input id="author" name="author" type="text" required></p>
<p class="comment-form-email"><label for="email">Email *</label>
<input id="email" name="email" type="email" required></p>
<p class="form-submit">
<input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p>
</form>
</div>
</div>
</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_search">
<form role="search" method="get" class="search-form" action="{site}/">
<label><span class="screen-reader-text">Search for:</span>
<input type="search" class="search-field" name="s"></label>
<input type="submit" class="search-submit" value="Search"></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>
{related}
</ul></section>
<section class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul>
<li class="cat-item"><a href="{site}/blog/category/roles/">Roles</a></li>
<li class="cat-item"><a href="{site}/blog/category/careers/">Careers</a></li>
</ul></section>
<section class="widget widget_custom_html"><div class="sidebar-ad">
<a href="https://ads.example.net/go?s=1" rel="sponsored nofollow">
<strong>{html.escape(bhead)}</strong> {html.escape(bline)} {html.escape(bcta)}</a>
</div></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
<nav class="footer-navigation"><ul>
<li><a href="{site}/privacy-policy/">Privacy Policy</a></li>
<li><a href="{site}/terms/">Terms of Use</a></li>
<li><a href="{site}/sitemap.xml">Sitemap</a></li>
</ul></nav>
<div class="site-info">© 2026 Blueprint Hub. All rights reserved.</div>
</footer>
<script src="{site}/wp-content/themes/hub/js/navigation.js?ver=4.2" id="hub-navigation-js">
</script>
<script>
document.querySelectorAll('.code-block a').forEach(function(a){{
  a.addEventListener('click',function(){{gtag('event','ad_click');}});
}});
</script>
</body>
</html>
"""
