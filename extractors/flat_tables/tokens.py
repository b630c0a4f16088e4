"""Word shapes and the few cut rules that hold in any language of tables.

A flattened row is split on single spaces into words; a cell is a run of
words. Everything learned (see `lexicon`) is keyed on the shape classes here,
so unseen words still carry signal. The hard rules are the ones a careful
reader never breaks: no cut inside brackets or quotes, no cell ending on a
joiner (" / ", "&", a trailing comma, "and", "≥") and none starting on one, and no
cut between a code and the comparison after it ("p99 < 400ms").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .names import NameWord, name_word, opens_name, spans_from

# No cut inside a known product name ("New Relic"): see `names`.
KNOWN_NAMES = True
OPENERS = "([{“‘«"
CLOSERS = ")]}”’»"
_PAIRS = {")": "(", "]": "[", "}": "{", "”": "“", "»": "«"}
_SCANNED = frozenset('([{“«"').union(_PAIRS)  # what `_scan` reads: openers, closers, '"'

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
        "every",
        "each",
        "without",
        "during",
        "about",
        "through",
        "but",
        "if",
        "when",
        "while",
        "until",
        "because",
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
# A lone comparison sign after a lower-case code with a digit ("p99 < 400ms") states
# that code's target: the code is the comparison's subject, in the same cell.
COMPARATORS = frozenset(["<", ">", "≤", "≥", "<=", ">=", "=", "≈"])
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
    letters = core if core.isalpha() else [c for c in core if c.isalpha()]  # most words: all
    if not letters:
        return "n" if any(c.isdigit() for c in core) else "s"
    if letters[0].isupper():
        # Two capitals or more: the first is one, so any other makes it an acronym.
        return "A" if any(map(str.isupper, letters[1:])) else "T"
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
    """Lexical key of a word: lower-cased, outer punctuation stripped.

    A lone capital letter keeps its case: a grade or code ("A", "R", "C") is
    not the article "a", and the two start cells at very different rates.
    """
    core = word.strip(_STRIP)
    if len(core) == 1 and core.isupper():
        return core
    return core.lower() or word


def gap_key(before: str, after: str) -> str:
    """Class of the gap between two words: how the first is shaped and ends, how the next is shaped."""
    return f"{shape(before)}{end_shape(before)}>{shape(after)}"


def gap_index(shape_i: int, end_i: int, next_shape_i: int) -> int:
    """Position of a gap class in `GAP_KEYS` from the words' shape and end indices."""
    return (shape_i * len(END_SHAPES) + end_i) * len(SHAPES) + next_shape_i


GAP_KEYS = tuple(f"{a}{e}>{b}" for a in SHAPES for e in END_SHAPES for b in SHAPES)


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
    shape_idx: tuple[int, ...] = ()  # index of each shape in SHAPES
    end_idx: tuple[int, ...] = ()  # index of each end shape in END_SHAPES
    known: tuple[bool, ...] = ()  # a known product name (`names`) starts on word i


class _Word(NamedTuple):
    """Everything the tokenizer asks about one word, worked out once per distinct word."""

    shape: str
    end: str
    key: str
    lower: str
    shape_i: int
    end_i: int
    may_end: bool
    may_start: bool
    unit: bool
    numeric: bool
    digits: bool
    has_digit: bool
    function: bool
    bracket: bool
    # No rule of `tokenize` reads a gap whose word before is `quiet_end` and word after is
    # `quiet_start` (outside brackets): most gaps, skipped without testing each rule.
    quiet_end: bool
    quiet_start: bool
    brackety: bool  # has a bracket or quote (`_BRACKETY`): may open or close a span
    opens_name: bool  # the first word of a known product name (`names`)
    name: NameWord  # what a name match reads of the word


@lru_cache(maxsize=1 << 16)
def _word(word: str) -> _Word:
    low = word.lower()
    s, e = shape(word), end_shape(word)
    may_end, may_start, numeric = _may_end(word), _may_start(word), bool(_NUMERIC.match(word))
    has_digit, function, bracket = (
        not word.isalpha() and any(c.isdigit() for c in word),
        low in FUNCTION_WORDS,
        word[0] in "([",
    )
    return _Word(
        s,
        e,
        norm(word),
        low,
        SHAPES.index(s),
        END_SHAPES.index(e),
        may_end,
        may_start,
        low in UNITS,
        numeric,
        word.isdigit(),
        has_digit,
        function,
        bracket,
        may_end and not numeric and not function and not (s == "l" and has_digit),
        may_start and not word.isdigit() and not bracket,
        bool(_BRACKETY.search(word)),
        opens_name(word),
        name_word(word),
    )


