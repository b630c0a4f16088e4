"""What is learned from tables whose cells are known, and how it is looked up.

The lexicon keeps, per known column, the counts of `ColumnStats`, keyed by
the column's header text; plus which header cells exist, and for every word
how often it starts a cell. A new table borrows the columns whose headers
match its own (exactly, then by shared words), and always a positional
prior (first / middle / last column), so headers never seen still work.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from extractors.model import Table

from .priors import Digest, Prior
from .stats import ColumnStats
from .tokens import gap_key, norm

LEXICON_FILE = "lexicon.json"
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "to",
        "what",
        "it",
        "why",
        "how",
        "is",
        "looks",
        "like",
        "per",
    ]
)

# How many rows' worth of evidence each prior source is worth.
TABLE_WEIGHT = 12.0
EXACT_WEIGHT = 12.0
SIMILAR_WEIGHT = 6.0
POSITION_WEIGHT = 4.0
DEFAULT_TEMPERATURE = 1.0
MEMO_LIMIT = 20_000  # derived entries kept per lexicon (100 to 200 per text article)
_MISSING = object()


def header_key(cell: str) -> str:
    """Normalised header text: lower case, words only ("Tool / Platform" -> "tool platform")."""
    return " ".join(_WORD.findall(cell.lower()))


@lru_cache(maxsize=1 << 16)
def word_key_parts(word: str) -> tuple[str, ...]:
    """`header_key`'s words of one word: the header key of words joined by spaces is their
    parts joined by spaces (the pattern never matches a space)."""
    return tuple(_WORD.findall(word.lower()))


def table_key(header: tuple[str, ...]) -> str:
    """Key of a whole header: tables of one template share it across articles."""
    return "|".join(header_key(h) for h in header)


@lru_cache(maxsize=4096)
def _content_words(cell: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(cell.lower()) if w not in _STOP)


def position_role(j: int, k: int) -> str:
    """Columns behave by place: labels first, short tags last, prose between."""
    return "first" if j == 0 else "last" if j == k - 1 else "middle"


@dataclass(slots=True)
class Lexicon:
    """Column statistics and word boundary counts learned from known tables."""

    columns: dict[str, ColumnStats] = field(default_factory=dict)
    table_columns: dict[str, ColumnStats] = field(default_factory=dict)
    positions: dict[str, ColumnStats] = field(default_factory=dict)
    header_cells: Counter[str] = field(default_factory=Counter)
    word_starts: Counter[str] = field(default_factory=Counter)
    word_total: Counter[str] = field(default_factory=Counter)
    # Gaps between two words of a row, keyed by `gap_key` of the pair: how many
    # there were, and how many of them were cell boundaries.
    gap_total: Counter[str] = field(default_factory=Counter)
    gap_cuts: Counter[str] = field(default_factory=Counter)
    # The same per word before the gap (`norm` key): does a cell end on it?
    end_total: Counter[str] = field(default_factory=Counter)
    end_cuts: Counter[str] = field(default_factory=Counter)
    temperature: float = DEFAULT_TEMPERATURE
    n_tables: int = 0
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    _by_word: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)
    _lasting: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_tables(cls, tables: Iterable[Table]) -> Lexicon:
        """Learn from tables whose cells are known (html, markdown, hand-written)."""
        lex = cls()
        for table in tables:
            lex.add_table(table)
        return lex

    @classmethod
    def default(cls) -> Lexicon:
        """The shipped lexicon, built by `build_lexicon` from repo-owned tables only."""
        return _load_default()

    def add_table(self, table: Table) -> None:
        """Count one known table into the lexicon."""
        self._memo.clear()
        self._by_word = None
        self._lasting.clear()
        k = len(table.header)
        if k < 2:
            return
        self.n_tables += 1
        whole = table_key(table.header)
        for j, head in enumerate(table.header):
            self.header_cells[header_key(head)] += 1
            targets = (
                self.columns.setdefault(header_key(head), ColumnStats()),
                self.table_columns.setdefault(f"{whole}#{j}", ColumnStats()),
                self.positions.setdefault(position_role(j, k), ColumnStats()),
            )
            for row in table.rows:
                if j < len(row) and row[j]:
                    for stats in targets:
                        stats.add_cell(row[j])
        for row in (table.header, *table.rows):
            for cell in row:
                words = cell.split()
                for i, word in enumerate(words):
                    self.word_total[norm(word)] += 1
                    if i == 0:
                        self.word_starts[norm(word)] += 1
        for row in table.rows:
            prev = ""
            for cell in row:
                for i, word in enumerate(cell.split()):
                    if prev:
                        key = gap_key(prev, word)
                        self.gap_total[key] += 1
                        self.gap_cuts[key] += i == 0
                        self.end_total[norm(prev)] += 1
                        self.end_cuts[norm(prev)] += i == 0
                    prev = word

    def column_priors(self, header: tuple[str, ...]) -> list[Prior]:
        """Prior counts for every column of a table with this header (memoised: read-only)."""
        return self.memo(("priors", header), lambda: self._priors(header))

    def _priors(self, header: tuple[str, ...]) -> list[Prior]:
        whole = table_key(header)
        return [self.column_prior(h, j, len(header), whole) for j, h in enumerate(header)]

    def memo(self, key: Any, make: Any) -> Any:
        """Cache a value derived from this lexicon (cleared when tables are added).

        Some entries are per document (header lines, sampled rows), so a process
        that parses many documents drops them all once `MEMO_LIMIT` is reached;
        everything is rebuilt on demand.
        """
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            found = self._memo[key] = make()
        return found

    def lasting(self, key: Any, make: Any) -> Any:
        """`memo` for values derived from the counts alone, kept across documents.

        Not dropped with the per-document entries (like `_word_index`); cleared
        when a table is added.
        """
        found = self._lasting.get(key, _MISSING)
        if found is _MISSING:
            found = self._lasting[key] = make()
        return found

    def memo_of(self, tag: str, obj: Any, make: Any) -> Any:
        """`memo` keyed by an object's identity.

        The entry keeps the object alive, so no other object can take its id
        while the entry exists.
        """
        return self.memo((tag, id(obj)), lambda: (obj, make()))[1]

    def column_prior(self, head: str, j: int, k: int, whole: str = "") -> Prior:
        """Prior counts for column `j` of `k` headed `head`: same table shape, exact, similar, positional.

        Memoised by those sources, not by the words of `head`: the cells of a new
        header's candidate cuts, and the same column of another article, often
        differ only in words no source reads ("What", "looks like"), and then
        share one prior (and the scorer and spans kept by its identity).
        """
        same_key = f"{whole}#{j}"
        same_shape = self.table_columns.get(same_key)
        key = header_key(head)
        exact = self.columns.get(key)
        sources = (
            same_key if same_shape is not None and same_shape.cells else None,
            key if exact is not None and exact.cells else _content_words(head),
            position_role(j, k),
        )
        return self.memo(("prior", sources), lambda: self._column_prior(*sources))

    def _column_prior(self, same_key: str | None, column: str | frozenset[str], role: str) -> Prior:
        """The prior of `column_prior`'s sources: the same table shape's column (by key),
        the exact column (`column` a key) or the similar ones (`column` the header's
        content words), the position; each weighted to be worth so many rows.

        The lexicon's own sources come with their digests, made once (`_digests`); only a
        similar mix, new with the header, is merged and digested here.
        """
        digests = self._digests()
        sources: list[tuple[ColumnStats, Digest, float]] = []
        if same_key is not None:
            same_shape = self.table_columns[same_key]
            weight = TABLE_WEIGHT / same_shape.cells
            sources.append((same_shape, digests["table", same_key], weight))
        if isinstance(column, str):
            exact = self.columns[column]
            sources.append((exact, digests["column", column], EXACT_WEIGHT / exact.cells))
        else:
            similar = self._similar(column)
            if similar.cells:
                weight = SIMILAR_WEIGHT / similar.cells
                sources.append((similar, Digest.of(similar), weight))
        positional = self._form_of(role)
        if positional.cells:
            weight = POSITION_WEIGHT / positional.cells
            sources.append((positional, digests["form", role], weight))
        return Prior(sources)

    def _form_of(self, role: str) -> ColumnStats:
        """A position's shapes and lengths only: its words belong to other tables' columns."""

        def make() -> ColumnStats:
            stats = self.positions.get(role)
            return stats.form() if stats is not None else ColumnStats()

        return self.lasting(("form", role), make)

    def _digests(self) -> dict[tuple[str, str], Digest]:
        """Every source's `Digest`, made together when a prior is first asked for: once per
        lexicon (per process for the shipped one), like reading the lexicon file."""

        def make() -> dict[tuple[str, str], Digest]:
            found = {("column", key): Digest.of(s) for key, s in self.columns.items()}
            found.update((("table", key), Digest.of(s)) for key, s in self.table_columns.items())
            found.update(
                (("form", role), Digest.of(self._form_of(role)))
                for role in ("first", "middle", "last")
            )
            return found

        return self.lasting("digests", make)

    def _similar(self, mine: frozenset[str]) -> ColumnStats:
        """Known columns whose headers share most of these content words."""
        out = ColumnStats()
        if not mine:
            return out
        by_word = self._word_index()
        near = {key for word in mine for key in by_word.get(word, ())}
        for key in sorted(near):
            stats = self.columns[key]
            theirs = _content_words(key)
            overlap = len(mine & theirs) / len(mine | theirs)
            if overlap >= 0.5 and stats.cells:
                out.add(stats, overlap * 10 / stats.cells)
        return out

    def _word_index(self) -> dict[str, list[str]]:
        """Content word -> known column headers holding it (kept apart from the per-table memo)."""
        if self._by_word is None:
            index: dict[str, list[str]] = {}
            for key in self.columns:
                for word in _content_words(key):
                    index.setdefault(word, []).append(key)
            self._by_word = index
        return self._by_word

    def start_rate(self, key: str) -> tuple[float, float]:
        """(times the word, as `norm` keys it, started a cell, times seen) in known tables."""
        return self.word_starts.get(key, 0.0), self.word_total.get(key, 0.0)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON form (sorted, so rebuilding gives a stable file)."""
        return {
            "n_tables": self.n_tables,
            "temperature": self.temperature,
            "columns": {k: v.to_json() for k, v in sorted(self.columns.items())},
            "table_columns": {k: v.to_json() for k, v in sorted(self.table_columns.items())},
            "positions": {k: v.to_json() for k, v in sorted(self.positions.items())},
            "header_cells": dict(sorted(self.header_cells.items())),
            "word_starts": dict(sorted(self.word_starts.items())),
            "word_total": dict(sorted(self.word_total.items())),
            "gap_total": dict(sorted(self.gap_total.items())),
            "gap_cuts": dict(sorted(self.gap_cuts.items())),
            "end_total": dict(sorted(self.end_total.items())),
            "end_cuts": dict(sorted(self.end_cuts.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        """Inverse of `to_json`."""
        return cls(
            columns={k: ColumnStats.from_json(v) for k, v in data["columns"].items()},
            table_columns={
                k: ColumnStats.from_json(v) for k, v in data.get("table_columns", {}).items()
            },
            positions={k: ColumnStats.from_json(v) for k, v in data["positions"].items()},
            header_cells=Counter(data["header_cells"]),
            word_starts=Counter(data["word_starts"]),
            word_total=Counter(data["word_total"]),
            gap_total=Counter(data.get("gap_total", {})),
            gap_cuts=Counter(data.get("gap_cuts", {})),
            end_total=Counter(data.get("end_total", {})),
            end_cuts=Counter(data.get("end_cuts", {})),
            temperature=float(data.get("temperature", DEFAULT_TEMPERATURE)),
            n_tables=int(data.get("n_tables", 0)),
        )


@cache
def _load_default() -> Lexicon:
    """Read the shipped lexicon once; an absent file gives an empty lexicon."""
    try:
        text = resources.files(__package__).joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return Lexicon()
    return Lexicon.from_json(json.loads(text))
