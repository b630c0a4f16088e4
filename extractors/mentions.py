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

A certification of a family written in shorthand after a slash or "or" ("ISO
27001 Foundation/Lead Implementer") is a mention of that family's certification
too (`_shorthands`), when the gazetteer names it ("ISO 27001 Lead Implementer").

Overlaps keep the longest match. Every hit is also checked against the alias's
exact spacing, since the PhraseMatcher compares tokens only ("end. NET" is not
".NET").

Cost: tokenizing is the expensive part, so only texts holding every word of
some alias, and the alias as written, reach spaCy (`Finder.may_match`, a set
test, then a substring test for the few texts that pass it), split by
`simple_tokenizer`, cheaper than the stock English one on a cold start.
The set test is now the largest cost: an ASCII text's words come from
`bytes.translate` + `split` (several times faster than a regex), most texts
are rejected by one intersection with the aliases' first words, a first word
whose aliases' other words are all absent ("data" alone) is skipped at once
(`WordIndex.tails`), and an article's texts are tested, tokenised and matched
in three passes, each distinct text once (`Finder.find_distinct`).
The texts that pass are tokenised as one Doc, joined by newlines, and matched by
one call per matcher (`Finder.hits_each`): per text, making a Doc and calling
the matchers cost about as much as tokenising.
spaCy is imported and the matchers built once per process, on first use
(`finder()`). Figures: `python benchmarks/mentions_bench.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, compress
from operator import itemgetter
from typing import TYPE_CHECKING, Literal, NamedTuple

from extractors.data import gazetteer_records

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

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
# bytes.translate tables for ASCII texts: word characters (as `\w` reads them) kept,
# as written or lower-cased, everything else a space; `split()` then gives `\w+` words.
_ASCII_WORDS = bytes(c if chr(c).isalnum() or c == 0x5F else 0x20 for c in range(128))
_ASCII_WORDS += bytes(range(128, 256))
_ASCII_LOWER_WORDS = _ASCII_WORDS.lower()
# Joins the texts that reach spaCy: a newline between two non-space characters is a
# token of its own, so each text keeps exactly the tokens it has alone.
_JOIN = "\n"
# Marks these articles write outside ASCII. None is part of a word or has a case, so a
# space in its place leaves a text's words, lower-cased or not, as they were; then most
# texts are ASCII and take the bytes path.
_WIDE_MARKS = ("–", "—", "“", "”", "‘", "’", "•", "→", "…", "≥", "≤", "·", "\u00a0")
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


class Hit(NamedTuple):
    """A mention in one text: char offsets, canonical name, label and the text as written.

    A NamedTuple (immutable, compared by value): several per article, and a frozen
    dataclass costs several times as much to build.
    """

    start: int
    end: int
    canonical: str
    label: str
    surface: str


# A PhraseMatcher match that passed its spacing check:
# (start token, end token, mode, canonical, start char, end char).
Candidate = tuple[int, int, Mode, str, int, int]


def longest_first(candidates: list[Candidate]) -> list[Candidate]:
    """Overlapping candidates -> the (first) longest, in text order.

    The same rule as `spacy.util.filter_spans`, on plain tuples: no Span objects.
    """
    if len(candidates) < 2:
        return candidates
    ordered = sorted(candidates, key=_longest_key, reverse=True)
    kept = []
    seen: set[int] = set()
    for c in ordered:
        if c[0] not in seen and c[1] - 1 not in seen:
            kept.append(c)
            seen.update(range(c[0], c[1]))
    if len(kept) > 1:
        kept.sort(key=_first)
    return kept


def _longest_key(c: Candidate) -> tuple[int, int]:
    return (c[1] - c[0], -c[0])


_first = itemgetter(0)
_TEXT, _VALUE = itemgetter("text"), itemgetter("value")
_new_hit = tuple.__new__  # a Hit without NamedTuple's Python-level __new__


@cache
def gazetteer() -> tuple[Entry, ...]:
    """The curated gazetteer shipped with the package."""
    return tuple(
        Entry(
            raw["canonical"],
            raw["label"],
            tuple(raw.get("aliases", ())),
            tuple(raw.get("cased", ())),
            tuple(raw.get("listed", ())),
        )
        for raw in gazetteer_records()
    )


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
    # `_WS.sub` changes nothing in a text whose only whitespace is single spaces:
    # `isprintable` is False for every other whitespace char (most surfaces: one word)
    if not surface.isprintable() or "  " in surface:
        surface = _WS.sub(" ", surface)
    return surface.lower() if mode == "aliases" else surface


AliasWords = tuple[frozenset, frozenset | None]  # (lower-cased words, as written or None)


def _alias_words(words: list[str], mode: Mode) -> AliasWords:
    """An alias's words: lower-cased, and as written when case counts.

    The lower-cased words of a cased ASCII alias are a cheap first test: no Unicode
    character outside a word lower-cases into one, so an ASCII word standing alone in
    a text stands alone in its lower-cased form too. A non-ASCII alias skips that test.
    """
    if mode == "aliases":
        return frozenset(words), None
    ascii_words = all(w.isascii() for w in words)
    return frozenset(w.lower() for w in words) if ascii_words else frozenset(), frozenset(words)


def _prefilter_keys(
    aliases: list[tuple[str, Mode]],
) -> tuple[dict[str, list[AliasWords]], dict[str, list[str | None]]]:
    """The pre-filter's index: key word -> words of the aliases keyed by it, and their surfaces.

    An alias is keyed by its first word, lower-cased. Surfaces: each alias `_norm`ed,
    the substring a hit of it is (None when not ASCII, see `WordIndex`).
    """
    words_of: dict[str, list[AliasWords]] = {}
    surfaces_of: dict[str, list[str | None]] = {}
    for alias, mode in aliases:
        words = _WORD.findall(alias if mode != "aliases" else alias.lower())
        words_of.setdefault(words[0].lower(), []).append(_alias_words(words, mode))
        surface = _norm(alias, mode) if alias.isascii() else None
        surfaces_of.setdefault(words[0].lower(), []).append(surface)
    return words_of, surfaces_of


def _as_str(word: str | bytes) -> str:
    return word.decode() if isinstance(word, bytes) else word


def _encoded(words_of: dict[str, list[AliasWords]]) -> dict[bytes, list[AliasWords]]:
    """The same alias words as UTF-8 bytes, to test the bytes words of ASCII texts."""

    def enc(words: frozenset[str]) -> frozenset[bytes]:
        return frozenset(w.encode() for w in words)

    return {
        first.encode(): [(enc(low), None if exact is None else enc(exact)) for low, exact in keys]
        for first, keys in words_of.items()
    }


def _spaced(text: str) -> tuple[str, str]:
    """`text` with each whitespace run one space, as `_norm` spaces a surface (and stripped),
    as written and lower-cased.

    `str.split()` splits at exactly the characters `\\s` matches, as `_norm` needs.
    """
    spaced = " ".join(text.split())
    return spaced, spaced.lower()


class WordIndex:
    """Alias words by lower-cased first word: the pre-filter's set test (`Finder.may_match`).

    The same test runs on `str` words, or on `bytes` words of an ASCII text:
    `bytes.translate` + `split` finds them several times faster than a regex.
    An alias whose words pass must then be in the text as written: `surfaces_of`, the
    alias `_norm`ed (None when not ASCII), in the text spaced as `_norm` spaces (and
    lower-cased for any-case aliases). `Finder._hits` keeps only such hits, and a hit
    has no `_WIDE_MARKS` but spaces, so the text may be without them. Without this
    test about half the texts sent to spaCy had words of an alias but no hit
    ("cloud ... security": every word of "Security+"), spaCy finding nothing there.
    """

    def __init__(self, words_of: dict, surfaces_of: dict) -> None:
        self.words_of = words_of
        # first word -> per alias: (lower-cased words, as written or None, surface)
        self.keys = {
            first: [(*key, surface) for key, surface in zip(keys, surfaces_of[first], strict=True)]
            for first, keys in words_of.items()
        }
        self.firsts = frozenset(self.words_of)
        # words that are a whole any-case alias, written as that word alone ("kubernetes",
        # not "security+"): a text holding one holds the alias, no more tests
        self.whole = frozenset(
            first
            for first, keys in self.keys.items()
            if (frozenset([first]), None, _as_str(first)) in keys
        )
        # first word -> the other words of its aliases, when every one has another word:
        # a text holding none of them holds none of those aliases ("data" without
        # "factory", "version", ...), so their subset tests are skipped
        self.tails: dict = {}
        for first, keys in self.words_of.items():
            rests = [lowered - {first} for lowered, _ in keys]
            self.tails[first] = frozenset().union(*rests) if all(rests) else None

    def holds(self, text: str, lower_words: list, exact_words: Callable[[], list]) -> bool:
        """Does `text` hold some alias? Its words: lower-cased, and `exact_words()` as written."""
        found = self.firsts.intersection(lower_words)  # most texts: empty
        return bool(found) and self.holds_found(found, text, lower_words, exact_words)

    def holds_found(
        self, found: frozenset, text: str, lower_words: list, exact_words: Callable[[], list]
    ) -> bool:
        """`holds`, given `found`: the alias first words among the text's words (not empty).

        The caller's one intersection serves every test below: `whole` is a subset of
        `firsts`, so a text holds a whole-alias word exactly when `found` does.
        """
        if not self.whole.isdisjoint(found):
            return True
        lower = set(lower_words)
        exact: set | None = None
        spaced: tuple[str, str] | None = None  # (as written, lower-cased)
        tails = self.tails
        for first in found:
            tail = tails[first]
            if tail is not None and tail.isdisjoint(lower):
                continue
            for lowered, as_written, surface in self.keys[first]:
                if not lowered <= lower:
                    continue
                if as_written is not None:
                    if exact is None:
                        exact = set(exact_words())
                    if not as_written <= exact:
                        continue
                if surface is None:
                    return True
                if spaced is None:
                    spaced = _spaced(text)
                if surface in (spaced[1] if as_written is None else spaced[0]):
                    return True
        return False


class _Tokens(NamedTuple):
    """A Doc's tokens as char offsets and lengths into its text.

    Why: a token read as `doc[i]` builds a Token object; here it is a slice of
    the text, and a match's chars are two list reads.
    """

    text: str
    starts: list[int]
    lengths: list[int]

    @classmethod
    def of(cls, doc: Doc, text: str) -> _Tokens:
        """`doc` is `text` tokenised."""
        starts, lengths = doc.to_array(["IDX", "LENGTH"]).T.tolist()
        return cls(text, starts, lengths)

    def word(self, i: int) -> str:
        start = self.starts[i]
        return self.text[start : start + self.lengths[i]]


class Finder:
    """Finds gazetteer mentions in texts; build once (see `finder()`), reuse for every article.

    `tokenizer`: "simple" (`simple_tokenizer`, the default) or "stock" (spaCy's
    English tokenizer, kept for the benchmark). `prefilter`: send to spaCy only
    texts holding every word of at least one alias (a set test per text).
    `join`: tokenise and match an article's texts as one Doc (`hits_each`); only
    with the simple tokenizer, whose tokens never depend on the text around them.
    """

    def __init__(
        self,
        entries: Sequence[Entry] | None = None,
        *,
        tokenizer: Literal["simple", "stock"] = "simple",
        prefilter: bool = True,
        join: bool = True,
    ) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.entries = tuple(entries if entries is not None else gazetteer())
        self.nlp = spacy.blank("en")
        if tokenizer == "simple":
            self.nlp.tokenizer = simple_tokenizer(self.nlp.vocab)
        self.prefilter = prefilter
        self.join = join and tokenizer == "simple"
        self.labels = {e.canonical: e.label for e in self.entries}
        self.forms: dict[tuple[Mode, str], set[str]] = {}
        self.matchers = {
            mode: PhraseMatcher(self.nlp.vocab, attr="LOWER" if mode == "aliases" else "ORTH")
            for mode in MODES
        }
        aliases: list[tuple[str, Mode]] = []
        for entry in self.entries:
            for mode in MODES:
                forms = entry.forms(mode)
                if not forms:
                    continue
                self.matchers[mode].add(entry.canonical, [self.nlp.make_doc(a) for a in forms])
                self.forms.setdefault((mode, entry.canonical), set()).update(
                    _norm(a, mode) for a in forms
                )
                aliases += [(alias, mode) for alias in forms]
        self.shorthands = _shorthands(self.entries)
        words_of, surfaces_of = _prefilter_keys(aliases)
        self._index = WordIndex(words_of, surfaces_of)
        self._ascii_index = WordIndex(
            _encoded(words_of), {k.encode(): v for k, v in surfaces_of.items()}
        )

    def may_match(self, text: str) -> bool:
        """Cheap check: does the text hold every word of some alias (in the alias's case rule),
        and the alias as written (`_norm`ed, in `_norm`ed text without `_WIDE_MARKS`)?"""
        if not text.isascii():
            narrow = _without_wide_marks(text)
            if not narrow.isascii():  # words from the text as written, not narrowed
                return self._index.holds(
                    narrow, _WORD.findall(text.lower()), lambda: _WORD.findall(text)
                )
            text = narrow
        data = text.encode("ascii")
        words = data.translate(_ASCII_LOWER_WORDS).split()
        index = self._ascii_index
        found = index.firsts.intersection(words)  # most texts: empty
        return bool(found) and index.holds_found(
            found, text, words, lambda: data.translate(_ASCII_WORDS).split()
        )

    def hits_each(self, texts: Sequence[str]) -> list[list[Hit]]:
        """Mentions of each text, in text order; the texts that can be, from one Doc of them all.

        Why: making a Doc and calling three matchers cost about as much per text as
        tokenising it. A text that starts or ends with a space is read alone (see
        `_joinable`).
        """
        if not self.join:
            return [self._hits_alone(t) for t in texts]
        together = [t for t in texts if _joinable(t)]
        found = dict(zip(together, self._hits_joined(together), strict=True))
        return [found[t] if t in found else self._hits_alone(t) for t in texts]

    def _hits_joined(self, texts: list[str]) -> list[list[Hit]]:
        """Mentions of each text, tokenised and matched as one Doc, the texts joined by `_JOIN`.

        Every text keeps its own tokens, and matches are cut back per text: none can
        cross a newline token (no alias has one), and any that did is dropped, as
        alone it could not be.
        """
        if not texts:
            return []
        joined = _JOIN.join(texts)
        doc = self.nlp.make_doc(joined)
        tokens = _Tokens.of(doc, joined)
        offsets = list(accumulate((len(t) + len(_JOIN) for t in texts[:-1]), initial=0))
        firsts = [bisect_left(tokens.starts, offset) for offset in offsets]
        ends = [f - 1 for f in firsts[1:]] + [len(doc)]  # the separator token is no text's
        matches: list[list[tuple[Mode, int, int, int]]] = [[] for _ in texts]
        for mode, matcher in self.matchers.items():
            for match_id, start, end in matcher(doc):
                i = bisect_right(firsts, start) - 1
                if end <= ends[i]:
                    matches[i].append((mode, match_id, start, end))
        return [
            self._hits(tokens, text, found, firsts[i], ends[i], offsets[i]) if found else []
            for i, (text, found) in enumerate(zip(texts, matches, strict=True))
        ]

    def find(self, texts: Iterable[str]) -> list[list[Hit]]:
        """Mentions in each text, in text order."""
        texts = list(texts)
        found = self.find_distinct(texts)
        return [list(found.get(t, ())) for t in texts]

    def find_distinct(self, texts: Iterable[str]) -> dict[str, list[Hit]]:
        """Mentions of each distinct non-empty text that has any.

        A text's mentions depend on the text alone, so a repeated text (table cells
        often are) is read once. Filter, tokenise and match run as three passes:
        interleaved, spaCy's tables push the filter's out of the CPU caches (~10%).
        """
        unique = [t for t in dict.fromkeys(texts) if t]
        todo = list(filter(self.may_match, unique)) if self.prefilter else unique
        return {t: hits for t, hits in zip(todo, self.hits_each(todo), strict=True) if hits}

    def _hits_alone(self, text: str) -> list[Hit]:
        """Mentions of `text`, tokenised and matched alone."""
        doc = self.nlp.make_doc(text)
        found = [(mode, *m) for mode, matcher in self.matchers.items() for m in matcher(doc)]
        return self._hits(_Tokens.of(doc, text), text, found, 0, len(doc), 0) if found else []

    def _hits(
        self,
        tokens: _Tokens,
        text: str,
        matches: list[tuple[Mode, int, int, int]],
        lo: int,
        hi: int,
        offset: int,
    ) -> list[Hit]:
        """Mentions of `text`, which is tokens `lo:hi` of `tokens` from char `offset` on.

        `matches` are (mode, match id, start, end) within those tokens.
        """
        strings = self.nlp.vocab.strings
        starts, lengths = tokens.starts, tokens.lengths
        forms = self.forms
        candidates: list[Candidate] = []
        listed = False
        for mode, match_id, start, end in matches:
            canonical = strings[match_id]
            # chars in `text`, as Span.start/end_char
            s_char = starts[start] - offset
            e_char = starts[end - 1] + lengths[end - 1] - offset
            if _norm(text[s_char:e_char], mode) in forms[(mode, canonical)]:
                candidates.append((start, end, mode, canonical, s_char, e_char))
                listed = listed or mode == "listed"
        if not candidates:
            return []
        # every token's text is read only for the rule of `listed` aliases (the rarest)
        words = [tokens.word(k) for k in range(lo, hi)] if listed else []
        # an any-case alias is always kept (`_accept`'s first rule): no call for it
        kept = [
            c
            for c in candidates
            if c[2] == "aliases" or _accept(tokens, lo, hi, c, words, candidates)
        ]
        labels = self.labels
        hits = [
            _new_hit(Hit, (s_char, e_char, canonical, labels[canonical], text[s_char:e_char]))
            for _, _, _, canonical, s_char, e_char in longest_first(kept)
        ]
        shorthands = self.shorthands
        if any(h.canonical in shorthands for h in hits):
            hits = self._with_shorthands(text, hits)
        return hits

    def _with_shorthands(self, text: str, hits: list[Hit]) -> list[Hit]:
        """`hits` and the shorthands that follow a family's certification ("…/Lead Implementer")."""
        out = []
        for n, hit in enumerate(hits):
            out.append(hit)
            family = self.shorthands.get(hit.canonical)
            end = hit.end
            # a shorthand never runs into the next mention found as written
            limit = hits[n + 1].start if n + 1 < len(hits) else len(text)
            while family and (match := _AFTER_SHORTHAND.match(text, end)):
                start = match.end()
                rest = text[start:limit].lower()
                suffix = next((x for x in family if _starts_word(rest, x)), None)
                if suffix is None:
                    break
                end = start + len(suffix)
                canonical = family[suffix]
                out.append(
                    _new_hit(Hit, (start, end, canonical, self.labels[canonical], text[start:end]))
                )
        return out


def _joinable(text: str) -> bool:
    """Whether `text` tokenises within `_JOIN`s as alone: it neither starts nor ends with a space.

    The tokenizer splits where space runs begin and end, so only a run touching
    the join could tokenise differently. An empty text has no mentions: not joined.
    """
    return bool(text) and not (text[0].isspace() or text[-1].isspace())


# a shorthand follows its family's certification after "/" or "or" (a comma also ends
# a list of roles: "AWS Certified Cloud Practitioner, Solutions Architect with …")
_AFTER_SHORTHAND = re.compile(r"\s*(?:/|\bor\b)\s*")


def _starts_word(text: str, prefix: str) -> bool:
    """Whether `text` starts with the words of `prefix`, ending on a word boundary."""
    return text.startswith(prefix) and not text[len(prefix) : len(prefix) + 1].isalnum()


def _shorthands(entries: Sequence[Entry]) -> dict[str, dict[str, str]]:
    """Per certification of a family, the family's other certifications by shorthand.

    A family is an entry whose alias starts certifications' aliases: "ISO 27001" makes
    "ISO 27001 Foundation" and "ISO 27001 Lead Implementer" one family, whose
    shorthands are "foundation" and "lead implementer" (longest first).
    """
    bases = {a.lower() for e in entries if e.label != "certification" for a in e.aliases}
    families: dict[str, dict[str, str]] = {}
    for e in entries:
        if e.label != "certification":
            continue
        for alias in e.aliases:
            base, _, tail = alias.lower().rpartition(" ")
            while base and base not in bases:
                base, _, more = base.rpartition(" ")
                tail = f"{more} {tail}"
            if base:
                families.setdefault(base, {})[tail] = e.canonical
    out: dict[str, dict[str, str]] = {}
    for members in families.values():
        if len(set(members.values())) < 2:
            continue
        ordered = dict(sorted(members.items(), key=lambda kv: -len(kv[0])))
        for canonical in set(members.values()):
            out[canonical] = {k: v for k, v in ordered.items() if v != canonical}
    return out


def _accept(
    tokens: _Tokens,
    lo: int,
    hi: int,
    candidate: Candidate,
    words: list[str],
    candidates: list[Candidate],
) -> bool:
    """Apply the case rule of the alias kind (see the module docstring).

    The text is tokens `lo:hi` of `tokens`; `words` are their texts, needed (and
    given) for `listed` aliases only.
    """
    start, end, mode = candidate[:3]
    if mode == "aliases":
        return True
    if mode == "cased":
        before = _neighbour(tokens, start - 1, -1, lo, hi)
        after = _neighbour(tokens, end, 1, lo, hi)
        opens_sentence = before is None or before in _SENTENCE_END
        return not (opens_sentence and after is not None and after.lower() in _FUNCTION_WORDS)
    # listed: alone in its text (punctuation aside), or beside another candidate
    start, end = start - lo, end - lo
    before = [w for w in words[:start] if not w.isspace()]
    after = [w for w in words[end:] if not w.isspace()]
    if not any(w[0].isalnum() for w in before + after):
        return True
    for s, e, *_ in candidates:
        s, e = s - lo, e - lo
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


def _neighbour(tokens: _Tokens, i: int, step: int, lo: int, hi: int) -> str | None:
    """The text of the first non-space token from token `i` on, walking by `step`, within `lo:hi`."""
    while lo <= i < hi:
        word = tokens.word(i)
        if not word.isspace():
            return word
        i += step
    return None


def _without_wide_marks(text: str) -> str:
    for mark in _WIDE_MARKS:
        if mark in text:
            text = text.replace(mark, " ")
    return text


@cache
def finder() -> Finder:
    """The process-wide Finder (spaCy pipeline and matchers are built once)."""
    return Finder()


def mention_rows(rows: dict[str, list[dict]]) -> list[dict]:
    """`mentions` rows of one article from its `blocks` and `table_cells` rows.

    Ordered and numbered by section, then the section's blocks before its
    table cells, then position in the text. Only texts with mentions get a row
    position (most texts have none).
    """
    blocks, cells = rows.get("blocks", []), rows.get("table_cells", [])
    if not blocks and not cells:
        return []
    texts = [*map(_TEXT, blocks), *map(_VALUE, cells)]
    section_of_table = {t["table_no"]: t["section_no"] for t in rows.get("tables", [])}
    hits_of = finder().find_distinct(texts)
    found: list[tuple[tuple, dict, list[Hit]]] = []
    # the positions of texts with mentions (a few), picked out in C
    for i in compress(range(len(texts)), map(hits_of.get, texts)):
        hits = hits_of[texts[i]]
        if hits:
            key, where = (
                _position(blocks[i])
                if i < len(blocks)
                else _cell_position(cells[i - len(blocks)], section_of_table)
            )
            found.append((key, where, hits))
    found.sort(key=lambda s: s[0])
    article_id = (blocks or cells)[0]["article_id"]
    out = []
    for _, where, hits in found:
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


def _position(b: dict) -> tuple[tuple, dict]:
    """Sort key and location columns of a block's mentions."""
    where = {"source": "block", "block_no": b["block_no"], "table_no": None}
    where |= {"row_no": None, "col_no": None, "section_no": b["section_no"]}
    return (b["section_no"] or 0, 0, b["block_no"], 0, 0), where


def _cell_position(c: dict, section_of_table: dict) -> tuple[tuple, dict]:
    """Sort key and location columns of a table cell's mentions."""
    section_no = section_of_table.get(c["table_no"])
    where = {"source": "cell", "block_no": None, "table_no": c["table_no"]}
    where |= {"row_no": c["row_no"], "col_no": c["col_no"], "section_no": section_no}
    return (section_no or 0, 1, c["table_no"], c["row_no"], c["col_no"]), where
