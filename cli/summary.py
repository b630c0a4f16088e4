"""The one-screen summary printed at the end of a run."""

from __future__ import annotations

from collections import Counter

from flows.extract import ExtractSummary
from flows.ingest import IngestSummary


def print_summary(ingested: IngestSummary | None, extracted: ExtractSummary | None) -> None:
    out: list[str] = []
    if ingested is not None:
        out.append(
            f"ingest: {ingested.new} new documents, {ingested.unchanged} already stored, "
            f"{len(ingested.failed)} failed"
        )
        out += [f"  failed: {line}" for line in ingested.failed]
    if extracted is not None:
        state = "published" if extracted.published else "unchanged"
        out.append(
            f"extract: {extracted.documents} documents, {extracted.parsed} parsed, "
            f"snapshot {extracted.snapshot} {state}, {extracted.seconds:.1f} s"
        )
        by_format: dict[str, Counter] = {}
        for (fmt, status), n in extracted.by_format_status.items():
            by_format.setdefault(fmt, Counter())[status] += n
        out.append(f"  {'format':<10}{'ok':>6}{'partial':>9}{'quarantined':>13}")
        for fmt, counts in sorted(by_format.items()):
            out.append(
                f"  {fmt:<10}{counts['ok']:>6}{counts['partial']:>9}{counts['quarantined']:>13}"
            )
        out.append("  rows: " + ", ".join(f"{k} {v}" for k, v in extracted.rows.items()))
    print("\n".join(out))
