"""Format detection from content, never from file names."""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["wp_json", "html", "markdown", "text"]

_JSON_START = re.compile(r"^(\{\s*(\"|\})|\[\s*(\{|\]))")
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p|h[1-6])\b", re.I)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
_MD_HEADING_AT = re.compile(r"#{1,6} \S")  # `_MD_HEADING` at a known line start
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_MD_LINK = re.compile(r"\]\((https?://|/)[^)\s]*\)")


def detect_format(text: str) -> Format:
    """Guess the input format of decoded text.

    JSON is recognised by how it opens (`{"`, `[{`), so a truncated post is still
    `wp_json` and the adapter can say what is wrong with it, while a Markdown
    scrape opening with a `[link](…)` is not; HTML by a tag at
    the start; Markdown by ATX headings, pipe-table rules or inline links.
    """
    head = _head(text, 4096)
    if _JSON_START.match(head):
        return "wp_json"
    if _HTML_START.match(head) or head.lower().startswith("<?xml"):
        return "html"
    sample = text[:200_000]
    return "markdown" if _markdown_score(sample, 4) >= 4 else "text"


def _head(text: str, n: int) -> str:
    """`text.lstrip()[:n]` without copying all of a long text."""
    chunk = text[: 2 * n].lstrip()
    return chunk[:n] if len(chunk) >= n or len(text) <= 2 * n else text.lstrip()[:n]


def _markdown_score(sample: str, enough: int) -> int:
    """Two per ATX heading, three per pipe-table rule, one per inline link (five at
    most), counted only until the score reaches `enough`: every term only adds.

    Each pattern is searched for only when the string it needs is in the sample
    (a heading needs "#", a table rule "---" and "|", a link "]("), and headings
    only where a line starts with "#": a scan in C instead of a regex tried at
    every position.
    """
    score = 0
    if "#" in sample:
        at = 0 if sample.startswith("#") else sample.find("\n#") + 1 or -1
        while at >= 0:  # at: a line start holding "#"
            if _MD_HEADING_AT.match(sample, at):
                score += 2
                if score >= enough:
                    return score
            at = sample.find("\n#", at) + 1 or -1
    if "---" in sample and "|" in sample:
        score += len(_MD_TABLE_RULE.findall(sample)) * 3
        if score >= enough:
            return score
    if "](" in sample:
        links = 0
        for _ in _MD_LINK.finditer(sample):
            links += 1
            if links == 5 or score + links >= enough:
                break
        score += links
    return score
