"""Typed records: the lists and tables of each template section as datasets analysts can query.

`typed_rows(doc)` gives one list of rows per typed dataset (see `schemas/typed.py`);
`role_metadata(doc)` gives the role columns of the `articles` row. Both read only
`Document.blocks`, so every input format of an article gives the same records.
They fail soft: a section whose shape is not understood gives no rows (its text
stays in `blocks`) and a short "typed: …" warning is added to `doc.warnings`.
"""

from __future__ import annotations

from collections.abc import Callable

from extractors.flat_tables import UNCERTAIN_BELOW
from extractors.model import Document
from extractors.typed.activities import activity_rows
from extractors.typed.automation import automation_rows
from extractors.typed.careers import career_rows
from extractors.typed.decisions import decision_rows
from extractors.typed.deliverables import deliverable_rows
from extractors.typed.goals import goal_rows
from extractors.typed.hiring import criteria_rows, rubric_rows
from extractors.typed.metadata import metadata_from
from extractors.typed.qualifications import qualification_rows
from extractors.typed.responsibilities import responsibility_rows
from extractors.typed.risks import risk_rows
from extractors.typed.skills import soft_skill_rows, technical_skill_rows
from extractors.typed.stakeholders import stakeholder_rows
from extractors.typed.table_sections import kpi_rows, scorecard_rows, tool_rows
from extractors.typed.variants import variant_rows
from extractors.typed.walk import Section, sections

__all__ = [
    "LIST_DATASETS",
    "TABLE_DATASETS",
    "WARNING_PREFIX",
    "role_metadata",
    "typed_records",
    "typed_rows",
]

WARNING_PREFIX = "typed: "

ListFn = Callable[[str, Section], list[dict]]
TableFn = Callable[[str, Section | None, list[str]], list[dict]]

# dataset -> (section number, builder). Numbers are the template's (SPEC: "item of section 3").
LIST_DATASETS: dict[str, tuple[int, ListFn]] = {
    "responsibilities": (3, responsibility_rows),
    "activities": (4, activity_rows),
    "deliverables": (5, deliverable_rows),
    "goals": (6, goal_rows),
    "technical_skills": (8, technical_skill_rows),
    "soft_skills": (9, soft_skill_rows),
    "stakeholders": (12, stakeholder_rows),
    "decision_rights": (13, decision_rows),
    "qualifications": (14, qualification_rows),
    "career_paths": (15, career_rows),
    "risks": (16, risk_rows),
    "role_variants": (17, variant_rows),
    "automation_impact": (18, automation_rows),
    "hiring_criteria": (19, criteria_rows),
    "hiring_rubric": (19, rubric_rows),
}
TABLE_DATASETS: dict[str, tuple[int, TableFn]] = {
    "kpis": (7, kpi_rows),
    "tools": (10, tool_rows),
    "scorecard": (20, scorecard_rows),
}


def typed_rows(doc: Document) -> dict[str, list[dict]]:
    """Rows of every typed dataset for one document; warnings go to `doc.warnings`."""
    return _typed_rows(doc, sections(doc))


def typed_records(doc: Document) -> tuple[dict, dict[str, list[dict]]]:
    """`role_metadata(doc)` and `typed_rows(doc)` from one walk of the blocks.

    Why: the metadata reads the stakeholder and qualification rows, which the
    typed datasets build anyway; `role_metadata` alone builds them again.
    """
    secs = sections(doc)
    out = _typed_rows(doc, secs)
    return metadata_from(doc, secs, out["stakeholders"], out["qualifications"]), out


def _typed_rows(doc: Document, secs: dict[int, Section]) -> dict[str, list[dict]]:
    warnings: list[str] = []
    out: dict[str, list[dict]] = {}
    for name, (number, build) in LIST_DATASETS.items():
        section = secs.get(number)
        out[name] = _guarded(
            name, warnings, lambda b=build, s=section: b(doc.article_id, s) if s else []
        )
        if (
            section is not None
            and not out[name]
            and _has_items(section)
            and name != "hiring_rubric"
        ):
            warnings.append(f"{WARNING_PREFIX}section {number} gave no {name} rows")
    for name, (number, build) in TABLE_DATASETS.items():
        section = secs.get(number)
        out[name] = _guarded(
            name, warnings, lambda b=build, s=section: b(doc.article_id, s, warnings)
        )
        uncertain = sum(1 for r in out[name] if r["row_confidence"] < UNCERTAIN_BELOW)
        if uncertain:
            warnings.append(
                f"{WARNING_PREFIX}{uncertain} {name} rows from an uncertain table rebuild"
            )
    doc.warnings[:] = [w for w in doc.warnings if not w.startswith(WARNING_PREFIX)] + warnings
    return out


def role_metadata(doc: Document) -> dict:
    """Role columns for the `articles` row (seniority, horizon, department, reporting line, years)."""
    secs = sections(doc)
    stakeholders = _guarded(
        "stakeholders", [], lambda: stakeholder_rows(doc.article_id, secs[12]) if 12 in secs else []
    )
    quals = _guarded(
        "qualifications",
        [],
        lambda: qualification_rows(doc.article_id, secs[14]) if 14 in secs else [],
    )
    return metadata_from(doc, secs, stakeholders, quals)


def _guarded(name: str, warnings: list[str], build: Callable[[], list[dict]]) -> list[dict]:
    """Run one builder; an unexpected shape costs its rows, never the document."""
    try:
        return build()
    except Exception as exc:
        warnings.append(f"{WARNING_PREFIX}{name} not typed ({type(exc).__name__}: {exc})"[:200])
        return []


def _has_items(section: Section) -> bool:
    return any(e.block.kind in ("list_item", "kv") for e in section.blocks())
