"""Raw bytes -> clean text: charset detection, then mojibake repair.

Decoding order: a BOM (UTF-32/UTF-16/UTF-8) wins; bytes that look binary are
refused; strict UTF-8 next; then charset-normalizer (Windows-1252 preferred
when it fits); last, UTF-8 with stray Windows-1252 bytes. The text is then
NFC and goes through `repair_mojibake`.

Mojibake repair has two parts:

* ftfy (its encoding fixers only; options that change legitimate text are
  off) repairs UTF-8 misread as Windows-1252 or Latin-1, including double and
  partial mojibake. It runs only on lines that can hold such mojibake.
* By hand, what ftfy does not know. Measured on the seed scrapes, their
  misreading is a hybrid code page: bytes 0x80-0x9F read as Windows-1252 and
  bytes 0xA0-0xFF as Windows-874 (Thai). So "—" (E2 80 94) became "โ€”" and
  "≥" (E2 89 A5) became "โ‰ฅ". Bytes that code page leaves undefined (0x81,
  0x8D, 0x8F, 0x90, 0x9D) were dropped, so "”" (E2 80 9D) became just "โ€".
  ftfy reads a Windows-1252 "â€" followed by a space as a lost NBSP ("†"), which
  is wrong for this scraper. We therefore restore a dropped byte ourselves,
  only after a lead byte that is unambiguous.

A misread UTF-8 sequence is a lead character followed by continuation
characters that map back to bytes which decode as UTF-8. Real Thai text is
made of the same characters, so a hybrid sequence is repaired only when at
least one of these holds:

* it is *certain*: its lead maps to E0-E4 or F0-F4 (Thai leading vowels or
  digits, which in Thai never precede punctuation) and at least one
  continuation is a 0x80-0x9F character (€, ‰, †, œ, ™ ...);
* the text holds at least one certain sequence and every Thai character in it
  belongs to a decodable sequence. Then there is no genuine Thai, and shorter
  sequences (e.g. "รฉ" for "é") are repaired too.

A pass runs: hybrid sequences; Windows-1252 sequences that lost a byte;
ftfy, stopped after one layer; complete Windows-1252 sequences ftfy left.
Each pass peels one layer, so double mojibake takes two passes. Known limits
are kept visible as xfail tests in tests/test_decoding.py.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

import charset_normalizer
import ftfy
import ftfy.bad_codecs  # registers "sloppy-windows-1252"

__all__ = ["DecodeError", "Decoded", "decode_bytes", "has_mojibake", "repair_mojibake"]


class DecodeError(ValueError):
    """One-line reason the bytes cannot be read as text."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text read from raw bytes, with what was done to get it."""

    text: str  # NFC, mojibake repaired
    encoding: str  # what the bytes were decoded as, e.g. "utf-8", "windows-1252"
    mojibake_repaired: bool  # True when any mojibake was found and fixed
    repairs: int  # how many mojibake sequences were fixed


# ---------------------------------------------------------------------------
# Code-page tables (built from Python's codecs, not typed in by hand)

# Bytes Windows-1252 leaves undefined. A scraper that decodes with errors
# ignored drops them. The order is the tie-break when a lost byte is guessed:
# 0x9D first, the one lost from every closing quote in the seeds.
_UNDEFINED_1252 = (0x9D, 0x8D, 0x81, 0x8F, 0x90)
_MAX_PASSES = 4  # layers of mojibake peeled at most (double needs 2)


def _single_byte(byte: int, codec: str) -> str | None:
    try:
        return bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return None


def _table(codec_for: Iterable[tuple[int, str]]) -> dict[str, int]:
    """char -> byte for 0x80-0xFF. C1 controls also map to their own byte
    ("sloppy" input where the undefined bytes were kept as U+0080-U+009F)."""
    table = {chr(b): b for b in range(0x80, 0xA0)}
    for byte, codec in codec_for:
        char = _single_byte(byte, codec)
        if char is not None:
            table[char] = byte
    return table


_HYBRID = _table((b, "cp1252" if b < 0xA0 else "cp874") for b in range(0x80, 0x100))
_CP1252 = _table((b, "cp1252" if b < 0xA0 else "latin-1") for b in range(0x80, 0x100))


def _chars(table: dict[str, int], lo: int, hi: int) -> str:
    """A regex character class body for the chars that map to bytes lo..hi."""
    return "".join(re.escape(c) for c, b in sorted(table.items()) if lo <= b <= hi)


