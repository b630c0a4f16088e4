"""Word shapes and the few cut rules that hold in any language of tables.

A flattened row is split on single spaces into words; a cell is a run of
words. A table's rows are tokenized together (`tokenize_lines`): what a gap's
rules read of its two words is packed into one int per word, so the rules are
one table lookup per gap for every row at once (`gap_rule` is that table).
Everything learned (see `lexicon`) is keyed on the shape classes here, so
unseen words still carry signal. The hard rules are the ones a careful
reader never breaks: no cut inside brackets or quotes, no cell ending on a
joiner (" / ", "&", a trailing comma, "and", "≥") and none starting on one, and no
cut between a code and the comparison after it ("p99 < 400ms").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import numpy as np

from .kernel import hash_table, mark_spans, token_arrays
from .names import name_index, name_word, opens_name

# No cut inside a known product name ("New Relic"): see `names`.
KNOWN_NAMES = True
OPENERS = "([{“‘«"
CLOSERS = ")]}”’»"
# The characters the bracket walk reads (`kernel.mark_spans`), as codes: openers 0-4, their
# closers 5-9 in the same order, the straight quote 10 (it opens or closes).
BRACKET_CODES = {ch: code for code, ch in enumerate('([{“«)]}”»"')}

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
    not the article "a", and the two start cells at very different rates. A word
    that opens a bracket (shape "o") keeps it: "(AWS" is an aside within a cell, and
    how often a bare "AWS" starts one says nothing about it.
    """
    core = word.strip(_STRIP)
    key = core if len(core) == 1 and core.isupper() else core.lower()
    if not key:
        return word
    return "(" + key if shape(word) == "o" else key


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


# What a gap's rules read of the word before it and of the word after it: six flags each.
NUMERIC_BEFORE, NO_END, CODE_BEFORE, TITLE_BEFORE, FUNCTION_BEFORE, LONE_A = (
    1 << b for b in range(6)
)
UNIT_AFTER, NO_START, COMPARATOR_AFTER, DIGITS_AFTER, LOWER_AFTER, BRACKET_AFTER = (
    1 << b for b in range(6)
)
_SIDE_BITS = 6


def gap_rule(before: int, after: int) -> tuple[bool, float]:
    """(may a cell start here, its cost) for a gap between words with these flags.

    No cut after a joiner or before one, between a number and its unit, or
    between a lower-case code with a digit and a comparison ("p99 < 400ms"); a
    cut before a bare number after a name, after a function word (not the letter
    "A" before a capital) or before a bracket costs.
    """
    if (
        (after & UNIT_AFTER and before & NUMERIC_BEFORE)
        or before & NO_END
        or after & NO_START
        or (after & COMPARATOR_AFTER and before & CODE_BEFORE)
    ):
        return False, 0.0
    if after & DIGITS_AFTER and before & TITLE_BEFORE:
        return True, NUMBER_AFTER_NAME_COST
    if before & FUNCTION_BEFORE and not (before & LONE_A and not after & LOWER_AFTER):
        return True, FUNCTION_END_COST
    if after & BRACKET_AFTER:
        return True, BRACKET_START_COST
    return True, 0.0


def _gap_table() -> tuple[np.ndarray, np.ndarray]:
    """`gap_rule` of every pair of flag sets, indexed by before << 6 | after."""
    rules = [gap_rule(b, a) for b in range(1 << _SIDE_BITS) for a in range(1 << _SIDE_BITS)]
    return np.array([c for c, _ in rules]), np.array([cost for _, cost in rules])


