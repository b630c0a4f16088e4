"""The seeds' own flattened tables, cut by a careful reader, and how the search does on them.

Every other pool of `benchmarks.table_eval` is flattened by us (`flatten_table`).
The text seeds (000, 002-004) hold tables flattened by a real scraper, one line
per row, so they are the one pool whose flattening is not ours. They are never in
the lexicon. `tests/fixtures/seed_cuts.json` keeps, for every table,
the 1-based line of its header, its row and column counts, and for the header and
every row the word indices where a careful reader starts each cell, with the
first 16 hex of a sha256 of those cells joined by "|". So the file holds no seed
text, and a changed seed is caught. Rows that the search cuts wrong are listed in
`tests/test_flat_tables.py` (`KNOWN_WRONG`).

    python -m benchmarks.seed_cuts   # the same report table_eval prints last
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from extractors.decoding import decode_bytes
from extractors.flat_tables import TableSpan, find_tables

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "fixtures" / "seed_cuts.json"
_LIST_LINE = re.compile(r"\d+\. |•")


class Cut(NamedTuple):
    """Where each cell of one line starts (word indices) and the digest of those cells."""

    starts: tuple[int, ...]
    digest: str


class GoldTable(NamedTuple):
    """A seed table as a careful reader cuts it."""

    line: int  # 1-based line of the header in the seed
    rows: int
    cols: int
    header: Cut
    cuts: tuple[Cut, ...]  # one per row


class SeedSpan(NamedTuple):
    """A table the search found in a seed: its header's line, its lines, the span."""

    line: int
    lines: list[str]
    span: TableSpan


def seeds_dir() -> Path:
    return Path(os.environ.get("BLUEPRINTS_SEEDS_DIR", REPO.parent / "shared" / "seeds"))


def load_gold(path: Path = GOLD) -> dict[str, list[GoldTable]]:
    """The careful reader's cuts per seed prefix ("000"), in the order of the tables."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {
        prefix: [
            GoldTable(
                t["line"],
                t["rows"],
                t["cols"],
                Cut(tuple(t["header"][0]), t["header"][1]),
                tuple(Cut(tuple(s), d) for s, d in t["cuts"]),
            )
            for t in tables
        ]
        for prefix, tables in raw.items()
    }


def text_groups(lines: Sequence[str]) -> list[list[tuple[int, str]]]:
    """Maximal runs of non-blank lines without list items, as the text adapter hands
    lines to `find_tables` (1-based line numbers kept)."""
    out, group = [], []
    for number, line in enumerate([*lines, ""], 1):
        if not line.strip() or line[:1].isspace() or _LIST_LINE.match(line):
            if group:
                out.append(group)
            group = []
        else:
            group.append((number, line))
    return out


def seed_lines(path: Path) -> list[str]:
    return decode_bytes(path.read_bytes()).text.split("\n")


def seed_spans(lines: Sequence[str]) -> list[SeedSpan]:
    """Every table `find_tables` finds in a seed's lines."""
    found = []
    for group in text_groups(lines):
        texts = [text for _, text in group]
        for span in find_tables(texts):
            found.append(SeedSpan(group[span.start][0], texts[span.start : span.end], span))
    return found


def starts_of(cells: Sequence[str]) -> tuple[int, ...]:
    """Word index where each cell starts."""
    out, n = [], 0
    for cell in cells:
        out.append(n)
        n += len(cell.split())
    return tuple(out)


def digest_of(line: str, starts: Sequence[int]) -> str:
    """16 hex of the sha256 of `line` cut at `starts`, cells joined by "|"."""
    words = line.split()
    bounds = (*starts, len(words))
    cells = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
    return hashlib.sha256("|".join(cells).encode()).hexdigest()[:16]


def _cells_ok(got: tuple[int, ...], gold: tuple[int, ...], n_words: int) -> int:
    """Cells of the gold cut whose both ends the search's cut has too."""
    spans = set(itertools.pairwise((*got, n_words)))
    return sum(span in spans for span in itertools.pairwise((*gold, n_words)))


def score_seed(prefix: str, gold: Sequence[GoldTable], path: Path):
    """One `table_eval.TableScore` per gold table of one seed (the shipped lexicon)."""
    from benchmarks.table_eval import RowResult, TableScore

    lines = seed_lines(path)
    start = time.perf_counter()
    spans = {s.line: s for s in seed_spans(lines)}
    ms = (time.perf_counter() - start) * 1000
    n_rows = sum(t.rows for t in gold) or 1
    out = []
    for t in gold:
        found = spans.get(t.line)
        table = found.span.table if found else None
        results = []
        for r, cut in enumerate(t.cuts):
            words = len(lines[t.line + r].split())
            ok_row = table is not None and r < len(table.rows)
            got = starts_of(table.rows[r]) if ok_row else ()
            conf = table.row_confidence[r] if ok_row else 0.0
            cells_ok = _cells_ok(got, cut.starts, words) if got else 0
            results.append(RowResult(got == cut.starts, cells_ok, conf))
        header_ok = (
            table is not None
            and starts_of(table.header) == t.header.starts
            and len(table.rows) == t.rows
        )
        share = ms * t.rows / n_rows
        out.append(TableScore.of(f"seed:{prefix}@L{t.line}", t.cols, header_ok, share, results))
    return out


def evaluate_seed_cuts():
    """`table_eval.Summary` of every gold seed table found in the seed corpus, or None."""
    from benchmarks.table_eval import summarize

    directory = seeds_dir()
    scores = []
    for prefix, gold in sorted(load_gold().items()):
        paths = sorted(directory.glob(f"{prefix}*")) if directory.is_dir() else []
        if paths:
            scores.extend(score_seed(prefix, gold, paths[0]))
    return (
        summarize("seed text tables (real flattening, shipped lexicon)", scores) if scores else None
    )


def main() -> int:
    from benchmarks.table_eval import markdown, warm_up

    warm_up()
    summary = evaluate_seed_cuts()
    print(markdown(summary) if summary else f"no seed corpus at {seeds_dir()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
