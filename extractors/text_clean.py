"""Whitespace and character clean-up shared by every adapter."""

from __future__ import annotations

import unicodedata

# Zero-width characters and the soft hyphen: invisible, so never part of clean text.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))


def clean_inline(text: str) -> str:
    """NFC, invisible characters removed, every run of white space one space, trimmed.

    `str.split()` already splits on every Unicode space (NBSP, thin and ideographic
    spaces included), so no regular expression is needed on this hot path.
    """
    if text.isascii():
        return " ".join(text.split())
    if any(ch in text for ch in _INVISIBLE):  # substring scans in C; translate is slow
        text = text.translate(_DROP_INVISIBLE)
    text = " ".join(text.split())
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
