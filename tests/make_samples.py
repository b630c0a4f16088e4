"""Regenerate the bundled sample corpus from the hand-written WordPress posts.

Why: `samples/wp_json/*.json` are the only hand-authored samples; the `html`,
`markdown` and `text` forms are rendered from them by `tests.forms`, so the four forms
of one article can never drift apart. Output is deterministic: a test compares the
files on disk with a fresh render, so a stale sample fails the suite.

    python -m tests.make_samples          # rewrite samples/{html,markdown,text}
    python -m tests.make_samples --check  # exit 1 when a file is missing or stale
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.forms import render_markdown, render_page, render_text

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"

# How each sample's plain-text scrape is damaged. One hybrid cp874, one cp1252, one
# clean; posts not listed here render clean. `variant` varies the ad and widget copy.
TEXT_PLAN: dict[str, tuple[str | None, int]] = {
    "staff-data-platform-engineer-role-blueprint-responsibilities-skills-kpis-and-career-path": (
        "cp874",
        0,
    ),
    "principal-site-reliability-engineer-role-blueprint-responsibilities-skills-kpis-and-career-path": (
        "cp1252",
        1,
    ),
    "junior-cloud-security-analyst-role-blueprint-responsibilities-skills-kpis-and-career-path": (
        None,
        2,
    ),
}

FORMS = (("html", "html"), ("markdown", "md"), ("text", "txt"))


@dataclass(frozen=True, slots=True)
class Sample:
    """One hand-written post and where its rendered forms live."""

    slug: str
    post: dict
    mojibake: str | None
    variant: int


def load_samples(samples_dir: Path = SAMPLES_DIR) -> list[Sample]:
    """Every `samples/wp_json/*.json` post, sorted by slug, with its rendering plan."""
    samples = []
    for index, path in enumerate(sorted((samples_dir / "wp_json").glob("*.json"))):
        post = json.loads(path.read_text(encoding="utf-8"))
        slug = post.get("slug") or path.stem
        mojibake, variant = TEXT_PLAN.get(slug, (None, index))
        samples.append(Sample(slug, post, mojibake, variant))
    return samples


def render_sample(sample: Sample) -> dict[str, str]:
    """The three rendered forms of one sample, keyed by form name."""
    return {
        "html": render_page(sample.post, variant=sample.variant),
        "markdown": render_markdown(sample.post, variant=sample.variant),
        "text": render_text(sample.post, mojibake=sample.mojibake, variant=sample.variant),
    }


def expected_files(samples_dir: Path = SAMPLES_DIR) -> dict[Path, bytes]:
    """Path -> exact bytes of every generated sample file (UTF-8, `\\n` line ends)."""
    files: dict[Path, bytes] = {}
    for sample in load_samples(samples_dir):
        rendered = render_sample(sample)
        for form, ext in FORMS:
            files[samples_dir / form / f"{sample.slug}.{ext}"] = rendered[form].encode("utf-8")
    return files


def stale_files(samples_dir: Path = SAMPLES_DIR) -> list[Path]:
    """Generated files that are missing or differ from a fresh render."""
    return [
        path
        for path, data in expected_files(samples_dir).items()
        if not path.is_file() or path.read_bytes() != data
    ]


def write_samples(samples_dir: Path = SAMPLES_DIR) -> list[Path]:
    """Write every generated file; returns the paths that changed."""
    changed = []
    for path, data in expected_files(samples_dir).items():
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files, write nothing")
    parser.add_argument("--samples-dir", type=Path, default=SAMPLES_DIR)
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.samples_dir)
        for path in stale:
            print(f"stale: {path}")
        return 1 if stale else 0
    for path in write_samples(args.samples_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
