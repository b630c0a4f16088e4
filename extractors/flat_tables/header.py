"""Cut a header line into column names, choosing the number of columns too.

Header cells are short names in sentence or title case ("Metric name", "What
it measures", "Tool / platform"), so a capitalised word usually opens a new
cell, unless it sits inside quotes or brackets or follows a joiner (the
tokenizer's rules), and an acronym inside a name is common. The semi-Markov
search weighs these against header names already known to the lexicon. The
terms are worked out once per word here; the span sums and both searches (the
best cut, and the best cut for each column count) run compiled (`kernel`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .features import start_model
from .kernel import best_header_cut, header_by_count, header_span_scores
from .lexicon import Lexicon, word_key_parts
from .tokens import ID_BITS, RowTokens, id_trie, string_id, tokenize

START_GAIN = {"T": 1.0, "A": 0.8, "n": 0.3, "q": -1.0}
INNER_COST = {"T": -2.5, "A": -0.7}
NAME_COST = -1.2  # a capital inside an all-capitalised name ("Team Lead") is cheaper
KNOWN_GAIN = 2.0
START_RATE_WEIGHT = 1.0  # weight of log P(word starts a cell), learned from known tables
HEADER_CUT_COST_SHARE = 0.25
MAX_HEADER_CELL_WORDS = 6
MAX_SPAN = 2 * MAX_HEADER_CELL_WORDS  # longer spans are never a header cell
# Role and group names end on a head noun ("Product Analyst", "Team Lead", "Product
# Teams"): after a capitalised modifier such a word continues the name, it does not
# open a new column.
NAME_HEADS = frozenset(
    [
        "engineer",
        "engineers",
        "analyst",
        "analysts",
        "scientist",
        "scientists",
        "lead",
        "leads",
        "manager",
        "managers",
        "architect",
        "architects",
        "designer",
        "designers",
        "developer",
        "developers",
        "specialist",
        "specialists",
        "consultant",
        "consultants",
        "director",
        "directors",
        "officer",
        "officers",
        "teams",
        "administrator",
        "administrators",
        "coordinator",
        "coordinators",
    ]
)
HEAD_START_COST = -3.0
HEAD_CONTINUE_COST = -2.0


CANDIDATE_MARGIN = 7.0  # other column counts within this score are checked against the rows


@dataclass(frozen=True, slots=True)
class HeaderCut:
    """The header's cells, the probability mass of that cut and its raw score."""

    cells: tuple[str, ...]
    confidence: float
    score: float = 0.0


def header_candidates(line: str, lexicon: Lexicon, max_cols: int) -> list[HeaderCut]:
    """The best cut for each column count up to `max_cols` that scores near the best.

    Names like "Product Analyst" or "Team Lead" look like two cells; only the
    rows can tell, so the caller weighs these candidates against them.
    """
    row = tokenize(line)
    n = len(row.words)
    best = segment_header(line, lexicon)
    if n == 0 or max_cols < 2:
        return [best]
    top = min(n, max_cols)
    scores, back = header_by_count(
        _cell_scores(row, lexicon), np.array(row.can_cut, dtype=np.bool_), top
    )
    out = []
    for c, score in enumerate(scores.tolist()):
        if c < 2 or score == -math.inf or score < best.score - CANDIDATE_MARGIN:
            continue
        bounds, e = [n], n
        for cc in range(c, 0, -1):
            e = int(back[cc, e])
            bounds.append(e)
        bounds.reverse()
        cells = tuple(" ".join(row.words[a:b]) for a, b in itertools.pairwise(bounds))
        conf = best.confidence if cells == best.cells else 0.0
        out.append(HeaderCut(cells, conf, score))
    return out or [best]


def segment_header(line: str, lexicon: Lexicon) -> HeaderCut:
    """Best split of a header line into cells (any count, one cell at least).

    Memoised per lexicon: detection asks about every line, rebuilding asks again.
    """
    return lexicon.memo(("header", line), lambda: _segment_header(line, lexicon))


