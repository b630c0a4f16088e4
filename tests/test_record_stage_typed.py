"""Work the record stage now does once (a section's items, a section title's key) stays correct."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from extractors import records
from extractors.pipeline import extract
from extractors.typed import (
    items,
    levels,
    lists,
    metadata,
    skills,
    table_sections,
    tables,
    typed_rows,
)
from extractors.typed.lists import ListItem, list_items
from extractors.typed.memo import label_tuple
from extractors.typed.walk import Entry, Section, sections
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


# --- fast paths of the record stage give what the plain reading gives ---------------------

_ALPHABET = "ab .!?…:;,()[]–—\"”’'\n\t\u00a0ZAe1"


def _random_texts(seed: int, n: int = 3000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def _sample_sections() -> list[dict[int, Section]]:
    return [
        sections(extract(path.read_bytes(), "file:///x").document)
        for path in sorted(SAMPLES_DIR.glob("*/*"))
    ]


@pytest.mark.parametrize("seed", range(3))
def test_inner_stop_and_short_lead_tests_agree_with_their_regex_and_split(seed):
    for text in [*_random_texts(seed), "a. b", "a.\tb", "e.g. x", "x.) y", "A b.", "x…”  y"]:
        assert items._has_inner_stop(text) == bool(items._INNER_STOP.search(text)), text
        assert items._short(text) == (0 < len(text.split()) <= items.MAX_LEAD_WORDS), text
    for n in range(30):  # around MAX_LEAD_WORDS words, with runs of spaces
        text = " ".join(["w"] * n)
        assert items._short(text) == (0 < n <= items.MAX_LEAD_WORDS)


def _split_enumeration_by_chars(text: str, separators: str = ";,") -> list[str]:
    """The plain reading `items.split_enumeration` must equal: every char visited."""
    body = text.strip().rstrip(".").strip()
    for sep in separators:
        parts, depth, start = [], 0, 0
        for i, ch in enumerate(body):
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth = max(depth - 1, 0)
            elif ch == sep and depth == 0:
                parts.append(body[start:i])
                start = i + 1
        parts.append(body[start:])
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) > 1:
            return [re.sub(r"^(?:and|or)\s+", "", p) for p in parts]
    return [body] if body else []


@pytest.mark.parametrize("seed", range(3))
def test_split_enumeration_equals_the_char_by_char_scan(seed):
    rng = random.Random(seed)
    words = ["A", "and B", "or C", "x (y, z)", "[p; q]", ")", "(", "and", "r.", " ", ""]
    texts = [
        rng.choice([", ", "; ", ",", ";", " "]).join(rng.choices(words, k=rng.randint(0, 8)))
        for _ in range(3000)
    ]
    texts += ["A, B (x, y), C.", "a; b, c", "(a, b", "a), b, c", "and x, or y"]
    for text in texts:
        for separators in (";,", ";", ","):
            assert items.split_enumeration(text, separators) == _split_enumeration_by_chars(
                text, separators
            ), (text, separators)


def test_section_blocks_and_tables_are_its_entries_split_by_kind():
    for secs in _sample_sections():
        for section in secs.values():
            assert section.blocks() == [e for e in section.entries if e.block.kind != "table"]
            assert section.tables() == [
                e for e in section.entries if e.block.kind == "table" and e.table is not None
            ]
            assert all(type(e) is Entry for e in section.entries)


def test_list_item_leads_are_lead_of_their_block():
    """`_read_items` inlines `lead_of` and the ListItem build: same items as the plain calls."""
    for secs in _sample_sections():
        for section in secs.values():
            by_no = {e.block_no: e.block for e in section.blocks()}
            for item in list_items(section):
                block = by_no[item.block_no]
                if block.kind in ("list_item", "kv"):
                    assert item.lead == items.lead_of(block)
                    assert item == ListItem(*item)


def test_label_memo_follows_a_replaced_function(monkeypatch):
    """Labels are memoised per function: a planted change is never served old answers."""
    ex = extract(SAMPLE.read_bytes(), "file:///x")
    before = typed_rows(ex.document)
    assert any(r["importance_level"] for r in before["technical_skills"])
    assert any(r["frequency_tags"] for r in before["kpis"])
    monkeypatch.setattr(skills, "parse_level", lambda text: None)
    monkeypatch.setattr(table_sections, "cadence_tags", lambda text: ["planted"])
    monkeypatch.setattr(table_sections, "parse_level", lambda text: None)
    monkeypatch.setattr(lists, "classify", lambda text, rules, default="other": "planted")
    monkeypatch.setattr(tables, "map_columns", lambda header, roles: {})
    after = typed_rows(extract(SAMPLE.read_bytes(), "file:///x").document)
    assert all(r["importance_level"] is None for r in after["technical_skills"])
    assert after["kpis"] == after["tools"] == []  # no column mapped: no table found
    assert {r["kind"] for r in after["risks"]} == {"planted"}
    monkeypatch.undo()
    assert typed_rows(extract(SAMPLE.read_bytes(), "file:///x").document) == before


def test_memoised_label_answers_cannot_be_changed_through_a_row():
    ex = extract(SAMPLE.read_bytes(), "file:///x")
    first = typed_rows(ex.document)
    for row in first["kpis"]:
        row["frequency_tags"].append("changed")
    for row in first["activities"]:
        row["cadence_tags"].append("changed")
    again = typed_rows(extract(SAMPLE.read_bytes(), "file:///x").document)
    assert again["kpis"] and all("changed" not in r["frequency_tags"] for r in again["kpis"])
    assert all("changed" not in r["cadence_tags"] for r in again["activities"])
    assert label_tuple(levels.cadence_tags, "Weekly") == ("weekly",)
    found = tables.find_table(sections(ex.document)[20], table_sections.SCORECARD_COLUMNS, ())
    assert found is not None
    found[1]["changed"] = 1  # a caller's mapping is its own copy
    again_found = tables.find_table(sections(ex.document)[20], table_sections.SCORECARD_COLUMNS, ())
    assert again_found is not None and "changed" not in again_found[1]


def test_department_is_read_from_the_texts_only_when_one_names_it():
    doc = extract(SAMPLE.read_bytes(), "file:///x").document
    secs = sections(doc)
    assert metadata._department(doc, secs) == (None, None)
    entry = secs[1].blocks()[0]
    named = replace(entry.block, text=entry.block.text + " It sits in the Security department.")
    secs[1].entries[secs[1].entries.index(entry)] = entry._replace(block=named)
    secs[1].block_entries[0] = entry._replace(block=named)
    assert metadata._department(doc, secs) == ("security", "text")


@pytest.mark.parametrize("labels", [skills.TECH_FIELDS, skills.SOFT_FIELDS, ("Use", "Use in role")])
def test_field_regex_finds_what_the_plain_field_regex_finds(labels):
    fast, plain = items._fields_pattern(labels), items._fields_pattern_plain(labels)
    assert fast is not plain
    rng = random.Random(len(labels))
    parts = [*labels, "x", "a", ")", " ", "  ", "\t", ":", "–", "—", "Use", "In", "\u00a0", "A"]
    for _ in range(20000):
        text = "".join(rng.choices(parts, k=rng.randint(0, 12)))
        got = [(m.start(), m.end(), items._field_label(m)) for m in fast.finditer(text)]
        want = [(m.start(), m.end(), m.group(1)) for m in plain.finditer(text)]
        assert got == want, text
    # labels the fast regex cannot carry get the plain one
    assert items._fields_pattern(("– Lead", "Use")).pattern == (
        items._fields_pattern_plain(("– Lead", "Use")).pattern
    )


def _split_text_plain(text: str, label: str | None = None) -> items.Lead:
    """`split_text` as written before its bold-lead shortcut: the text's lead always read."""
    text = text.strip()
    if label and text.startswith(label) and not label.isdigit():
        after = text[len(label) :].lstrip()
        if not after.startswith(":"):
            from_text = items._text_lead(text)
            if from_text.title == label:
                return from_text
            run_on = after[:1] == "(" or after[:1].islower()
            longer = from_text.source == "colon" and len(from_text.title) > len(label)
            if run_on and longer and not items._INNER_STOP.search(from_text.title):
                return from_text  # a bold lead run on to its lead colon
            return items.Lead(label, items._rest(after), "label")
    return items._text_lead(text)


