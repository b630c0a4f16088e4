"""Short labels written in many shapes -> values analysts can filter on.

Importance and adoption labels ("Important-to-Critical depending on org
maturity", "Optional (Common in many orgs)"), cadences ("Weekly/monthly",
"bi-weekly"), years of experience ("7–12 years", "Twelve or more years") and
weights ("20%") are kept as written elsewhere; these helpers add the normalized
form next to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEVEL_WORD = r"critical|important|optional|context[- ]specific|context[- ]dependent|common"
_LEVEL = re.compile(rf"\b({_LEVEL_WORD})\b", re.IGNORECASE)
_LEADING_LEVELS = re.compile(
    rf"^\(?\s*(?:{_LEVEL_WORD})(?:\s*(?:-to-|\bto\b|→|/|\bor\b|-)\s*(?:{_LEVEL_WORD}))*\s*[;,:]?\s*",
    re.IGNORECASE,
)
_CANON = {
    "critical": "Critical",
    "important": "Important",
    "optional": "Optional",
    "context-specific": "Context-specific",
    "context specific": "Context-specific",
    "context-dependent": "Context-specific",
    "context dependent": "Context-specific",
    "common": "Common",
}
_RANK = {"Optional": 1, "Context-specific": 1, "Common": 2, "Important": 2, "Critical": 3}


@dataclass(frozen=True, slots=True)
class Level:
    """A label as written, its first level, the highest level it names, and the rest.

    "Important-to-Critical depending on org maturity" -> level "Important",
    highest "Critical", qualifier "depending on org maturity".
    """

    as_written: str
    level: str
    highest: str
    qualifier: str | None


def starts_with_level(text: str) -> bool:
    """Whether `text` ("Critical", "(Optional; domain-driven)") opens with a level word."""
    return bool(_LEVEL.match(text.lstrip("( ")))


def parse_level(text: str | None) -> Level | None:
    """The level a label names; None when it does not start with one."""
    if not text:
        return None
    written = _unwrap(text.strip().strip(".").strip())
    if not starts_with_level(written):
        return None
    found = [_CANON[m.group(1).lower()] for m in _LEVEL.finditer(written)]
    level = found[0]
    highest = max(found, key=lambda name: (_RANK[name], name == level))
    if _RANK[highest] <= _RANK[level]:
        highest = level
    rest = _LEADING_LEVELS.sub("", written, count=1).strip()
    return Level(written, level, highest, _unwrap(rest) or None)


def _unwrap(text: str) -> str:
    """ "(as here)" -> "as here"; leaves "a (b), c (d)" alone."""
    text = text.strip().strip(";,/").strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        return text[1:-1].strip()
    return text


_CADENCES = (
    ("biweekly", r"\bbi-?weekly\b|\bfortnightly\b|\bevery (?:two|2) weeks\b"),
    ("daily", r"\bdaily\b|\bevery day\b|\bper day\b"),
    ("weekly", r"(?<!bi)(?<!bi-)\bweekly\b|\bevery week\b|\bper week\b"),
    ("monthly", r"\bmonthly\b|\bevery month\b|\bper month\b"),
    ("quarterly", r"\bquarterly\b|\bevery quarter\b|\bper quarter\b"),
    ("annually", r"\bannual(?:ly)?\b|\byearly\b|\bper year\b"),
    ("per_sprint", r"\bsprint\b"),
    ("per_release", r"\brelease\b|\bdeploy(?:ment)?\b|\blaunch\b"),
    ("continuous", r"\bcontinuous(?:ly)?\b|\breal-time\b|\bongoing\b"),
    ("as_needed", r"\bas needed\b|\bad hoc\b|\bas required\b"),
    (
        "per_event",
        r"\bper\s+(?!release|sprint|day|week|month|quarter|year)[\w/]"
        r"|\bwhen\b[\w\s/-]{1,40}?\b(?:occur|happen|arise|reach)(?:e?s)?\b",
    ),
)
_CADENCE_RES = [(tag, re.compile(rx, re.IGNORECASE)) for tag, rx in _CADENCES]
_RELEASE = dict(_CADENCE_RES)["per_release"]
_CALENDAR = {"daily", "weekly", "biweekly", "monthly", "quarterly", "annually"}
# "post-launch" / "after release" says when a cadence starts, not that it is one
_AFTER_RELEASE = re.compile(
    r"\b(?:post-?|after\s+)(?:release|deploy(?:ment)?|launch)\b", re.IGNORECASE
)


def cadence_tags(text: str | None) -> list[str]:
    """Normalized cadences a frequency names, in reading order ("Weekly/monthly" -> weekly, monthly).

    A release is the occasion ("Per release", "Post-launch review") unless it only says
    when a calendar cadence starts: "review post-launch (weekly, then monthly)" is weekly
    and monthly.
    """
    if not text:
        return []
    hits: list[tuple[int, str]] = []
    for tag, rx in _CADENCE_RES:
        match = rx.search(text)
        if match:
            hits.append((match.start(), tag))
    tags = [tag for _, tag in sorted(hits)]
    if "per_release" in tags and _CALENDAR.intersection(tags) and _only_after_release(text):
        tags.remove("per_release")
    return tags


def _only_after_release(text: str) -> bool:
    """Every release word of the text is a "post-" / "after" qualifier."""
    return not _RELEASE.search(_AFTER_RELEASE.sub("", text))


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + ")"
_YEARS = re.compile(
    rf"(?:at least\s+)?{_NUM}\s*(?:(?:–|-|—|to)\s*{_NUM})?\s*(\+|or more|plus)?\s*(?:\+\s*)?years?\b",
    re.IGNORECASE,
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def years_range(text: str | None) -> tuple[int | None, int | None]:
    """(min, max) of the first years-of-experience span; max None for "N+ / N or more"."""
    if not text:
        return None, None
    match = _YEARS.search(text)
    if not match:
        return None, None
    low = _number(match.group(1))
    high = _number(match.group(2)) if match.group(2) else None
    if high is None and not match.group(3) and not match.group(0).lower().startswith("at least"):
        high = low
    return low, high


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def weight_percent(text: str | None) -> float | None:
    """ "20%" -> 20.0; None without a percentage."""
    match = _PERCENT.search(text or "")
    return float(match.group(1)) if match else None
