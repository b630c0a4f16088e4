"""Section 17 -> `role_variants`: how the role differs by company size, industry, geography, …

The variant an item describes is its lead group ("Small company / startup:"),
its own lead ("Startup: …"), or the heading-like item before it ("Startup" then
its points). A fragment after a lead item ("Scale-up: …" then "Chooses the
stack") is one of that variant's points.
"""

from __future__ import annotations

from extractors.typed.items import is_fragment
from extractors.typed.lists import by_category, list_items, renumber
from extractors.typed.walk import Section

DIMENSIONS = (
    (r"size", "company_size"),
    (r"industr|sector", "industry"),
    (r"geograph|region", "geography"),
    (r"product-led|service-led|product vs|service vs", "operating_model"),
    (r"startup|enterprise", "startup_vs_enterprise"),
    (r"regulat", "regulation"),
)


def variant_rows(article_id: str, section: Section) -> list[dict]:
    items = list_items(section)
    rows: list[tuple[object, str | None, str | None]] = []
    current: str | None = None
    from_header = False
    category = None
    for i, item in enumerate(items):
        if item.category != category:
            category, current, from_header = item.category, None, False
        nxt = items[i + 1] if i + 1 < len(items) else None
        if item.group:
            rows.append((item, item.group, item.text))
            continue
        if item.lead.source in ("label", "colon", "dash") and item.lead.description:
            current, from_header = item.lead.title, False
            rows.append((item, item.lead.title, item.lead.description))
            continue
        if (
            is_fragment(item.text)
            and nxt is not None
            and nxt.category == category
            and not is_fragment(nxt.text)
            and nxt.lead.source == "sentence"
        ):
            current, from_header = item.text, True
            continue
        inherit = from_header or is_fragment(item.text)
        rows.append((item, current if inherit else None, item.text))
    kept = renumber(r[0] for r in rows)  # type: ignore[misc]
    out = []
    dimensions = by_category(kept, DIMENSIONS)
    for item, (_, variant, description) in zip(kept, rows, strict=True):
        out.append(
            {
                "article_id": article_id,
                "category": item.category,
                "ordinal": item.ordinal,
                "dimension": dimensions[item.category],
                "variant": variant,
                "description": description,
                "block_no": item.block_no,
            }
        )
    return out
