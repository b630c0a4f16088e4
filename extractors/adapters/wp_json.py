"""WordPress REST API post -> raw blocks (its body HTML is `content.rendered`)."""

from __future__ import annotations

import html
import json

from extractors.adapters.html import fragment_blocks, post_class_categories
from extractors.decoding import repair_mojibake
from extractors.errors import BadInput
from extractors.model import RawBlock, SourceMeta
from extractors.text_clean import clean_inline


def load_post(text: str) -> dict:
    """The post object in a JSON document, or a one-line reason it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"truncated or invalid JSON: {exc.msg} at line {exc.lineno} col {exc.colno}"
        ) from None
    if isinstance(data, list):
        if len(data) != 1:
            raise BadInput(
                f"JSON array of {len(data)} items: ingest splits arrays into one document per post"
            )
        data = data[0]
    if not isinstance(data, dict) or not isinstance(data.get("content"), dict):
        kind = type(data).__name__
        raise BadInput(f"JSON {kind} is not a WordPress post: no content.rendered")
    return data


def post_blocks(text: str) -> tuple[list[RawBlock], SourceMeta, bool]:
    """Raw blocks and metadata of a post; the flag says whether mojibake was repaired."""
    post = load_post(text)
    body = post["content"].get("rendered") or ""
    if not body.strip():
        raise BadInput("WordPress post has an empty content.rendered")
    body, repairs = repair_mojibake(body)
    title = _rendered(post.get("title"))
    title, title_repairs = repair_mojibake(title) if title else (title, 0)
    meta = SourceMeta(
        title=title or None,
        slug=post.get("slug") or None,
        post_id=post.get("id") if isinstance(post.get("id"), int) else None,
        url=post.get("link") or None,
        published_at=post.get("date_gmt") or post.get("date"),
        modified_at=post.get("modified_gmt") or post.get("modified"),
        categories=_categories(post),
    )
    return fragment_blocks(body), meta, bool(repairs or title_repairs)


def _rendered(field: object) -> str:
    if isinstance(field, dict):
        field = field.get("rendered")
    return clean_inline(html.unescape(str(field))) if field else ""


def _categories(post: dict) -> tuple[str, ...]:
    """Category slugs from `class_list` ("category-ai-ml"), which carries names, not just ids."""
    classes = post.get("class_list") or []
    if isinstance(classes, dict):
        classes = list(classes.values())
    return post_class_categories(classes)