@dataclass(frozen=True, slots=True)
class _Misreading:
    """One way UTF-8 bytes were misread as a single-byte code page."""

    to_byte: dict[str, int]
    sequence: re.Pattern[str]  # a lead char, then one to three continuation chars
    certain_leads: frozenset[int]  # leads whose sequences with a 0x80-0x9F byte are never text
    certain_pairs: frozenset[tuple[int, int]]  # (lead, first continuation) never text
    lost_leads: frozenset[int]  # lead bytes after which a dropped byte is restored
    full_sequences: bool  # decode complete sequences (else only restore lost bytes)


def _misreading(
    table: dict[str, int],
    leads: Iterable[int],
    certain: Iterable[int],
    lost: Iterable[int],
    *,
    full: bool,
    pairs: Iterable[tuple[int, int]] = (),
) -> _Misreading:
    lead_bytes = frozenset(leads)
    lead_class = "".join(re.escape(c) for c, b in sorted(table.items()) if b in lead_bytes)
    # Starts with a plain character class, so `re` scans for it quickly.
    pattern = re.compile(f"[{lead_class}][{_chars(table, 0x80, 0xBF)}]{{1,3}}")
    return _Misreading(table, pattern, frozenset(certain), frozenset(pairs), frozenset(lost), full)


# Hybrid: every sequence is a candidate; certainty decides (see module doc).
_CERTAIN_HYBRID = [*range(0xE0, 0xE5), *range(0xF0, 0xF5)]
_HYBRID_READING = _misreading(
    _HYBRID, range(0xC2, 0xF5), _CERTAIN_HYBRID, range(0xE0, 0xF5), full=True
)
# Windows-1252: ftfy fixes most sequences. We handle only those after "â"
# (E2: punctuation, arrows, maths) and "ð" (F0: emoji) with a 0x80-0x9F
# continuation, which are never real words: we restore a dropped byte, and we
# decode complete ones that ftfy leaves when a line is only partly broken
# (e.g. "â„¢" for "™"). "à¸"/"à¹" (E0 B8/B9: the Thai block) are the
# Windows-1252 form of hybrid mojibake, so are certain too (hybrid, then cp1252).
_CP1252_READING = _misreading(
    _CP1252,
    [0xE0, 0xE2, 0xF0],
    [0xE2, 0xF0],
    [0xE0, 0xE2, 0xF0],
    full=True,
    pairs=[(0xE0, 0xB8), (0xE0, 0xB9)],
)

_THAI = re.compile("[\u0e00-\u0e7f]")
_C1_CONTROL = re.compile("[\u0080-\u009f]")
_LATIN_PAIR = re.compile(f"[{_chars(_CP1252, 0xC2, 0xF4)}][{_chars(_CP1252, 0x80, 0xBF)}]")
_LATIN_SEQUENCE = re.compile(
    f"[{_chars(_CP1252, 0xC2, 0xDF)}][{_chars(_CP1252, 0x80, 0xBF)}]"
    f"|[{_chars(_CP1252, 0xE0, 0xEF)}][{_chars(_CP1252, 0x80, 0xBF)}]{{2}}"
    f"|[{_chars(_CP1252, 0xF0, 0xF4)}][{_chars(_CP1252, 0x80, 0xBF)}]{{3}}"
)
# A certain hybrid lead right before a character only Windows-1252 has: never
# real text, so it counts as mojibake left over even when nothing decodes.
_HYBRID_RESIDUE = re.compile(
    "[" + "".join(re.escape(c) for c, b in _HYBRID.items() if b in _CERTAIN_HYBRID) + "]"
    "[" + "".join(re.escape(c) for c, b in _HYBRID.items() if 0x80 <= b <= 0x9F) + "]"
)
_LATIN_GATE = re.compile("[\u0080-\u009f\u00c2-\u00f4]")  # C1 controls, "Â".."ô"
# Any character a misread sequence can start with: text without one is skipped.
_ANY_LEAD = re.compile(
    "[\u0080-\u009f" + _chars(_HYBRID, 0xC2, 0xF4) + _chars(_CP1252, 0xC2, 0xF4) + "]"
)


