"""Tiny synthetic articles for unit tests (our own words, built in code)."""

from __future__ import annotations

TEMPLATE_TITLES = [
    "Role Summary",
    "Role Mission",
    "Core Responsibilities",
    "Day-to-Day Activities",
    "Key Deliverables",
    "Goals, Objectives, and Milestones",
    "KPIs and Productivity Metrics",
    "Technical Skills Required",
    "Soft Skills and Behavioral Capabilities",
    "Tools, Platforms, and Software",
    "Typical Tech Stack / Environment",
    "Stakeholders and Collaboration Map",
    "Decision Rights and Scope of Authority",
    "Required Experience and Qualifications",
    "Career Path and Progression",
    "Risks, Challenges, and Failure Modes",
    "Role Variants",
    "AI / Automation Impact on the Role",
    "Hiring Evaluation Criteria",
    "Final Role Scorecard Summary",
]


def sample_post_html(sections: int = 20) -> str:
    """A small article body in WordPress block HTML, with `sections` numbered sections."""
    parts = []
    for n, title in enumerate(TEMPLATE_TITLES[:sections], start=1):
        parts.append(f'<h2 class="wp-block-heading">{n}) {title}</h2>')
        parts.append(f"<p>Section {n} explains how the tide-gauge keeper works.</p>")
        parts.append(
            f"<ul><li><strong>Point {n}a:</strong> calibrate the float.</li>"
            f"<li>Log the reading {n} times.</li></ul>"
        )
    if sections >= 20:
        parts.append(
            "<figure><table><thead><tr><th>Category</th><th>Summary</th></tr></thead>"
            "<tbody><tr><td>Role title</td><td>Tide-Gauge Keeper</td></tr></tbody>"
            "</table></figure>"
        )
    return "\n".join(parts)


AD_TAIL = [
    "Book Harbour Tours Today",
    "",
    "Sail past the lighthouse at dawn.",
    "",
    "Reserve Now",
    "",
    "Related Reading",
    "",
    "Leave a reply",
    "Name",
    "Email",
    "",
]


def tiny_article_text(
    sections: int = 20, title: str = "Tide-Gauge Keeper: Role Blueprint", ad_tail: bool = False
) -> str:
    """The same small article as a plain-text scrape, with an ad line before the title."""
    lines = ["Visit the Harbour Shop", "", title, ""]
    for n, name in enumerate(TEMPLATE_TITLES[:sections], start=1):
        lines += [
            f"{n}) {name}",
            "",
            f"Section {n} explains how the tide-gauge keeper works.",
            "",
            f"  • Point {n}a: calibrate the float.",
            f"  • Log the reading {n} times.",
            "",
        ]
    return "\n".join(lines + (AD_TAIL if ad_tail else []))
