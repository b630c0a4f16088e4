"""Versions of the parser, so cached results are reused exactly when the code that made them is unchanged.

`parser_version` covers everything (every source and data file under
`extractors/` and `schemas/`) and is written in every row. `model_versions`
cover only the document-model stage (bytes -> `Extraction`): the modules that
`extractors.pipeline` imports, followed transitively, and the data files beside
them. A fix to typed records or mentions changes `parser_version` but no model
version, so re-extraction reuses each document's model and re-runs only the
record stages; a fix in the model stage invalidates both.

Each model version covers the stage as one input format runs it: a document read as
`html` runs the HTML adapter and never the text adapter or the flat-table
search, so its model is keyed by the stage without the other formats'
adapters (`tests/test_model_versions.py` traces what each format executes).
A fix to the flat-table search then re-parses only text documents.

`table_search_version` covers the flat-table search alone (`extractors.flat_tables`,
what it imports, its lexicon and the gazetteer): its results for a group of
lines are reused under it whatever else changed (`storage.table_cache`).
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_HASHED = ("extractors", "schemas")
_SUFFIXES = {".py", ".json", ".txt", ".tsv", ".jsonl"}
MODEL_ENTRY = "extractors.pipeline"
TABLE_SEARCH_ENTRY = "extractors.flat_tables"
ADAPTERS = {
    "wp_json": "extractors.adapters.wp_json",
    "html": "extractors.adapters.html",
    "markdown": "extractors.adapters.markdown",
    "text": "extractors.adapters.text",
}


@lru_cache(maxsize=1)
def parser_version() -> str:
    """Package version + a short hash of every source and data file under extractors/ and schemas/."""
    files = [
        path
        for package in _HASHED
        for path in (_ROOT / package).rglob("*")
        if path.suffix in _SUFFIXES and "__pycache__" not in path.parts
    ]
    return f"{_package_version()}+{_digest(_ROOT, files)}"


@lru_cache(maxsize=1)
def model_versions() -> dict[str | None, str]:
    """The model stage's version per input format; None: no adapter ran (quarantined before one)."""
    return {
        fmt: f"{_package_version()}+{stage_digest(_ROOT, MODEL_ENTRY, format_skips(fmt))}"
        for fmt in (*ADAPTERS, None)
    }


@lru_cache(maxsize=1)
def table_search_version() -> str:
    """The flat-table search's version: what `find_tables` gives for the same lines is the same."""
    return f"{_package_version()}+{stage_digest(_ROOT, TABLE_SEARCH_ENTRY)}"


def format_skips(fmt: str | None) -> frozenset[str]:
    """The adapters a document of format `fmt` never runs."""
    return frozenset(module for name, module in ADAPTERS.items() if name != fmt)


def stage_digest(root: Path, entry: str, skip: frozenset[str] = frozenset()) -> str:
    """Short hash of `stage_files(root, entry, skip)`: their paths and bytes."""
    return _digest(root, stage_files(root, entry, skip))


def stage_files(root: Path, entry: str, skip: frozenset[str] = frozenset()) -> list[Path]:
    """Source files of `entry` and every module of its package it imports (transitively), plus data beside them.

    `skip` names modules that `entry` imports but a given run never executes
    (another format's adapter); they are not followed from `entry` itself, but
    still are where another followed module imports them.
    """
    package = entry.split(".")[0]
    seen: set[str] = set()
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in seen or _module_path(root, name) is None:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # parent packages run first
        todo += [
            m
            for m in _imports(root, name)
            if m.split(".")[0] == package and not (name == entry and m in skip)
        ]
    modules = {_module_path(root, name) for name in seen}
    data = {
        path
        for module in modules
        for path in module.parent.iterdir()
        if path.suffix in _SUFFIXES and path.suffix != ".py"
    }
    return sorted(modules | data)


def _imports(root: Path, name: str) -> list[str]:
    """Absolute names of the modules `name` imports, anywhere in its body; `from p import x` yields p and p.x."""
    path = _module_path(root, name)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + is_package]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


def _module_path(root: Path, name: str) -> Path | None:
    base = root.joinpath(*name.split("."))
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _digest(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _package_version() -> str:
    try:
        return version("blueprint-etl")
    except PackageNotFoundError:
        return "0+unknown"
