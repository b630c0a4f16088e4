"""Typed datasets: each template section's lists and tables as rows analysts can filter.

Built by `extractors.typed` from the shared document model only, so every
input format gives the same rows. Conventions (SPEC "Record conventions"):
`ordinal` is 1-based within its category, tier or table in reading order;
`category`/`tier` is the subsection heading as written (else a paragraph's
dash lead, else the section title); `title`/`name` is the item's lead (bold
lead, lead line, text before a lead colon or a short phrase before a dash),
else its whole first sentence without the closing period; the rest is the
`description`. Labels are kept as written; `*_level`, `*_tags`, `*_min`,
`*_pct` columns add the normalized value next to them.
"""

from __future__ import annotations

import pyarrow as pa

from schemas.datasets import ARTICLE_ID, Dataset, _dataset, f

STR = pa.string()
INT = pa.int32()
STRINGS = pa.list_(pa.string())
LABELLED = pa.list_(pa.struct([("label", pa.string()), ("value", pa.string())]))


def _ordinal(within: str) -> pa.Field:
    return f(
        "ordinal",
        INT,
        f"1-based position within its {within}, in reading order.",
        nullable=False,
        example="1",
    )


def _category(example: str) -> pa.Field:
    return f(
        "category",
        STR,
        "Subsection heading as written (else the paragraph's dash lead, else the section title).",
        nullable=False,
        example=example,
    )


TITLE = f(
    "title",
    STR,
    "The item's lead (bold lead, lead line, text before a lead colon or before a dash); "
    "without one, its whole first sentence (closing period dropped).",
    nullable=False,
    example="Alert triage",
)
DESCRIPTION = f(
    "description",
    STR,
    "The rest of the item after its lead; null when the item is only its lead.",
    example="review cloud security alerts daily and escalate the real ones.",
)
LIST_GROUP = f(
    "list_group",
    STR,
    "The 'Label:' lead line (or dash-list lead) the item belongs to, if any.",
    example="Success indicators (30 days)",
)
LEAD_SOURCE = f(
    "lead_source",
    STR,
    "Where the title came from: label (bold lead or lead line), colon, dash, pair "
    "(a name item followed by its description item), split, or sentence (no lead).",
    nullable=False,
    example="label",
)
BLOCK_NO = f(
    "block_no",
    INT,
    "The `blocks` row the item was read from (join on article_id, block_no).",
    example="42",
)
TABLE_NO = f(
    "table_no", INT, "The `tables` row the row was read from.", nullable=False, example="3"
)
ROW_NO = f("row_no", INT, "Body row in that table (1-based; `table_cells.row_no`).", nullable=False)
ROW_CONFIDENCE = f(
    "row_confidence",
    pa.float64(),
    "Confidence of the table row: 1 for known cells (html, markdown); for a table rebuilt "
    "from flattened text, rows under the rebuild's threshold (see `tables.uncertain_rows`) "
    "are likely cut wrongly.",
    nullable=False,
    example="0.98",
)
KIND_NOTE = "Normalized from the subsection heading: "


def _kind(values: str, example: str) -> pa.Field:
    return f("kind", STR, KIND_NOTE + values + ".", nullable=False, example=example)


LIST_BASE = (TITLE, DESCRIPTION, LIST_GROUP, LEAD_SOURCE, BLOCK_NO)

RESPONSIBILITIES = _dataset(
    "responsibilities",
    "One row per item of section 3 (Core Responsibilities).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Strategic responsibilities"),
    _ordinal("category"),
    *LIST_BASE,
)