_GAP_CUT, _GAP_COST = _gap_table()
# `_Word.code`: shape index, end index, flags before a gap, flags after a gap, then the ids
# of its key and of its lower-cased form (`string_id`), low bits to high.
_SHAPE_BITS, _END_BITS, _ID_BITS = 3, 2, 23
_BEFORE_SHIFT = _SHAPE_BITS + _END_BITS
_AFTER_SHIFT = _BEFORE_SHIFT + _SIDE_BITS
_KEY_SHIFT = _AFTER_SHIFT + _SIDE_BITS
_LOW_SHIFT = _KEY_SHIFT + _ID_BITS
_SIDE = (1 << _SIDE_BITS) - 1
_ID_MASK = (1 << _ID_BITS) - 1
ID_BITS = _ID_BITS  # every word id (`string_id`) fits in this many bits
_STRING_IDS: dict[str, int] = {}
_STRINGS: list[str] = []
# What `kernel.token_arrays` needs to unpack a code, in its order.
_LAYOUT = (
    _SHAPE_BITS,
    _END_BITS,
    _SIDE_BITS,
    _ID_BITS,
    _BEFORE_SHIFT,
    _AFTER_SHIFT,
    _KEY_SHIFT,
    _LOW_SHIFT,
)
# `_Word.marks`: what the bracket and name walks read of a word (`kernel.mark_spans`): the
# ids of its name core as written and lower-cased (`names.name_word`), then five flags.
_FLAGS_SHIFT = 2 * _ID_BITS
BARE, MAY_OPEN, MAY_CLOSE, OPENS_NAME, BRACKETY = (1 << (_FLAGS_SHIFT + b) for b in range(5))
# Per string id, its number among one table's distinct keys (row 0) and lower-cased words
# (row 1) while `kernel.token_arrays`, `kernel.first_key_counts` (row 0) or
# `kernel.prior_class_counts` (row 1) runs, -1 otherwise; grown with `_STRINGS`.
_SLOTS = [np.full((2, 1 << 12), -1, dtype=np.int64)]


def id_scratch() -> np.ndarray:
    """The id scratch of the kernels that number words by id, wide enough for every id
    given out so far."""
    slots = _SLOTS[0]
    if slots.shape[1] < len(_STRINGS):
        slots = _SLOTS[0] = np.full((2, 2 * len(_STRINGS)), -1, dtype=np.int64)
    return slots


def string_id(text: str) -> int:
    """A process-wide number for a word's key or lower-cased form, kept for good: a table's
    distinct words are then found with array calls (`tokenize_lines`), not a dict per word.
    The table grows with the vocabulary read, not with the articles."""
    found = _STRING_IDS.get(text)
    if found is None:
        if len(_STRINGS) > _ID_MASK:
            raise OverflowError("more distinct words than word ids")
        found = _STRING_IDS[text] = len(_STRINGS)
        _STRINGS.append(text)
    return found


class _Word(NamedTuple):
    """Everything the tokenizer asks about one word, worked out once per distinct word."""

    shape: str
    end: str
    key: str
    lower: str
    code: int  # shape and end indices, and the flags a gap's rules read (`gap_rule`)
    marks: int  # what the bracket and name walks read (`BARE` ... `BRACKETY`)
    brackets: tuple[int, ...]  # its brackets and quotes, in order (`BRACKET_CODES`)


def _word(word: str) -> _Word:
    """Everything the tokenizer asks about a word (kept per word by `_WordTable`)."""
    low = word.lower()
    s, e = shape(word), end_shape(word)
    before = (
        (NUMERIC_BEFORE, bool(_NUMERIC.match(word))),
        (NO_END, not _may_end(word)),
        (CODE_BEFORE, s == "l" and not word.isalpha() and any(c.isdigit() for c in word)),
        (TITLE_BEFORE, s == "T"),
        (FUNCTION_BEFORE, low in FUNCTION_WORDS),
        (LONE_A, word == "A"),
    )
    after = (
        (UNIT_AFTER, low in UNITS),
        (NO_START, not _may_start(word)),
        (COMPARATOR_AFTER, word in COMPARATORS),
        (DIGITS_AFTER, word.isdigit()),
        (LOWER_AFTER, s == "l"),
        (BRACKET_AFTER, word[0] in "(["),
    )
    key = norm(word)
    code = SHAPES.index(s) | END_SHAPES.index(e) << _SHAPE_BITS
    code |= sum(bit for bit, on in before if on) << _BEFORE_SHIFT
    code |= sum(bit for bit, on in after if on) << _AFTER_SHIFT
    code |= string_id(key) << _KEY_SHIFT | string_id(low) << _LOW_SHIFT
    brackets = tuple(BRACKET_CODES[c] for c in word if c in BRACKET_CODES)
    name = name_word(word)
    marks = string_id(name.core) | string_id(name.low) << _ID_BITS
    for flag, on in (
        (BARE, name.bare),
        (MAY_OPEN, name.may_open),
        (MAY_CLOSE, name.may_close),
        (OPENS_NAME, opens_name(word)),
        (BRACKETY, bool(brackets)),
    ):
        marks |= flag if on else 0
    return _Word(s, e, key, low, code, marks, brackets)


