"""One list item (or key-value line) -> its lead and the rest, as SPEC's record conventions say.

A title is the item's lead: the bold lead or lead line (`Block.label`), else the
text before a lead colon, else a short phrase before a dash ("Data proficiency –
Can they …?"); an item with no lead is titled by its whole first sentence. A bold
lead that runs on to a lead colon ("**Lead** (Optional): …") is titled up to the
colon, as plain text, which has no bold, shows it. The
rest of the item is its description. Everything here reads `Block.text`,
`Block.label` and `Block.group` only: `Block.lines` differ between formats
(a Markdown scrape joins "Lead<br>– a<br>– b" into one line), text does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from extractors.dash_lists import dash_items, split_dashes
from extractors.model import Block

if TYPE_CHECKING:
    from spacy.tokens import Doc

LeadSource = str  # "label", "colon", "dash", "sentence"

_DASH_LEAD = re.compile(r"^(?P<lead>[^–—:]{2,120}?)\s+[–—]\s+(?P<rest>\S.*)$")
_COLON_LEAD = re.compile(r"^(?P<lead>[A-Z0-9“\"(][^:]{0,100}?)\s*:(?!\d)\s*(?P<rest>.*)$")
_TERMINAL = re.compile(r"[.!?…]$")
_TRAILING_PAREN = re.compile(r"^(?P<base>.*\S)\s*\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*\.?$")
_INNER_STOP = re.compile(r"[.!?…][)\]”\"’']*\s+\S")
_BRACKET = re.compile(r"[()\[\]]")
_CONJUNCTION = re.compile(r"^(?:and|or)\s+")
_new = tuple.__new__  # a NamedTuple built without its Python-level __new__ (hot paths)
MAX_LEAD_WORDS = 12


class Lead(NamedTuple):
    """An item's title, the rest of it, and where the title came from."""

    title: str
    description: str | None
    source: LeadSource


def lead_of(block: Block) -> Lead:
    """The title and description of a list item, kv line or dash-list part."""
    return split_text(block.text, block.label)


def split_text(text: str, label: str | None = None) -> Lead:
    """`text` split at its lead; `label` is the model's lead term when it has one."""
    text = text.strip()
    if label and text.startswith(label) and not label.isdigit():
        after = text[len(label) :].lstrip()
        if not after.startswith(":"):
            # A capital after the label starts a lead line's body, not a run-on.
            run_on = ":" in after and (after[:1] == "(" or after[:1].islower())
            if not run_on and after[:1].isalnum() and label[-1].isalnum():
                # Most bold leads: no lead `_text_lead` could find is `label`, so it is not
                # read. A dash or colon lead equal to the label is followed by its dash or
                # colon; spaCy's sentencizer ends a sentence only after punctuation, never
                # on a token holding a letter or digit; the whole text goes on past it.
                return _new(Lead, (label, _rest(after), "label"))
            # A lead line or a bold lead; a lead colon is re-read from the text below (dash
            # or colon, whichever comes first) so every format splits it alike.
            from_text = _text_lead(text)
            if from_text.title == label or (run_on and _runs_on_to_colon(from_text, label)):
                return from_text
            return _new(Lead, (label, _rest(after), "label"))
    return _text_lead(text)


def _runs_on_to_colon(lead: Lead, label: str) -> bool:
    """Whether the text's lead is a lead colon the bold `label` runs on to in one sentence.

    "**Cloud certifications** (Optional): AWS …" is titled "Cloud certifications
    (Optional)", as plain text shows it: the words between the bold and the colon
    qualify the lead, and the description starts after the colon, not at "(Optional):".
    """
    longer = lead.source == "colon" and len(lead.title) > len(label)
    return longer and not _INNER_STOP.search(lead.title)


