"""Read tables whose cells are known: the learning and evaluation material.

Two repo-owned sources: hand-written Markdown pipe tables (one per file, under
tests/fixtures/tables/) and the HTML tables of our WordPress JSON samples
(samples/wp_json/*.json, `content.rendered`). The benchmark also reads the
seed JSON this way. Used by `build_lexicon` and `benchmarks/table_eval`, never
by the extraction path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from extractors.model import Table


@dataclass(frozen=True, slots=True)
class KnownTable:
    """A table with known cells and where it came from ("file#n")."""

    name: str
    table: Table


def _clean(text: str) -> str:
    return " ".join(text.split())


def markdown_tables(text: str) -> list[Table]:
    """Pipe tables in Markdown text (the separator row is dropped; no `|` inside cells)."""
    tables: list[Table] = []
    block: list[tuple[str, ...]] = []
    for line in [*text.splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = tuple(_clean(c) for c in stripped.strip("|").split("|"))
            if not all(set(c) <= set("-: ") for c in cells):
                block.append(cells)
            continue
        if len(block) >= 2:
            tables.append(Table(header=block[0], rows=tuple(block[1:]), method="markdown"))
        block = []
    return tables


def html_tables(html: str) -> list[Table]:
    """`<table>`s of an HTML fragment, first row as header, cell text whitespace-collapsed."""
    soup = BeautifulSoup(html, "lxml")
    tables: list[Table] = []
    for el in soup.find_all("table"):
        rows = [
            tuple(_clean(c.get_text(" ")) for c in tr.find_all(["th", "td"]))
            for tr in el.find_all("tr")
        ]
        rows = [r for r in rows if any(r)]
        if len(rows) >= 2:
            tables.append(Table(header=rows[0], rows=tuple(rows[1:]), method="html"))
    return tables


def wp_json_tables(raw: bytes | str) -> list[Table]:
    """Tables of a WordPress REST post (or an array of posts)."""
    data = json.loads(raw)
    posts = data if isinstance(data, list) else [data]
    out: list[Table] = []
    for post in posts:
        content = post.get("content") if isinstance(post, dict) else None
        if isinstance(content, dict) and isinstance(content.get("rendered"), str):
            out.extend(html_tables(content["rendered"]))
    return out


def load_dir(directory: Path) -> list[KnownTable]:
    """Every known table under a directory: `*.md` pipe tables and `*.json` WordPress posts."""
    out: list[KnownTable] = []
    if not directory.is_dir():
        return out
    for path in sorted(directory.rglob("*")):
        if path.suffix == ".md":
            found = markdown_tables(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            try:
                found = wp_json_tables(path.read_bytes())
            except (ValueError, AttributeError):
                continue
        else:
            continue
        out.extend(KnownTable(f"{path.name}#{n}", t) for n, t in enumerate(found, 1))
    return out
