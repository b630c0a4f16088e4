"""Typed records of the acceptance corpus: what a careful reader finds, per seed.

Expectations are structural (counts, subsection headings, short labels such as
"Critical", "Common", "Monthly") or sha256 digests of titles (first 12 hex), so
no article text is copied here. Digests were checked against a reading of each
seed: one per subsection for the first and the last item's title.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pytest

from extractors.flat_tables import UNCERTAIN_BELOW
from extractors.identity import role_from_title
from extractors.pipeline import extract
from extractors.typed import role_metadata, typed_rows
from extractors.typed.levels import parse_level
from tests.conftest import seed_path

pytestmark = pytest.mark.seeds

EXPECTED = {
    "000": {
        "counts": {
            "responsibilities": 20,
            "activities": 24,
            "deliverables": 20,
            "goals": 39,
            "technical_skills": 23,
            "soft_skills": 10,
            "stakeholders": 40,
            "decision_rights": 20,
            "qualifications": 20,
            "career_paths": 22,
            "risks": 25,
            "role_variants": 22,
            "automation_impact": 19,
            "hiring_criteria": 26,
            "hiring_rubric": 6,
            "kpis": 18,
            "tools": 30,
            "scorecard": 10,
        },
        "responsibilities": [
            ["Strategic responsibilities", 4, "ea8d152ec17f", "f82531211536"],
            ["Operational responsibilities", 4, "4ea03b70baae", "79c948ec1377"],
            ["Technical responsibilities", 5, "53b730d4e5cc", "c2f483876caf"],
            ["Cross-functional or stakeholder responsibilities", 3, "c31fa74551c5", "c65d809b9b88"],
            [
                "Governance, compliance, or quality responsibilities",
                2,
                "afce2630912c",
                "7cf99ac0c80f",
            ],
            ["Leadership responsibilities (senior IC scope)", 2, "20bd5fb97855", "c92b9096a37e"],
        ],
        "skills": [
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Important-to-Critical depending on org maturity"],
            ["must_have", "Important"],
            ["must_have", "Important"],
            ["must_have", "Important"],
            ["good_to_have", "Important"],
            ["good_to_have", "Important; increasingly common"],
            ["good_to_have", "Important"],
            ["good_to_have", "Optional-to-Important"],
            ["good_to_have", "Optional"],
            ["good_to_have", "Optional-to-Important"],
            ["advanced", "Important"],
            ["advanced", "Important"],
            ["advanced", "Context-specific but increasingly valuable"],
            ["advanced", "Optional-to-Important"],
            ["emerging", "Important"],
            ["emerging", "Context-specific"],
            ["emerging", "Optional; depends on product direction"],
            ["emerging", "Important in enterprise/regulatory contexts"],
        ],
        "skill_names": [
            "282127e31b1f",
            "9d0701e91e18",
            "361f466882ca",
            "3a9f882b002d",
            "e16a377d0b34",
            "770a259124ec",
            "752bca1745ad",
            "ec831ec6eebb",
            "eb64cc2680e3",
            "0dfff9daf430",
            "56946a5eee48",
            "09c7dd7c322e",
            "f419121d0696",
            "a523b86d9f3a",
            "1f0a4e671828",
            "cb43ee1e0fc1",
            "2b3025c24bcd",
            "53c6e03d8dbc",
            "85db767c7ca7",
            "fd038efd4c81",
            "5f7c320b7861",
            "b45d4ed9deac",
            "685c35bf4919",
        ],
        "kpi_frequency": [
            "Per use case",
            "Per use case",
            "Per use case / monthly",
            "Per initiative",
            "Monthly",
            "Per release",
            "Monthly/quarterly",
            "Weekly/monthly",
            "Weekly/monthly",
            "Monthly/quarterly",
            "Monthly",
            "Monthly",
            "Monthly",
            "Per release",
            "Per release",
            "Quarterly",
            "Per rollout",
            "Quarterly",
        ],
        "adoption": [
            "Common",
            "Common",
            "Optional (context-specific)",
            "Optional",
            "Context-specific (increasingly common)",
            "Optional (Common in many orgs)",
            "Optional",
            "Optional (common in some enterprises)",
            "Common",
            "Optional (scale-dependent)",
            "Optional",
            "Optional (common)",
            "Common",
            "Optional (org-dependent)",
            "Common",
            "Common",
            "Common",
            "Optional (platform-dependent)",
            "Optional",
            "Optional",
            "Common",
            "Common",
            "Optional (enterprise)",
            "Common",
            "Common",
            "Common",
            "Common",
            "Optional",
            "Context-specific",
            "Optional",
        ],
        "meta": {
            "seniority": "Senior",
            "role_horizon": "Current",
            "department": "ai-ml",
            "years_min": 7,
            "years_max": 12,
            "reports_to_source": "summary",
        },
        "reports_to": "d5b983ad0611",
        "kinds": {
            "activities": {"activity": 14, "meeting": 6, "incident": 4},
            "goals": {
                "goal": 24,
                "success_indicator": 9,
                "success_definition": 1,
                "high_performance": 5,
            },
            "stakeholders": {
                "internal": 9,
                "external": 2,
                "peer": 8,
                "upstream": 6,
                "downstream": 4,
                "collaboration": 4,
                "decision_authority": 2,
                "escalation": 5,
            },
            "decision_rights": {
                "independent": 5,
                "team_approval": 4,
                "manager_approval": 5,
                "domain": 6,
            },
            "qualifications": {
                "years": 2,
                "education": 2,
                "certification": 5,
                "background": 5,
                "domain": 3,
                "leadership": 3,
            },
            "career_paths": {
                "feeder": 5,
                "next": 5,
                "adjacent": 4,
                "promotion_skill": 5,
                "evolution": 3,
            },
            "risks": {
                "challenge": 5,
                "bottleneck": 5,
                "anti_pattern": 5,
                "underperformance": 5,
                "business_risk": 5,
            },
            "role_variants": {
                "company_size": 8,
                "industry": 4,
                "geography": 2,
                "operating_model": 4,
                "startup_vs_enterprise": 2,
                "regulation": 2,
            },
            "automation_impact": {
                "automatable": 5,
                "human_critical": 5,
                "change": 5,
                "new_expectation": 4,
            },
            "hiring_criteria": {
                "competency": 7,
                "exercise": 3,
                "strong_signal": 6,
                "weak_signal": 5,
                "red_flag": 5,
            },
        },
        "rubric_weights": [20.0, 20.0, 20.0, 15.0, 15.0, 10.0],
    },
    "001": {
        "counts": {
            "responsibilities": 24,
            "activities": 25,
            "deliverables": 16,
            "goals": 30,
            "technical_skills": 23,
            "soft_skills": 8,
            "stakeholders": 33,
            "decision_rights": 18,
            "qualifications": 15,
            "career_paths": 21,
            "risks": 25,
            "role_variants": 17,
            "automation_impact": 20,
            "hiring_criteria": 26,
            "hiring_rubric": 6,
            "kpis": 19,
            "tools": 32,
            "scorecard": 10,
        },
        "responsibilities": [
            ["Strategic responsibilities", 4, "bd18b0ac41f8", "41bee4b349b5"],
            ["Operational responsibilities", 4, "1894c8c294a5", "089934043b55"],
            ["Technical responsibilities", 7, "e233c71ed07c", "f1e83eb6b2d2"],
            ["Cross-functional / stakeholder responsibilities", 4, "98d310888dbf", "54377267462f"],
            [
                "Governance, compliance, or quality responsibilities",
                3,
                "eea6c84c3df3",
                "4208f851b555",
            ],
            ["Leadership responsibilities (IC-appropriate)", 2, "8f1ecfec4226", "8cf25c86c57e"],
        ],
        "skills": [
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Important (Critical for regulated or high-scale orgs)"],
            ["must_have", "Important"],
            ["must_have", "Important"],
            ["good_to_have", "Important (varies by product)"],
            ["good_to_have", "Important (context-specific)"],
            ["good_to_have", "Important (if LLM/search-driven products)"],
            ["good_to_have", "Optional to Important (depends on scale)"],
            ["good_to_have", "Important"],
            ["good_to_have", "Important"],
            ["advanced", "Important for higher scope / mature teams"],
            ["advanced", "Optional to Important"],
            ["advanced", "Context-specific (Critical in regulated/high-impact systems)"],
            ["advanced", "Optional (depends on architecture)"],
            ["advanced", "Optional (search/recs heavy products)"],
            ["emerging", "Important (increasingly common)"],
            ["emerging", "Important"],
            ["emerging", "Context-specific"],
            ["emerging", "Context-specific (growing)"],
        ],
        "skill_names": [
            "55e0770db994",
            "bfc1dda540cf",
            "c07cf5231c7f",
            "971bb33b3b24",
            "56cbf54d7734",
            "0d1a23c779f3",
            "92f36e0f6140",
            "28d235d24067",
            "8ff72b4663fd",
            "9d73206555ca",
            "2f64c6331837",
            "0f4565bcbacc",
            "6fae5681eb9b",
            "554746030e89",
            "828aee6d59df",
            "58f1bbb938c6",
            "8686e3688e81",
            "3d8097d4af5c",
            "606bdb23b3da",
            "dc3b28e9f12c",
            "1137090c4108",
            "263bcfbb56fb",
            "f3d05f7666d3",
        ],
        "kpi_frequency": [
            "Monthly",
            "Monthly/Quarterly",
            "Monthly",
            "Per experiment",
            "Monthly",
            "Weekly",
            "Daily/Weekly",
            "Weekly",
            "Daily/Weekly",
            "Monthly",
            "Weekly",
            "Quarterly",
            "Monthly",
            "Monthly",
            "Quarterly",
            "Quarterly",
            "Weekly",
            "Monthly",
            "Monthly",
        ],
        "adoption": [
            "Common",
            "Common",
            "Common (enterprise), Context-specific (smaller orgs)",
            "Common",
            "Common",
            "Common (for DL-heavy orgs)",
            "Optional",
            "Common",
            "Common",
            "Context-specific",
            "Common",
            "Common",
            "Context-specific",
            "Common",
            "Common",
            "Context-specific",
            "Optional to Context-specific",
            "Context-specific",
            "Context-specific",
            "Common",
            "Common",
            "Common",
            "Common",
            "Optional",
            "Common",
            "Common",
            "Common",
            "Common",
            "Common",
            "Context-specific",
            "Context-specific",
            "Optional",
        ],
        "meta": {
            "seniority": "Mid",
            "role_horizon": "Current",
            "department": "ai-ml",
            "years_min": 3,
            "years_max": 6,
            "reports_to_source": "stakeholders",
        },
        "reports_to": "1f175ffedc24",
        "kinds": {
            "activities": {"activity": 15, "meeting": 6, "incident": 4},
            "goals": {"goal": 24, "success_definition": 1, "high_performance": 5},
            "stakeholders": {
                "internal": 8,
                "external": 2,
                "peer": 5,
                "upstream": 5,
                "downstream": 4,
                "collaboration": 3,
                "decision_authority": 3,
                "escalation": 3,
            },
            "decision_rights": {
                "independent": 5,
                "team_approval": 4,
                "manager_approval": 4,
                "domain": 5,
            },
            "qualifications": {
                "years": 1,
                "education": 2,
                "certification": 2,
                "background": 4,
                "domain": 4,
                "leadership": 2,
            },
            "career_paths": {
                "feeder": 4,
                "next": 5,
                "adjacent": 4,
                "promotion_skill": 5,
                "evolution": 3,
            },
            "risks": {
                "challenge": 6,
                "bottleneck": 4,
                "anti_pattern": 6,
                "underperformance": 4,
                "business_risk": 5,
            },
            "role_variants": {
                "company_size": 5,
                "industry": 4,
                "geography": 2,
                "operating_model": 2,
                "startup_vs_enterprise": 2,
                "regulation": 2,
            },
            "automation_impact": {
                "automatable": 5,
                "human_critical": 6,
                "change": 5,
                "new_expectation": 4,
            },
            "hiring_criteria": {
                "competency": 6,
                "exercise": 4,
                "strong_signal": 6,
                "weak_signal": 5,
                "red_flag": 5,
            },
        },
        "rubric_weights": [20.0, 20.0, 15.0, 20.0, 15.0, 10.0],
    },
    "002": {
        "counts": {
            "responsibilities": 22,
            "activities": 23,
            "deliverables": 16,
            "goals": 26,
            "technical_skills": 19,
            "soft_skills": 8,
            "stakeholders": 34,
            "decision_rights": 17,
            "qualifications": 15,
            "career_paths": 21,
            "risks": 25,
            "role_variants": 19,
            "automation_impact": 17,
            "hiring_criteria": 30,
            "hiring_rubric": 8,
            "kpis": 18,
            "tools": 36,
            "scorecard": 10,
        },
        "responsibilities": [
            ["Strategic responsibilities", 4, "c5095804f163", "53455610fb95"],
            ["Operational responsibilities", 4, "a926d1ab8877", "1ad7cdb3b4d2"],
            ["Technical responsibilities", 6, "af9bd8ba841f", "98cc4ba73d82"],
            ["Cross-functional or stakeholder responsibilities", 4, "0e262a755d18", "68070ee80561"],
            [
                "Governance, compliance, or quality responsibilities",
                2,
                "b080772e8bc9",
                "50ebc1668461",
            ],
            [
                "Leadership responsibilities (applicable but not managerial)",
                2,
                "fb0cd85de3a7",
                "2fc55e2195cb",
            ],
        ],
        "skills": [
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Important"],
            ["must_have", "Important"],
            ["good_to_have", "Important"],
            ["good_to_have", "Important"],
            ["good_to_have", "Optional to Important"],
            ["good_to_have", "Important"],
            ["good_to_have", "Optional to Important"],
            ["advanced", "Optional; domain-driven"],
            ["advanced", "Optional; domain-driven"],
            ["advanced", "Important in regulated/high-risk contexts"],
            ["advanced", "Optional to Important"],
            ["emerging", "Important where applicable"],
            ["emerging", "Important"],
            ["emerging", "Optional; context-specific"],
            ["emerging", "Optional; context-specific"],
        ],
        "skill_names": [
            "3e83f8300851",
            "bdf9ea390e74",
            "bfc170002cf0",
            "06df07c6e86f",
            "35d74af96ee8",
            "502a08bfcfab",
            "8b87b6a28448",
            "0b59631a35cb",
            "77f00803eae4",
            "de6735d4b341",
            "484ec129c3c5",
            "9e1b1b88dfc8",
            "475af8331d88",
            "77cf3eb9244a",
            "f10c685249b8",
            "e4db1d09a0ab",
            "15eaa179ff5e",
            "8105809a396c",
            "74589f0d2884",
        ],
        "kpi_frequency": [
            "Quarterly",
            "Monthly",
            "Per iteration",
            "Per A/B test",
            "Per release",
            "Weekly",
            "Daily/Weekly",
            "Monthly",
            "Monthly",
            "Monthly",
            "Continuous",
            "Monthly",
            "Weekly",
            "Quarterly audit",
            "Per release",
            "Sprint",
            "Quarterly",
            "Monthly",
        ],
        "adoption": [
            "Context-specific (one or more)",
            "Common",
            "Common",
            "Optional",
            "Common",
            "Optional",
            "Context-specific",
            "Optional to Common (scale-dependent)",
            "Common",
            "Common",
            "Optional",
            "Optional (maturity-dependent)",
            "Context-specific",
            "Common",
            "Optional",
            "Common",
            "Optional",
            "Context-specific",
            "Optional (use-case-driven)",
            "Common",
            "Common",
            "Common",
            "Optional to Common (org-dependent)",
            "Common",
            "Optional",
            "Optional",
            "Common",
            "Common",
            "Common (platform-managed)",
            "Common",
            "Optional",
            "Common",
            "Common",
            "Common",
            "Common",
            "Common",
        ],
        "meta": {
            "seniority": "Mid",
            "role_horizon": "Current",
            "department": None,
            "years_min": 3,
            "years_max": 6,
            "reports_to_source": "summary",
        },
        "reports_to": "729ade3e9eb5",
        "kinds": {
            "activities": {"activity": 14, "meeting": 5, "incident": 4},
            "goals": {"goal": 24, "success_definition": 1, "high_performance": 1},
            "stakeholders": {
                "internal": 8,
                "external": 2,
                "peer": 7,
                "upstream": 5,
                "downstream": 4,
                "collaboration": 3,
                "decision_authority": 2,
                "escalation": 3,
            },
            "decision_rights": {
                "independent": 5,
                "team_approval": 4,
                "manager_approval": 4,
                "domain": 4,
            },
            "qualifications": {
                "years": 1,
                "education": 2,
                "certification": 1,
                "note": 2,  # two remarks: "Useful when …", "Certifications rarely …"
                "background": 4,
                "domain": 2,
                "leadership": 3,
            },
            "career_paths": {
                "feeder": 4,
                "next": 5,
                "adjacent": 4,
                "promotion_skill": 5,
                "evolution": 3,
            },
            "risks": {
                "challenge": 5,
                "bottleneck": 4,
                "anti_pattern": 6,
                "underperformance": 5,
                "business_risk": 5,
            },
            "role_variants": {
                "company_size": 6,
                "industry": 5,
                "geography": 2,
                "operating_model": 2,
                "startup_vs_enterprise": 2,
                "regulation": 2,
            },
            "automation_impact": {
                "automatable": 5,
                "human_critical": 5,
                "change": 4,
                "new_expectation": 3,
            },
            "hiring_criteria": {
                "competency": 6,
                "exercise": 3,
                "strong_signal": 5,
                "weak_signal": 4,
                "red_flag": 4,
                "rubric": 8,
            },
        },
        "rubric_weights": [None, None, None, None, None, None, None, None],
    },
    "003": {
        "counts": {
            "responsibilities": 20,
            "activities": 33,
            "deliverables": 15,
            "goals": 32,
            "technical_skills": 22,
            "soft_skills": 8,
            "stakeholders": 32,
            "decision_rights": 19,
            "qualifications": 14,
            "career_paths": 24,
            "risks": 24,
            "role_variants": 23,
            "automation_impact": 23,
            "hiring_criteria": 26,
            "hiring_rubric": 7,
            "kpis": 20,
            "tools": 34,
            "scorecard": 10,
        },
        "responsibilities": [
            ["Strategic responsibilities", 3, "745b6df4fa55", "fbcf720962ae"],
            ["Operational responsibilities", 4, "b6cbdbdfffd5", "f1d8953a8f65"],
            ["Technical responsibilities", 6, "d01efd278ac7", "3486e4dd52f6"],
            ["Cross-functional or stakeholder responsibilities", 3, "66f895adea9d", "9f743326abe4"],
            [
                "Governance, compliance, or quality responsibilities",
                2,
                "568be85cbda6",
                "87a01475aae5",
            ],
            [
                "Leadership responsibilities (applicable in an Associate scope)",
                2,
                "5ef637a7695d",
                "0c25f072daae",
            ],
        ],
        "skills": [
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Important"],
            ["must_have", "Important"],
            ["must_have", "Critical"],
            ["must_have", "Important"],
            ["must_have", "Important"],
            ["good_to_have", "Important (varies by stack)"],
            ["good_to_have", "Important"],
            ["good_to_have", "Important"],
            ["good_to_have", "Important"],
            ["good_to_have", "Optional (context-specific)"],
            ["good_to_have", "Optional to Important (product-dependent)"],
            ["advanced", "Optional (growth)"],
            ["advanced", "Optional (growth)"],
            ["advanced", "Optional (growth)"],
            ["advanced", "Optional (growth; may be Important in regulated contexts)"],
            ["emerging", "Important (in many orgs)"],
            ["emerging", "Important"],
            ["emerging", "Optional to Important (use-case dependent)"],
            ["emerging", "Important (rising)"],
        ],
        "skill_names": [
            "69c83b3e0920",
            "d6ed9770a062",
            "84b241341dfe",
            "b3a4642286e3",
            "1c0c519a2659",
            "cd4cf7b9ea11",
            "ff7812629c7b",
            "0f6fd167c41d",
            "d53428880d64",
            "9b666bb3c0ba",
            "f2751b7dc46e",
            "502a08bfcfab",
            "133620b5ff82",
            "34f62204ab28",
            "f0178e5c1787",
            "b9bf792fe7d3",
            "9df04d158887",
            "938e55720d94",
            "5865eee3b3d9",
            "3d14dae68f5c",
            "a1f08f6ce91c",
            "798002e0d363",
        ],
        "kpi_frequency": [
            "Monthly",
            "Monthly",
            "Weekly/Monthly",
            "Sprint",
            "Monthly",
            "Per release",
            "Per experiment",
            "Daily/Weekly",
            "Daily/Weekly",
            "Weekly",
            "Monthly",
            "Monthly",
            "Monthly",
            "Monthly",
            "Monthly",
            "Quarterly",
            "Quarterly",
            "Quarterly",
            "Quarterly",
            "Quarterly",
        ],
        "adoption": [
            "Context-specific (one is common per org)",
            "Common (mid/large orgs)",
            "Optional",
            "Common",
            "Common",
            "Common",
            "Optional (Associate awareness helpful)",
            "Common",
            "Optional to Common",
            "Common",
            "Optional",
            "Common",
            "Context-specific",
            "Common (one per org)",
            "Optional to Common",
            "Context-specific",
            "Common",
            "Optional (maturity-dependent)",
            "Context-specific",
            "Common",
            "Common",
            "Optional to Common",
            "Common",
            "Optional",
            "Optional (use-case dependent)",
            "Context-specific",
            "Common",
            "Optional",
            "Common",
            "Common in mature orgs",
            "Common",
            "Common",
            "Common",
            "Context-specific (enterprise)",
        ],
        "meta": {
            "seniority": "Associate",
            "role_horizon": "Current",
            "department": "ai-ml",
            "years_min": 0,
            "years_max": 2,
            "reports_to_source": "stakeholders",
        },
        "reports_to": "620e166c6e88",
        "kinds": {
            "activities": {"activity": 18, "meeting": 6, "incident": 9},
            "goals": {"goal": 27, "success_definition": 1, "high_performance": 4},
            "stakeholders": {
                "internal": 10,
                "external": 2,
                "peer": 5,
                "upstream": 3,
                "downstream": 4,
                "collaboration": 2,
                "decision_authority": 2,
                "escalation": 4,
            },
            "decision_rights": {
                "independent": 5,
                "team_approval": 4,
                "manager_approval": 4,
                "domain": 6,
            },
            "qualifications": {
                "years": 2,
                "education": 2,
                "certification": 3,
                "background": 4,
                "domain": 2,
                "leadership": 1,
            },
            "career_paths": {
                "feeder": 4,
                "next": 3,
                "adjacent": 4,
                "promotion_skill": 10,
                "evolution": 3,
            },
            "risks": {
                "challenge": 5,
                "bottleneck": 4,
                "anti_pattern": 7,
                "underperformance": 4,
                "business_risk": 4,
            },
            "role_variants": {
                "company_size": 7,
                "industry": 3,
                "geography": 4,
                "operating_model": 4,
                "startup_vs_enterprise": 2,
                "regulation": 3,
            },
            "automation_impact": {
                "automatable": 4,
                "human_critical": 5,
                "change": 10,
                "new_expectation": 4,
            },
            "hiring_criteria": {
                "competency": 6,
                "exercise": 4,
                "strong_signal": 6,
                "weak_signal": 5,
                "red_flag": 5,
            },
        },
        "rubric_weights": [None, None, None, None, None, None, None],
    },
    "004": {
        "counts": {
            "responsibilities": 20,
            "activities": 23,
            "deliverables": 15,
            "goals": 34,
            "technical_skills": 21,
            "soft_skills": 10,
            "stakeholders": 36,
            "decision_rights": 17,
            "qualifications": 21,
            "career_paths": 22,
            "risks": 24,
            "role_variants": 18,
            "automation_impact": 18,
            "hiring_criteria": 23,
            "hiring_rubric": 7,
            "kpis": 21,
            "tools": 22,
            "scorecard": 10,
        },
        "responsibilities": [
            ["Strategic responsibilities", 4, "adc12d587666", "7c09c20ab071"],
            ["Operational responsibilities", 4, "5f6a7ce51ffb", "ca991d965d5f"],
            ["Technical responsibilities", 4, "865923c49b55", "01af88548ce6"],
            ["Cross-functional or stakeholder responsibilities", 3, "d0a5581014f0", "00604cb6818e"],
            [
                "Governance, compliance, or quality responsibilities",
                3,
                "f4306f818c59",
                "70361f369ef6",
            ],
            ["Leadership responsibilities (IC leadership)", 2, "14b1437b3e24", "e5914ee0725f"],
        ],
        "skills": [
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Critical"],
            ["must_have", "Important; increasingly Critical"],
            ["must_have", "Critical"],
            ["must_have", "Important"],
            ["must_have", "Important"],
            ["must_have", "Important"],
            ["good_to_have", "Important"],
            ["good_to_have", "Important"],
            ["good_to_have", "Optional to Important, context-specific"],
            ["good_to_have", "Important"],
            ["good_to_have", "Important"],
            ["advanced", "Critical in genAI-heavy orgs"],
            ["advanced", "Optional/Advanced"],
            ["advanced", "Optional/Advanced"],
            ["advanced", "Optional/Advanced"],
            ["emerging", "Important → Critical"],
            ["emerging", "Important"],
            ["emerging", "Important"],
            ["emerging", "Important"],
        ],
        "skill_names": [
            "bd2a63570246",
            "d016806284d2",
            "f69827f433c3",
            "a029f5c721be",
            "0340d7c1816f",
            "c37638dc9bcb",
            "d3889ccbd9dc",
            "1a5b9e840b89",
            "0d09f7217134",
            "4a5ce4546d77",
            "6249360b393a",
            "95c2152e3fdf",
            "23451eee596d",
            "9aa7ba60a5c7",
            "28db1ee01500",
            "331e13d0da87",
            "0ce9b278b4d7",
            "7d88e1bfd466",
            "a6785223fd50",
            "7442e47dc87d",
            "31038e4e4fdd",
        ],
        "kpi_frequency": [
            "Weekly/monthly",
            "Monthly/quarterly",
            "Monthly",
            "Monthly",
            "Quarterly",
            "Monthly/quarterly",
            "Per release + quarterly",
            "Weekly/monthly",
            "Monthly",
            "Monthly/quarterly",
            "Quarterly",
            "Monthly",
            "Monthly",
            "Per audit",
            "Monthly",
            "Monthly",
            "Quarterly",
            "Quarterly",
            "Monthly",
            "Quarterly",
            "Quarterly",
        ],
        "adoption": [
            "Context-specific",
            "Common",
            "Common",
            "Optional",
            "Optional",
            "Optional (Common in mature RAI orgs)",
            "Optional",
            "Context-specific (Common for genAI products)",
            "Optional",
            "Optional",
            "Context-specific",
            "Optional (Context-specific)",
            "Context-specific",
            "Common",
            "Common",
            "Common",
            "Context-specific",
            "Optional",
            "Context-specific",
            "Optional (Common in regulated orgs)",
            "Context-specific",
            "Common",
        ],
        "meta": {
            "seniority": "Lead",
            "role_horizon": "Emerging",
            "department": None,
            "years_min": 7,
            "years_max": 12,
            "reports_to_source": "stakeholders",
        },
        "reports_to": "62a623aea284",
        "kinds": {
            "activities": {"activity": 14, "meeting": 5, "incident": 4},
            "goals": {"goal": 24, "success_definition": 6, "high_performance": 4},
            "stakeholders": {
                "internal": 10,
                "external": 3,
                "peer": 6,
                "upstream": 4,
                "downstream": 4,
                "collaboration": 3,
                "decision_authority": 2,
                "escalation": 4,
            },
            "decision_rights": {
                "independent": 4,
                "team_approval": 3,
                "manager_approval": 4,
                "domain": 6,
            },
            "qualifications": {
                "years": 2,
                "education": 2,
                "certification": 4,
                "background": 6,
                "domain": 4,
                "leadership": 3,
            },
            "career_paths": {
                "feeder": 5,
                "next": 5,
                "adjacent": 4,
                "promotion_skill": 5,
                "evolution": 3,
            },
            "risks": {
                "challenge": 5,
                "bottleneck": 4,
                "anti_pattern": 5,
                "underperformance": 5,
                "business_risk": 5,
            },
            "role_variants": {
                "company_size": 6,
                "industry": 3,
                "geography": 3,
                "operating_model": 2,
                "startup_vs_enterprise": 2,
                "regulation": 2,
            },
            "automation_impact": {
                "automatable": 5,
                "human_critical": 5,
                "change": 4,
                "new_expectation": 4,
            },
            "hiring_criteria": {
                "competency": 6,
                "exercise": 3,
                "strong_signal": 5,
                "weak_signal": 4,
                "red_flag": 5,
            },
        },
        "rubric_weights": [None, None, None, None, None, None, None],
    },
}
IMPORTANCE_PAREN = re.compile(r"\((?:Critical|Important|Optional|Context-specific)[^()]*\)$")
KIND_COLUMN = {
    "stakeholders": "type",
    "decision_rights": "authority",
    "career_paths": "direction",
    "role_variants": "dimension",
}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def typed(seed: str) -> tuple[dict, dict, list[str], str]:
    doc = extract(seed_path(seed).read_bytes(), f"file:///{seed}").document
    assert doc is not None
    rows = typed_rows(doc)
    return rows, role_metadata(doc), doc.warnings, role_from_title(doc.title)


SEEDS = sorted(EXPECTED)


@pytest.mark.parametrize("seed", SEEDS)
def test_row_counts_per_dataset(seed):
    rows, _, _, _ = typed(seed)
    assert {name: len(r) for name, r in rows.items()} == EXPECTED[seed]["counts"]


@pytest.mark.parametrize("seed", SEEDS)
def test_responsibility_categories_and_first_last_titles(seed):
    rows, _, _, _ = typed(seed)
    got = []
    for category in dict.fromkeys(r["category"] for r in rows["responsibilities"]):
        items = [r for r in rows["responsibilities"] if r["category"] == category]
        assert [r["ordinal"] for r in items] == list(range(1, len(items) + 1))
        got.append([category, len(items), digest(items[0]["title"]), digest(items[-1]["title"])])
    assert got == EXPECTED[seed]["responsibilities"]


@pytest.mark.parametrize("seed", SEEDS)
def test_technical_skill_tiers_importance_and_names(seed):
    rows, _, _, _ = typed(seed)
    skills = rows["technical_skills"]
    assert [[r["tier_key"], r["importance"]] for r in skills] == EXPECTED[seed]["skills"]
    assert [digest(r["name"]) for r in skills] == EXPECTED[seed]["skill_names"]
    assert all(
        r["importance_level"] in {"Critical", "Important", "Optional", "Context-specific"}
        for r in skills
    )
    assert not [r["name"] for r in skills if IMPORTANCE_PAREN.search(r["name"])]


@pytest.mark.parametrize("seed", SEEDS)
def test_kpi_types_come_from_the_metrics_own_tag(seed):
    """Seed 001 tags every metric with its kind ("(Output)", "(Reliability/Efficiency)"); the
    others tag none, and their parentheses ("(AI-related)", "(primary metric)") are no kind."""
    rows, _, _, _ = typed(seed)
    kinds = Counter(kind for r in rows["kpis"] for kind in r["kpi_types"])
    tagged = sum(1 for r in rows["kpis"] if r["kpi_types"])
    expected = {
        "001": (
            19,
            {"reliability": 6, "efficiency": 5, "quality": 5, "output": 2}
            | {"governance": 2, "collaboration": 2, "outcome": 1},
        ),
    }.get(seed, (0, {}))
    assert (tagged, dict(kinds)) == expected
    assert all(r["metric"] for r in rows["kpis"])  # the tag stays in the metric as written


@pytest.mark.parametrize("seed", SEEDS)
def test_kpi_frequencies_in_table_order(seed):
    rows, _, _, _ = typed(seed)
    assert [r["frequency"] for r in rows["kpis"]] == EXPECTED[seed]["kpi_frequency"]
    assert all(r["metric"] and r["what_it_measures"] and r["target"] for r in rows["kpis"])
    assert all(r["frequency_tags"] for r in rows["kpis"])


@pytest.mark.parametrize("seed", SEEDS)
def test_tool_adoption_labels_in_table_order(seed):
    rows, _, _, _ = typed(seed)
    assert [r["adoption"] for r in rows["tools"]] == EXPECTED[seed]["adoption"]
    assert all(r["tool"] and r["category"] for r in rows["tools"])


@pytest.mark.parametrize("seed", SEEDS)
def test_scorecard_rows_name_the_role(seed):
    rows, _, _, role = typed(seed)
    card = rows["scorecard"]
    assert (card[0]["category"], card[0]["summary"]) == ("Role title", role)
    assert [r["category"] for r in card][-1] == "Career progression options"
    top = [r for r in card if r["category"].startswith("Top")]
    assert len(top) >= 4 and all(len(r["items"]) >= 3 for r in top)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_scorecards_career_options_are_a_list_in_every_shape(seed):
    """Seeds 001/002 write the options with semicolons, 003/004 with commas, and 000 as
    labelled sentences ("IC: … → …. Management: … Adjacent: …"): each gives its items."""
    rows, _, _, _ = typed(seed)
    (options,) = [r for r in rows["scorecard"] if r["category"] == "Career progression options"]
    expected = {"000": 3, "001": 4, "002": 5, "003": 5, "004": 5}[seed]
    assert len(options["items"]) == expected
    assert all(item and not item.endswith((".", ";", ",")) for item in options["items"])
    if seed == "000":
        assert [item.split(":")[0] for item in options["items"]] == ["IC", "Management", "Adjacent"]


@pytest.mark.parametrize("seed", SEEDS)
def test_role_metadata(seed):
    _, meta, _, _ = typed(seed)
    assert {k: meta[k] for k in EXPECTED[seed]["meta"]} == EXPECTED[seed]["meta"]
    assert digest(meta["reports_to"]) == EXPECTED[seed]["reports_to"]


@pytest.mark.parametrize("seed", SEEDS)
def test_kinds_of_the_other_sections(seed):
    rows, _, _, _ = typed(seed)
    for name, expected in EXPECTED[seed]["kinds"].items():
        column = KIND_COLUMN.get(name, "kind")
        assert dict(Counter(r[column] for r in rows[name])) == expected, name


@pytest.mark.parametrize("seed", SEEDS)
def test_hiring_rubric_weights_are_numbers(seed):
    rows, _, _, _ = typed(seed)
    weights = [r["weight_pct"] for r in rows["hiring_rubric"]]
    assert weights == EXPECTED[seed]["rubric_weights"]
    if all(w is not None for w in weights):
        assert sum(weights) == 100.0


@pytest.mark.parametrize("seed", SEEDS)
def test_soft_skills_have_their_three_fields(seed):
    rows, _, _, _ = typed(seed)
    assert rows["soft_skills"]
    for r in rows["soft_skills"]:
        assert r["why_it_matters"] and r["shows_up_as"] and r["strong_performance"], r["ordinal"]
        assert "Why it matters" not in r["name"]


def test_seed_000_importance_range_is_split_as_documented():
    rows, _, _, _ = typed("000")
    ranged = [r for r in rows["technical_skills"] if r["importance"].startswith("Important-to-")]
    assert [
        (r["importance_level"], r["importance_highest"], r["importance_qualifier"]) for r in ranged
    ] == [("Important", "Critical", "depending on org maturity")]


def test_only_uncertain_table_rows_are_flagged():
    for seed in SEEDS:
        rows, _, warnings, _ = typed(seed)
        flagged = sum(
            1
            for n in ("kpis", "tools", "scorecard")
            for r in rows[n]
            if r["row_confidence"] < UNCERTAIN_BELOW
        )
        typed_warnings = [w for w in warnings if w.startswith("typed: ")]
        assert bool(flagged) == any("uncertain" in w for w in typed_warnings), seed
        assert not [w for w in typed_warnings if "not typed" in w], seed


RUN_ON_COLON = re.compile(r"^\([^()]*\):")


@pytest.mark.parametrize("seed", SEEDS)
def test_no_value_starts_with_a_bold_leads_run_on_qualifier(seed):
    """ "**Lead** (Optional): body" is titled "Lead (Optional)"; the body never starts "(…):"."""
    rows, _, _, _ = typed(seed)
    for name, records in rows.items():
        for r in records:
            for column, value in r.items():
                assert not (isinstance(value, str) and RUN_ON_COLON.match(value)), (name, column)
    certs = [r for r in rows["qualifications"] if r["kind"] == "certification" and r["label"]]
    assert all(len(r["label"].split()) <= 6 for r in certs), [r["label"] for r in certs]


def test_seed_004_certification_note_after_a_dash_stays_with_its_certification():
    """Seed 004 flattens its certification list into one line of " – " items, and its first
    item has a dash of its own before a note: four certifications, each labelled, the first
    one's note its description (it was once read as a fifth, unlabelled certification)."""
    rows, _, _, _ = typed("004")
    certs = [r for r in rows["qualifications"] if r["kind"] == "certification"]
    assert [r["label_level"] for r in certs] == ["Common", "Optional", "Optional", "Optional"]
    first = certs[0]
    assert first["description"] and first["description"][:1].islower()
    assert "–" not in first["title"] and first["title"].endswith(")")
    assert (digest(first["title"]), digest(first["description"])) == (
        "1f6776629f0d",
        "8eb53a3eb1c5",
    )


