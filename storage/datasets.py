"""Per-document results -> dataset tables, and the decision whether to publish them.

An article seen in several documents (a JSON post and a text scrape; an older
and a newer version) gets one set of records, from its best document: complete
before cut off, then newest modified, then wp_json, html, markdown, text.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path

import pyarrow as pa

from extractors.pipeline import extract
from extractors.records import article_rows, document_row, parse_time
from schemas.datasets import ALL
from storage.parsed_cache import ModelCache, ParsedCache, StageCaches, gc_paused
from storage.raw_store import RawRecord, RawStore
from storage.snapshots import read_manifest
from storage.table_cache import TableCache

FORMAT_RANK = {"wp_json": 0, "html": 1, "markdown": 2, "text": 3}
STATUS_RANK = {"ok": 0, "partial": 1}


def parse_one(
    store: RawStore,
    cache: ParsedCache,
    record: RawRecord,
    models: ModelCache | None = None,
    tables: TableCache | None = None,
) -> dict:
    """Rows of one raw document, kept in `cache`; its model is reused from `models` when cached
    there, and a text document's flat-table search from `tables` when its lines are unchanged."""
    ex = models.get(record.doc_id) if models is not None else None
    if ex is None:
        search = tables.tables_of if tables is not None else None
        ex = extract(store.get(record.doc_id), record.source_uri, search)
        if models is not None:
            models.put(record.doc_id, ex)
    ex.source_uri = record.source_uri
    result = {"document": document_row(ex), "columns": _columns(article_rows(ex))}
    cache.put(record.doc_id, result)
    return result


def parse_many(store: RawStore, caches: StageCaches, records: Iterable[RawRecord]) -> int:
    """`parse_one` over many documents, with long-lived objects kept out of GC scans.

    After the first document has loaded spaCy and the lexicons, `gc.freeze()`
    moves them out of the collector's generations; otherwise every collection
    re-walks those large graphs while parsing allocates (about a tenth of parse
    time). A format read for the first time loads what only it needs (numba and
    the table search's compiled kernels for text: about 60,000 objects), so the
    first document of each format is followed by a freeze too (`_freeze_after_first`):
    at most one per format and process. Collection also waits until each
    document is done: most of what parsing allocates dies with the document, and
    passes in the middle of it only re-walk live objects (about 2% of parse time).
    """
    count = 0
    for record in records:
        with gc_paused():
            result = parse_one(store, caches.records, record, caches.models, caches.tables)
        count += 1
        _freeze_after_first(result["document"]["format"])
    return count


_frozen_formats: set[str | None] = set()


def _freeze_after_first(fmt: str | None) -> None:
    """`gc.freeze()` after the first document of format `fmt` (None: quarantined) in this process.

    A young-generation collection runs first: everything the document allocated is
    young (collection was paused), so its cyclic garbage is freed, not frozen for good.
    """
    if fmt in _frozen_formats:
        return
    _frozen_formats.add(fmt)
    gc.collect(0)
    gc.freeze()


def _columns(rows: dict[str, list[dict]]) -> dict[str, dict[str, tuple]]:
    """One document's rows as columns per dataset: about twice as fast to unpickle and to hand to Arrow."""
    return {name: _transpose(rows[name], _COLUMNS[name]) for name in rows if name in _COLUMNS}


def _transpose(rows: list[dict], names: list[str]) -> dict[str, tuple]:
    try:  # rows built with every column: one C-level lookup per row
        values = list(map(itemgetter(*names), rows))
    except KeyError:  # a missing column is null, as in Arrow's from_pylist
        values = [tuple(row.get(name) for name in names) for row in rows]
    if len(names) == 1:
        values = [(value,) for value in values]
    return dict(zip(names, zip(*values, strict=True) if values else [()] * len(names), strict=True))


_COLUMNS = {
    name: [c for c in dataset.schema.names if c != "parser_version"]
    for name, dataset in ALL.items()
    if name != "documents"
}


@dataclass
class Assembled:
    tables: dict[str, pa.Table]
    doc_ids: list[str]
    by_format_status: Counter = field(default_factory=Counter)

    @property
    def row_counts(self) -> dict[str, int]:
        return {name: table.num_rows for name, table in self.tables.items()}

    def manifest(self, parser_version: str) -> dict:
        """What a snapshot of these tables records about itself (its `manifest.json`)."""
        return {
            "parser_version": parser_version,
            "doc_ids": self.doc_ids,
            "rows": self.row_counts,
            "by_format_status": [[f, s, n] for (f, s), n in sorted(self.by_format_status.items())],
        }


def current_manifest_for(output: Path, parser_version: str, doc_ids: list[str]) -> dict | None:
    """The current snapshot's manifest when it already holds exactly `doc_ids` under this parser."""
    current = read_manifest(output)
    if (
        current
        and current.get("parser_version") == parser_version
        and current.get("doc_ids") == doc_ids
        and "by_format_status" in current
    ):
        return current
    return None


def assemble(records: Iterable[RawRecord], cache: ParsedCache, parser_version: str) -> Assembled:
    """Every dataset, rebuilt from the cached results of `records` (all must be parsed)."""
    with gc_paused():  # every row is loaded and then copied into Arrow: no garbage cycles
        return _assemble(records, cache, parser_version)


def _assemble(records: Iterable[RawRecord], cache: ParsedCache, parser_version: str) -> Assembled:
    results: list[tuple[RawRecord, dict]] = []
    for record in records:
        result = cache.get(record.doc_id)
        if result is None:
            raise RuntimeError(f"document {record.doc_id} has not been parsed")
        results.append((record, result))
    chosen = _best_documents(results)
    documents: list[dict] = []
    columns: dict[str, dict[str, list]] = {
        name: {column: [] for column in names} for name, names in _COLUMNS.items()
    }
    counts: Counter = Counter()
    for record, result in results:
        doc = dict(result["document"])
        doc["loaded_at"] = parse_time(record.loaded_at)
        doc["is_article_source"] = record.doc_id in chosen
        documents.append(doc)
        counts[(doc["format"] or "unknown", doc["status"])] += 1
        if record.doc_id in chosen:
            for name, dataset_columns in result["columns"].items():
                for column, values in dataset_columns.items():
                    columns[name][column].extend(values)
    tables = {}
    for name, dataset in ALL.items():
        if name == "documents":
            for row in documents:
                row["parser_version"] = parser_version
            table = pa.Table.from_pylist(documents, schema=dataset.schema)
        else:
            data = columns[name]
            size = len(next(iter(data.values()), []))
            data["parser_version"] = [parser_version] * size
            table = pa.Table.from_pydict(data, schema=dataset.schema)
        tables[name] = table.sort_by([(k, "ascending") for k in dataset.key])
    return Assembled(tables, sorted(r.doc_id for r, _ in results), counts)


def _best_documents(results: list[tuple[RawRecord, dict]]) -> set[str]:
    best: dict[str, tuple[tuple, str]] = {}
    for record, result in results:
        doc = result["document"]
        article_id = doc["article_id"]
        if article_id is None:
            continue
        article = result["columns"]["articles"]
        modified = article["modified_at"][0] or article["published_at"][0]
        rank = (
            STATUS_RANK.get(doc["status"], 9),
            -(modified.timestamp() if isinstance(modified, datetime) else float("-inf")),
            FORMAT_RANK.get(doc["format"], 9),
            record.doc_id,
        )
        if article_id not in best or rank < best[article_id][0]:
            best[article_id] = (rank, record.doc_id)
    return {doc_id for _, doc_id in best.values()}
