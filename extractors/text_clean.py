"""Whitespace and character clean-up shared by every adapter."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def clean_inline(text: str) -> str:
    """NFC, invisible characters removed, every run of white space one space, trimmed."""
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text) if not text.isascii() else text
