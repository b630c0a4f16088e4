"""Work the record stage now does once (a section's items, a section title's key) stays correct."""

from __future__ import annotations

from extractors import records
from extractors.pipeline import extract
from extractors.typed.lists import list_items
from extractors.typed.walk import sections
from tests.conftest import SAMPLES_DIR

SAMPLE = sorted((SAMPLES_DIR / "markdown").glob("*.md"))[0]


def test_items_read_once_per_section_and_options():
    secs = sections(extract(SAMPLE.read_bytes(), "file:///x").document)
    section = secs[19]
    first = list_items(section, fold_children=True, ordered_leads=True)
    assert first
    first.clear()  # a caller's list is its own: the memo is not changed through it
    again = list_items(section, fold_children=True, ordered_leads=True)
    assert again and again == list_items(section, fold_children=True, ordered_leads=True)
    # other options are read on their own
    plain = list_items(section)
    fresh = sections(extract(SAMPLE.read_bytes(), "file:///x").document)[19]
    assert plain == list_items(fresh)
    assert again == list_items(fresh, fold_children=True, ordered_leads=True)


def test_section_keys_follow_a_replaced_key_function(monkeypatch):
    ex = extract(SAMPLE.read_bytes(), "file:///x")
    keys = [s["key"] for s in records.core_rows(ex)["sections"]]
    assert keys and all(k and k == k.lower() for k in keys)
    monkeypatch.setattr(records, "section_key", lambda title: "k_" + title)
    planted = [s["key"] for s in records.core_rows(ex)["sections"]]
    assert planted == ["k_" + s["title"] for s in records.core_rows(ex)["sections"]]
