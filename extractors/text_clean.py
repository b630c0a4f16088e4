"""Whitespace and character clean-up shared by every adapter."""

from __future__ import annotations

import unicodedata

# Zero-width characters and the soft hyphen: invisible, so never part of clean text.
# `clean_inline` tests for each of them by name: keep the two in step.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))


def clean_inline(text: str) -> str:
    """NFC, invisible characters removed, every run of white space one space, trimmed.

    `str.split()` already splits on every Unicode space (NBSP, thin and ideographic
    spaces included), so no regular expression is needed on this hot path.
    """
    if text.isascii():
        return " ".join(text.split())
    if (  # one substring scan in C per character: ten times a generator over them
        "\u200b" in text
        or "\u200c" in text
        or "\u200d" in text
        or "\u2060" in text
        or "\ufeff" in text
        or "\u00ad" in text
    ):
        text = text.translate(_DROP_INVISIBLE)  # slow, and rarely needed
    text = " ".join(text.split())
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