TECHNICAL_SKILLS = _dataset(
    "technical_skills",
    "One row per skill of section 8 (Technical Skills Required).",
    ("article_id", "tier", "ordinal"),
    ARTICLE_ID,
    f(
        "tier",
        STR,
        "Tier heading as written.",
        nullable=False,
        example="Must-have technical skills",
    ),
    f(
        "tier_key",
        STR,
        "Normalized tier: must_have, good_to_have, advanced, emerging or other.",
        nullable=False,
        example="must_have",
    ),
    _ordinal("tier"),
    f(
        "name",
        STR,
        "The skill: the item's lead without a trailing importance parenthesis.",
        nullable=False,
        example="Identity and access management basics",
    ),
    f(
        "importance",
        STR,
        "Importance as written, from a trailing parenthesis or an 'Importance:' field.",
        example="Important-to-Critical depending on org maturity",
    ),
    f(
        "importance_level",
        STR,
        "First level the importance names: Critical, Important, Optional, Context-specific "
        "or Common ('Important-to-Critical …' -> Important).",
        example="Important",
    ),
    f(
        "importance_highest",
        STR,
        "Highest level the importance names anywhere, a range's upper end or a "
        "context upgrade ('Important-to-Critical …', 'Important (Critical for regulated "
        "orgs)' -> Critical); equals importance_level otherwise.",
        example="Critical",
    ),
    f(
        "importance_qualifier",
        STR,
        "The rest of the importance label after its levels.",
        example="depending on org maturity",
    ),
    f(
        "description",
        STR,
        "The rest of the item without its importance: its 'Label: value' fields as "
        "written, or its prose.",
        example="Use: spotting over-privileged roles and risky trust policies.",
    ),
    f(
        "use",
        STR,
        "The 'Use:' / 'Use in role:' / 'Typical use:' field.",
        example="spotting over-privileged roles and risky trust policies.",
    ),
    f(
        "fields",
        LABELLED,
        "Every 'Label: value' field of the item in order (Description, Use, Importance, "
        "Includes, Examples, …).",
    ),
    f(
        "lead_source",
        STR,
        "Where the name came from: fields (text before the first field), label, colon, "
        "dash or sentence.",
        nullable=False,
        example="label",
    ),
    BLOCK_NO,
)

SOFT_SKILLS = _dataset(
    "soft_skills",
    "One row per capability of section 9 (Soft Skills and Behavioral Capabilities).",
    ("article_id", "ordinal"),
    ARTICLE_ID,
    _ordinal("section"),
    f(
        "name",
        STR,
        "The capability (the item's lead).",
        nullable=False,
        example="Composure under pressure",
    ),
    f(
        "why_it_matters",
        STR,
        "The 'Why it matters:' field.",
        example="People copy the incident commander’s tone.",
    ),
    f(
        "shows_up_as",
        STR,
        "The 'Shows up as:' / 'On the job:' field.",
        example="short, factual updates and clear task assignment.",
    ),
    f("strong_performance", STR, "The 'Strong performance:' field."),
    f("description", STR, "The item's prose when it has no such fields."),
    BLOCK_NO,
)

KPIS = _dataset(
    "kpis",
    "One row per row of the KPI table (section 7); columns mapped by header meaning.",
    ("article_id", "ordinal"),
    ARTICLE_ID,
    _ordinal("table"),
    f("metric", STR, "'Metric' / 'Metric name' column.", example="Alert triage time"),
    f(
        "kpi_types",
        STRINGS,
        "Kinds the KPI is sorted into, lower case, in order: its table's 'Type' / 'Category' "
        "column where there is one, else the metric's trailing tag when every part of it is a "
        "kind ('Rollback rate (Quality)', '(Reliability/Efficiency)'): output, outcome, "
        "quality, efficiency, reliability, innovation, collaboration, satisfaction, "
        "governance and the like. Empty when the article sorts none.",
        nullable=False,
        example='["reliability", "efficiency"]',
    ),
    f(
        "what_it_measures",
        STR,
        "'What it measures' column.",
        example="Median time from alert to disposition",
    ),
    f("why_it_matters", STR, "'Why it matters' column."),
    f(
        "target",
        STR,
        "'Example target / benchmark' column.",
        example="Under 4 hours for high severity",
    ),
    f("frequency", STR, "'Frequency' column as written.", example="Weekly/monthly"),
    f(
        "frequency_tags",
        STRINGS,
        "Cadences the frequency names, in order: daily, weekly, biweekly, monthly, quarterly, "
        "annually, per_sprint, per_release, per_event, continuous, as_needed.",
        nullable=False,
        example='["weekly", "monthly"]',
    ),
    TABLE_NO,
    ROW_NO,
    ROW_CONFIDENCE,
)

