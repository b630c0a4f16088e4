"""The model stage's fast paths give exactly what the plain way gives.

Each fast path (a byte scan instead of a character class, one scan of a text
instead of one per line, early exits in format detection, lxml walks that skip
leaf nodes) is checked here against a straightforward reference on strings
and trees built to hit its edge cases.
"""

from __future__ import annotations

import codecs
import copy
import dataclasses
import pickle
import re

import pytest
from lxml import etree

from extractors import decoding, detect
from extractors.adapters import html
from extractors.adapters.text import _BULLET, _ORDERED, text_blocks
from extractors.model import Block, Document, RawBlock, SourceMeta, Table
from extractors.normalize import SECTION, _chars, _section_heads
from extractors.text_clean import _INVISIBLE, clean_inline

# --------------------------------------------------------------------------- decoding


def _may_hold_mojibake_reference(text: str) -> bool:
    """The check as a character-class scan over the str (the original way)."""
    for m in decoding._ANY_LEAD.finditer(text):
        char, after = m.group(), text[m.end() : m.end() + 1]
        if char <= "\u009f":
            return True
        for table in (decoding._HYBRID, decoding._CP1252):
            if 0xC2 <= table.get(char, 0) <= 0xF4 and 0x80 <= table.get(after, 0) <= 0xBF:
                return True
    return False


MOJIBAKE_CASES = [
    "",
    "plain ascii",
    "résumés × 3, naïve café",  # leads followed by letters and spaces: clean
    "ends with a lead: Ã",
    "ends with a lead and a continuation: Ã©",
    "a \x93quoted\x94 word",  # C1 controls
    "โ€” hybrid dash, โ€ lost quote",
    "â€œcp1252 quotes â€",
    "Ã¢â‚¬Å“ double",
    "real Thai: ภาษาไทย",
    "Thai lead then Windows-1252: โ‰ฅ",
    "Devanagari हिन्दी and Tibetan ༀ share the E0 lead byte",
    "emoji 😀 and ๐ alone",
    "lone surrogates \ud800 \udc00 after Ã",
    "Ã\ud800",
    "\u00a0NBSP\u00a0and Â\u00a0",
    "ô€ at the edge of the lead range, õ€ beyond it",
]


@pytest.mark.parametrize("text", MOJIBAKE_CASES)
def test_byte_scan_for_mojibake_leads_matches_the_character_scan(text: str) -> None:
    expected = _may_hold_mojibake_reference(text)
    assert decoding._may_hold_mojibake(text) == expected
    utf8 = text.encode("utf-8", "surrogatepass")
    assert decoding._may_hold_mojibake(text, utf8) == expected


def test_every_lead_char_starts_with_a_scanned_byte() -> None:
    """The byte scan finds a char of `_ANY_LEAD` by its first UTF-8 byte (C2, C3,
    or E0 then B8/B9): true of every char the class holds."""
    leads = [chr(cp) for cp in range(0x80, 0x10000) if decoding._ANY_LEAD.fullmatch(chr(cp))]
    assert leads
    for char in leads:
        data = char.encode()
        assert data[:1] in decoding._LEAD_BYTES, char
        if data[:1] == b"\xe0":
            assert data[1] in decoding._THAI_SECOND, char


LINE_ENDS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("end", LINE_ENDS)
def test_one_scan_finds_the_lines_the_per_line_test_finds(end: str) -> None:
    pieces = ["clean line", "â€œquoted", "Ã", "©", "x\x93y", "café", "Ã" + end + "©", "ô€", ""]
    text = end.join(pieces) + end + "last Ã©"
    lines = text.splitlines(keepends=True)
    expected = [i for i, line in enumerate(lines) if decoding._may_be_latin_mojibake(line)]
    assert decoding._latin_mojibake_lines(text, lines) == expected


