"""Mentions found from one joined Doc per article equal those found text by text.

`Finder.hits_each` tokenises an article's texts as one Doc (a speed-up); these
tests pin that every text still gets exactly the mentions it gets alone, at
the joins too, where a case rule could otherwise see a neighbouring text.
"""

from __future__ import annotations

import random
import re
import sys
from functools import cache

import pytest

from extractors import mentions
from extractors.mentions import Finder, finder
from extractors.pipeline import extract
from extractors.records import article_rows
from tests.conftest import SAMPLES_DIR

# Texts whose mentions depend on where the text starts and ends.
EDGES = [
    "Python, Go",
    "R and more",
    "Teams",
    "Slack /",
    "Teams go live weekly.",
    "The stack uses",
    "Spark of genius drives the team.",
    "Spark jobs run nightly on Kubernetes.",
    "Go",
    " Go",
    "Go ",
    "\nKubernetes\n",
    "Terraform\n\nAnsible",
    "Azure DevOps",
    "Boards are reviewed weekly.",
    "Microsoft Azure –  AWS Lambda, Glue / Notion",
    "end. NET",
    ".NET and C++",
    "ISO 27001 Foundation/Lead Implementer",
    "kubernetes k8s jenkins DBT",
    "CIPP/E",
    "“Vault” and Vault",
    "Excel at it",
    "Excel",
    "Lambda",
]


@cache
def per_text() -> Finder:
    """The reference: every text tokenised and matched alone."""
    return Finder(join=False)


def sample_texts() -> list[str]:
    texts = []
    for path in sorted(SAMPLES_DIR.glob("*/*")):
        rows = article_rows(extract(path.read_bytes(), "file:///x"))
        texts += [b["text"] for b in rows["blocks"]] + [c["value"] for c in rows["table_cells"]]
    return texts


def test_edge_texts_match_as_alone():
    assert finder().find(EDGES) == per_text().find(EDGES)


@pytest.mark.parametrize("seed", range(5))
def test_any_order_and_neighbours_match_as_alone(seed):
    texts = EDGES * 2
    random.Random(seed).shuffle(texts)
    assert finder().find(texts) == per_text().find(texts)


def test_sample_articles_match_as_alone():
    texts = sample_texts()
    found = finder().find(texts)
    assert any(found)
    assert found == per_text().find(texts)


def test_hits_each_sees_each_text_only():
    f = finder()
    # alone, "Go" counts (the whole text); beside "Python," it would count in a list too,
    # and "Spark" opens its own sentence whatever the text before it ends with
    texts = ["We use Python,", "Go", "The team said:", "Spark of hope"]
    assert f.hits_each(texts) == [f._hits_alone(t) for t in texts]


# --- the pre-filter's shortcuts and the hit checks answer as the plain tests do -----------


def _plain_may_match(f: Finder, text: str) -> bool:
    """Every alias's words tested against the text's words, then the alias `_norm`ed against
    the text spaced by the regex: no first-word index, no shortcuts."""
    text = mentions._without_wide_marks(text)
    lower, exact = set(mentions._WORD.findall(text.lower())), set(mentions._WORD.findall(text))
    spaced = mentions._WS.sub(" ", text)
    return any(
        lowered <= lower
        and (as_written is None or as_written <= exact)
        and (surface is None or surface in (spaced.lower() if as_written is None else spaced))
        for keys in f._index.keys.values()
        for lowered, as_written, surface in keys
    )


def _alias_soup(seed: int, n: int = 2000) -> list[str]:
    """Texts of alias words (any case), their neighbours and common words, in any order."""
    rng = random.Random(seed)
    words = ["data", "cloud", "teams", "new", "the", "Teams", "and", ",", "/", "–", "é", "Go"]
    for entry in mentions.gazetteer():
        for alias in (*entry.aliases, *entry.cased, *entry.listed):
            words += alias.split()
    texts = []
    for _ in range(n):
        picked = rng.choices(words, k=rng.randint(1, 7))
        picked = [rng.choice([w, w.lower(), w.upper(), w.title()]) for w in picked]
        texts.append(rng.choice([" ", ", ", " / "]).join(picked))
    return texts


@pytest.mark.parametrize("seed", range(3))
def test_may_match_equals_the_plain_alias_test(seed):
    f = finder()
    for text in [*EDGES, *_alias_soup(seed)]:
        assert f.may_match(text) == _plain_may_match(f, text), text


def test_may_match_on_sample_texts_equals_the_plain_alias_test():
    f = finder()
    assert all(f.may_match(t) == _plain_may_match(f, t) for t in sample_texts())


def test_alias_tails_skip_only_aliases_a_text_cannot_hold():
    """`WordIndex.tails`: a first word's other alias words; none in the text, no alias of it."""
    index = finder()._ascii_index
    for first, keys in index.words_of.items():
        tail = index.tails[first]
        if tail is None:
            assert any(not (lowered - {first}) for lowered, _ in keys)
        else:
            assert all(lowered - {first} and lowered - {first} <= tail for lowered, _ in keys)


def test_surface_normalising_shortcut_equals_the_regex():
    whitespace = [chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c))]
    texts = ["Azure DevOps", "Azure  DevOps", ".NET", "C++", "a\u00a0b", " x ", "x  ", "é É"]
    texts += [f"Azure{w}DevOps" for w in whitespace] + [f"a {w} b" for w in whitespace]
    for text in texts:
        for mode in mentions.MODES:
            plain = mentions._WS.sub(" ", text)
            assert mentions._norm(text, mode) == (plain.lower() if mode == "aliases" else plain)


def test_hits_are_values():
    hit = mentions.Hit(0, 3, "AWS", "cloud", "AWS")
    assert hit == mentions.Hit(0, 3, "AWS", "cloud", "AWS") and hit.surface == "AWS"
    assert finder().find(["We run AWS."]) == [[mentions.Hit(7, 10, "AWS", "cloud", "AWS")]]
