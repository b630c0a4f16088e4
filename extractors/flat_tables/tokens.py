"""Word shapes and the few cut rules that hold in any language of tables.

A flattened row is split on single spaces into words; a cell is a run of
words. Everything learned (see `lexicon`) is keyed on the shape classes here,
so unseen words still carry signal. The hard rules are the ones a careful
reader never breaks: no cut inside brackets or quotes, no cell ending on a
joiner (" / ", "&", a trailing comma, "and", "≥") and none starting on one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

OPENERS = "([{“‘«"
CLOSERS = ")]}”’»"
_PAIRS = {")": "(", "]": "[", "}": "{", "”": "“", "»": "«"}

# Words after which a cell never ends: symbols that join two things.
NO_END_WORDS = frozenset(
    [
        "/",
        "&",
        "+",
        "–",
        "—",
        "-",
        "→",
        "≥",
        "≤",
        "<",
        ">",
        "=",
        "~",
        "±",
        "vs",
        "vs.",
        "v.",
        "e.g.",
        "i.e.",
        "e.g.,",
        "i.e.",
    ]
)
# English function words: a cell rarely ends on one ("What we use it for" does),
# so a cut after one is allowed but costs `FUNCTION_END_COST`.
FUNCTION_WORDS = frozenset(
    [
        "and",
        "or",
        "nor",
        "of",
        "to",
        "for",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "into",
        "via",
        "per",
        "than",
        "as",
        "is",
        "are",
        "be",
        "was",
        "not",
        "no",
        "its",
        "their",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "within",
        "across",
        "between",
        "over",
        "under",
    ]
)
FUNCTION_END_COST = -6.0
# A number and its unit are one value ("21.6 min", "3 business days").
_UNIT_WORDS = "ms s sec secs min mins minutes h hr hrs hours day days business weeks months years"
UNITS = frozenset((*_UNIT_WORDS.split(), "x", "k", "gb", "mb", "tb", "pts", "points", "%"))
# A bare number right after a capitalised word usually belongs to it ("Tier 1", "Top 10").
NUMBER_AFTER_NAME_COST = -3.0
# A bracket right after a word qualifies that word ("IAM (cloud-native)",
# "Optional (context-specific)"); a cell rarely opens with one.
BRACKET_START_COST = -5.0
# Words a cell never starts with: the other half of a joiner.
NO_START_WORDS = frozenset(["/", "&", "+", "→", "=", "±", ",", ";", ":", ".", ")", "]", "}"])
_END_JOINER = re.compile(r"[,;/&+–—\-:]$")
_START_JOINER = re.compile(r"^[,;:)\]}/]")
_NUMERIC = re.compile(r"^[~±+\-–−≈$€£#]?\d")
_SYMBOL = re.compile(r"^[^\w“‘\"'(\[]+$")
_BRACKETY = re.compile(r'[()\[\]{}“”«»"]')
_STRIP = "“”‘’\"'()[]{}«».,;:!?*"

SHAPES = ("T", "A", "l", "n", "s", "q", "o")
END_SHAPES = (")", ".", "9", "w")
"""T Titlecase, A acronym/ALLCAPS/camel, l lowercase, n numeric, s symbol, q quoted, o bracketed."""


@lru_cache(maxsize=1 << 16)
def shape(word: str) -> str:
    """The shape class of a word: what capitalisation or form tells a reader."""
    if word[0] in OPENERS:
        return "q" if word[0] in "“‘" else "o"
    if word[0] in "\"'":
        return "q"
    if _NUMERIC.match(word) or (word[0] in "≥≤<>" and len(word) > 1):
        return "n"
    if _SYMBOL.match(word):
        return "s"
    core = word.strip(_STRIP)
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return "n" if any(c.isdigit() for c in core) else "s"
    if letters[0].isupper():
        upper = sum(c.isupper() for c in letters)
        return "A" if upper >= 2 else "T"
    return "l"


@lru_cache(maxsize=1 << 16)
def end_shape(word: str) -> str:
    """How a word ends: a cell's last word often closes a bracket or a sentence."""
    last = word[-1]
    if last in CLOSERS:
        return ")"
    if last in ".!?":
        return "."
    if last.isdigit() or last == "%":
        return "9"
    return "w"