class _WordTable:
    """Every distinct word read lately, numbered, with its code and marks in one array.

    A table's words are then looked up once each (a dict per word) and their codes
    and marks taken with one array index, not three Python passes over cached
    records. Cleared when full (`WORD_TABLE_LIMIT`): numbers are only held while
    one `tokenize_lines` runs.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Forget every word (numbers given out so far mean nothing after)."""
        self.number: dict[str, int] = {}
        self.fields = np.zeros((2, 1 << 12), dtype=np.int64)  # rows: code, marks
        self.brackets: dict[int, tuple[int, ...]] = {}  # by number, words with any

    def numbers(self, words: list[str]) -> np.ndarray:
        """The number of each word, adding the new ones."""
        found = list(map(self.number.get, words))
        if None in found:
            if len(self.number) + len(words) > WORD_TABLE_LIMIT:
                self.clear()
                found = [None] * len(words)
            found = [
                n if n is not None else self._add(w) for n, w in zip(found, words, strict=True)
            ]
        return np.fromiter(found, dtype=np.int64, count=len(found))

    def _add(self, word: str) -> int:
        found = self.number.get(word)  # a word new to this call may repeat in it
        if found is not None:
            return found
        info = _word(word)
        n = self.number[word] = len(self.number)
        if n == self.fields.shape[1]:
            self.fields = np.concatenate([self.fields, np.zeros_like(self.fields)], axis=1)
        self.fields[0, n], self.fields[1, n] = info.code, info.marks
        if info.brackets:
            self.brackets[n] = info.brackets
        return n


WORD_TABLE_LIMIT = 1 << 17  # distinct words kept before the table starts again
_WORDS = _WordTable()


@cache
def _name_trie() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gazetteer's forms (`names.name_index`) as a trie over word ids, for `mark_spans`.

    Node 0 roots the any-case forms (lower-cased words), node 1 the cased ones (as
    written). Returns the edges' keys (node << `_ID_BITS` | word id) in an open-addressing
    table (`kernel.hash_table`), the child each leads to, and which nodes end a form.
    """
    forms = (
        (0 if any_case else 1, words)
        for forms in name_index().values()
        for words, any_case in forms
    )
    return id_trie(forms, roots=2)


def id_trie(
    paths: Iterable[tuple[int, Sequence[str]]], roots: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word sequences as a trie over their ids (`string_id`), for the compiled matchers.

    Each path is (root node, words); nodes 0 .. roots - 1 are the roots. Returns the
    edges' keys (node << `ID_BITS` | word id) in an open-addressing table
    (`kernel.hash_table`), the child each leads to, and which nodes end a path.
    """
    edges: dict[int, int] = {}
    ends = [False] * roots
    for root, words in paths:
        node = root
        for word in words:
            edge = node << _ID_BITS | string_id(word)
            if edge not in edges:
                edges[edge] = len(ends)
                ends.append(False)
            node = edges[edge]
        ends[node] = True
    keys, children = hash_table(
        np.fromiter(edges, dtype=np.int64, count=len(edges)),
        np.fromiter(edges.values(), dtype=np.int64, count=len(edges)),
    )
    return keys, children, np.array(ends, dtype=np.bool_)