def _segment_header(line: str, lexicon: Lexicon) -> HeaderCut:
    row = tokenize(line)
    n = len(row.words)
    if n == 0:
        return HeaderCut((), 0.0)
    best, log_z, starts = best_header_cut(
        _cell_scores(row, lexicon), np.array(row.can_cut, dtype=np.bool_)
    )
    if best == -math.inf:
        return HeaderCut((line.strip(),), 0.0)
    bounds = (*starts.tolist(), n)
    cells = tuple(" ".join(row.words[a:b]) for a, b in itertools.pairwise(bounds))
    return HeaderCut(cells, math.exp(min(best - log_z, 0.0)), best)


@lru_cache(maxsize=4096)
def _header_shapes(words: tuple[str, ...], shapes: tuple[str, ...]) -> tuple[str, ...]:
    """Shapes as a header reads them: a lower-case code with a digit ("p95", "k8s") is a name."""
    return tuple(
        "A" if s == "l" and any(c.isdigit() for c in w) else s
        for w, s in zip(words, shapes, strict=True)
    )


def span_scores(row: RowTokens, lexicon: Lexicon, max_words: int = MAX_SPAN) -> np.ndarray:
    """(n, max_words + 1) score of words[i:i + m] of a header line as one cell at [i, m]
    (-inf where no cell may open at i, or past the line's end).

    A span's score is its first word's start terms, then each later word's inner
    terms added in order, then its length cost and the known-name gain; the terms
    are worked out once per word here, the sums run compiled (`kernel.header_span_scores`).
    """
    shapes = _header_shapes(row.words, row.shapes)
    lift = start_model(lexicon).lift
    n = len(row.words)
    # Inner terms of word p: cost, cost in an all-name cell, head-noun cost, start rate.
    # Only a capital where a cell *could* start (not after "/" or in quotes) counts.
    inner = np.zeros((4, n))
    has_inner = np.zeros(n, dtype=np.bool_)
    for p in range(1, n):
        if row.can_cut[p]:
            cost = INNER_COST.get(shapes[p], 0.0)
            # A role name ends on its head noun: the next capital opens another name.
            head = row.keys[p - 1] in NAME_HEADS and shapes[p] in "TA"
            rate = START_RATE_WEIGHT * lift(row.keys[p])[1]
            named = max(cost, NAME_COST) if cost else cost
            inner[:, p] = (cost, named, HEAD_CONTINUE_COST if head else 0.0, rate)
            has_inner[p] = True
    starts = np.full(n, math.nan)
    for i in range(n):
        if i > 0 and shapes[i] not in START_GAIN:
            continue  # a cell never opens on this shape
        # Header names end on prepositions more often than cells do ("What we use it for").
        score = START_GAIN.get(shapes[i], 0.0) + HEADER_CUT_COST_SHARE * row.cut_cost[i]
        # Words that known tables use inside names ("Engineer", "Lead") rarely open a cell.
        score += START_RATE_WEIGHT * lift(row.keys[i])[0]
        if i > 0 and row.keys[i] in NAME_HEADS and shapes[i] in "TA" and shapes[i - 1] in "TA":
            score += HEAD_START_COST
        starts[i] = score
    # `header_key` of a span is its words' parts joined (`word_key_parts`): matched as ids.
    part_ids: list[int] = []
    part_end: list[int] = []
    for word in row.words:
        part_ids += map(string_id, word_key_parts(word))
        part_end.append(len(part_ids))
    return header_span_scores(
        starts,
        inner,
        has_inner,
        np.array([s in "TA" for s in shapes], dtype=np.bool_),
        np.array(part_ids, dtype=np.int64),
        np.array(part_end, dtype=np.int64),
        *_known_header_trie(lexicon),
        ID_BITS,
        max_words,
        MAX_HEADER_CELL_WORDS,
        KNOWN_GAIN,
    )


def _known_header_trie(lexicon: Lexicon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The lexicon's known header cells (`header_key`s counted) as a trie over their words'
    ids (`tokens.id_trie`), kept across documents."""

    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        known = ((0, key.split()) for key, count in lexicon.header_cells.items() if count)
        return id_trie(known, roots=1)

    return lexicon.lasting("header_trie", make)


def _cell_scores(row: RowTokens, lexicon: Lexicon) -> np.ndarray:
    """`span_scores` of a header line, shared by its cut and its candidate cuts."""
    return lexicon.memo(("cell_scores", row.words), lambda: span_scores(row, lexicon))
