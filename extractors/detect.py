"""Format detection from content, never from file names."""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["wp_json", "html", "markdown", "text"]

_JSON_START = re.compile(r"^(\{\s*(\"|\})|\[\s*(\{|\]))")
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p|h[1-6])\b", re.I)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_MD_LINK = re.compile(r"\]\((https?://|/)[^)\s]*\)")


def detect_format(text: str) -> Format:
    """Guess the input format of decoded text.

    JSON is recognised by how it opens (`{"`, `[{`), so a truncated post is still
    `wp_json` and the adapter can say what is wrong with it, while a Markdown
    scrape opening with a `[link](…)` is not; HTML by a tag at
    the start; Markdown by ATX headings, pipe-table rules or inline links.
    """
    head = text.lstrip()[:4096]
    if _JSON_START.match(head):
        return "wp_json"
    if _HTML_START.match(head) or head.lower().startswith("<?xml"):
        return "html"
    sample = text[:200_000]
    score = len(_MD_HEADING.findall(sample)) * 2 + len(_MD_TABLE_RULE.findall(sample)) * 3
    score += min(len(_MD_LINK.findall(sample)), 5)
    return "markdown" if score >= 4 else "text"