@pytest.mark.parametrize(
    "data",
    [
        "café – naïve ≥ 5".encode(),
        "cafe\u0301 not NFC".encode(),  # NFC changes it: the scan must not reuse the bytes
        "â€œquoted â€ text".encode(),
        "truncated é".encode()[:-1],
        b"x" * 10 + b"\xc3",
        codecs.BOM_UTF8 + "BOM â€œquoted".encode(),
        "Windows-1252 café ‘quoted’".encode("cp1252"),
    ],
)
def test_decoding_with_known_bytes_equals_decoding_the_text(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = decoding.decode_bytes(data)
    peel = decoding._peel_layers
    monkeypatch.setattr(decoding, "_peel_layers", lambda text, utf8=None: peel(text))
    assert decoding.decode_bytes(data) == fast


# --------------------------------------------------------------------------- detection


def _markdown_score_reference(sample: str) -> int:
    score = len(detect._MD_HEADING.findall(sample)) * 2
    score += len(detect._MD_TABLE_RULE.findall(sample)) * 3
    return score + min(len(detect._MD_LINK.findall(sample)), 5)


DETECT_CASES = [
    "",
    "# one heading",
    "# one\n## two",
    "#no space\n####### seven\n# ok",
    "text with C# and #hashtags\n  # indented",
    "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "--- alone | far apart ---",
    "[a](http://x) [b](/y) [c](https://z)",
    "[a](http://x) [b](/y) [c](https://z) [d](/w) [e](/v) [f](/u)",
    "# h\n[a](/x) [b](/y)",
    "\r\n# after CR LF\n\n# and another",
    "x\n#\n# \n#  two spaces",
]


@pytest.mark.parametrize("text", DETECT_CASES)
def test_markdown_score_decides_as_the_full_count(text: str) -> None:
    assert (detect._markdown_score(text, 4) >= 4) == (_markdown_score_reference(text) >= 4)
    assert detect._markdown_score(text, 10**9) == _markdown_score_reference(text)


@pytest.mark.parametrize("lead", [0, 10, 8191, 8192, 8193, 20000])
def test_head_is_the_stripped_start(lead: int) -> None:
    for body in ("", "x", "{" + "a" * 9000, "<div>" * 10):
        text = " \n\t" * (lead // 3) + body
        assert detect._head(text, 4096) == text.lstrip()[:4096]


# --------------------------------------------------------------------------- clean-up


@pytest.mark.parametrize("char", list(_INVISIBLE))
def test_clean_inline_drops_every_invisible_character(char: str) -> None:
    assert clean_inline(f" a{char}b  é{char} ") == "ab é"


# --------------------------------------------------------------------------- HTML walk

_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)


def _tree(markup: str) -> etree._Element:
    return etree.fromstring(f"<html><body><div>{markup}</div></body></html>", _PARSER)


ITEMS = [
    "<li>plain</li>",
    "<li><strong>Lead:</strong> rest <em>em</em></li>",
    "<li><p><strong>Lead</strong><br>line two</p></li>",
    "<li>text <ul><li>nested</li></ul></li>",
    "<li><span><a href='/x'>deep <b>bold <div>block</div></b></a></span></li>",
    "<li><span><span><span>leaf</span></span></span></li>",
    "<li>   <b>after space</b></li>",
    "<li>\u00a0<b>after NBSP</b></li>",
    "<li><p>  <p><strong>two wraps</strong></p></p></li>",
    "<li><script>x</script>after</li>",
]


@pytest.mark.parametrize("markup", ITEMS)
def test_nested_block_search_matches_a_descendant_scan(markup: str) -> None:
    li = _tree(f"<ul>{markup}</ul>").find(".//li")
    expected = any(d.tag in html._NESTED for d in li.iterdescendants())
    assert html._has_nested(li) == expected


def _strong_lead_reference(el: etree._Element) -> str | None:
    node = el
    while True:
        if (node.text or "").strip():
            return None
        first = next((c for c in node if isinstance(c.tag, str)), None)
        if first is None:
            return None
        if first.tag in {"strong", "b"}:
            lead = etree.tostring(first, method="text", encoding=str, with_tail=False)
            return clean_inline(lead) or None
        if first.tag != "p":
            return None
        node = first


@pytest.mark.parametrize("markup", ITEMS)
def test_strong_lead_matches_the_reference(markup: str) -> None:
    li = _tree(f"<ul>{markup}</ul>").find(".//li")
    assert html._strong_lead(li) == _strong_lead_reference(li)


def test_table_rows_and_header() -> None:
    table = html.html_table(
        _tree(
            "<table><thead><tr><td>A</td><td> B </td></tr></thead>"
            "<tr><td>1</td><td><b>2</b> x</td></tr><tr></tr><tr><th>3</th><td>4</td></tr></table>"
        ).find(".//table")
    )
    assert table == Table(
        header=("A", "B"),
        rows=(("1", "2 x"), ("3", "4")),
        method="html",
        confidence=1.0,
        row_confidence=(1.0, 1.0),
    )


def test_visible_chars_count_the_page_text_joined_by_spaces() -> None:
    page = "<html><body><p> a  b </p>\n<ul><li>1)\u00a0c</li></ul><h2>1) Role Summary</h2></body></html>"
    _, _, visible = html.page_blocks(page)
    body = etree.fromstring(page, _PARSER).find("body")
    assert visible == len(" ".join(etree.tostring(body, method="text", encoding=str).split()))


# --------------------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    "block",
    [
        RawBlock("paragraph", ()),
        RawBlock("paragraph", ("one",)),
        RawBlock("item", ("a", "bc", "def")),
        RawBlock("table", table=Table(("h", "i"), (("1", "22"),), "html")),
    ],
)
def test_block_size_is_its_joined_text_length(block: RawBlock) -> None:
    if block.table is None:
        assert _chars(block) == len(" ".join(block.lines))
    else:
        assert _chars(block) == len("h i") + len("1 22")