NAME_COLUMNS = ("title", "name", "subject", "dimension", "metric", "tool")


@pytest.mark.parametrize("seed", SEEDS)
def test_no_title_or_name_ends_with_a_full_stop(seed):
    """Titles are names, not sentences: seed 004's "Optional: ISO … (context-specific)." kept
    its stop (and its qualifier, now its description) where every other title drops them."""
    rows, _, _, _ = typed(seed)
    ended = [
        (name, column, row[column])
        for name, dataset in rows.items()
        for row in dataset
        for column in NAME_COLUMNS
        if isinstance(row.get(column), str) and row[column].endswith(".")
    ]
    assert ended == []


@pytest.mark.parametrize("seed", SEEDS)
def test_no_title_or_name_is_cut_inside_a_bracket(seed):
    """A lead or first sentence never ends inside "(…)": seed 004's "(…, etc. depending on
    …)" was once cut after "etc"."""
    rows, _, _, _ = typed(seed)
    for name, records in rows.items():
        for r in records:
            for column in ("title", "name"):
                value = r.get(column)
                if isinstance(value, str):
                    assert value.count("(") == value.count(")"), (name, column, digest(value))


# Who each seed's escalation items escalate to (entries per item, a digest of them all), and a
# digest of their triggers ("|"-joined). 000 and 004 name only triggers; 001 lists who after an
# area lead ("… escalations: A, B (if …)"); 002 writes "Who for what"; 003 "Trigger: escalate to
# A and B", and its last item escalates a severity, not to anyone.
ESCALATIONS = {
    "000": ([0, 0, 0, 0, 0], "e3b0c44298fc", "1dd1e0ed77dc"),
    "001": ([3, 2, 1], "7b60d92638a5", "5d3c1137ce85"),
    "002": ([1, 1, 1], "9737b70678bd", "289ce536cec1"),
    "003": ([1, 2, 2, 0], "68d60249690b", "e2ca88509d3e"),
    "004": ([0, 0, 0, 0], "e3b0c44298fc", "cc067b4462da"),
}


