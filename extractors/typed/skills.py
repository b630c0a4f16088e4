"""Sections 8 and 9 -> `technical_skills` and `soft_skills`.

Skill items come as "Name (Critical)" lead lines with "Description:"/"Use:"
lines, "Name – Use: … – Importance: …" dashes, or "Name: prose". The name is
the lead without an importance parenthesis; `importance` is that parenthesis or
the "Importance:" field, as written, split by `levels.parse_level`.
"""

from __future__ import annotations

from extractors.typed.items import fields, trailing_paren
from extractors.typed.levels import parse_level, starts_with_level
from extractors.typed.lists import list_items
from extractors.typed.memo import label_memo
from extractors.typed.walk import Section

TECH_FIELDS = (
    "Description",
    "Use in role",
    "Typical use",
    "Use",
    "Importance",
    "Includes",
    "Examples",
    "Example",
    "Common",
    "Emphasis",
)
SOFT_FIELDS = (
    "Why it matters",
    "Shows up as",
    "On the job",
    "In practice",
    "What strong performance looks like",
    "Strong performance looks like",
    "Strong performance",
)
_TIERS = (
    ("must", "must_have"),
    ("good|nice|preferred", "good_to_have"),
    ("advanced|expert", "advanced"),
    ("emerging|future", "emerging"),
)


def tier_key(tier: str) -> str:
    """ "Must-have technical skills" -> must_have; unknown tiers -> other."""
    low = tier.lower()
    return next((key for word, key in _TIERS if any(w in low for w in word.split("|"))), "other")


def technical_skill_rows(article_id: str, section: Section) -> list[dict]:
    out = []
    items = list_items(section, require_subsection=True)
    tiers = {c: label_memo(tier_key, c) for c in {i.category for i in items}}  # a few tiers
    for item in items:
        head, found = fields(item.text, TECH_FIELDS)
        named = dict(found)
        if found and head:
            name, rest = head, None
        else:
            name, rest = item.lead.title, item.lead.description
        base, paren = trailing_paren(name)
        importance = named.get("Importance")
        if paren and starts_with_level(paren):
            name = base
            importance = importance or paren
        level = label_memo(parse_level, importance)  # "Critical", …: a vocabulary
        body = [v for k, v in found if k != "Importance"]
        description = " ".join(f"{k}: {v}" for k, v in found if k != "Importance") or rest
        out.append(
            {
                "article_id": article_id,
                "tier": item.category,
                "tier_key": tiers[item.category],
                "ordinal": item.ordinal,
                "name": name,
                "importance": importance,
                "importance_level": level.level if level else None,
                "importance_highest": level.highest if level else None,
                "importance_qualifier": level.qualifier if level else None,
                "description": description if body or rest else None,
                "use": named.get("Use") or named.get("Use in role") or named.get("Typical use"),
                "fields": [{"label": k, "value": v} for k, v in found],
                "lead_source": "fields" if found and head else item.lead.source,
                "block_no": item.block_no,
            }
        )
    return out


def soft_skill_rows(article_id: str, section: Section) -> list[dict]:
    out = []
    for item in list_items(section):
        head, found = fields(item.text, SOFT_FIELDS)
        named = dict(found)
        if found and head:
            name, description = head, None
        else:
            name, description = item.lead.title, item.lead.description
        out.append(
            {
                "article_id": article_id,
                "ordinal": len(out) + 1,
                "name": name,
                "why_it_matters": named.get("Why it matters"),
                "shows_up_as": named.get("Shows up as")
                or named.get("On the job")
                or named.get("In practice"),
                "strong_performance": named.get("Strong performance")
                or named.get("Strong performance looks like")
                or named.get("What strong performance looks like"),
                "description": description,
                "block_no": item.block_no,
            }
        )
    return out
