"""Cut a header line into column names, choosing the number of columns too.

Header cells are short names in sentence or title case ("Metric name", "What
it measures", "Tool / platform"), so a capitalised word usually opens a new
cell, unless it sits inside quotes or brackets or follows a joiner (the
tokenizer's rules), and an acronym inside a name is common. The semi-Markov
search weighs these against header names already known to the lexicon.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

from .features import start_model
from .lexicon import Lexicon, word_key_parts
from .tokens import RowTokens, tokenize

START_GAIN = {"T": 1.0, "A": 0.8, "n": 0.3, "q": -1.0}
INNER_COST = {"T": -2.5, "A": -0.7}
NAME_COST = -1.2  # a capital inside an all-capitalised name ("Team Lead") is cheaper
KNOWN_GAIN = 2.0
START_RATE_WEIGHT = 1.0  # weight of log P(word starts a cell), learned from known tables
HEADER_CUT_COST_SHARE = 0.25
MAX_HEADER_CELL_WORDS = 6
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
    cells = _cell_scores(row, lexicon)
    n = len(row.words)
    best = segment_header(line, lexicon)
    if n == 0 or max_cols < 2:
        return [best]
    # by_k[c][e]: best score of words[:e] in c cells, with back pointers.
    top = min(n, max_cols)
    by_k = [[-math.inf] * (n + 1) for _ in range(top + 1)]
    back = [[0] * (n + 1) for _ in range(top + 1)]
    by_k[0][0] = 0.0
    for e in range(1, n + 1):
        if not row.can_cut[e]:
            continue
        for i in range(max(0, e - 2 * MAX_HEADER_CELL_WORDS), e):
            s = cells.score(i, e)
            if s == -math.inf:
                continue
            for c in range(1, top + 1):
                if by_k[c - 1][i] + s > by_k[c][e]:
                    by_k[c][e], back[c][e] = by_k[c - 1][i] + s, i
    out = []
    for c in range(2, top + 1):
        score = by_k[c][n]
        if score == -math.inf or score < best.score - CANDIDATE_MARGIN:
            continue
        bounds, e = [n], n
        for cc in range(c, 0, -1):
            e = back[cc][e]
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
    cells = _cell_scores(row, lexicon)
    n = len(row.words)
    if n == 0:
        return HeaderCut((), 0.0)
    best = [-math.inf] * (n + 1)
    back = [0] * (n + 1)
    fwd = [-math.inf] * (n + 1)
    best[0] = fwd[0] = 0.0
    for e in range(1, n + 1):
        if not row.can_cut[e]:
            continue
        for i in range(max(0, e - 2 * MAX_HEADER_CELL_WORDS), e):
            if best[i] == -math.inf:
                continue
            s = cells.score(i, e)
            if s == -math.inf:
                continue
            if best[i] + s > best[e]:
                best[e], back[e] = best[i] + s, i
            fwd[e] = _logaddexp(fwd[e], fwd[i] + s)
    if best[n] == -math.inf:
        return HeaderCut((line.strip(),), 0.0)
    starts = [n]
    while starts[-1] > 0:
        starts.append(back[starts[-1]])
    bounds = starts[::-1]
    cells = tuple(" ".join(row.words[a:b]) for a, b in itertools.pairwise(bounds))
    return HeaderCut(cells, math.exp(min(best[n] - fwd[n], 0.0)), best[n])


@lru_cache(maxsize=4096)
def _header_shapes(words: tuple[str, ...], shapes: tuple[str, ...]) -> tuple[str, ...]:
    """Shapes as a header reads them: a lower-case code with a digit ("p95", "k8s") is a name."""
    return tuple(
        "A" if s == "l" and any(c.isdigit() for c in w) else s
        for w, s in zip(words, shapes, strict=True)
    )


class _CellScores:
    """Scores of every span of a header line as a cell, from terms worked out once per word.

    A span's score is its first word's start terms, then each later word's inner
    terms added in order, then its length cost and known-name gain. The sums run
    from each start word to the right, in the order the terms were once added
    span by span, so every score is that sum to the bit.
    """

    def __init__(self, row: RowTokens, lexicon: Lexicon) -> None:
        self.row, self.lexicon = row, lexicon
        shapes = _header_shapes(row.words, row.shapes)
        lift = start_model(lexicon).lift
        n = len(row.words)
        self.name_shaped = [s in "TA" for s in shapes]
        # Inner terms of word p: (cost, cost in an all-name cell, head-noun cost, start rate).
        # Only a capital where a cell *could* start (not after "/" or in quotes) counts.
        self.inner: list[tuple[float, float, float, float] | None] = [None] * n
        for p in range(1, n):
            if row.can_cut[p]:
                cost = INNER_COST.get(shapes[p], 0.0)
                # A role name ends on its head noun: the next capital opens another name.
                head = row.keys[p - 1] in NAME_HEADS and shapes[p] in "TA"
                rate = START_RATE_WEIGHT * lift(row.keys[p])[1]
                named = max(cost, NAME_COST) if cost else cost
                self.inner[p] = (cost, named, HEAD_CONTINUE_COST if head else 0.0, rate)
        self.starts: list[float | None] = [None] * n
        for i in range(n):
            if i > 0 and shapes[i] not in START_GAIN:
                continue  # a cell never opens on this shape
            # Header names end on prepositions more often than cells do ("What we use it for").
            score = START_GAIN.get(shapes[i], 0.0) + HEADER_CUT_COST_SHARE * row.cut_cost[i]
            # Words that known tables use inside names ("Engineer", "Lead") rarely open a cell.
            score += START_RATE_WEIGHT * lift(row.keys[i])[0]
            if i > 0 and row.keys[i] in NAME_HEADS and shapes[i] in "TA" and shapes[i - 1] in "TA":
                score += HEAD_START_COST
            self.starts[i] = score
        self._runs: dict[int, tuple[list[float], list[float]]] = {}
        self._key_parts = [word_key_parts(w) for w in row.words]
        self._scores: dict[tuple[int, int], float] = {}  # the cut and its candidates ask alike

    def score(self, i: int, e: int) -> float:
        """Score of words[i:e] as one header cell (-inf where no cell may open at i)."""
        found = self._scores.get((i, e))
        if found is None:
            found = self._scores[i, e] = self._score(i, e)
        return found

    def _score(self, i: int, e: int) -> float:
        if self.starts[i] is None:
            return -math.inf
        plain, named = self._run(i, e)
        is_name = all(self.name_shaped[i:e])
        score = named[e - i - 1] if is_name else plain[e - i - 1]
        score -= max(0, e - i - MAX_HEADER_CELL_WORDS)
        # `header_key` of the cell's text, from its words' parts.
        key = " ".join(itertools.chain.from_iterable(self._key_parts[i:e]))
        if self.lexicon.header_cells.get(key):
            score += KNOWN_GAIN
        return score

    def _run(self, i: int, e: int) -> tuple[list[float], list[float]]:
        """Running sums from word i (plain and all-name), extended to reach words[i:e]."""
        run = self._runs.get(i)
        if run is None:
            start = self.starts[i]
            run = self._runs[i] = ([start], [start])
        plain, named = run
        for p in range(i + len(plain), e):
            a, b = plain[-1], named[-1]
            terms = self.inner[p]
            if terms is not None:
                cost, name_cost, head, rate = terms
                a += cost
                b += name_cost
                if head:
                    a += head
                    b += head
                a += rate
                b += rate
            plain.append(a)
            named.append(b)
        return run


def _cell_scores(row: RowTokens, lexicon: Lexicon) -> _CellScores:
    """`_CellScores` of a header line, shared by its cut and its candidate cuts."""
    return lexicon.memo(("cell_scores", row.words), lambda: _CellScores(row, lexicon))


def _logaddexp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    top = max(a, b)
    return top + math.log(math.exp(a - top) + math.exp(b - top))