@pytest.mark.parametrize("seed", SEEDS)
def test_escalation_items_name_who_the_role_escalates_to_and_for_what(seed):
    rows, _, _, _ = typed(seed)
    escalations = [r for r in rows["stakeholders"] if r["type"] == "escalation"]
    named = [r["escalate_to"] or [] for r in escalations]
    counts, names, triggers = ESCALATIONS[seed]
    assert [len(n) for n in named] == counts
    assert digest("|".join(n for who in named for n in who)) == names
    assert digest("|".join(r["trigger"] for r in escalations)) == triggers
    assert all(n and n[0].isalnum() and not n.endswith((".", ",", "(")) for w in named for n in w)
    others = [r for r in rows["stakeholders"] if r["type"] != "escalation"]
    assert all(r["escalate_to"] is None and r["trigger"] is None for r in others)
    # An item that names no one is all trigger: its trigger is its name.
    assert all(r["trigger"] == r["name"] for r in escalations if r["escalate_to"] is None)
    # "Who for what" is split as "Who: what" is: the who is the name, the what its relationship.
    who_named = [r for r in escalations if r["escalate_to"] == [r["name"]] and r["relationship"]]
    assert len(who_named) == (3 if seed == "002" else 0)
    assert all(r["trigger"] == r["relationship"] for r in who_named)