# Leads and the ways an item goes on after them, incl. those where the text's own lead is
# the label (a dash, a colon, a sentence ending at it) and some that look close.
LEADS = ["Own", "Ship it!", "API design", "K8s 2", "Q&A", "Costs (cloud)", "e.g", "Dr.", "3", "²"]
GOES_ON = [
    "",
    " ",
    ".",
    ". Then more.",
    " – keeps it running.",
    " — keeps it.",
    "– glued dash",
    ": a colon lead",
    " : spaced colon",
    " and the rest: with a colon",
    " (optional): a run-on qualifier",
    " Then a body: with a colon",
    " plans. Then reviews.",
    "x glued word",
    " 2 more",
    " (note). Then more",
    "! Next sentence",
    " – a – b",
    " runs – then: x",
    "\nnext line",
    " Ünïcode goes on. Second one.",
]


@pytest.mark.parametrize("seed", range(3))
def test_bold_lead_shortcut_gives_the_plain_split(seed):
    """`split_text` skips `_text_lead` when the label and what follows it end/start alnum."""
    rng = random.Random(seed)
    cases = [(lead + rest, lead) for lead in LEADS for rest in GOES_ON]
    for _ in range(300):
        lead = rng.choice(LEADS) + rng.choice(["", " ", "x", "."])
        rest = "".join(rng.choices(GOES_ON, k=rng.randint(1, 3)))
        cases.append((lead.strip() + rest, lead.strip()))
    shortcut = 0
    for text, label in cases:
        assert items.split_text(text, label) == _split_text_plain(text, label), (text, label)
        after = text.strip()[len(label) :].lstrip()
        shortcut += text.strip().startswith(label) and after[:1].isalnum() and label[-1].isalnum()
    assert shortcut > 50  # the shortcut was taken, not only the plain path


def _first_sentence_plain(text: str) -> tuple[str, str | None]:
    """`first_sentence` as written before: `nlp(text)` and every sentence listed."""
    import spacy

    if not items._has_inner_stop(text):
        return text.rstrip(".").strip() or text, None
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    sents = [s.text.strip() for s in nlp(text).sents if s.text.strip()]
    if not sents:
        return text, None
    first = sents[0]
    rest = text[text.find(first) + len(first) :].strip() or None
    return first.rstrip(".").strip() or first, rest


SENTENCES = [
    "Own the roadmap. Then review it.",
    "Use e.g. probes (weekly). Log it!",
    "Why? Because.",
    " . . Then one.",
    "...",
    "One (a. b.) two. Three",
    "“Quoted.” Next one… and more",
    "Ends here.  \n  Next line here.",
    "No stop here",
]


def test_direct_sentencizer_gives_the_pipeline_sentences():
    """`_sentencizer()` (tokenizer + component, no `nlp(...)`) splits as the pipeline does."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for text in SENTENCES:
        direct = [s.text for s in items._sentencizer()(text).sents]
        assert direct == [s.text for s in nlp(text).sents], text
        assert items.first_sentence(text) == _first_sentence_plain(text), text