TOOLS = _dataset(
    "tools",
    "One row per row of the tools table (section 10); columns mapped by header meaning.",
    ("article_id", "ordinal"),
    ARTICLE_ID,
    _ordinal("table"),
    f("category", STR, "'Category' column.", example="Container / orchestration"),
    f("tool", STR, "'Tool / platform (/ software)' column.", example="Kubernetes"),
    f("primary_use", STR, "'Primary use' column."),
    f(
        "adoption",
        STR,
        "'Adoption' / 'Commonality' / 'Common / Optional / Context-specific' column as written.",
        example="Optional (Common in many orgs)",
    ),
    f(
        "adoption_level",
        STR,
        "First level the adoption names: Common, Optional or Context-specific.",
        example="Optional",
    ),
    f(
        "adoption_highest",
        STR,
        "Highest level it names ('Optional (Common in …)' -> Common).",
        example="Common",
    ),
    TABLE_NO,
    ROW_NO,
    ROW_CONFIDENCE,
)

SCORECARD = _dataset(
    "scorecard",
    "One row per row of the final scorecard table (section 20).",
    ("article_id", "ordinal"),
    ARTICLE_ID,
    _ordinal("table"),
    f("category", STR, "Left column.", example="Top KPIs"),
    f("summary", STR, "Right column as written."),
    f(
        "items",
        STRINGS,
        "The summary as a list where it is one ('1) a 2) b', 'a • b', 'a; b', labelled "
        "sentences 'IC: a → b. Management: c.', or commas in a row naming a list: 'Top …', "
        "'… options', '… paths'); empty otherwise.",
        nullable=False,
    ),
    TABLE_NO,
    ROW_NO,
    ROW_CONFIDENCE,
)

ACTIVITIES = _dataset(
    "activities",
    "One row per item of section 4 (Day-to-Day Activities).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Weekly activities"),
    _ordinal("category"),
    *LIST_BASE,
    _kind("activity, meeting (recurring meetings or rituals) or incident", "meeting"),
    f(
        "cadence_tags",
        STRINGS,
        "Cadences of the item: a meeting's own ('(weekly or biweekly)'), else its subsection's "
        "('Monthly or quarterly activities' -> monthly, quarterly), narrowed to the one an "
        "activity names ('Quarterly impact review' -> quarterly); incident work that names none "
        "is per_event.",
        nullable=False,
        example='["monthly", "quarterly"]',
    ),
)

DELIVERABLES = _dataset(
    "deliverables",
    "One row per deliverable of section 5 (Key Deliverables).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Operational deliverables"),
    _ordinal("category"),
    *LIST_BASE,
)

GOALS = _dataset(
    "goals",
    "One row per goal, milestone or success indicator of section 6.",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("30-day goals (onboarding and baseline)"),
    _ordinal("category"),
    *LIST_BASE,
    _kind(
        "goal, success_indicator, success_definition or high_performance (from the group or subsection)",
        "goal",
    ),
    f(
        "horizon",
        STR,
        "30-day, 60-day, 90-day, 6-month, 12-month or long-term (from the group, else the "
        "subsection); null for a role-wide success definition or high-performance item that "
        "names none.",
        example="90-day",
    ),
    f(
        "horizon_months",
        INT,
        "The horizon in months (30 days = 1); null for long-term.",
        example="3",
    ),
)