def test_remarks_in_seed_002_certification_list_are_notes_not_certifications():
    """Seed 002's certification list ends with two remarks ("Useful when …",
    "Certifications rarely substitute for …"): clauses, not names. They stay rows, as notes."""
    rows, _, _, _ = typed("002")
    certs = [r for r in rows["qualifications"] if r["kind"] == "certification"]
    assert [r["label"] for r in certs] == ["Common/optional"]
    notes = [r for r in rows["qualifications"] if r["kind"] == "note"]
    assert [(r["category"], r["ordinal"], r["label"]) for r in notes] == [
        (certs[0]["category"], 2, None),
        (certs[0]["category"], 3, None),
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_degree_written_after_its_label_is_labelled(seed):
    """Seeds 002 and 003 write "Common: Bachelor's in …": the degree was titled "Common"."""
    rows, _, _, _ = typed(seed)
    education = [r for r in rows["qualifications"] if r["kind"] == "education"]
    assert len(education) == 2
    labelled = [(r["ordinal"], r["label_level"]) for r in education if r["label"]]
    assert labelled == ([(1, "Common")] if seed in ("002", "003") else [])
    assert all(r["title"].startswith(("Bachelor", "Master")) for r in education[:1])
    assert not any(parse_level(r["title"]) for r in education)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_roles_short_qualifier_stays_in_its_title(seed):
    """ "Applied Scientist (Senior) (deeper modeling …)": the qualifier is part of the role's
    name, as in "Role (Qualifier): …"; the description is what follows, unwrapped."""
    rows, _, _, _ = typed(seed)
    roles = [r for r in rows["career_paths"] if r["direction"] in ("feeder", "next", "adjacent")]
    qualified = [r["title"] for r in roles if r["title"].endswith(")")]
    assert len(qualified) == {"000": 1, "001": 1, "002": 2, "003": 3, "004": 4}[seed]
    assert all(not re.match(r"\([^(),;]*\)", r["description"] or "") for r in roles)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_list_group_is_a_whole_sentence(seed):
    """A group labels the items under it. Seed 004 writes its certifications as one paragraph
    after a remark ("… practical competence. – Common/Optional: IAPP …"); the remark is an
    intro, not their group."""
    rows, _, _, _ = typed(seed)
    groups = {r["list_group"] for dataset in rows.values() for r in dataset if r.get("list_group")}
    assert not [g for g in groups if g.rstrip().endswith(".")]
    certs = [r for r in rows["qualifications"] if r["kind"] == "certification"]
    if seed == "004":
        assert [r["list_group"] for r in certs] == [None] * 4
        assert [r["label_level"] for r in certs] == ["Common", "Optional", "Optional", "Optional"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_stakeholder_name_keeps_parens_that_qualify_its_alternatives(seed):
    """Seed 000: "Clients / business units (for …) or customers (for …)." The last paren
    qualifies "customers" alone; it is not the item's relationship."""
    rows, _, _, _ = typed(seed)
    with_parens = [r for r in rows["stakeholders"] if r["name"].count("(") > 1]
    assert len(with_parens) == (1 if seed == "000" else 0)
    for r in with_parens:
        assert (digest(r["name"]), r["relationship"], r["type"]) == (
            "df4a52128556",
            None,
            "external",
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_domain_decisions_name_their_areas(seed):
    """Four seeds write "Budget: …" items; 001 writes a sentence under "Budget / vendor
    authority". Either way the row names its areas, so roles compare in one query."""
    rows, _, _, _ = typed(seed)
    domain = [r for r in rows["decision_rights"] if r["authority"] == "domain"]
    others = [r for r in rows["decision_rights"] if r["authority"] != "domain"]
    assert all(r["areas"] is None for r in others)
    if seed == "001":
        assert all(r["lead_source"] == "sentence" for r in domain)
        assert [r["areas"] for r in domain] == [
            ["budget", "vendor"],
            ["delivery"],
            ["delivery"],
            ["hiring"],
            ["compliance"],
        ]
    else:
        # the lead names the area: "Vendors" -> vendor
        assert [r["areas"] for r in domain] == [[r["subject"].lower().rstrip("s")] for r in domain]
        assert len(domain) == {"000": 6, "002": 4, "003": 6, "004": 6}[seed]


@pytest.mark.parametrize("seed", SEEDS)
def test_role_wide_success_and_high_performance_carry_no_horizon_they_do_not_name(seed):
    """Seed 002 writes "Role success definition – …" and "What high performance looks like – …"
    as paragraphs inside its long-term subsection; they speak for the whole role, so their
    horizon is null, not long-term. Seed 004's "Success definition (30 days)" names one."""
    rows, _, _, _ = typed(seed)
    role_wide = [
        r for r in rows["goals"] if r["kind"] in ("success_definition", "high_performance")
    ]
    dated = [
        (r["list_group"], r["horizon"], r["horizon_months"]) for r in role_wide if r["horizon"]
    ]
    assert dated == {
        "004": [
            ("Success definition (30 days)", "30-day", 1),
            ("Success definition (30 days)", "30-day", 1),
            ("Success definition (60 days)", "60-day", 2),
            ("Success definition (90 days)", "90-day", 3),
        ]
    }.get(seed, [])
    if seed == "002":
        assert [(r["list_group"], r["kind"]) for r in role_wide] == [
            ("Role success definition", "success_definition"),
            ("What high performance looks like", "high_performance"),
        ]


@pytest.mark.parametrize("seed", SEEDS)
def test_activity_cadences_read_as_a_reader_would(seed):
    """Three seeds put one quarterly item under "Monthly or quarterly activities": it is
    quarterly, not both. Incident work names no cadence (002 and 004 write "(when relevant)",
    which once read as as_needed): it happens per incident."""
    rows, _, _, _ = typed(seed)
    activities = rows["activities"]
    monthly_or_quarterly = [
        r for r in activities if r["category"] == "Monthly or quarterly activities"
    ]
    narrowed = [r for r in monthly_or_quarterly if r["cadence_tags"] != ["monthly", "quarterly"]]
    assert [r["cadence_tags"] for r in narrowed] == (
        [] if seed in ("001", "004") else [["quarterly"]]
    )
    assert all("quarterly" in r["title"].lower() for r in narrowed)
    incidents = [r for r in activities if r["kind"] == "incident"]
    assert len(incidents) == {"000": 4, "001": 4, "002": 4, "003": 9, "004": 4}[seed]
    assert {tuple(r["cadence_tags"]) for r in incidents} == {("per_event",)}
    assert "as_needed" not in {
        t for r in activities if r["kind"] != "meeting" for t in r["cadence_tags"]
    }


MEETING_CADENCES = {
    "000": [
        ["weekly"],
        ["as_needed"],
        ["as_needed"],
        ["biweekly", "monthly"],
        ["per_release"],
        ["weekly", "monthly"],
    ],
    "001": [
        ["daily"],
        ["weekly"],
        ["per_sprint", "biweekly"],
        ["weekly", "biweekly"],
        ["as_needed"],
        ["monthly"],
    ],
    "002": [["daily"], ["weekly"], ["biweekly", "per_sprint"], ["as_needed"], ["per_event"]],
    "003": [
        ["daily"],
        ["per_sprint"],
        ["weekly"],
        ["as_needed"],
        ["biweekly", "monthly"],
        ["weekly", "biweekly"],
    ],
    "004": [
        ["continuous"],
        ["weekly", "biweekly"],
        ["biweekly", "monthly"],
        ["as_needed"],
        ["quarterly"],
    ],
}


@pytest.mark.parametrize("seed", SEEDS)
def test_each_meeting_has_the_cadence_it_names(seed):
    """Seed 000's "performance review … post-launch (weekly initially, then monthly)" was
    per_release too: "post-launch" says when the weekly review starts, not how often."""
    rows, _, _, _ = typed(seed)
    meetings = [r for r in rows["activities"] if r["kind"] == "meeting"]
    assert [r["cadence_tags"] for r in meetings] == MEETING_CADENCES[seed]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_point_of_a_versus_subsection_names_its_side(seed):
    """Seed 000: "Regulated environments require: …" was the variant "Regulated environments
    require", and "Non-regulated environments can still …" had none."""
    rows, _, _, _ = typed(seed)
    versus = [r for r in rows["role_variants"] if " vs " in r["category"]]
    assert versus and all(r["variant"] for r in versus)
    regulation = [r["variant"] for r in versus if r["dimension"] == "regulation"]
    assert regulation == {
        "000": ["Regulated environments", "Non-regulated environments"],
        "003": ["Regulated", "Regulated", "Non-regulated"],
    }.get(seed, ["Regulated", "Non-regulated"])


def test_seed_003_company_size_headers_own_their_first_point():
    """Seed 003 flattens "Startup / small company" and its points into one list; its first
    point has a lead of its own ("Broader scope: …"), which once made it a variant."""
    rows, _, _, _ = typed("003")
    size = [r for r in rows["role_variants"] if r["dimension"] == "company_size"]
    assert [r["variant"] for r in size] == ["Startup / small company"] * 3 + [
        "Mid-size SaaS"
    ] * 2 + ["Large enterprise IT / big tech"] * 2
    assert size[0]["description"].startswith("Broader scope: ")


@pytest.mark.parametrize("seed", SEEDS)
def test_an_exercises_sub_points_follow_its_colon(seed):
    """ "Build a small inference API with:" and its bullets read "… with: Input validation;
    Logging; …"; the colon was once dropped for a semicolon ("with; Input validation")."""
    rows, _, _, _ = typed(seed)
    dangling = re.compile(r"\b(?:with|to|for|covering|output|discussion);")
    descriptions = [r["description"] or "" for r in rows["hiring_criteria"]]
    assert not [d for d in descriptions if dangling.search(d)]


def test_seed_003_flattened_sub_lists_end_where_their_parent_list_resumes():
    """Seed 003's text flattens nested lists: "… and their operationalization:" and three
    phrases, then the parent list's next item, a whole sentence. That item was once read as
    the last phrase's description (and lost as a row), and every sub-list ran on to the end
    of its list."""
    rows, _, _, _ = typed("003")
    changes = [r for r in rows["automation_impact"] if r["kind"] == "change"]
    own = [r for r in changes if r["list_group"] is None]
    assert [r["ordinal"] for r in own] == [4]
    assert digest(own[0]["title"]) == "f04338a485d5"
    grouped = [r for r in changes if r["list_group"]]
    assert len(grouped) == 9 and all(r["title"][:1].islower() for r in grouped)
    assert all(r["description"] is None for r in grouped)
    # a sub-list of phrases never takes in a sentence of the parent list, in any dataset
    for name, dataset in rows.items():
        for row in dataset:
            title = row.get("title") or ""
            if row.get("list_group") and row.get("lead_source") == "sentence":
                assert not (title[:1].isupper() and len(title.split()) > 10), (name, title)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_track_names_the_career_ladder_not_a_managed_thing(seed):
    """`track` is the ladder a role sits on, said by its group ("Management progression") or
    its text ("(IC)", "(managerial)"). Seed 000's "AI Product Management" is a function and
    seed 004's "Portfolio risk management" a duty: neither is the management track."""
    rows, _, _, _ = typed(seed)
    tracked = [
        (r["direction"], r["ordinal"], r["track"]) for r in rows["career_paths"] if r["track"]
    ]
    ic, management = "ic", "management"
    assert (
        tracked
        == {
            "000": [("next", n, ic) for n in (1, 2, 3)] + [("next", n, management) for n in (4, 5)],
            "001": [("next", 5, ic)],
            "002": [],
            "003": [],
            "004": [("next", 1, ic), ("next", 2, management)],
        }[seed]
    )
