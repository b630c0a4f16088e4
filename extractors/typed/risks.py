"""Section 16 -> `risks`: challenges, bottlenecks, anti-patterns, underperformance, business risks."""

from __future__ import annotations

from extractors.typed.lists import list_items, simple_rows
from extractors.typed.walk import Section

KINDS = (
    (r"anti-?pattern|avoid", "anti_pattern"),
    (r"bottleneck", "bottleneck"),
    (r"underperform", "underperformance"),
    (r"business risk|ineffective", "business_risk"),
    (r"challenge", "challenge"),
    (r"failure mode|risk", "risk"),
)


def risk_rows(article_id: str, section: Section) -> list[dict]:
    return simple_rows(article_id, list_items(section), KINDS)