class LineTokens(NamedTuple):
    """Lines split into words, padded to the longest: what a cell may start on, row by row.

    Arrays are (R, W) per word (padding: 0 / False) or (R, W + 1) per gap, gap i
    being before word i; a gap past a row's end is never a cut.
    """

    words: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]  # distinct norm(word), in first-seen order
    key_ids: np.ndarray  # (len(keys),) their process-wide ids (`string_id`)
    key_idx: np.ndarray  # (R, W) position in `keys` (-1 on padding)
    lows: tuple[str, ...]  # distinct lower-cased words, in first-seen order
    low_ids: np.ndarray  # (len(lows),) their process-wide ids (`string_id`)
    low_idx: np.ndarray  # (R, W) position in `lows` (-1 on padding)
    lengths: np.ndarray  # (R,)
    shape_idx: np.ndarray  # (R, W)
    end_idx: np.ndarray  # (R, W)
    can_cut: np.ndarray  # (R, W + 1)
    cut_cost: np.ndarray  # (R, W + 1)
    known: np.ndarray  # (R, W) a known product name starts on the word


_NONE = np.zeros(0, dtype=np.int64)


def tokenize_lines(lines: Sequence[str]) -> LineTokens:
    """Split flattened rows into words and mark the gaps a cell boundary may use.

    The rules that read two neighbouring words (`gap_rule`) are one table lookup
    per gap, made with every other per-word array in one compiled pass
    (`kernel.token_arrays`); brackets and known names, which read a whole row, are a
    second compiled pass (`kernel.mark_spans`) over each word's marks, where only the
    words with a bracket or quote hand over their characters.
    """
    words = tuple(tuple(line.split()) for line in lines)
    n = [len(row) for row in words]
    numbers = _WORDS.numbers(list(itertools.chain.from_iterable(words)))
    flat, marks = np.take(_WORDS.fields, numbers, axis=1)  # (faster than fancy indexing)
    lengths = np.array(n, dtype=np.int64)
    shape_idx, end_idx, key_idx, low_idx, can_cut, cut_cost, key_ids, low_ids = token_arrays(
        flat, lengths, max(n, default=0), _GAP_CUT, _GAP_COST, id_scratch(), _LAYOUT
    )
    marked = np.flatnonzero(marks & BRACKETY)
    ev_end = ev_codes = _NONE
    if marked.size:
        held = list(map(_WORDS.brackets.__getitem__, numbers[marked].tolist()))
        ev_end = np.fromiter(itertools.accumulate(map(len, held)), dtype=np.int64)
        ev_codes = np.fromiter(itertools.chain.from_iterable(held), dtype=np.int64)
    known = mark_spans(
        marks,
        lengths,
        can_cut,
        cut_cost,
        marked,
        ev_end,
        ev_codes,
        _name_trie(),
        KNOWN_NAMES,
        _ID_BITS,
    )
    return LineTokens(
        words,
        tuple(map(_STRINGS.__getitem__, key_ids.tolist())),
        key_ids,
        key_idx,
        tuple(map(_STRINGS.__getitem__, low_ids.tolist())),
        low_ids,
        low_idx,
        lengths,
        shape_idx,
        end_idx,
        can_cut,
        cut_cost,
        known,
    )


@lru_cache(maxsize=4096)
def tokenize(line: str) -> RowTokens:
    """One line as `tokenize_lines` reads it (cached: a header line is read many times)."""
    t = tokenize_lines([line])
    n = len(t.words[0])
    shape_idx, end_idx = t.shape_idx[0, :n].tolist(), t.end_idx[0, :n].tolist()
    return RowTokens(
        t.words[0],
        tuple(t.can_cut[0, : n + 1].tolist()),
        tuple(t.cut_cost[0, : n + 1].tolist()),
        tuple(SHAPES[i] for i in shape_idx),
        tuple(END_SHAPES[i] for i in end_idx),
        tuple(t.keys[i] for i in t.key_idx[0, :n].tolist()),
        tuple(w.lower() for w in t.words[0]),
        tuple(shape_idx),
        tuple(end_idx),
        tuple(t.known[0, :n].tolist()),
    )


def _may_end(word: str) -> bool:
    return word.lower() not in NO_END_WORDS and not _END_JOINER.search(word)


def _may_start(word: str) -> bool:
    return word not in NO_START_WORDS and not _START_JOINER.match(word)
