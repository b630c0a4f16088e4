"""The one-screen summary printed at the end of a run."""

from __future__ import annotations

from collections import Counter

from flows.extract import ExtractSummary
from flows.ingest import IngestSummary
from flows.reextract import ReextractSummary


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


def print_reextract(result: ReextractSummary) -> None:
    """What a re-extraction changed, per dataset, and where the full report is."""
    out = [
        f"reextract: {result.documents} documents re-parsed in {result.seconds:.1f} s; "
        f"report {result.report_path}"
    ]
    for name, change in result.report.datasets.items():
        if change.total:
            out.append(f"  {name:<18} +{change.added} -{change.removed} ~{change.changed}")
    if not result.report.changed:
        out.append("  no row changes")
    out.append(
        f"  published snapshot {result.published}" if result.published else "  nothing published"
    )
    print("\n".join(out))