# The UTF-8 forms of `_ANY_LEAD`: C1 controls and "Â".."ô" start with C2 or C3,
# Thai (the hybrid leads) with E0 B8 or E0 B9 (see tests/test_model_stage_speed.py).
# Single bytes: `bytes.find` runs memchr for one byte, a slower search for two.
_LEAD_BYTES = (b"\xc2", b"\xc3", b"\xe0")
_THAI_SECOND = (0xB8, 0xB9)


def _may_hold_mojibake(text: str, utf8: bytes | None = None) -> bool:
    """A C1 control, or a lead char right before a continuation char of the same
    misreading: every repair needs one. "é" or "×" in real text is followed by
    a letter or a space, so such text skips every fixer.

    Scans the UTF-8 bytes (`utf8` when the caller has them) for the few lead
    bytes (memchr, in C): faster than a character class over the str, and clean
    text holds almost none.
    """
    data = text.encode("utf-8", "surrogatepass") if utf8 is None else utf8
    for needle in _LEAD_BYTES:
        thai = needle == b"\xe0"  # E0 leads other chars too; Thai has B8 or B9 next
        at = data.find(needle)
        while at >= 0:
            if (not thai or data[at + 1] in _THAI_SECOND) and _lead_before_continuation(data, at):
                return True
            at = data.find(needle, at + 1)
    return False


def _lead_before_continuation(data: bytes, at: int) -> bool:
    """The test of `_may_hold_mojibake` on the char whose UTF-8 starts at `at`."""
    width = 2 if data[at] < 0xE0 else 3
    char = data[at : at + width].decode("utf-8", "surrogatepass")
    if char <= "\u009f":
        return True
    nxt = at + width
    if nxt >= len(data):
        after = ""
    else:
        lead = data[nxt]
        size = 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        after = data[nxt : nxt + size].decode("utf-8", "surrogatepass")
    for table in (_HYBRID, _CP1252):
        if 0xC2 <= table.get(char, 0) <= 0xF4 and 0x80 <= table.get(after, 0) <= 0xBF:
            return True
    return False


_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # entities are the HTML parser's job
    remove_terminal_escapes=False,
    restore_byte_a0=False,  # reads "â€ " as "†"; our scraper dropped 0x9D instead
    fix_latin_ligatures=False,  # legitimate text, not mojibake
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,  # we apply NFC; `apply_plan` cannot replay a normalize step
    explain=True,  # the plan lets us stop after one layer (see `_ftfy_one_layer`)
)

# A decoded character is accepted unless it is a control, surrogate, private
# use or unassigned (emoji newer than Python's Unicode tables excepted).
_REJECTED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})
# Preference among guesses for a lost byte: quotes and dashes are what
# scrapers lose; invisible format characters are the least likely.
_CATEGORY_RANK = {
    "Pf": 0,
    "Pi": 1,
    "Pd": 2,
    "Po": 3,
    "Ps": 3,
    "Pe": 3,
    "Sm": 4,
    "So": 4,
    "Sc": 4,
    "Zs": 8,
    "Cf": 9,
}


def _utf8_char(data: bytes) -> str | None:
    try:
        char = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    category = unicodedata.category(char)
    if category in _REJECTED_CATEGORIES and not (
        category == "Cn" and 0x1F000 <= ord(char) <= 0x1FAFF
    ):
        return None
    return char


def _guess_lost(lead: int, conts: list[int]) -> tuple[str, ...]:
    """The characters one dropped undefined byte may have made, likeliest first."""
    ranked = []
    for pos in range(len(conts), -1, -1):  # the last byte is the likeliest loss
        for pref, byte in enumerate(_UNDEFINED_1252):
            char = _utf8_char(bytes([lead, *conts[:pos], byte, *conts[pos:]]))
            if char is not None:
                rank = _CATEGORY_RANK.get(unicodedata.category(char), 6)
                ranked.append(((len(conts) - pos, rank, pref), char))
    return tuple(char for _, char in sorted(ranked))


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    choices: tuple[str, ...]  # one char; several when a dropped byte is guessed
    certain: bool
    lost: bool  # one byte short: a dropped byte was guessed


def _sequence_length(lead: int) -> int:
    """Continuation bytes a UTF-8 lead byte (C2-F4) announces."""
    return 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3