STAKEHOLDERS = _dataset(
    "stakeholders",
    "One row per stakeholder (or collaboration / escalation item) of section 12.",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Internal stakeholders"),
    _ordinal("category"),
    f(
        "type",
        STR,
        KIND_NOTE + "internal, external, peer, upstream, downstream, collaboration, "
        "decision_authority, escalation or other.",
        nullable=False,
        example="internal",
    ),
    f(
        "name",
        STR,
        "Who: the item's lead, without a '(manager)' / '(reports to)' marker; items that "
        "enumerate many ('A, B, C.') give one row each.",
        nullable=False,
        example="Product Management",
    ),
    f(
        "relationship",
        STR,
        "What the relationship is about (the rest of the item).",
        example="defines product outcomes",
    ),
    f(
        "is_manager",
        pa.bool_(),
        "Marked as the role's manager ('(manager)', '(reports to)').",
        nullable=False,
    ),
    f(
        "escalate_to",
        STRINGS,
        "Escalation items: who the role escalates to, one entry each, as written, from "
        "'escalate to A and B', 'Area escalations: A, B' or 'A for what'; conditions such as "
        "'(if …)' or 'when …' are left out. Null when the item names only its trigger, and for "
        "the other types.",
        example='["PM", "manager"]',
    ),
    f(
        "trigger",
        STR,
        "Escalation items: what calls for the escalation, as written: the item's lead "
        "('Security concerns: escalate to …'), the 'for …' part ('Director for priority "
        "conflicts'), the condition ('A, B (if scope conflicts)'), else the area ('Technical "
        "escalations: A, B') or the whole item when it names only its trigger. Null for the "
        "other types.",
        example="Security/privacy concerns",
    ),
    LIST_GROUP,
    BLOCK_NO,
)

DECISION_RIGHTS = _dataset(
    "decision_rights",
    "One row per decision item of section 13 (Decision Rights and Scope of Authority).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Requires team approval"),
    _ordinal("category"),
    f(
        "subject",
        STR,
        "What is decided (the item's lead or sentence).",
        nullable=False,
        example="Budget",
    ),
    DESCRIPTION,
    LIST_GROUP,
    LEAD_SOURCE,
    BLOCK_NO,
    f(
        "authority",
        STR,
        KIND_NOTE + "independent (decides alone), team_approval, manager_approval "
        "(manager/director/executive) or domain (budget, architecture, vendor, hiring …).",
        nullable=False,
        example="team_approval",
    ),
    f(
        "areas",
        STRINGS,
        "Domain items: the areas the item speaks for, canonical (budget, vendor, architecture, "
        "delivery, hiring, compliance), from its lead ('Budget: …') or else its subsection "
        "('Budget / vendor authority'). Null for the other authorities, and when none is named.",
        example='["budget", "vendor"]',
    ),
)

QUALIFICATIONS = _dataset(
    "qualifications",
    "One row per item of section 14 (Required Experience and Qualifications).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Typical years of experience"),
    _ordinal("category"),
    *LIST_BASE,
    _kind(
        "years, education, certification, background, domain, leadership, other, or note "
        "(a remark in a list of certifications or backgrounds, not a name)",
        "certification",
    ),
    f(
        "label",
        STR,
        "A certification's or a degree's label as written (trailing parenthesis, '— Label', "
        "'Label:' lead or group).",
        example="Optional (Common in enterprises)",
    ),
    f(
        "label_level",
        STR,
        "First level of the label: Common, Optional, Context-specific, …",
        example="Optional",
    ),
    f("years_min", INT, "Years of experience, lower bound ('7–12 years' -> 7).", example="7"),
    f("years_max", INT, "Upper bound; null for 'N+ years' / 'N or more years'.", example="12"),
)

