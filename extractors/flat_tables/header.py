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
from .lexicon import Lexicon, header_key
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
            s = _cell_score(row, i, e, lexicon)
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
            s = _cell_score(row, i, e, lexicon)
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


def _cell_score(row: RowTokens, i: int, e: int, lexicon: Lexicon) -> float:
    words = row.words[i:e]
    all_shapes = _header_shapes(row.words, row.shapes)
    shapes = all_shapes[i:e]
    if i > 0 and shapes[0] not in START_GAIN:
        return -math.inf
    start = start_model(lexicon)
    # Header names end on prepositions more often than cells do ("What we use it for").
    score = START_GAIN.get(shapes[0], 0.0) + HEADER_CUT_COST_SHARE * row.cut_cost[i]
    # Words that known tables use inside names ("Engineer", "Lead") rarely open a cell.
    score += START_RATE_WEIGHT * start.lift(row.keys[i])[0]
    if i > 0 and row.keys[i] in NAME_HEADS and shapes[0] in "TA" and all_shapes[i - 1] in "TA":
        score += HEAD_START_COST
    # Only a capital where a cell *could* start (not after "/" or in quotes) counts.
    is_name = all(s in "TA" for s in shapes)
    for p in range(i + 1, e):
        if row.can_cut[p]:
            cost = INNER_COST.get(all_shapes[p], 0.0)
            score += max(cost, NAME_COST) if is_name and cost else cost
            if row.keys[p - 1] in NAME_HEADS and all_shapes[p] in "TA":
                # A role name ends on its head noun: the next capital opens another name.
                score += HEAD_CONTINUE_COST
            score += START_RATE_WEIGHT * start.lift(row.keys[p])[1]
    score -= max(0, len(words) - MAX_HEADER_CELL_WORDS)
    if lexicon.header_cells.get(header_key(" ".join(words))):
        score += KNOWN_GAIN
    return score


def _logaddexp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    top = max(a, b)
    return top + math.log(math.exp(a - top) + math.exp(b - top))
