"""The mention pre-filter's surface test drops only texts without mentions.

`WordIndex.holds_found` sends a text to spaCy only when some alias whose words
it holds is also in it as written (`_norm`ed). These tests pin that the
mentions found with the pre-filter are the mentions found without one, on
generated texts built to sit at the test's edges: aliases spaced, cased and
punctuated every way, beside wide marks and non-ASCII letters, inside the
samples' own texts with their words shuffled.
"""

from __future__ import annotations

import random
from functools import cache

import pytest

from extractors import mentions
from extractors.mentions import Finder, finder
from tests.test_record_stage_mentions import sample_texts

# Ways an alias's words can be put back together: some keep it as written, most not.
GLUES = [" ", "  ", "\n", "\t", "\u00a0", " \u00a0 ", "", "-", "–", " – ", "/", " / ", ". ", ", "]
AROUND = ["", " ", "(", ")", ".", ":", "–", "“", "”", "é", "x", "_", "\u00a0", "\n"]


@cache
def unfiltered() -> Finder:
    """The reference: every text goes to spaCy."""
    return Finder(prefilter=False)


@cache
def aliases() -> list[str]:
    return [a for e in mentions.gazetteer() for m in mentions.MODES for a in e.forms(m)]


def _respelled(alias: str, rng: random.Random) -> str:
    """`alias` as written, or re-cased, re-spaced or re-punctuated between its tokens."""
    if rng.random() < 0.3:
        return alias
    parts = [p for p in mentions._PUNCT.sub(lambda m: f" {m.group()} ", alias).split() if p]
    parts = [rng.choice([p, p, p.lower(), p.upper(), p.title()]) for p in parts]
    out = parts[0]
    for part in parts[1:]:
        out += rng.choice([" ", "", *GLUES]) if part[0].isalnum() else rng.choice(["", "", " "])
        out += part
    return out


def _variants(seed: int, n: int) -> list[str]:
    """Sample texts with words shuffled and aliases (respelled) and marks injected."""
    rng = random.Random(seed)
    texts = [t for t in sample_texts() if t]
    out = []
    for _ in range(n):
        words = rng.choice(texts).split(" ")
        if rng.random() < 0.5:
            rng.shuffle(words)
        for _ in range(rng.randint(0, 3)):
            injected = _respelled(rng.choice(aliases()), rng)
            injected = rng.choice(AROUND) + injected + rng.choice(AROUND)
            words.insert(rng.randint(0, len(words)), injected)
        out.append(rng.choice([" ", " ", "  ", "\n"]).join(words[: rng.randint(1, 40)]))
    return out


def _alias_pairs(seed: int, n: int) -> list[str]:
    """Short texts of one or two respelled aliases and a function word: the case rules' edges."""
    rng = random.Random(seed)
    fill = ["", "of", "and", "the", ",", "/", "or", "Run", "run", "data", "Security", "+"]
    return [
        " ".join(
            [_respelled(rng.choice(aliases()), rng), rng.choice(fill)]
            + [_respelled(rng.choice(aliases()), rng)] * rng.randint(0, 1)
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("seed", range(3))
def test_prefiltered_mentions_are_the_unfiltered_ones(seed):
    texts = _variants(seed, 400) + _alias_pairs(seed, 400)
    found = finder().find(texts)
    assert sum(map(bool, found)) > 200  # the texts do hold mentions
    assert found == unfiltered().find(texts)


def test_sample_texts_prefiltered_mentions_are_the_unfiltered_ones():
    texts = sample_texts()
    assert finder().find(texts) == unfiltered().find(texts)


def test_every_text_with_a_mention_passes_the_prefilter():
    f = finder()
    texts = _variants(7, 300) + _alias_pairs(7, 300)
    with_hits = [t for t, hits in zip(texts, unfiltered().find(texts), strict=True) if hits]
    assert with_hits and all(map(f.may_match, with_hits))


def test_surface_test_drops_words_without_the_alias():
    f = finder()
    # every word of "Security+", "Pub/Sub" and ".NET", none of them as written
    for text in ["cloud security reviews", "the pub and the sub", "end. NET", "Security +"]:
        assert not f.may_match(text), text
    for text in ["CompTIA Security+ holders", "Azure  DevOps boards", "on .NET 8"]:
        assert f.may_match(text), text


def test_whole_words_are_aliases_written_as_the_word_alone():
    index = finder()._ascii_index
    assert b"kubernetes" in index.whole and b"security" not in index.whole
    for first in index.whole:
        assert (frozenset([first]), None, first.decode()) in index.keys[first]
