"""Sections 7, 10 and 20 -> `kpis`, `tools`, `scorecard`: one row per table row.

Columns are found by header meaning (`tables.map_columns`); each row keeps its
table_no, row_no and the row confidence of a reconstructed text table, so an
analyst can leave out rows flagged uncertain.
"""

from __future__ import annotations

import re

from extractors.typed.items import split_enumeration
from extractors.typed.levels import cadence_tags, parse_level
from extractors.typed.memo import label_memo, label_tuple
from extractors.typed.tables import Row, find_table, rows
from extractors.typed.walk import Section

KPI_COLUMNS = (
    ("frequency", r"frequen|cadence|how often"),
    ("target", r"target|benchmark|goal"),
    ("why_it_matters", r"why"),
    ("what_it_measures", r"what it measures|measures|definition|descri"),
    ("kpi_type", r"\btype\b|category|kind"),  # before metric: "KPI type" names no metric
    ("metric", r"metric|kpi|measure|name"),
)
# The kinds a KPI framework sorts metrics into ("Rollback rate (Quality)"); a trailing
# parenthesis is a kind only when every part of it is one, so "(AI-related)" or "(p95)" is not.
_KPI_KINDS = (
    "output|outcome|quality|efficiency|reliability|innovation|improvement|collaboration|"
    "stakeholder satisfaction|satisfaction|leadership|governance|compliance|risk|security|"
    "adoption|delivery|cost|financial|operational|customer|people"
)
_KPI_JOIN = r"\s*[/,&+]\s*|\s+and\s+"
_KPI_TYPES = re.compile(rf"\s*\(((?:{_KPI_KINDS})(?:(?:{_KPI_JOIN})(?:{_KPI_KINDS}))*)\)\s*$", re.I)
_KPI_KIND_SPLIT = re.compile(_KPI_JOIN, re.I)
TOOL_COLUMNS = (
    ("adoption", r"adoption|commonality|common|usage|prevalence|label"),
    ("primary_use", r"\buse\b|purpose"),
    ("tool", r"tool|platform|software|product|technology"),
    ("category", r"category|area|domain|type"),
)
SCORECARD_COLUMNS = (
    ("category", r"category|dimension|area|item"),
    ("summary", r"summary|descri|detail"),
)
_NUMBERED = re.compile(r"(?:^|\s)\d{1,2}\)\s+")
# "IC: a → b. Management: c → d.": each sentence opens with a short label and its colon
_LABEL_RX = r"[A-Z][^.:;]{0,40}:\s"
_LABEL = re.compile(_LABEL_RX)
_SENTENCE_BEFORE_LABEL = re.compile(rf"(?<=\.)\s+(?={_LABEL_RX})")
_LIST_ROW = re.compile(r"^top\b|\boptions\b|\bpaths?\b", re.IGNORECASE)


def _provenance(row: Row) -> dict:
    return {"table_no": row.table_no, "row_no": row.row_no, "row_confidence": row.confidence}


def kpi_rows(article_id: str, section: Section | None, warnings: list[str]) -> list[dict]:
    found = find_table(section, KPI_COLUMNS, ("metric", "frequency"))
    if found is None:
        if section is not None:
            warnings.append("typed: section 7 has no KPI table (metric + frequency columns)")
        return []
    entry, mapping = found
    out = []
    for row in rows(entry, mapping):
        v = row.values
        frequency = v.get("frequency")
        # frequencies are a vocabulary ("Weekly", "Monthly"): each is read once per process
        tags = label_tuple(cadence_tags, frequency)
        metric = v.get("metric")
        out.append(
            {
                "article_id": article_id,
                "ordinal": row.row_no,
                "metric": metric,
                "kpi_types": kpi_types(metric, v.get("kpi_type")),
                "what_it_measures": v.get("what_it_measures"),
                "why_it_matters": v.get("why_it_matters"),
                "target": v.get("target"),
                "frequency": v.get("frequency"),
                "frequency_tags": list(tags),
                **_provenance(row),
            }
        )
    return out


def kpi_types(metric: str | None, type_cell: str | None) -> list[str]:
    """Kinds of a KPI, lower case, in order: its table's type column where there is one,
    else its metric's trailing tag ("Pipeline success rate (Reliability/Efficiency)")."""
    if type_cell:
        kinds = _KPI_KIND_SPLIT.split(type_cell.rstrip("."))
    elif metric and (match := _KPI_TYPES.search(metric)):
        kinds = _KPI_KIND_SPLIT.split(match.group(1))
    else:
        return []
    return list(dict.fromkeys(k.strip().lower() for k in kinds if k.strip()))


def tool_rows(article_id: str, section: Section | None, warnings: list[str]) -> list[dict]:
    found = find_table(section, TOOL_COLUMNS, ("tool", "adoption"))
    if found is None:
        if section is not None:
            warnings.append("typed: section 10 has no tools table (tool + adoption columns)")
        return []
    entry, mapping = found
    out = []
    for row in rows(entry, mapping):
        v = row.values
        adoption = v.get("adoption")
        level = label_memo(parse_level, adoption)  # labels ("Common"): a vocabulary
        out.append(
            {
                "article_id": article_id,
                "ordinal": row.row_no,
                "category": v.get("category"),
                "tool": v.get("tool"),
                "primary_use": v.get("primary_use"),
                "adoption": v.get("adoption"),
                "adoption_level": level.level if level else None,
                "adoption_highest": level.highest if level else None,
                **_provenance(row),
            }
        )
    return out


def scorecard_rows(article_id: str, section: Section | None, warnings: list[str]) -> list[dict]:
    found = find_table(section, SCORECARD_COLUMNS, ("category",))
    if found is None and section is not None and section.tables():
        entry = section.tables()[0]
        found = (entry, {"category": 0, "summary": 1})
    if found is None:
        if section is not None:
            warnings.append("typed: section 20 has no scorecard table")
        return []
    entry, mapping = found
    mapping.setdefault("summary", 1 if mapping["category"] == 0 else 0)
    out = []
    for row in rows(entry, mapping):
        v = row.values
        out.append(
            {
                "article_id": article_id,
                "ordinal": row.row_no,
                "category": v.get("category"),
                "summary": v.get("summary"),
                "items": summary_items(v.get("category") or "", v.get("summary")),
                **_provenance(row),
            }
        )
    return out


def summary_items(category: str, summary: str | None) -> list[str]:
    """A list cell as its items: "1) a 2) b", "a • b", "a; b", labelled sentences ("IC: a → b.
    Management: c."), or in a row that names a list ("Top …", "… options", "… paths") "a, b"."""
    if not summary:
        return []
    if len(_NUMBERED.findall(summary)) >= 2:
        return [p.strip() for p in _NUMBERED.split(summary) if p.strip()]
    if " • " in summary:
        return [p.strip() for p in summary.split(" • ") if p.strip()]
    parts = split_enumeration(summary, ";")
    if len(parts) > 1:
        return parts
    sentences = _SENTENCE_BEFORE_LABEL.split(summary.strip())
    if len(sentences) > 1 and all(_LABEL.match(p) for p in sentences):
        return [p.rstrip(".").strip() for p in sentences]
    if _LIST_ROW.search(category):
        return split_enumeration(summary, ",")
    return []