@lru_cache(maxsize=4096)
def tokenize(line: str) -> RowTokens:
    """Split a flattened row into words and mark the gaps a cell boundary may use.

    Cached: detection, header choice and rebuilding all look at the same lines.
    """
    words = tuple(line.split())
    info = [_word(w) for w in words]
    open_at = (
        _open_gaps(words, [wi for wi, w in enumerate(info) if w.brackety])
        if _BRACKETY.search(line)
        else None
    )
    cut = [True] * (len(words) + 1)
    cost = [0.0] * (len(words) + 1)
    for i in range(1, len(words)):
        prev, cur = info[i - 1], info[i]
        if prev.quiet_end and cur.quiet_start and (open_at is None or not open_at[i]):
            continue  # no rule below applies (see `_Word.quiet_end`)
        if (
            (cur.unit and prev.numeric)
            or (open_at is not None and open_at[i])
            or not prev.may_end
            or not cur.may_start
            or (words[i] in COMPARATORS and prev.shape == "l" and prev.has_digit)
        ):
            cut[i] = False
        elif cur.digits and prev.shape == "T":
            cost[i] = NUMBER_AFTER_NAME_COST
        elif prev.function and not (words[i - 1] == "A" and cur.shape != "l"):
            cost[i] = FUNCTION_END_COST
        elif cur.bracket:
            cost[i] = BRACKET_START_COST
    known = [False] * len(words)
    opens = [i for i, w in enumerate(info) if w.opens_name] if KNOWN_NAMES else None
    if opens:
        for a, b in spans_from([w.name for w in info], opens):
            cut[a + 1 : b] = [False] * (b - a - 1)
            known[a] = True
    # The first six fields of every word (shape, end, key, lower, their indices), in one zip.
    shapes, ends, keys, lows, shape_i, end_i = (
        tuple(zip(*info, strict=True))[:6] if words else ((),) * 6
    )
    return RowTokens(
        words, tuple(cut), tuple(cost), shapes, ends, keys, lows, shape_i, end_i, tuple(known)
    )


def _letter_grade(word: str, after: str) -> bool:
    """A capital "A" before a capitalised word is a letter (RACI "A C"), not the article."""
    return word == "A" and shape(after) != "l"


def _may_end(word: str) -> bool:
    return word.lower() not in NO_END_WORDS and not _END_JOINER.search(word)


def _may_start(word: str) -> bool:
    return word not in NO_START_WORDS and not _START_JOINER.match(word)


def _scan(
    words: tuple[str, ...], marked: list[int], skip: frozenset[tuple[int, int]]
) -> list[tuple[int, list[tuple[str, int, int]]]]:
    """(word index, stack after it) for each word in `marked` (those with a bracket or quote).

    Brackets pair, stray closers are ignored; `skip` holds openers to ignore.
    Only marked words can change the stack, so the others are not visited.
    """
    stack: list[tuple[str, int, int]] = []
    out = []
    for wi in marked:
        for ci, ch in _bracket_chars(words[wi]):
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
        out.append((wi, list(stack)))
    return out


@lru_cache(maxsize=1 << 16)
def _bracket_chars(word: str) -> tuple[tuple[int, str], ...]:
    """(index, char) of the word's brackets and quotes: the only characters `_scan` acts on."""
    return tuple((ci, ch) for ci, ch in enumerate(word) if ch in _SCANNED)


def _open_gaps(words: tuple[str, ...], marked: list[int] | None = None) -> list[bool]:
    """open_at[i]: a bracket or quote is open in the gap before word i.

    Openers never closed in the row are ignored: a typo must not forbid every later cut.
    `marked`: the words with a bracket or quote, when the caller knows them already.
    """
    if marked is None:
        marked = [wi for wi, word in enumerate(words) if _BRACKETY.search(word)]
    first = _scan(words, marked, frozenset())
    unmatched = frozenset((wi, ci) for _, wi, ci in first[-1][1]) if first else frozenset()
    steps = _scan(words, marked, unmatched) if unmatched else first
    open_at = [False] * (len(words) + 1)
    for (wi, stack), (nxt, _) in zip(steps, [*steps[1:], (len(words), [])], strict=True):
        if stack:  # open after word wi and up to the next word that can close it
            open_at[wi + 1 : nxt + 1] = [True] * (nxt - wi)
    return open_at