def test_section_heads_prefilter_keeps_every_digit_a_regex_accepts() -> None:
    digits = ["1", "١", "१", "１"]  # ASCII, Arabic-Indic, Devanagari, fullwidth: all \d
    raw = [RawBlock("heading", (f"{d}) Role Summary",)) for d in digits]
    raw.insert(0, RawBlock("heading", ("Title",), 1))
    expected, n = [], 1
    for i, block in enumerate(raw):
        match = SECTION.match(block.lines[0])
        if match and int(match.group(1)) == n:
            expected.append((i, n))
            n += 1
    assert _section_heads(raw) == expected
    assert all(re.fullmatch(r"\d", d) and d.isdecimal() for d in digits)


# --------------------------------------------------------------------------- pickling


def test_block_pickles_every_field_in_order() -> None:
    block = Block(
        "list_item",
        "Lead: text",
        label="Lead",
        group="Group",
        number=3,
        marker="bullet",
        lines=("Lead: text",),
        table=Table(("h",), (("1",),), "html"),
    )
    _, args = block.__reduce__()
    assert args == tuple(getattr(block, f.name) for f in dataclasses.fields(Block))
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(block, protocol=protocol)) == block
    assert copy.deepcopy(block) == block


def test_document_pickles_every_field_and_block() -> None:
    """A model pickles its blocks as field tuples (`Document.__reduce__`): every field of
    the document, its blocks, tables and metadata comes back, in every protocol."""
    table = Table(("h", "i"), (("1", "2"),), "reconstructed", 0.5, (0.5,))
    meta = SourceMeta("T", "t", 7, "https://x.invalid/t", "2024-01-02", "2024-01-03", ("a",))
    blocks = [
        Block("section", "Role", number=1, lines=("1) Role",)),
        Block("list_item", "Lead: text", "Lead", "Group", None, "bullet", ("Lead: text",)),
        Block("table", "", table=table),
    ]
    doc = Document("html", "Title", "title", blocks, meta, True, 12, ["w"])
    assert all(getattr(doc, f.name) != f.default for f in dataclasses.fields(Document)[4:])
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        loaded = pickle.loads(pickle.dumps(doc, protocol=protocol))
        assert loaded == doc
        assert [type(b) for b in loaded.blocks] == [Block] * len(blocks)
    for value in (table, meta):
        assert pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) == value
        assert copy.deepcopy(value) == value


# --------------------------------------------------------------------------- text adapter


def test_text_lines_are_read_as_the_patterns_read_them() -> None:
    """The first-character test before the bullet and number patterns skips only
    lines neither pattern could match, whatever white space indents them."""
    indents = ["", "  ", "\t", "\u00a0", "\u2003", "\x85", "\u3000 "]
    bodies = [
        "• item",
        "●x",
        "▪ ",
        "◦\u00a0y",
        "1. one",
        "12.  two",
        "١. Arabic-Indic",
        "7.x",
        "plain",
    ]
    for indent in indents:
        for body in bodies:
            line = indent + body
            blocks, _ = text_blocks(f"{line}\n")
            bullet = _BULLET.match(line)
            number = None if bullet else _ORDERED.match(line)
            if bullet or number:
                item = clean_inline((bullet or number).group(1))
                assert blocks == (
                    [RawBlock("item", (item,), ordered=number is not None)] if item else []
                ), line
            else:
                assert [b.kind for b in blocks] == ["paragraph"], line