def _text_lead(text: str) -> Lead:
    """The lead plain text shows: a lead colon or a dash, whichever comes first, else a sentence."""
    # cheap `in` tests first: most items have neither a colon nor a dash, and one sentence
    if ":" not in text and "–" not in text and "—" not in text:
        if not _has_inner_stop(text):
            return _new(Lead, (text.rstrip(".").strip() or text, None, "sentence"))
        first, rest = first_sentence(text)
        return _new(Lead, (first, rest, "sentence"))
    colon = _COLON_LEAD.match(text) if ":" in text else None
    if colon:
        lead = colon.group("lead")
        if not _short(lead) or lead.isdigit():
            colon = None
    dash = _DASH_LEAD.match(text) if "–" in text or "—" in text else None
    if dash:
        lead = dash.group("lead")
        if not _short(lead) or _TERMINAL.search(lead):
            dash = None
    if dash and (colon is None or dash.end("lead") < colon.end("lead")):
        return _new(Lead, (dash.group("lead").strip(), _rest(dash.group("rest")), "dash"))
    if colon:
        return _new(Lead, (colon.group("lead").strip(), _rest(colon.group("rest")), "colon"))
    first, rest = first_sentence(text)
    return _new(Lead, (first, rest, "sentence"))


def _short(lead: str) -> bool:
    """1 to MAX_LEAD_WORDS words. Without splitting when too short to hold more (most leads):
    n words take at least 2n - 1 chars."""
    if len(lead) < 2 * MAX_LEAD_WORDS + 1:
        return bool(lead) and not lead.isspace()
    return 0 < len(lead.split()) <= MAX_LEAD_WORDS


def _has_inner_stop(text: str) -> bool:
    """`_INNER_STOP.search(text)`, after a cheaper test: a stop that ends a sentence inside
    the text has at least two chars after it (a space, then the next sentence)."""
    head = text[:-2]
    if "." not in head and "!" not in head and "?" not in head and "…" not in head:
        return False
    return _INNER_STOP.search(text) is not None


def _rest(text: str) -> str | None:
    rest = text.strip().lstrip(":–—-").strip()
    return rest or None


@cache
def _sentencizer() -> Callable[[str], Doc]:
    """spaCy's rule-based sentencizer: knows "e.g." and "(…)." without a trained model.

    A text -> its Doc with sentence starts: the tokenizer and the one component
    called directly, what `nlp(text)` does without `Language.__call__`'s own cost
    (about a third of the call on an item).
    """
    import spacy

    nlp = spacy.blank("en")
    sentencizer = nlp.add_pipe("sentencizer")
    make_doc = nlp.make_doc
    return lambda text: sentencizer(make_doc(text))


def first_sentence(text: str) -> tuple[str, str | None]:
    """(first sentence without its closing period, the rest or None)."""
    if not _has_inner_stop(text):  # one sentence: no need to ask spaCy (most items)
        return text.rstrip(".").strip() or text, None
    end = _first_end(text, (s.end_char for s in _sentencizer()(text).sents))
    first, rest = text[:end].strip(), text[end:].strip() or None
    if not first:
        return text, None
    return first.rstrip(".").strip() or first, rest


def _first_end(text: str, ends: Iterable[int]) -> int:
    """Where the first sentence ends, of the sentencizer's sentence ends: not at a stop inside
    a bracket, nor before a word in lower case ("uses, etc. depending on …"), which go on."""
    for end in ends:
        after = text[end:].lstrip()
        head = text[:end]
        if head.strip() and not after[:1].islower() and head.count("(") <= head.count(")"):
            return end
    return len(text)


def is_fragment(text: str) -> bool:
    """A short phrase without closing punctuation: a heading-like item ("Startup / small company")."""
    return 0 < len(text.split()) <= 10 and not _TERMINAL.search(text) and ":" not in text


def trailing_paren(text: str) -> tuple[str, str | None]:
    """ "Python for ML (Critical)" -> ("Python for ML", "Critical"); no parenthesis -> (text, None)."""
    match = _TRAILING_PAREN.match(text.strip()) if ")" in text else None  # `in`: cheap
    if not match:
        return text.strip(), None
    return match.group("base").strip(), match.group("inner").strip()


def dash_parts(text: str) -> tuple[str | None, list[str]] | None:
    """ "Lead – a – b" -> ("Lead", ["a", "b"]); "– a – b" -> (None, [...]); None without dashes."""
    parts = split_dashes(" " + text.strip())
    if len(parts) < 2 and not text.lstrip().startswith("–"):
        return None
    if text.lstrip().startswith("–"):
        return None, dash_items([p.lstrip("– ").strip() for p in parts if p.lstrip("– ").strip()])
    return parts[0].rstrip(":").strip(), dash_items(parts[1:])