@lru_cache(maxsize=1 << 16)
def norm(word: str) -> str:
    """Lexical key of a word: lower-cased, outer punctuation stripped."""
    return word.strip(_STRIP).lower() or word


@dataclass(frozen=True, slots=True, eq=False)
class RowTokens:
    """A row split into words, with where a cell may begin (gap i is before word i)."""

    words: tuple[str, ...]
    can_cut: tuple[bool, ...]  # len(words) + 1; index 0 and n are the row's edges
    cut_cost: tuple[float, ...]  # len(words) + 1; soft cost of a cell starting at gap i
    shapes: tuple[str, ...] = ()
    end_shapes: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()  # norm(word)
    lowered: tuple[str, ...] = ()
    shape_idx: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    end_idx: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


@lru_cache(maxsize=4096)
def tokenize(line: str) -> RowTokens:
    """Split a flattened row into words and mark the gaps a cell boundary may use.

    Cached: detection, header choice and rebuilding all look at the same lines.
    """
    words = tuple(line.split())
    open_at = _open_depths(words, _unmatched_openers(words))
    cut = [True] * (len(words) + 1)
    cost = [0.0] * (len(words) + 1)
    for i in range(1, len(words)):
        unit = words[i].lower() in UNITS and _NUMERIC.match(words[i - 1])
        if unit or open_at[i] or not _may_end(words[i - 1]) or not _may_start(words[i]):
            cut[i] = False
        elif words[i].isdigit() and shape(words[i - 1]) == "T":
            cost[i] = NUMBER_AFTER_NAME_COST
        elif words[i - 1].lower() in FUNCTION_WORDS and not _letter_grade(words[i - 1], words[i]):
            cost[i] = FUNCTION_END_COST
        elif words[i][0] in "([":
            cost[i] = BRACKET_START_COST
    shapes = tuple(shape(w) for w in words)
    ends = tuple(end_shape(w) for w in words)
    return RowTokens(
        words,
        tuple(cut),
        tuple(cost),
        shapes,
        ends,
        tuple(norm(w) for w in words),
        tuple(w.lower() for w in words),
        np.array([SHAPES.index(s) for s in shapes], dtype=np.int64),
        np.array([END_SHAPES.index(e) for e in ends], dtype=np.int64),
    )


def _letter_grade(word: str, after: str) -> bool:
    """A capital "A" before a capitalised word is a letter (RACI "A C"), not the article."""
    return word == "A" and shape(after) != "l"


def _may_end(word: str) -> bool:
    return word.lower() not in NO_END_WORDS and not _END_JOINER.search(word)


def _may_start(word: str) -> bool:
    return word not in NO_START_WORDS and not _START_JOINER.match(word)


def _scan(words: tuple[str, ...], skip: frozenset[tuple[int, int]]):
    """Yield (word index, stack after the word); brackets pair, stray closers are ignored."""
    stack: list[tuple[str, int, int]] = []
    for wi, word in enumerate(words):
        if not _BRACKETY.search(word):
            yield wi, stack
            continue
        for ci, ch in enumerate(word):
            if (wi, ci) in skip:
                continue
            if ch in "([{“«":
                stack.append((ch, wi, ci))
            elif ch in _PAIRS and any(c == _PAIRS[ch] for c, _, _ in stack):
                while stack and stack.pop()[0] != _PAIRS[ch]:
                    pass
            elif ch == '"':
                if stack and stack[-1][0] == '"':
                    stack.pop()
                else:
                    stack.append(('"', wi, ci))
        yield wi, stack


def _unmatched_openers(words: tuple[str, ...]) -> frozenset[tuple[int, int]]:
    """Openers never closed in the row: a typo must not forbid every later cut."""
    last: list[tuple[str, int, int]] = []
    for _, stack in _scan(words, frozenset()):
        last = stack
    return frozenset((wi, ci) for _, wi, ci in last)


def _open_depths(words: tuple[str, ...], skip: frozenset[tuple[int, int]]) -> list[bool]:
    """open_at[i]: a bracket or quote is open in the gap before word i."""
    open_at = [False] * (len(words) + 1)
    for wi, stack in _scan(words, skip):
        open_at[wi + 1] = bool(stack)
    return open_at
