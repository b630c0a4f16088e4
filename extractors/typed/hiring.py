"""Section 19 -> `hiring_criteria` (competencies, exercises, signals, red flags) and
`hiring_rubric` (scorecard dimensions with weights as numbers, from a table or a list)."""

from __future__ import annotations

from extractors.typed.levels import weight_percent
from extractors.typed.lists import ListItem, by_category, list_items, simple_rows
from extractors.typed.tables import find_table, rows
from extractors.typed.walk import Section

KINDS = (
    (r"red flag", "red_flag"),
    (r"weak", "weak_signal"),
    (r"strong", "strong_signal"),
    (r"exercise|case stud|practical|take-home", "exercise"),
    (r"scorecard|rubric|dimension|weight", "rubric"),
    (r"assess|competenc|evaluat", "competency"),
)
RUBRIC_COLUMNS = (
    ("weight", r"weight"),
    ("dimension", r"dimension|competenc|area|criteri|skill"),
)


def hiring_items(section: Section) -> list[ListItem]:
    return list_items(section, fold_children=True, ordered_leads=True)


def criteria_rows(article_id: str, section: Section) -> list[dict]:
    return simple_rows(article_id, hiring_items(section), KINDS)


def rubric_rows(article_id: str, section: Section) -> list[dict]:
    """The scorecard-dimension table; else the items of a rubric subsection."""
    found = find_table(section, RUBRIC_COLUMNS, ("dimension",))
    if found is not None:
        entry, mapping = found
        header = entry.table.header  # type: ignore[union-attr]
        others = [i for i in range(len(header)) if i not in mapping.values()]
        out = []
        for row in rows(entry, {**mapping, **{f"c{i}": i for i in others}}):
            v = row.values
            weight = v.get("weight")
            out.append(
                {
                    "article_id": article_id,
                    "ordinal": row.row_no,
                    "dimension": v.get("dimension"),
                    "description": v.get(f"c{others[0]}") if others else None,
                    "weight": weight,
                    "weight_pct": weight_percent(weight),
                    "levels": [{"label": header[i], "value": v.get(f"c{i}")} for i in others],
                    "source": "table",
                    "block_no": None,
                    "table_no": row.table_no,
                    "row_confidence": row.confidence,
                }
            )
        return out
    listed = hiring_items(section)
    kinds = by_category(listed, KINDS)
    items = [i for i in listed if kinds[i.category] == "rubric"]
    weights = [weight_percent(i.text) for i in items]
    return [
        {
            "article_id": article_id,
            "ordinal": n,
            "dimension": i.lead.title,
            "description": i.lead.description,
            "weight": f"{w:g}%" if w is not None else None,
            "weight_pct": w,
            "levels": [],
            "source": "list",
            "block_no": i.block_no,
            "table_no": None,
            "row_confidence": 1.0,
        }
        for n, (i, w) in enumerate(zip(items, weights, strict=True), start=1)
    ]
