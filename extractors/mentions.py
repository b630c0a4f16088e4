"""Tool, platform, cloud, language, standard ... mentions in blocks and table cells.

Why a gazetteer and spaCy's PhraseMatcher: the names these articles use are a
closed, curated vocabulary (`extractors/data/gazetteer.jsonl`: canonical name,
label, aliases), and the PhraseMatcher matches hundreds of multi-word aliases
token-aligned in one pass, so "Azure DevOps Boards" is one mention, not "Azure".

Case rules, one per alias list of a gazetteer entry:

- `aliases` match in any case: distinctive names ("kubernetes", "k8s", "jenkins").
- `cased` match only as written: names that are also English words ("Spark",
  "Vault", "Slack"). A cased name that opens a sentence and is followed by a
  function word ("Spark of ...", "Excel at ...") is prose, not the product.
- `listed` match only as written *and* only beside another mention, with just
  list separators between ("Python, Go or R", "Slack / Teams"), or as the whole
  text of a cell or item: names too ambiguous even capitalized ("Go", "R",
  "Teams", "Notion", "Lambda").

Overlaps keep the longest match. Every hit is also checked against the alias's
exact spacing, since the PhraseMatcher compares tokens only ("end. NET" is not
".NET").

Cost: tokenizing is the expensive part, so only texts holding every word of
some alias reach spaCy (`Finder.may_match`, a set test), and they are split by
`simple_tokenizer`, cheaper than the stock English one on a cold start.
spaCy is imported and the matchers built once per process, on first use
(`finder()`). Figures: `python benchmarks/mentions_bench.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

GAZETTEER_FILE = "gazetteer.jsonl"
LABELS = frozenset(
    {
        "cloud",
        "service",
        "platform",
        "tool",
        "framework",
        "library",
        "language",
        "database",
        "format",
        "certification",
        "standard",
        "regulation",
    }
)
Mode = Literal["aliases", "cased", "listed"]
MODES: tuple[Mode, ...] = ("aliases", "cased", "listed")

_PUNCT = re.compile(r"[^\w\s]")
_PREFIX = re.compile(r"^[^\w\s]")
_SUFFIX = re.compile(r"[^\w\s]$")
_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")
# Tokens allowed between a `listed` name and its neighbour mention.
_SEPARATORS = frozenset({",", "/", "(", ")", "&", "+", "|", ";", "or", "and", "nor"})
_MAX_GAP = 2
_SENTENCE_END = frozenset({".", "!", "?", ":", ";"})
# A sentence-initial cased name followed by one of these reads as an English word.
_FUNCTION_WORDS = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "that",
        "this",
        "is",
        "are",
        "was",
        "were",
        "be",
        "can",
        "will",
        "may",
    ]
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: a canonical name, its label and its aliases by case rule."""

    canonical: str
    label: str
    aliases: tuple[str, ...] = ()
    cased: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()

    def forms(self, mode: Mode) -> tuple[str, ...]:
        return getattr(self, mode)


@dataclass(frozen=True, slots=True)
class Hit:
    """A mention in one text: char offsets, canonical name, label and the text as written."""

    start: int
    end: int
    canonical: str
    label: str
    surface: str


@cache
def gazetteer() -> tuple[Entry, ...]:
    """The curated gazetteer shipped with the package."""
    text = resources.files("extractors.data").joinpath(GAZETTEER_FILE).read_text("utf-8")
    entries = []
    for line in text.splitlines():
        if line.strip():
            raw = json.loads(line)
            entries.append(
                Entry(
                    raw["canonical"],
                    raw["label"],
                    tuple(raw.get("aliases", ())),
                    tuple(raw.get("cased", ())),
                    tuple(raw.get("listed", ())),
                )
            )
    return tuple(entries)


def simple_tokenizer(vocab: Vocab) -> Tokenizer:
    """A spaCy tokenizer that splits off every punctuation mark and nothing else.

    Why: it costs about half of the stock English tokenizer on a cold start (no
    exception table, three tiny affix regexes; still spaCy's Cython tokenizer
    with its cache), and splits aliases and texts the same way, which is all the
    PhraseMatcher needs: "CIPP/E" -> CIPP / E, "C++" -> C + +.
    """
    from spacy.tokenizer import Tokenizer

    return Tokenizer(
        vocab,
        prefix_search=_PREFIX.search,
        suffix_search=_SUFFIX.search,
        infix_finditer=_PUNCT.finditer,
    )


def _norm(surface: str, mode: Mode) -> str:
    surface = _WS.sub(" ", surface)
    return surface.lower() if mode == "aliases" else surface


