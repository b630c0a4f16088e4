"""`blueprints query`: DuckDB SQL over the datasets, each dataset a view named after it."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from storage.snapshots import snapshot_dir


def connect(output_dir: Path, snapshot: str | None = None) -> duckdb.DuckDBPyConnection:
    root = snapshot_dir(Path(output_dir), snapshot)
    con = duckdb.connect()
    for dataset in sorted(p for p in root.iterdir() if p.is_dir()):
        pattern = (dataset / "**" / "*.parquet").as_posix().replace("'", "''")
        con.execute(f"CREATE VIEW {dataset.name} AS SELECT * FROM read_parquet('{pattern}')")
    return con


def run_query(sql: str, output_dir: Path, snapshot: str | None = None) -> int:
    try:
        con = connect(output_dir, snapshot)
        result = con.sql(sql)
    except (duckdb.Error, FileNotFoundError) as exc:
        print(f"blueprints query: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    if result is not None:
        print(result.df().to_string(index=False, max_colwidth=60))
    return 0