def split_enumeration(text: str, separators: str = ";,") -> list[str]:
    """ "A, B (x, y), C." -> ["A", "B (x, y)", "C"]: split outside parentheses on the first
    separator that occurs at top level (";" before ",")."""
    body = text.strip().rstrip(".").strip()
    nested = _BRACKET.search(body) is not None
    for sep in separators:
        if sep not in body:  # the scan below would give one part
            continue
        parts = _split_outside(body, sep) if nested else body.split(sep)
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) > 1:
            return [_CONJUNCTION.sub("", p) if p.startswith(("and", "or")) else p for p in parts]
    return [body] if body else []


def _split_outside(body: str, sep: str) -> list[str]:
    """`body` split on `sep` outside parentheses and brackets.

    Only the brackets and separators are visited (a regex finds them), not every char.
    """
    parts, depth, start = [], 0, 0
    for match in _marks(sep).finditer(body):
        ch = match.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0:  # the separator
            i = match.start()
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


@lru_cache(maxsize=16)
def _marks(sep: str) -> re.Pattern[str]:
    """Brackets and `sep`: the chars `_split_outside` acts on."""
    return re.compile("[" + re.escape("()[]" + sep) + "]")


# A field starts at the text's start or after whitespace, a lower-case letter or ")":
# checked as a lookbehind just after a field's first char ("^." or that char, then it).
_FIELD_START = r"(?:(?<=^.)|(?<=[\sa-z)].))"


@lru_cache(maxsize=64)
def _fields_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """One regex per label set (a module constant), built once, not per item.

    Every alternative begins with a literal char (a dash or a label's first letter),
    so the regex engine scans for those chars in C and tries the pattern only there;
    the start condition follows that char as a lookbehind (`_FIELD_START`). This
    pattern has no group: `_field_label` reads the label from the match. It finds
    exactly what `_fields_pattern_plain` finds (tests/test_record_stage_typed.py).
    """
    if not all(label and label == label.strip() and ":" not in label for label in labels) or any(
        label[0] in "–—" for label in labels
    ):
        return _fields_pattern_plain(labels)
    ordered = sorted(labels, key=len, reverse=True)
    names = "|".join(re.escape(label) for label in ordered)
    alternatives = [rf"{dash}{_FIELD_START}\s*(?:{names})" for dash in "–—"]
    alternatives += [re.escape(label[0]) + _FIELD_START + re.escape(label[1:]) for label in ordered]
    return re.compile(rf"(?:{'|'.join(alternatives)})\s*:\s*")


def _field_label(match: re.Match[str]) -> str:
    """The label a `_fields_pattern` match names: its text without dash, colon and spaces."""
    if match.re.groups:
        return match.group(1)
    return match.group().rstrip()[:-1].rstrip().lstrip("–—").lstrip()


@lru_cache(maxsize=64)
def _fields_pattern_plain(labels: tuple[str, ...]) -> re.Pattern[str]:
    """The field regex as written first: a start condition, an optional dash, a label, a colon."""
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    # The lookahead (a field starts with a dash or a label's first letter) lets the
    # regex engine skip most positions at once instead of trying every label there.
    starts = re.escape("".join(sorted({label[:1] for label in labels} | {"–", "—"})))
    ahead = rf"(?=[{starts}])" if labels and all(labels) else ""
    return re.compile(rf"{ahead}(?:^|(?<=\s)|(?<=[a-z)]))(?:[–—]\s*)?({names})\s*:\s*")


def fields(text: str, labels: tuple[str, ...]) -> tuple[str, list[tuple[str, str]]]:
    """Text before the first "Label:" field, and the (label, value) fields in order.

    Fields may follow a dash ("– Use: …"), a space, or be glued to the previous
    word ("solvingWhy it matters: …", a scrape that lost its line break).
    """
    matches = list(_fields_pattern(labels).finditer(text)) if ":" in text else []
    if not matches:
        return text.strip(), []
    head = text[: matches[0].start()].strip().rstrip("–—").strip()
    out = []
    for match, nxt in zip(matches, [*matches[1:], None], strict=True):
        end = nxt.start() if nxt else len(text)
        value = text[match.end() : end].strip().rstrip("–—").strip()
        out.append((_field_label(match), value))
    return head, out
