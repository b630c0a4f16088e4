"""Mentions found from one joined Doc per article equal those found text by text.

`Finder.hits_each` tokenises an article's texts as one Doc (a speed-up); these
tests pin that every text still gets exactly the mentions it gets alone, at
the joins too, where a case rule could otherwise see a neighbouring text.
"""

from __future__ import annotations

import random
from functools import cache

import pytest

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
