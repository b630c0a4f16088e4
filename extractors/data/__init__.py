"""Curated data files the extractors read (loaded with importlib.resources)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

GAZETTEER_FILE = "gazetteer.jsonl"


@cache
def gazetteer_records() -> tuple[dict, ...]:
    """The raw entries of `gazetteer.jsonl` (canonical, label, aliases, cased, listed).

    For readers that must not import spaCy (`extractors.mentions` builds its
    own `Entry` objects from the same file).
    """
    text = resources.files(__package__).joinpath(GAZETTEER_FILE).read_text("utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())
