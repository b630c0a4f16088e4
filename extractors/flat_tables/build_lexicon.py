"""Build the shipped lexicon from repo-owned tables: `python -m extractors.flat_tables.build_lexicon`.

Sources are only tables written for this project: tests/fixtures/tables/*.md
and the HTML tables of samples/wp_json/*.json when present. Seeds are never
read here: they are for evaluation only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .known import KnownTable, load_dir
from .lexicon import LEXICON_FILE, Lexicon

REPO = Path(__file__).resolve().parents[2]
SOURCES = (REPO / "tests" / "fixtures" / "tables", REPO / "samples" / "wp_json")


def known_tables(sources: tuple[Path, ...] = SOURCES) -> list[KnownTable]:
    """Every repo-owned table with known cells."""
    return [t for directory in sources for t in load_dir(directory)]


def build(sources: tuple[Path, ...] = SOURCES) -> Lexicon:
    """Learn a lexicon from the repo-owned tables."""
    return Lexicon.from_tables(k.table for k in known_tables(sources))


def main(argv: list[str] | None = None) -> int:
    """Write the lexicon file next to this module (or to --out)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(LEXICON_FILE))
    args = parser.parse_args(argv)
    tables = known_tables()
    lexicon = Lexicon.from_tables(k.table for k in tables)
    text = json.dumps(lexicon.to_json(), ensure_ascii=False, indent=0, sort_keys=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(tables)} tables, {len(lexicon.columns)} columns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