class Finder:
    """Finds gazetteer mentions in texts; build once (see `finder()`), reuse for every article.

    `tokenizer`: "simple" (`simple_tokenizer`, the default) or "stock" (spaCy's
    English tokenizer, kept for the benchmark). `prefilter`: send to spaCy only
    texts holding every word of at least one alias (a set test per text).
    """

    def __init__(
        self,
        entries: Sequence[Entry] | None = None,
        *,
        tokenizer: Literal["simple", "stock"] = "simple",
        prefilter: bool = True,
        batch_size: int = 256,
    ) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.entries = tuple(entries if entries is not None else gazetteer())
        self.nlp = spacy.blank("en")
        if tokenizer == "simple":
            self.nlp.tokenizer = simple_tokenizer(self.nlp.vocab)
        self.prefilter = prefilter
        self.batch_size = batch_size
        self.labels = {e.canonical: e.label for e in self.entries}
        self.forms: dict[tuple[Mode, str], set[str]] = {}
        self.matchers = {
            mode: PhraseMatcher(self.nlp.vocab, attr="LOWER" if mode == "aliases" else "ORTH")
            for mode in MODES
        }
        # pre-filter: lower-cased first word -> word sets of the aliases starting with it
        self._words_of: dict[str, list[tuple[frozenset[str], bool]]] = {}
        for entry in self.entries:
            for mode in MODES:
                forms = entry.forms(mode)
                if not forms:
                    continue
                self.matchers[mode].add(entry.canonical, [self.nlp.make_doc(a) for a in forms])
                self.forms.setdefault((mode, entry.canonical), set()).update(
                    _norm(a, mode) for a in forms
                )
                for alias in forms:
                    words = _WORD.findall(alias if mode != "aliases" else alias.lower())
                    self._words_of.setdefault(words[0].lower(), []).append(
                        (frozenset(words), mode != "aliases")
                    )

        self._firsts = frozenset(self._words_of)

    def may_match(self, text: str) -> bool:
        """Cheap check: does the text hold every word of some alias (in the alias's case rule)?"""
        lower = set(_WORD.findall(text.lower()))
        firsts = lower & self._firsts  # set & set iterates the smaller one
        if not firsts:
            return False
        exact: set[str] | None = None
        for first in firsts:
            for words, cased in self._words_of[first]:
                if not cased:
                    if words <= lower:
                        return True
                    continue
                if exact is None:
                    exact = set(_WORD.findall(text))
                if words <= exact:
                    return True
        return False

    def find(self, texts: Iterable[str]) -> list[list[Hit]]:
        """Mentions in each text, in text order."""
        texts = list(texts)
        out: list[list[Hit]] = [[] for _ in texts]
        todo = [i for i, t in enumerate(texts) if t and (not self.prefilter or self.may_match(t))]
        docs = self.nlp.pipe((texts[i] for i in todo), batch_size=self.batch_size)
        for i, doc in zip(todo, docs, strict=True):
            out[i] = self._hits(doc)
        return out

    def _hits(self, doc: Doc) -> list[Hit]:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        strings = self.nlp.vocab.strings
        candidates = []  # (start_token, end_token, mode, canonical)
        for mode, matcher in self.matchers.items():
            for match_id, start, end in matcher(doc):
                canonical = strings[match_id]
                if _norm(doc[start:end].text, mode) in self.forms[(mode, canonical)]:
                    candidates.append((start, end, mode, canonical))
        if not candidates:
            return []
        words = [t.text for t in doc]
        kept = [
            Span(doc, s, e, label=canonical)
            for s, e, mode, canonical in candidates
            if self._accept(s, e, mode, words, candidates)
        ]
        return [
            Hit(span.start_char, span.end_char, span.label_, self.labels[span.label_], span.text)
            for span in filter_spans(kept)
        ]

    @staticmethod
    def _accept(start: int, end: int, mode: Mode, words: list[str], candidates: list) -> bool:
        """Apply the case rule of the alias kind (see the module docstring)."""
        if mode == "aliases":
            return True
        before = [w for w in words[:start] if not w.isspace()]
        after = [w for w in words[end:] if not w.isspace()]
        if mode == "cased":
            opens_sentence = not before or before[-1] in _SENTENCE_END
            return not (opens_sentence and after and after[0].lower() in _FUNCTION_WORDS)
        # listed: alone in its text (punctuation aside), or beside another candidate
        if not any(w[0].isalnum() for w in before + after):
            return True
        for s, e, _, _ in candidates:
            if e <= start:
                gap = words[e:start]
            elif s >= end:
                gap = words[end:s]
            else:
                continue
            gap = [w.lower() for w in gap if not w.isspace()]
            if len(gap) <= _MAX_GAP and _SEPARATORS.issuperset(gap):
                return True
        return False


@cache
def finder() -> Finder:
    """The process-wide Finder (spaCy pipeline and matchers are built once)."""
    return Finder()


def mention_rows(rows: dict[str, list[dict]]) -> list[dict]:
    """`mentions` rows of one article from its `blocks` and `table_cells` rows.

    Ordered and numbered by section, then the section's blocks before its
    table cells, then position in the text.
    """
    section_of_table = {t["table_no"]: t["section_no"] for t in rows.get("tables", [])}
    sources: list[tuple[tuple, dict, str]] = []
    for b in rows.get("blocks", []):
        where = {"source": "block", "block_no": b["block_no"], "table_no": None}
        where |= {"row_no": None, "col_no": None, "section_no": b["section_no"]}
        sources.append(((b["section_no"] or 0, 0, b["block_no"], 0, 0), where, b["text"]))
    for c in rows.get("table_cells", []):
        section_no = section_of_table.get(c["table_no"])
        where = {"source": "cell", "block_no": None, "table_no": c["table_no"]}
        where |= {"row_no": c["row_no"], "col_no": c["col_no"], "section_no": section_no}
        key = (section_no or 0, 1, c["table_no"], c["row_no"], c["col_no"])
        sources.append((key, where, c["value"]))
    if not sources:
        return []
    article_id = (rows.get("blocks") or rows.get("table_cells"))[0]["article_id"]
    sources.sort(key=lambda s: s[0])
    out = []
    for (_, where, _), hits in zip(
        sources, finder().find(text for _, _, text in sources), strict=True
    ):
        for hit in hits:
            out.append(
                {
                    "article_id": article_id,
                    "mention_no": len(out) + 1,
                    **where,
                    "canonical": hit.canonical,
                    "label": hit.label,
                    "surface": hit.surface,
                    "start": hit.start,
                    "end": hit.end,
                }
            )
    return out
