"""Golden outputs: every dataset for the bundled samples, as sorted JSON Lines.

`python -m tests.golden` (or `make golden`) regenerates `tests/golden/`; the test
compares a fresh extraction with it, so every parser change shows its effect,
row by row, in review. Volatile columns (parser_version, loaded_at) are left out.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pyarrow as pa

from schemas.datasets import ALL
from sources.local import iter_files, split_documents
from storage.datasets import assemble, parse_one
from storage.parsed_cache import ParsedCache
from storage.raw_store import RawStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
VOLATILE = {"parser_version", "loaded_at"}
FORMAT_DIRS = ("wp_json", "html", "markdown", "text")


def sample_tables() -> dict[str, pa.Table]:
    """Every dataset built from the samples, as `blueprints extract` would publish it."""
    with tempfile.TemporaryDirectory() as tmp:
        store, cache = RawStore(Path(tmp) / "raw"), ParsedCache(Path(tmp) / "parsed", "golden")
        for folder in FORMAT_DIRS:
            for path in iter_files(SAMPLES / folder):
                uri = f"samples/{path.relative_to(SAMPLES).as_posix()}"
                for doc_uri, data in split_documents(path.read_bytes(), uri):
                    store.put(data, doc_uri)
        records = list(store.documents().values())
        for record in records:
            parse_one(store, cache, record)
        return assemble(records, cache, "golden").tables


def to_lines(table: pa.Table) -> list[str]:
    keep = [c for c in table.column_names if c not in VOLATILE]
    return [
        json.dumps(row, ensure_ascii=False, sort_keys=True, default=str)
        for row in table.select(keep).to_pylist()
    ]


def write(directory: Path = GOLDEN) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.jsonl"):
        stale.unlink()
    for name, table in sample_tables().items():
        (directory / f"{name}.jsonl").write_text(
            "\n".join(to_lines(table)) + "\n", encoding="utf-8"
        )


def main(argv: list[str]) -> int:
    write()
    print(
        f"golden outputs written to {GOLDEN.relative_to(ROOT)} for datasets: "
        + ", ".join(sorted(ALL))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
