"""Role metadata for the `articles` row: seniority, horizon, department, family, reporting line,
years of experience. Read from the blocks (so every format agrees) except the department,
which WordPress categories give when the document carries them."""

from __future__ import annotations

import re

from extractors.identity import role_from_title, slugify
from extractors.model import Document
from extractors.typed.walk import Section

_IC_PREFIX = {
    "intern": "Intern",
    "associate": "Associate",
    "junior": "Junior",
    "jr": "Junior",
    "entry-level": "Junior",
    "mid-level": "Mid",
    "mid": "Mid",
    "senior": "Senior",
    "sr": "Senior",
    "lead": "Lead",
    "staff": "Staff",
    "principal": "Principal",
    "distinguished": "Distinguished",
}
_MANAGEMENT = (
    (r"\bchief\b|\bC[TIDS]O\b", "Chief"),
    (r"\bvice president\b|\bVP\b", "VP"),
    (r"\bhead of\b|\bhead\b", "Head"),
    (r"\bdirector\b", "Director"),
    (r"\bmanager\b", "Manager"),
    (r"\blead\b", "Lead"),
)
_TEXT_LEVEL = re.compile(r"\b(entry|junior|mid|senior)[- ]level\b", re.IGNORECASE)
_HORIZON = re.compile(
    r"role horizon\s*:\s*(current|emerging)|\bthis is an? (current|emerging) role", re.IGNORECASE
)
_DEPARTMENT = re.compile(
    r"\b(?:in|within|of) (?:the |an |a )?(?P<dept>[A-Z][A-Za-z&/ -]{0,40}?) department\b"
)
_REPORTS = re.compile(
    r"(?:reporting line|reports to)\s*:?\s*(?:reports to\s+)?(?P<who>.+)", re.IGNORECASE
)
_WHO_END = re.compile(r"\s\(|,\s*(?:depending|with|typically|often|or equivalent)\b|;|\.\s|\.$")
_WHO_START = re.compile(
    r"^(?:usually|typically|often|commonly|either)\s+|^(?:the|an|a)\s+", re.IGNORECASE
)


def seniority(role: str) -> str | None:
    """The role's level from its title: a leading level word, else a management word."""
    words = role.split()
    if words and words[0].lower().rstrip(".") in _IC_PREFIX:
        return _IC_PREFIX[words[0].lower().rstrip(".")]
    for pattern, level in _MANAGEMENT:
        if re.search(pattern, role, re.IGNORECASE if level != "Chief" else 0):
            return level
    return None


def metadata_from(
    doc: Document, secs: dict[int, Section], stakeholders: list[dict], qualifications: list[dict]
) -> dict:
    role = role_from_title(doc.title)
    early = [e.block.text for n in (1, 2, 3) if n in secs for e in secs[n].blocks()]
    level, level_source = seniority(role), "title"
    if level is None:
        match = next((m for t in early if (m := _TEXT_LEVEL.search(t))), None)
        level = (
            {"entry": "Junior"}.get(match.group(1).lower(), match.group(1).title())
            if match
            else None
        )
        level_source = "text" if match else None
    summary = [e.block.text for n in (1,) if n in secs for e in secs[n].blocks()]
    horizon = next((m for t in summary if (m := _HORIZON.search(t))), None)
    department, dept_source = _department(doc, secs)
    reports_to, reporting_line, reports_source = _reporting(summary, stakeholders)
    years = next(
        (q for q in qualifications if q["kind"] == "years" and q["years_min"] is not None), None
    )
    return {
        "seniority": level,
        "seniority_source": level_source,
        "role_horizon": (horizon.group(1) or horizon.group(2)).title() if horizon else None,
        "department": department,
        "department_source": dept_source,
        "job_family": role.split()[-1].lower() if role.split() else None,
        "reports_to": reports_to,
        "reporting_line": reporting_line,
        "reports_to_source": reports_source,
        "years_min": years["years_min"] if years else None,
        "years_max": years["years_max"] if years else None,
    }


def _department(doc: Document, secs: dict[int, Section]) -> tuple[str | None, str | None]:
    """WordPress categories when the document has them, else the first "… department" of a text."""
    if doc.meta.categories:
        return doc.meta.categories[0], "categories"
    texts = [e.block.text for s in secs.values() for e in s.blocks()]
    # one test of the whole article first: most name no department (a newline cannot
    # join two texts into " department")
    if " department" not in "\n".join(texts):
        return None, None
    for text in texts:
        match = _DEPARTMENT.search(text) if " department" in text else None  # `in`: cheap
        if match:
            return slugify(match.group("dept")), "text"
    return None, None


def _reporting(
    summary: list[str], stakeholders: list[dict]
) -> tuple[str | None, str | None, str | None]:
    for text in summary:
        match = _REPORTS.search(text)
        if not match:
            continue
        line = match.group("who").strip()
        who = _WHO_START.sub("", _WHO_START.sub("", line))
        end = _WHO_END.search(who)
        who = (who[: end.start()] if end else who).strip().rstrip(".")
        if who:
            return who, line, "summary"
    manager = next((s for s in stakeholders if s["is_manager"]), None)
    if manager:
        return manager["name"], None, "stakeholders"
    return None, None, None
