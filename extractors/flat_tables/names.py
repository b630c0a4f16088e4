"""Known product, tool and platform names: a cell is not cut inside one.

External knowledge, not learned from tables: the curated gazetteer the
mentions extractor uses (`extractors/data/gazetteer.jsonl`), read directly so
spaCy stays off this path. A row's words are matched against every alias
(longest first, from each word): `aliases` in any case, `cased` only as
written; `listed` names ("Go", "R", "Teams") are too ambiguous on their own
and are skipped. A reader never splits "New Relic" or "HashiCorp Vault"
across two cells, so gaps strictly inside a matched name are no cut
(`tokens.tokenize`), and a cell of a tool-like column tends to open on a
known name (`stats.ColumnStats.known`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from extractors.data import gazetteer_records

# Outer punctuation a row word may carry around a name ("(Datadog,", "Relic)").
_STRIP = "“”‘’\"'()[]{}«».,;:!?*"
# Aliases by lower-cased first word: (words to compare, any case?), longest first.
Index = dict[str, tuple[tuple[tuple[str, ...], bool], ...]]


@cache
def name_index() -> Index:
    """Every `aliases` and `cased` form of the gazetteer, keyed by its lower-cased first word."""
    found: dict[str, set[tuple[tuple[str, ...], bool]]] = {}
    for raw in gazetteer_records():
        for mode, any_case in (("aliases", True), ("cased", False)):
            for alias in raw.get(mode, ()):
                words = tuple(alias.lower().split() if any_case else alias.split())
                if words:
                    found.setdefault(words[0].lower(), set()).add((words, any_case))
    return {
        first: tuple(sorted(forms, key=lambda f: (-len(f[0]), f))) for first, forms in found.items()
    }


class NameWord(NamedTuple):
    core: str  # outer punctuation stripped
    low: str  # `core` lower-cased: the index key
    bare: bool  # no punctuation around it: may sit inside a name
    may_open: bool  # marks before it only: may open a name of several words
    may_close: bool  # marks after it only: may close a name of several words


@lru_cache(maxsize=1 << 16)
def name_word(word: str) -> NameWord:
    """What a name match reads of a word (`known_spans`, `spans_from`)."""
    core = word.strip(_STRIP) or word
    return NameWord(core, core.lower(), word == core, word.endswith(core), word.startswith(core))


Groups = tuple[tuple[int, frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]], ...]


@cache
def _by_length() -> dict[str, Groups]:
    """`name_index` with each first word's forms grouped by length, longest first.

    (length, any-case aliases, cased aliases): the longest length with any
    matching form is the match a form-by-form walk (longest first) finds, found with one
    set lookup per length instead of a comparison per form ("aws" has 44).
    """
    out: dict[str, Groups] = {}
    for first, forms in name_index().items():
        by_m: dict[int, tuple[set[tuple[str, ...]], set[tuple[str, ...]]]] = {}
        for words, any_case in forms:
            by_m.setdefault(len(words), (set(), set()))[0 if any_case else 1].add(words)
        out[first] = tuple(
            (m, frozenset(anyc), frozenset(cased))
            for m, (anyc, cased) in sorted(by_m.items(), reverse=True)
        )
    return out


@lru_cache(maxsize=1 << 16)
def opens_name(word: str) -> bool:
    """Is the word (its outer marks stripped, lower-cased) the first word of a known name?"""
    return name_word(word).low in _by_length()


def _lows_cores(info: Sequence[NameWord]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words' `low` and `core` fields as tuples, for `_match_grouped`'s span lookups."""
    return tuple([w.low for w in info]), tuple([w.core for w in info])


def _match_grouped(
    info: Sequence[NameWord],
    lows: tuple[str, ...],
    cores: tuple[str, ...],
    i: int,
    groups: Groups,
    n: int | None = None,
) -> int:
    """End of the longest known name starting at word i (0 if none), over forms grouped by length.

    `lows` / `cores` are the words' `low` / `core` fields: a span is looked up as one tuple
    slice, and the marks around it are checked only for a span that names something.
    No name runs past word `n` (the end of the row; `info` may hold several rows).
    """
    n = len(info) if n is None else n
    for m, any_case, cased in groups:
        if i + m > n:
            continue
        if not (
            (any_case and lows[i : i + m] in any_case) or (cased and cores[i : i + m] in cased)
        ):
            continue
        if m == 1:
            return i + 1
        span = info[i : i + m]
        if span[0].may_open and span[-1].may_close and all(w.bare for w in span[1:-1]):
            return i + m
    return 0


def known_spans(words: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(start, end) word spans of known names in a row, longest match from left to right.

    Inner words must match exactly (no punctuation between the words of a
    name); the first word may carry an opening mark and the last a closing one.
    """
    opens = [i for i, w in enumerate(words) if opens_name(w)]
    if not opens:
        return ()  # most rows of most tables name no product
    return spans_from([name_word(w) for w in words], opens)


def spans_from(
    info: Sequence[NameWord], opens: Sequence[int], ends: Sequence[int] | None = None
) -> tuple[tuple[int, int], ...]:
    """`known_spans` of a row's words (`name_word` of each) and those that open a name.

    `info` may hold several rows one after another: `ends[k]` is then the end of
    the row of the word `opens[k]`, past which its name cannot run.
    """
    index = _by_length()
    lows, cores = _lows_cores(info)
    spans: list[tuple[int, int]] = []
    after = 0  # the end of the last match: a word inside it starts none
    # Only words that open a name can start a match: the others are stepped over, as a
    # word-by-word walk would (it finds no forms for them).
    for k, i in enumerate(opens):
        if i >= after:
            n = None if ends is None else ends[k]
            end = _match_grouped(info, lows, cores, i, index[info[i].low], n)
            if end:
                spans.append((i, end))
                after = end
    return tuple(spans)


def starts_known(words: Sequence[str]) -> bool:
    """Does a cell open on a known name? (The same match as `known_spans` at word 0.)"""
    if not words:
        return False
    groups = _by_length().get(name_word(words[0]).low)
    if not groups:
        return False
    info = [name_word(w) for w in words[: groups[0][0]]]
    return _match_grouped(info, *_lows_cores(info), 0, groups) > 0