CAREER_PATHS = _dataset(
    "career_paths",
    "One row per role or item of section 15 (Career Path and Progression).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Next likely roles after this role"),
    _ordinal("category"),
    f(
        "direction",
        STR,
        KIND_NOTE + "feeder, next, adjacent, promotion_skill, evolution or other.",
        nullable=False,
        example="next",
    ),
    f(
        "title",
        STR,
        "For feeder/next/adjacent: the role name (text before its first '(' , ':' or 'with'); "
        "otherwise the item's lead.",
        nullable=False,
        example="Principal Data Platform Engineer",
    ),
    f("description", STR, "The rest of the item.", example="(management track)"),
    f(
        "track",
        STR,
        "ic or management where the item or its group names the ladder ('(IC)', 'Management "
        "progression', 'managerial', 'people management'); a function such as 'Product "
        "Management' is not a track.",
        example="ic",
    ),
    LIST_GROUP,
    BLOCK_NO,
)

RISKS = _dataset(
    "risks",
    "One row per item of section 16 (Risks, Challenges, and Failure Modes).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Anti-patterns"),
    _ordinal("category"),
    *LIST_BASE,
    _kind(
        "challenge, bottleneck, anti_pattern, underperformance, business_risk, risk or other",
        "anti_pattern",
    ),
)

ROLE_VARIANTS = _dataset(
    "role_variants",
    "One row per point of section 17 (Role Variants).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("By company size"),
    _ordinal("category"),
    f(
        "dimension",
        STR,
        KIND_NOTE + "company_size, industry, geography, operating_model, startup_vs_enterprise, "
        "regulation or other.",
        nullable=False,
        example="company_size",
    ),
    f(
        "variant",
        STR,
        "The context the point is about: its lead group, its own lead, the heading item "
        "before it, or the side of an 'A vs B' subsection it opens with ('Regulated "
        "environments require: …'); null when the point is general.",
        example="Small company / startup",
    ),
    f("description", STR, "The point.", example="Broader scope: one person owns the pipeline."),
    BLOCK_NO,
)

AUTOMATION_IMPACT = _dataset(
    "automation_impact",
    "One row per item of section 18 (AI / Automation Impact on the Role).",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Tasks that can be automated"),
    _ordinal("category"),
    *LIST_BASE,
    _kind("automatable, human_critical, change, new_expectation or other", "automatable"),
)

HIRING_CRITERIA = _dataset(
    "hiring_criteria",
    "One row per item of section 19 (Hiring Evaluation Criteria); an exercise's sub-points are "
    "part of its description.",
    ("article_id", "category", "ordinal"),
    ARTICLE_ID,
    _category("Red flags"),
    _ordinal("category"),
    *LIST_BASE,
    _kind(
        "competency, exercise, strong_signal, weak_signal, red_flag, rubric or other", "red_flag"
    ),
)

HIRING_RUBRIC = _dataset(
    "hiring_rubric",
    "One row per interview scorecard dimension of section 19, from its table or, without one, "
    "its list.",
    ("article_id", "ordinal"),
    ARTICLE_ID,
    _ordinal("table or list"),
    f("dimension", STR, "The dimension.", example="Systems depth"),
    f(
        "description",
        STR,
        "The first criteria column (e.g. 'What meets bar looks like'), or the item's rest.",
    ),
    f("weight", STR, "Weight as written.", example="20%"),
    f("weight_pct", pa.float64(), "Weight as a number of percent.", example="20.0"),
    f("levels", LABELLED, "Every criteria column of the row: header -> cell."),
    f("source", STR, "table or list.", nullable=False, example="table"),
    BLOCK_NO,
    f("table_no", INT, "The `tables` row, for a table."),
    f(
        "row_confidence",
        pa.float64(),
        "Row confidence (1 for lists and known cells).",
        nullable=False,
    ),
)

TYPED: tuple[Dataset, ...] = (
    RESPONSIBILITIES,
    TECHNICAL_SKILLS,
    KPIS,
    TOOLS,
    SCORECARD,
    SOFT_SKILLS,
    ACTIVITIES,
    DELIVERABLES,
    GOALS,
    STAKEHOLDERS,
    DECISION_RIGHTS,
    QUALIFICATIONS,
    CAREER_PATHS,
    RISKS,
    ROLE_VARIANTS,
    AUTOMATION_IMPACT,
    HIRING_CRITERIA,
    HIRING_RUBRIC,
)