def _hits(text: str, reading: _Misreading) -> list[_Hit]:
    """Every misread sequence in `text` that decodes to one plausible char.

    The pattern takes up to three continuation chars; a sequence uses as many
    as its lead announces (the rest are real text), or is one byte short.
    """
    hits = []
    for m in reading.sequence.finditer(text):
        raw = [reading.to_byte[c] for c in m.group()]
        lead, conts = raw[0], raw[1:]
        need = _sequence_length(lead)
        lost = len(conts) == need - 1
        if len(conts) >= need and reading.full_sequences:
            conts = conts[:need]
            char = _utf8_char(bytes([lead, *conts]))
            choices: tuple[str, ...] = (char,) if char else ()
        elif lost and lead in reading.lost_leads:
            choices = _guess_lost(lead, conts)
        else:
            continue
        if not choices:
            continue
        certain = (lead in reading.certain_leads and any(b <= 0x9F for b in conts)) or (
            lead,
            conts[0],
        ) in reading.certain_pairs
        hits.append(_Hit(m.start(), m.start() + 1 + len(conts), choices, certain, lost))
    return hits


def _select_hybrid(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Certain hits always; all hits when no Thai is left outside them."""
    if not any(h.certain for h in hits):
        return []
    covered = sum(len(_THAI.findall(text, h.start, h.end)) for h in hits)
    if covered == len(_THAI.findall(text)):
        return hits
    return [h for h in hits if h.certain]


def _apply(text: str, hits: list[_Hit], table: dict[str, int]) -> tuple[str, str]:
    """Write the hits into `text`; returns (new text, the chars written).

    A guessed dropped byte takes, where one fits, the choice that is itself a
    lead char announcing exactly the continuation chars that follow it (as
    written, or once decoded through `table`). That is how double mojibake of
    an emoji ("๐" + three continuations) is resolved.
    """
    parts, slots, pos = [], [], 0
    for h in hits:
        parts.append(text[pos : h.start])
        slots.append(len(parts))
        parts.append(h.choices[0])
        pos = h.end
    parts.append(text[pos:])
    for h, slot in zip(hits, slots, strict=True):
        if len(h.choices) > 1:
            ahead = _following(parts, slot, 12)
            afters = (ahead[:3], _decode_ahead(ahead, table)[:3])
            parts[slot] = _fit_next_layer(h.choices, afters)
    return "".join(parts), "".join(parts[s] for s in slots)


def _following(parts: list[str], slot: int, n: int = 3) -> str:
    after = ""
    for part in parts[slot + 1 :]:
        after += part
        if len(after) >= n:
            break
    return after[:n]


def _decode_ahead(ahead: str, table: dict[str, int]) -> str:
    """What the misread chars ahead decode to (up to the first char that is
    neither ASCII nor in `table`); bytes that do not decode are skipped."""
    data = bytearray()
    for char in ahead:
        if char.isascii():
            data.append(ord(char))
        elif char in table:
            data.append(table[char])
        else:
            break
    return data.decode("utf-8", errors="ignore")


def _fit_next_layer(choices: tuple[str, ...], afters: Iterable[str]) -> str:
    for after in afters:
        for table in (_HYBRID, _CP1252):  # the next layer may be either misreading
            run = 0
            while run < len(after) and 0x80 <= table.get(after[run], 0) <= 0xBF:
                run += 1
            for char in choices:
                byte = table.get(char, 0)
                if 0xC2 <= byte <= 0xF4 and _sequence_length(byte) == run:
                    return char
    return choices[0]


# Each fixer returns (text, repairs, produced): `produced` holds the
# characters it wrote, so the caller can tell whether a new layer may show.
_Fixed = tuple[str, int, str]


def _fix_hybrid(text: str) -> _Fixed:
    hits = _select_hybrid(text, _hits(text, _HYBRID_READING))
    fixed, written = _apply(text, hits, _HYBRID)
    return fixed, len(hits), written


def _fix_cp1252(text: str, *, lost: bool) -> _Fixed:
    """Certain Windows-1252 sequences: those one byte short (`lost`, before
    ftfy), or complete ones ftfy left (after it: run earlier, they would
    break a double layer apart, e.g. the inner "â‚¬" of "Ã¢â‚¬Å“")."""
    if "â" not in text and "ð" not in text and "à" not in text:  # its only leads
        return text, 0, ""
    hits = [h for h in _hits(text, _CP1252_READING) if h.certain and h.lost == lost]
    fixed, written = _apply(text, hits, _CP1252)
    return fixed, len(hits), written


def _fix_cp1252_lost(text: str) -> _Fixed:
    return _fix_cp1252(text, lost=True)


def _fix_cp1252_left(text: str) -> _Fixed:
    return _fix_cp1252(text, lost=False)


def _may_be_latin_mojibake(text: str) -> bool:
    return bool(_C1_CONTROL.search(text) or _LATIN_PAIR.search(text))


def _latin_mojibake_lines(text: str, lines: list[str]) -> list[int]:
    """The indexes of `lines` (`text` split, ends kept) that `_may_be_latin_mojibake`.

    Found in one scan of the whole text instead of two per line: a page has
    hundreds of lines and a few such chars. Every char either test needs is in
    `_LATIN_GATE`, and a pair never spans lines, since no line ending is a lead.
    """
    ends = list(accumulate(map(len, lines)))
    found = {
        bisect_right(ends, m.start())
        for m in _LATIN_GATE.finditer(text)
        if m.group() <= "\u009f" or _LATIN_PAIR.match(text, m.start())
    }
    return sorted(found)


def _ftfy_one_layer(line: str) -> str:
    """ftfy's fix, stopped after the first layer of mojibake.

    After the outer layer of a double mojibake, ftfy would read a "â€" whose
    0x9D was dropped, followed by a space, as "†" (it takes the space for a
    lost NBSP). Stopping there lets the next pass restore the dropped byte first.
    """
    fixed, plan = ftfy.fix_and_explain(line, _FTFY_CONFIG)
    layers = [
        i
        for i, (op, arg) in enumerate(plan or ())
        if op == "encode" or arg == "decode_inconsistent_utf8"
    ]
    if len(layers) > 1:
        return ftfy.apply_plan(line, plan[: layers[1]])
    return fixed


def _fix_with_ftfy(text: str) -> _Fixed:
    """ftfy on the lines that may hold Windows-1252/Latin-1 mojibake only:
    on a whole 60 KB page it costs ~20 ms, mostly on lines with nothing to fix."""
    if not _LATIN_GATE.search(text):
        return text, 0, ""
    lines = text.splitlines(keepends=True)
    repairs, produced = 0, []
    for i in _latin_mojibake_lines(text, lines):
        line = lines[i]
        fixed = _ftfy_one_layer(line)
        if fixed != line:
            before = len(_LATIN_SEQUENCE.findall(line))
            after = len(_LATIN_SEQUENCE.findall(fixed))
            repairs += max(before - after, 1)
            lines[i] = fixed
            produced.append(fixed)
    return "".join(lines), repairs, "".join(produced)


def repair_mojibake(text: str) -> tuple[str, int]:
    """Repair UTF-8-misread-as-single-byte mojibake in already-decoded text.

    Returns the NFC text and how many mojibake sequences were fixed. Usable on
    any string, e.g. a WordPress post's `content.rendered` after JSON parsing.
    """
    fixed, total = _peel_layers(text)
    return _nfc(fixed), total


def _peel_layers(text: str, utf8: bytes | None = None) -> tuple[str, int]:
    """Every fixer, pass after pass, until no layer is left; the text is
    unchanged when nothing was repaired. `utf8`: the text's UTF-8, if known."""
    total = 0
    if not text.isascii() and _may_hold_mojibake(text, utf8):
        for _ in range(_MAX_PASSES):
            repairs, produced = 0, []
            for fixer in (_fix_hybrid, _fix_cp1252_lost, _fix_with_ftfy, _fix_cp1252_left):
                text, n, chars = fixer(text)
                repairs += n
                produced.append(chars)
            total += repairs
            # Another layer can only show where a repair wrote a lead char.
            if not repairs or not _ANY_LEAD.search("".join(produced)):
                break
    return text, total


def _nfc(text: str) -> str:
    """NFC; the quick check first, since almost every text already is."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def has_mojibake(text: str) -> bool:
    """True when known mojibake is left: something `repair_mojibake` would
    still fix, a C1 control, a hybrid lead before a Windows-1252-only sign, or
    what ftfy's badness heuristic flags (slow: for tests and QA)."""
    if text.isascii():
        return False
    if _HYBRID_RESIDUE.search(text) or _C1_CONTROL.search(text):
        return True
    return repair_mojibake(text)[1] > 0 or ftfy.is_bad(text)


# ---------------------------------------------------------------------------
# Bytes -> str

# UTF-32 BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, LF, VT, FF, CR; plus DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.10
_NUL_WINDOW = 8000  # git's rule: a NUL in the first 8000 bytes means binary


def _check_not_binary(data: bytes) -> None:
    """Refuse bytes with a NUL near the start or too many control bytes."""
    share = (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
    nul = data.find(b"\x00", 0, _NUL_WINDOW)
    if share > _MAX_CONTROL_SHARE or nul >= 0:
        why = f"NUL byte at offset {nul}, " if nul >= 0 else ""
        raise DecodeError(f"binary data: {why}{share:.0%} control bytes")


def _encoding_label(codec: str) -> str:
    """Python codec name -> the usual label ("cp1252" -> "windows-1252")."""
    name = codecs.lookup(codec).name
    if m := re.fullmatch(r"cp(125\d|874)", name):
        return f"windows-{m[1]}"
    if name == "latin-1" or name == "iso8859-1":
        return "iso-8859-1"
    return re.sub(r"^iso8859-", "iso-8859-", name).replace("_", "-")


def _decode_utf8(data: bytes) -> tuple[str, bytes] | None:
    """Strict UTF-8, tolerating only a character cut off at the very end
    (a truncated download), which is dropped; with the bytes it decoded."""
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data":  # raised only at the end
            return data[: err.start].decode("utf-8"), data[: err.start]
        return None


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_MIXED = "utf-8+windows-1252"


def _stray_as_cp1252(err: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not UTF-8 is read as Windows-1252
    (sloppy: its undefined bytes become C1 controls, which QA flags)."""
    return err.object[err.start : err.end].decode("sloppy-windows-1252"), err.end


codecs.register_error(_MIXED, _stray_as_cp1252)


def _mostly_utf8(data: bytes) -> bool:
    """More valid UTF-8 multi-byte sequences than stray high bytes."""
    sequences = _UTF8_MULTIBYTE.findall(data)
    high = sum(1 for byte in data if byte >= 0x80)
    stray = high - sum(len(s) for s in sequences)
    return len(sequences) > stray


def _detect(data: bytes) -> tuple[str, str]:
    """charset-normalizer's candidates, Windows-1252 first whenever it is one.

    Windows-1252 is the web's default for unlabelled single-byte text
    (WHATWG), and charset-normalizer often ranks cp1257 or cp1250 first on
    Western text ("français" read as "franēais"). Where cp1252 does not fit
    (Thai, Cyrillic, Greek, Central European), it is not a candidate, and
    charset-normalizer's best stands. When nothing fits, UTF-8 with stray
    Windows-1252 bytes is the last resort ("utf-8+windows-1252").
    """
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        # UTF-8 with stray single-byte characters (pasted from elsewhere):
        # keep the UTF-8 and read only the stray bytes as Windows-1252.
        if _mostly_utf8(data):
            return data.decode("utf-8", errors=_MIXED), _MIXED
        raise DecodeError("undecodable bytes: not UTF-8 and no charset fits")
    for match in matches:
        if "cp1252" in match.could_be_from_charset:
            return str(match), "windows-1252"
    return str(best), _encoding_label(best.encoding)


def decode_bytes(data: bytes) -> Decoded:
    """Read raw document bytes as clean NFC text with mojibake repaired.

    Raises DecodeError (one line: what is wrong) for empty, binary or
    undecodable input.
    """
    if not data:
        raise DecodeError("empty document")
    utf8: tuple[str, bytes] | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as err:
                raise DecodeError(
                    f"undecodable bytes: invalid {codec} after its BOM "
                    f"at offset {err.start + len(bom)}"
                ) from None
            encoding = codec
            # Same rule on the code points: a BOM in front of binary data.
            _check_not_binary(text.encode("utf-8", errors="surrogatepass"))
            break
    else:
        _check_not_binary(data)
        utf8 = _decode_utf8(data)
        text, encoding = (utf8[0], "utf-8") if utf8 is not None else _detect(data)
    read = text
    text = _nfc(text.removeprefix("\ufeff"))
    if not text or text.isspace():  # `not text.strip()`, without copying the text
        raise DecodeError("empty document")
    # Unchanged since strict UTF-8 decoding: its bytes spare the mojibake check an encode.
    same = utf8 is not None and text is read
    text, repairs = _peel_layers(text, utf8[1] if same else None)
    if repairs:
        text = _nfc(text)  # else it is the NFC text read above
    return Decoded(text, encoding, repairs > 0, repairs)
