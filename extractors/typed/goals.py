"""Section 6 -> `goals`: goals and success indicators by horizon (30-day … 12-month, long-term)."""

from __future__ import annotations

import re

from extractors.typed.lists import base_row, list_items
from extractors.typed.walk import Section

_DAYS = re.compile(r"(\d{2,3})[- ]?day", re.IGNORECASE)
_MONTHS = re.compile(r"(\d{1,2})[- ]?month", re.IGNORECASE)
_LONG = re.compile(r"long[- ]term|beyond|year 2|[2-9]\s*[–-]\s*\d+\s*years", re.IGNORECASE)


def horizon(text: str | None) -> tuple[str | None, int | None]:
    """ "60-day goals (…)" -> ("60-day", 2); "Long-term impact goals (beyond 12 months)" -> ("long-term", None)."""
    if not text:
        return None, None
    if _LONG.search(text):
        return "long-term", None
    days = _DAYS.search(text)
    if days:
        n = int(days.group(1))
        return f"{n}-day", max(round(n / 30), 1)
    months = _MONTHS.search(text)
    if months:
        n = int(months.group(1))
        return f"{n}-month", n
    return None, None


_ROLE_WIDE = frozenset({"success_definition", "high_performance"})


def goal_kind(category: str, group: str | None) -> str:
    for text in (group or "", category):
        low = text.lower()
        if "success indicator" in low or "success measure" in low:
            return "success_indicator"
        if "success definition" in low or "success means" in low:
            return "success_definition"
        if "high performance" in low:
            return "high_performance"
    return "goal"


def _horizon_of(category: str, group: str | None) -> tuple[str | None, int | None]:
    """The group's horizon, else the subsection's, except under a role-wide group.

    "Role success definition – …" written inside the long-term subsection (seed 002) speaks
    for the whole role, not for that horizon; "Success definition (30 days)" names its own.
    """
    by_group = horizon(group)
    if by_group[0] or goal_kind("", group) in _ROLE_WIDE:
        return by_group
    return horizon(category)


def goal_rows(article_id: str, section: Section) -> list[dict]:
    out = []
    # items share a few (group, category) pairs: read each pair once
    read: dict[tuple[str | None, str], tuple[str, str | None, int | None]] = {}
    for item in list_items(section, lone_paragraphs=True):
        key = (item.group, item.category)
        if key not in read:
            read[key] = (
                goal_kind(item.category, item.group),
                *_horizon_of(item.category, item.group),
            )
        kind, label, months = read[key]
        out.append(
            {
                **base_row(article_id, item),
                "kind": kind,
                "horizon": label,
                "horizon_months": months,
            }
        )
    return out
