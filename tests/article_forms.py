"""The same article in all four formats, for the format-invariance tests."""

from __future__ import annotations

import json
from pathlib import Path

from tests import forms
from tests.conftest import SAMPLES_DIR, seed_path

# format -> (samples/ folder, file suffix) of the rendered forms
FORMAT_FILES = {
    "html": ("html", ".html"),
    "markdown": ("markdown", ".md"),
    "text": ("text", ".txt"),
}


def seed001_forms() -> dict[str, bytes]:
    """Seed 001's post as wp_json, a themed page, a Markdown scrape and a mojibake text scrape."""
    post = json.loads(seed_path("001").read_text(encoding="utf-8"))
    return {
        "wp_json": json.dumps(post).encode(),
        "html": forms.render_page(post, variant=1).encode(),
        "markdown": forms.render_markdown(post, variant=2).encode(),
        "text": forms.render_text(post, mojibake="cp874", variant=3).encode(),
    }


def sample_forms(post_path: Path) -> dict[str, bytes]:
    """A bundled sample's post and its three rendered forms from samples/."""
    out = {"wp_json": post_path.read_bytes()}
    for fmt, (folder, suffix) in FORMAT_FILES.items():
        out[fmt] = (SAMPLES_DIR / folder / f"{post_path.stem}{suffix}").read_bytes()
    return out
