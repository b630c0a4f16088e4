"""Article identity: the WordPress-style slug of the title, the same in every format."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """Lower-case, fold accents, collapse every run of non `a-z0-9` into one `-`."""
    folded = unicodedata.normalize("NFKD", title)
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("-", ascii_only.lower()).strip("-")


def role_from_title(title: str) -> str:
    """The role a blueprint title names: the text before its first colon."""
    head, sep, _ = title.partition(":")
    return head.strip() if sep else title.strip()


def section_key(title: str) -> str:
    """A stable snake_case key for a section title ("Role Summary" -> "role_summary")."""
    return slugify(title).replace("-", "_")
