"""The fast paths of flat_tables give exactly what the straightforward code gives.

Round 8 (speed) replaced several steps by cheaper ones that must not change a
single bit of the output: the segmenter's first and last column steps, the
batch arrays, a row's per-word fields, the grouped name match and the length
prior of k columns at once. Round 9 (speed): the tokenizer's quiet gaps, the
name walk over opening words only, whole-value bonuses from the prior's kept
counts, and column priors mixed in place. Each is checked here against a plain
reference (the code it replaced) on the known tables' rows: cut points,
scores and confidences compared with ==, not approximately.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from extractors.flat_tables import Lexicon, flatten_table, rebuild, segment
from extractors.flat_tables import features as feats
from extractors.flat_tables import header as headmod
from extractors.flat_tables import kernel as kern
from extractors.flat_tables import lexicon as lexmod
from extractors.flat_tables import priors as priors_mod
from extractors.flat_tables import tokens as tok
from extractors.flat_tables import values as vals
from extractors.flat_tables.batch import RowBatch
from extractors.flat_tables.features import (
    _LENGTHS,
    _LOG_LENGTHS,
    LENGTH_PRIOR_WEIGHT,
    Emission,
    Emissions,
    _length_logp_rows,
)
from extractors.flat_tables.kernel import add_ranges
from extractors.flat_tables.known import KnownTable, load_dir
from extractors.flat_tables.learned import table_counts
from extractors.flat_tables.names import (
    _by_length,
    _lows_cores,
    _match_grouped,
    known_spans,
    name_index,
    name_word,
    opens_name,
)
from extractors.flat_tables.priors import Counts, Digest, Prior
from extractors.flat_tables.segment import NEG, Cut, _Sides, _sides
from extractors.flat_tables.stats import ColumnStats
from extractors.flat_tables.tokens import _word as token_word
from extractors.flat_tables.tokens import norm, tokenize
from extractors.flat_tables.values import Bonuses

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def _tables() -> list[KnownTable]:
    return load_dir(FIXTURES)


def _row_lines() -> list[str]:
    return [line for t in _tables() for line in flatten_table(t.table)[1:]]


# --- the segmenter: every column step dense, as before round 8 -------------------------


def _row_lengths(s: _Sides, em: Emissions, n_rows: int) -> np.ndarray:
    """(k, R, M) every row's length scores: the column's, with its own cells' lengths
    scored apart (`Emissions.own_length` / `own_gain`), as the compiled passes read them."""
    out = np.repeat(s.lengths[:, None, :], n_rows, axis=1)
    if em.own_length is not None and em.own_gain is not None:
        j, r = np.nonzero(em.own_length >= 0)
        m = em.own_length[j, r]
        out[j, r, m] = s.lengths[j, m] + em.own_gain[j, r]
    return out


def _dense_step(
    vit: np.ndarray, s: _Sides, j: int, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    a = vit + s.start[j]
    length_t = lengths[j][:, s.span.T]  # (R, e, i)
    total = a[:, None, :] + length_t
    arg = np.argmax(total, axis=2)
    r_idx, e_idx = np.indices(arg.shape, sparse=True)
    best = total[r_idx, e_idx, arg]
    rows, i, e, bonus = s.bonus[j]
    if len(rows):
        cand = a[rows, i] + lengths[j][rows, s.span[i, e]] + bonus
        for r, ii, ee, c in zip(rows.tolist(), i.tolist(), e.tolist(), cand.tolist(), strict=True):
            cur = best[r, ee]
            if c > cur or (c == cur and ii < arg[r, ee]):
                best[r, ee], arg[r, ee] = c, ii
    return best + s.end[j], arg


def _dense_forward(s: _Sides, inv: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    scale = inv[:, None, None, None]
    start_t = s.start[None] * scale
    end_t = s.end[None] * scale
    w1 = s.start.shape[2]
    len_t = s.lengths[None, :, :w1] * inv[:, None, None]
    top_l = np.max(len_t[:, :, 1:], axis=2, initial=0.0) if len_t.shape[2] > 1 else len_t[..., 0]
    top_l = np.where(np.isfinite(top_l), top_l, 0.0)
    rows_t = lengths[None, :, :, :w1] * inv[:, None, None, None]  # (T, k, R, M)
    lmat = np.exp(rows_t - top_l[:, :, None, None])[:, :, :, s.span]  # (T, k, R, i, e)
    fwd = np.full((len(inv), *s.start.shape[1:]), NEG)
    fwd[:, :, 0] = 0.0
    for j in range(s.start.shape[0]):
        a_log = fwd + start_t[:, j]
        top_a = np.max(a_log, axis=2)
        top_a = np.where(np.isfinite(top_a), top_a, 0.0)
        a = np.exp(a_log - top_a[:, :, None])
        out = (a[:, :, None, :] @ lmat[:, j])[:, :, 0, :]
        rows, i, e, bonus = s.bonus[j]
        if len(rows):
            extra = a[:, rows, i] * lmat[:, j, rows, i, e] * np.expm1(bonus[None, :] * inv[:, None])
            np.add.at(out, (slice(None), rows, e), extra)
        with np.errstate(divide="ignore"):
            fwd = np.log(out) + (top_a[:, :, None] + top_l[:, j, None, None]) + end_t[:, j]
    return fwd


def _dense_best_cuts_at(
    batch: RowBatch, emissions: list[Emission] | Emissions, temperatures: tuple[float, ...]
) -> list[list[Cut | None]]:
    k, n_rows = len(emissions), len(batch.rows)
    s = _sides(batch, emissions)
    em = emissions if isinstance(emissions, Emissions) else Emissions.of(emissions)
    lengths = _row_lengths(s, em, n_rows)
    vit = np.full(s.start.shape[1:], NEG)
    vit[:, 0] = 0.0
    back = []
    for j in range(k):
        vit, arg = _dense_step(vit, s, j, lengths)
        back.append(arg)
    rows = np.arange(n_rows)
    scores = vit[rows, batch.lengths].tolist()
    bounds = np.zeros((n_rows, k), dtype=np.int64)
    pos = batch.lengths
    for j in range(k - 1, 0, -1):
        pos = back[j][rows, pos]
        bounds[:, j] = pos
    bounds_of = [
        None if sc == NEG or sc != sc else tuple(b)
        for sc, b in zip(scores, bounds.tolist(), strict=True)
    ]
    inv = np.array([1.0 / t for t in temperatures])
    log_z = _dense_forward(s, inv, lengths)[:, rows, batch.lengths]
    with np.errstate(invalid="ignore"):
        conf = np.exp(np.minimum(np.array(scores)[None, :] * inv[:, None] - log_z, 0.0))
    return [
        [
            None if b is None else Cut(b, scores[r], conf[t, r].item(), log_z[t, r].item() * temp)
            for r, b in enumerate(bounds_of)
        ]
        for t, temp in enumerate(temperatures)
    ]


def _segmenter_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """(batch, emissions, temperatures) of every segmenter call rebuilding the fixture tables."""
    calls: list[tuple] = []
    real = segment.cuts_of

    def record(
        batch: RowBatch, emissions: Emissions, temperatures: tuple[float, ...]
    ) -> segment.Cuts:
        calls.append((batch, emissions, temperatures))
        return real(batch, emissions, temperatures)

    monkeypatch.setattr(rebuild, "cuts_of", record)
    tables = _tables()
    for i, known in enumerate(tables):
        lexicon = Lexicon.from_tables(t.table for j, t in enumerate(tables) if j != i)
        rebuild.rebuild_table(flatten_table(known.table), lexicon)
    monkeypatch.undo()
    return calls


def _same_cuts(fast: list[list[Cut | None]], dense: list[list[Cut | None]]) -> None:
    """Starts and scores equal to the bit; confidence and log Z to 1e-12 (the compiled
    forward pass sums each cell's terms in another order than a matrix product)."""
    assert len(fast) == len(dense)
    for got_t, want_t in zip(fast, dense, strict=True):
        assert [c and (c.starts, c.score) for c in got_t] == [
            c and (c.starts, c.score) for c in want_t
        ]
        for got, want in zip(got_t, want_t, strict=True):
            if want is not None:
                assert got.confidence == pytest.approx(want.confidence, rel=1e-12, abs=1e-12)
                assert got.log_z == pytest.approx(want.log_z, rel=1e-12, abs=1e-12)


def test_compiled_segmenter_gives_the_dense_cuts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled Viterbi and forward pass (`kernel`) against the dense numpy lattice."""
    calls = _segmenter_calls(monkeypatch)
    assert len(calls) > 40
    assert {len(em) for _, em, _ in calls} >= {2, 3, 4}
    assert any(len(em.values.gain) for _, em, _ in calls)  # bonuses are exercised
    assert any(em.own_gain is not None and em.own_gain.any() for _, em, _ in calls)
    for batch, emissions, temperatures in calls:
        _same_cuts(
            segment.best_cuts_at(batch, emissions, temperatures),
            _dense_best_cuts_at(batch, emissions, temperatures),
        )


def test_one_column_cut_is_the_dense_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """k = 1: the first column is also the last."""
    batch, emissions, _ = _segmenter_calls(monkeypatch)[0]
    one = emissions.columns(0, 1) if isinstance(emissions, Emissions) else [emissions[0]]
    _same_cuts(
        segment.best_cuts_at(batch, one, (1.0, 2.0)), _dense_best_cuts_at(batch, one, (1.0, 2.0))
    )


def _every_cut(n: int, k: int, legal: Sequence[bool]) -> list[tuple[int, ...]]:
    """Every way to cut n words into k non-empty cells at legal gaps (starts of the cells)."""
    inner = [g for g in range(1, n) if legal[g]]
    return [(0, *c) for c in itertools.combinations(inner, k - 1)]


def test_compiled_segmenter_matches_every_cut_enumerated() -> None:
    """Random small lattices with bonuses, forbidden gaps and rows' own cell lengths scored
    apart (`Emissions.own_gain`): the best cut is the maximum
    over every cut listed one by one, and log Z their log-sum-exp. Whole-number scores sum
    exactly in any order, so ties are real ties: the last cell's lowest start wins, then
    the one before it (what numpy's argmax did column by column)."""
    rng = np.random.default_rng(7)
    for trial in range(60):
        k = int(rng.integers(1, 5))
        lines = [
            " ".join(f"w{trial}x{r}y{i}" for i in range(int(rng.integers(k, 9))))
            for r in range(int(rng.integers(1, 5)))
        ]
        batch = RowBatch.of(lines)
        r_n, w = batch.shape_idx.shape
        if trial % 3 == 0:  # forbid a few inner gaps
            batch.can_cut[:, 1:-1] &= rng.random((r_n, w - 1)) > 0.3
            batch.can_cut[np.arange(r_n), batch.lengths] = True
        values: list[list[tuple[int, int, int, float]]] = [[] for _ in range(k)]
        for j in range(k):
            for r in range(r_n):
                n = int(batch.lengths[r])
                i = int(rng.integers(0, n))
                e = int(rng.integers(i + 1, n + 1))
                values[j].append((r, i, e, float(rng.integers(1, 4))))
        em = Emissions(
            rng.integers(-3, 4, size=(k, r_n, w)).astype(np.float64),
            rng.integers(-3, 4, size=(k, r_n, w)).astype(np.float64),
            rng.integers(-3, 4, size=(k, r_n, w)).astype(np.float64),
            -rng.integers(0, 4, size=(k, feats.MAX_CELL_WORDS + 2)).astype(np.float64),
            Bonuses.of(values),
        )
        em.length[:, 0] = NEG
        if trial % 2:  # rows' own cell lengths scored apart in some columns
            em.own_length = rng.integers(-1, w + 1, size=(k, r_n)).astype(np.int64)
            em.own_length[em.own_length == 0] = -1
            em.own_gain = -rng.integers(0, 3, size=(k, r_n)).astype(np.float64)
        temps = (1.0, 2.0)
        got = segment.best_cuts_at(batch, em, temps)
        for r in range(r_n):
            n = int(batch.lengths[r])
            legal = batch.can_cut[r].tolist()
            bonus = [{(i, e): b for rr, i, e, b in values[j] if rr == r} for j in range(k)]
            scored = []
            for starts in _every_cut(n, k, legal):
                bounds = (*starts, n)
                total = 0.0
                for j, (i, e) in enumerate(itertools.pairwise(bounds)):
                    total += (
                        em.first[j, r, i]
                        + batch.cut_cost[r, i]
                        + em.inner[j, r, i + 1 : e].sum()
                        + em.last[j, r, e - 1]
                        + em.length[j, e - i]
                        + bonus[j].get((i, e), 0.0)
                    )
                    if em.own_gain is not None and em.own_length[j, r] == e - i:
                        total += em.own_gain[j, r]
                scored.append((total, starts))
            if not scored:
                assert got[0][r] is None
                continue
            top = max(s for s, _ in scored)
            best = min((st for s, st in scored if s == top), key=lambda st: st[::-1])
            cut = got[0][r]
            assert (cut.starts, cut.score) == (best, top)
            for t, temp in enumerate(temps):
                log_z = temp * math.log(sum(math.exp((s - top) / temp) for s, _ in scored))
                log_z += top
                assert got[t][r].log_z == pytest.approx(log_z, abs=1e-9)
                assert got[t][r].confidence == pytest.approx(
                    math.exp((top - log_z) / temp), abs=1e-9
                )


# --- batch arrays: padded row by row, as before round 8 --------------------------------


def _padded(rows: Sequence, field: str, pad: object, extra: int = 0) -> np.ndarray:
    w = max(len(r.words) for r in rows) + extra
    return np.array([(*getattr(r, field), *(pad,) * (w - len(getattr(r, field)))) for r in rows])


def test_row_batch_arrays_are_the_padded_rows() -> None:
    lines = _row_lines()
    for size in (1, 3, 8, len(lines)):
        rows = [tokenize(line) for line in lines[:size]]
        batch = RowBatch.of(lines[:size])
        index: dict[str, int] = {}
        keys = [[index.setdefault(k, len(index)) for k in r.keys] for r in rows]
        low: dict[str, int] = {}
        lows = [[low.setdefault(k, len(low)) for k in r.lowered] for r in rows]
        w = batch.width
        assert batch.keys == tuple(index) and batch.index == index
        assert batch.lowered == tuple(low) and batch.low_index == low
        assert (batch.key_idx == np.array([[*k, *[-1] * (w - len(k))] for k in keys])).all()
        assert (batch.low_idx == np.array([[*k, *[-1] * (w - len(k))] for k in lows])).all()
        assert (batch.shape_idx == _padded(rows, "shape_idx", 0)).all()
        assert (batch.end_idx == _padded(rows, "end_idx", 0)).all()
        assert (batch.known == _padded(rows, "known", False)).all()
        assert (batch.cut_cost == _padded(rows, "cut_cost", 0.0, 1)).all()
        assert (batch.can_cut == _padded(rows, "can_cut", False, 1)).all()
        assert batch.key_idx.dtype == np.int64 and batch.cut_cost.dtype == np.float64
        assert batch.can_cut.dtype == bool and batch.known.dtype == bool


# --- tokens: a row's per-word fields --------------------------------------------------


def test_row_fields_are_each_words_fields() -> None:
    for line in [*_row_lines(), "p99 < 400ms (see below) A Responsible"]:
        row = tokenize.__wrapped__(line)
        info = [token_word(w) for w in line.split()]
        assert row.shapes == tuple(w.shape for w in info)
        assert row.end_shapes == tuple(w.end for w in info)
        assert row.keys == tuple(w.key for w in info)
        assert row.lowered == tuple(w.lower for w in info)
        assert row.shape_idx == tuple(tok.SHAPES.index(w.shape) for w in info)
        assert row.end_idx == tuple(tok.END_SHAPES.index(w.end) for w in info)


def test_a_full_word_table_starts_again_and_reads_the_same(monkeypatch) -> None:
    lines = [*_row_lines(), "p99 < 400ms (see below) A Responsible", "(SIEM) [draft] “quoted” AWS"]
    before = tok.tokenize_lines(lines)
    table = tok._WordTable()
    monkeypatch.setattr(tok, "_WORDS", table)
    monkeypatch.setattr(tok, "WORD_TABLE_LIMIT", 40)  # fewer than the lines' words
    for start in range(0, len(lines), 3):  # fills, clears and refills the table
        tok.tokenize_lines(lines[start : start + 3])
    assert len(table.number) <= 40
    after = tok.tokenize_lines(lines)
    assert after.words == before.words and after.keys == before.keys
    for field in ("key_idx", "low_idx", "shape_idx", "end_idx", "can_cut", "cut_cost", "known"):
        assert np.array_equal(getattr(after, field), getattr(before, field)), field
    for word, n in table.number.items():  # each number holds its own word's fields
        info = token_word(word)
        assert (table.fields[0, n], table.fields[1, n]) == (info.code, info.marks)
        assert table.brackets.get(n, ()) == info.brackets


def _one_source(stats: ColumnStats, weight: float = 1.0) -> Prior:
    return Prior([(stats, Digest.of(stats), weight)])


def test_column_values_keep_only_values_a_span_can_spell() -> None:
    priors_mod.value_ids.cache_clear()
    prior, other, empty = ColumnStats(), ColumnStats(), ColumnStats()
    for cell, n in [("common", 3), ("context-specific", 2), ("a  b", 1), ("", 1)]:
        prior.values[cell] += n
    prior.values["one two three four five six seven"] += 1  # prose, not a value
    prior.values["per release"] += 4
    other.values["weekly"] += 1.5
    other.values["common"] += 1.0
    for _ in range(2):  # the second time, every value's ids are the kept ones
        columns = [_one_source(prior), Prior([]), _one_source(empty), _one_source(other, 2.0)]
        # A column of two sources lists the values of each, scaled by its weight.
        columns.append(Prior([(prior, Digest.of(prior), 0.5), (other, Digest.of(other), 2.0)]))
        got = vals.column_values(columns)
        words = ("common", "context-specific", "per", "release", "weekly", "common")
        words += ("common", "context-specific", "per", "release", "weekly", "common")
        assert got.words.tolist() == [tok.string_id(w) for w in words]
        assert got.ends.tolist() == [1, 2, 4, 5, 6, 7, 8, 10, 11, 12]
        assert got.counts.tolist() == [3.0, 2.0, 4.0, 3.0, 2.0, 1.5, 1.0, 2.0, 3.0, 2.0]
        assert got.columns.tolist() == [3, 3, 3, 5, 10]  # where each column's values end
    assert priors_mod.value_ids.cache_info().misses == 7  # each distinct value's ids made once


def test_prior_arrays_are_the_merged_counts_to_the_bit() -> None:
    """`prior_arrays` sums the sources' digests, slot by slot, for all columns at once; each
    column must equal, bit for bit, what its merged `ColumnStats` (`Prior.stats`) holds, for
    priors of one, two and three sources, similar mixes and columns of unequal sources."""
    tables = _tables()
    headers = [tuple(t.table.header) for t in tables]
    headers += [("Tool", "Why it matters", "Owner"), ("Skill area", "Proof of competency")]
    headers += [("Cadence or frequency", "Unseen words here", "Level"), ("Zzz", "Qqq")]
    widths = set()
    for n in range(0, len(tables), 3):
        lex = Lexicon.from_tables(t.table for j, t in enumerate(tables) if j != n)
        for header in headers:
            priors = lex.column_priors(header)
            widths.add(tuple(len(p.digests) for p in priors))
            got = priors_mod.prior_arrays(priors)
            merged = [p.stats for p in priors]
            for field in ("first_shape", "inner_shape", "last_shape", "lengths"):
                want = np.stack([getattr(Counts.of(m), field) for m in merged])
                assert np.array_equal(getattr(got.counts, field), want), (header, field)
                assert getattr(got.counts, field).flags.c_contiguous
            assert got.cells.tolist() == [m.cells for m in merged]
            assert got.known.tolist() == [m.known for m in merged]
            assert got.types.tolist() == [len(m.first_word) for m in merged]
            batch = RowBatch.of([" ".join(t.table.rows[0]) for t in tables])
            counts = kern.first_key_counts(
                batch.key_ids, got.first_ids, got.first_counts, got.first_ends, tok.id_scratch()[0]
            )
            want = np.stack([feats._counts_of_keys(m.first_word, batch) for m in merged])
            assert np.array_equal(counts, want), header
    assert {1, 2, 3} <= {w for ws in widths for w in ws}  # one, two and three sources
    assert any(len(set(ws)) > 1 for ws in widths)  # columns of unequal sources, together
    assert (tok.id_scratch() == -1).all()


# --- names: grouped by length, as form by form ------------------------------------------


def test_grouped_name_match_is_the_form_by_form_match() -> None:
    index, groups = name_index(), _by_length()
    rng = random.Random(7)
    forms = [words for fs in index.values() for words, _ in fs]
    for words in forms:
        for variant in range(4):
            w = list(words)
            if variant == 1:
                w = [x.title() for x in w]
            elif variant == 2:
                w[0], w[-1] = "(" + w[0], w[-1] + "),"
            elif variant == 3:
                w = [x.upper() for x in w]
            row = [rng.choice(["Use", "and", "(x"]), *w, *rng.choice(forms)[:2]]
            info = [name_word(x) for x in row]
            for i in range(len(row)):
                by_form = index.get(info[i].low)
                by_length = groups.get(info[i].low)
                assert (_match_at(info, i, by_form) if by_form else 0) == (
                    _match_grouped(info, *_lows_cores(info), i, by_length) if by_length else 0
                )


def _match_at(info: list, i: int, forms) -> int:
    """The form-by-form walk `names._match_grouped` replaced: end of the longest name at word i."""
    n = len(info)
    for alias, any_case in forms:  # longest first
        m = len(alias)
        if i + m > n:
            continue
        if m == 1:
            if (info[i].low if any_case else info[i].core) == alias[0]:
                return i + 1
            continue
        span = info[i : i + m]
        if not (span[0].may_open and span[-1].may_close):
            continue
        if any(not w.bare for w in span[1:-1]):
            continue
        if tuple(w.low if any_case else w.core for w in span) == alias:
            return i + m
    return 0


# --- features: the length prior of k columns at once -----------------------------------


def _length_logp(hist: np.ndarray) -> np.ndarray:
    """A column's length prior in numpy (before round 12): its histogram smoothed by a
    log-normal fitted to it."""
    total = float(hist.sum())
    if total > 0:
        mu = float(hist @ _LOG_LENGTHS / total)
        sigma = max(math.sqrt(float(hist @ (_LOG_LENGTHS - mu) ** 2 / total)), 0.35)
    else:
        mu, sigma = math.log(4.0), 0.9
    shape_ = np.exp(-((_LOG_LENGTHS - mu) ** 2) / (2 * sigma**2)) / np.maximum(_LENGTHS, 1.0)
    shape_[0] = 0.0
    shape_ /= shape_.sum()
    p = (hist + LENGTH_PRIOR_WEIGHT * shape_) / (total + LENGTH_PRIOR_WEIGHT)
    out = np.log(np.maximum(p, 1e-12))
    out[0] = -np.inf
    return out


def test_length_prior_of_k_columns_is_each_columns_prior() -> None:
    """The compiled length prior of k columns against numpy's, column by column: equal to
    1e-12 (its sums run in another order, and its log and exp are the C library's)."""
    rng = np.random.default_rng(3)
    for _ in range(300):
        k = int(rng.integers(1, 7))
        hists = np.zeros((k, 122))
        for j in range(k):
            m = int(rng.integers(0, 30))
            np.add.at(hists[j], rng.integers(1, 121, size=m), rng.random(m) * 7.3)
        got, want = _length_logp_rows(hists), np.stack([_length_logp(h) for h in hists])
        assert np.array_equal(np.isinf(got), np.isinf(want))
        assert np.allclose(got, want, rtol=1e-12, atol=1e-12)


def test_learned_columns_are_the_array_sums_of_priors_and_taught_counts() -> None:
    """`kernel.learned_columns` (one call per learning pass) against the array version it
    replaced in `emit_learned`: counts, cells and types equal, log-shares and length
    scores equal to 1e-12 (the C library's log)."""
    rng = np.random.default_rng(11)
    n_shapes, n_ends = len(tok.SHAPES), len(tok.END_SHAPES)
    for _ in range(200):
        k, n_keys = int(rng.integers(1, 7)), int(rng.integers(0, 30))

        def counts(*shape: int) -> np.ndarray:
            return np.floor(rng.random(shape) * rng.integers(1, 9)) * (rng.random(shape) < 0.6)

        base = [counts(k, n_shapes), counts(k, n_shapes), counts(k, n_ends), counts(k, 122)]
        taught = [counts(k, n_shapes), counts(k, n_shapes), counts(k, n_ends), counts(k, 122)]
        base_cells, cells = rng.random(k) * 20, np.full(k, float(rng.integers(0, 9)))
        base_types = rng.integers(0, 5, size=k)
        base_known, known = rng.random(k), counts(k)
        first_key, prior_key = counts(k, n_keys), rng.random((k, n_keys)) * 3
        got = kern.learned_columns(
            *base, base_cells, base_types, base_known,
            *taught[:3], taught[3], cells, first_key, known, prior_key,
            feats.SHAPE_ALPHA, _LOG_LENGTHS, _LENGTHS, LENGTH_PRIOR_WEIGHT,
        )  # fmt: skip
        first_counts = base[0] + taught[0] + feats.SHAPE_ALPHA
        logs = [
            np.log(c / c.sum(axis=1, keepdims=True))
            for c in (
                first_counts,
                *(b + t + feats.SHAPE_ALPHA for b, t in zip(base[1:3], taught[1:3], strict=True)),
            )
        ]
        types = np.maximum(base_types + np.count_nonzero(first_key, axis=1), 1)
        want = (
            logs[0], first_counts, logs[1], logs[2], _length_logp_rows(base[3] + taught[3]),
            prior_key + first_key, (base_cells + cells)[:, None],
            types[:, None].astype(np.float64), base_known + known,
        )  # fmt: skip
        for at, (g, w) in enumerate(zip(got, want, strict=True)):
            assert g.shape == w.shape, at
            if at in (0, 2, 3, 4):
                assert np.array_equal(np.isinf(g), np.isinf(w)), at
                assert np.allclose(g, w, rtol=1e-12, atol=1e-12), at
            else:
                assert np.array_equal(g, w), at


def test_a_rebuild_with_a_cold_memo_is_the_rebuild_with_a_warm_one() -> None:
    """Per-batch and per-lexicon caches change no output (every fixture table)."""
    tables = _tables()
    lex = Lexicon.from_tables(t.table for t in tables)
    warm = [rebuild.rebuild_table(flatten_table(t.table), lex) for t in tables]
    again = [rebuild.rebuild_table(flatten_table(t.table), lex) for t in tables]
    cold = []
    for t in tables:
        lex._memo.clear()
        cold.append(rebuild.rebuild_table(flatten_table(t.table), lex))
    assert warm == again == cold


# --- round 9: tokenizer, name walk, value bonuses, column priors -------------------------

_TRICKY = [
    "p99 < 400ms (see below) A Responsible",
    "Tier 1 Top 10 and 21.6 min 3 business days of the",
    "Observability Datadog / New Relic, APM Secrets (HashiCorp Vault) rotation",
    'Quote "open ( never closed [x] {y} “curly” end',
    "Use AWS S3 and aws lambda, Google Cloud Platform (GCP) vs. Azure e.g., GitHub Actions",
    "A C R I / & + , ; : . ) ] } ≥ 99.9% = ~3 ± 2 → done",
]


_PAIRS = {")": "(", "]": "[", "}": "{", "”": "“", "»": "«"}
_BRACKETY = re.compile(r'[()\[\]{}“”«»"]')


def _scan(
    words: tuple[str, ...], skip: frozenset[tuple[int, int]]
) -> list[tuple[int, list[tuple[str, int, int]]]]:
    """(word index, stack after it) for each word with a bracket or quote: brackets pair,
    stray closers are ignored, `skip` holds openers to ignore."""
    stack: list[tuple[str, int, int]] = []
    out = []
    for wi, word in enumerate(words):
        if not _BRACKETY.search(word):
            continue
        for ci, ch in enumerate(word):
            if (wi, ci) in skip:
                continue
            if ch in "([{“«":
                stack.append((ch, wi, ci))
            elif ch in _PAIRS and any(c == _PAIRS[ch] for c, _, _ in stack):
                while stack and stack.pop()[0] != _PAIRS[ch]:
                    pass
            elif ch == '"':
                if stack and stack[-1][0] == '"':
                    stack.pop()
                else:
                    stack.append(('"', wi, ci))
        out.append((wi, list(stack)))
    return out


def _reference_open_gaps(words: tuple[str, ...]) -> list[bool]:
    """open_at[i]: a bracket or quote is open in the gap before word i, openers never
    closed in the row ignored (the Python walk `kernel.mark_spans` replaced in round 17)."""
    first = _scan(words, frozenset())
    unmatched = frozenset((wi, ci) for _, wi, ci in first[-1][1]) if first else frozenset()
    steps = _scan(words, unmatched) if unmatched else first
    open_at = [False] * (len(words) + 1)
    for (wi, stack), (nxt, _) in zip(steps, [*steps[1:], (len(words), [])], strict=True):
        if stack:  # open after word wi and up to the next word that can close it
            open_at[wi + 1 : nxt + 1] = [True] * (nxt - wi)
    return open_at


def _reference_gaps(words: tuple[str, ...], line: str) -> tuple[list[bool], list[float]]:
    """`tokenize`'s gap rules tested one by one at every gap, read off the words themselves
    (as before round 9; since round 14 the rules are one table lookup per gap)."""
    open_at = _reference_open_gaps(words) if _BRACKETY.search(line) else None
    cut = [True] * (len(words) + 1)
    cost = [0.0] * (len(words) + 1)
    for i in range(1, len(words)):
        prev, cur = words[i - 1], words[i]
        prev_code = tok.shape(prev) == "l" and not prev.isalpha() and any(map(str.isdigit, prev))
        if (
            (cur.lower() in tok.UNITS and bool(tok._NUMERIC.match(prev)))
            or (open_at is not None and open_at[i])
            or not tok._may_end(prev)
            or not tok._may_start(cur)
            or (cur in tok.COMPARATORS and prev_code)
        ):
            cut[i] = False
        elif cur.isdigit() and tok.shape(prev) == "T":
            cost[i] = tok.NUMBER_AFTER_NAME_COST
        elif prev.lower() in tok.FUNCTION_WORDS and not (prev == "A" and tok.shape(cur) != "l"):
            cost[i] = tok.FUNCTION_END_COST
        elif cur[0] in "([":
            cost[i] = tok.BRACKET_START_COST
    for a, b in known_spans(words):
        cut[a + 1 : b] = [False] * (b - a - 1)
    return cut, cost


_BRACKET_WORDS = [
    '("x")',
    "(a",
    "b)",
    "[c",
    "d]",
    "{e}",
    '"f',
    'g"',
    "“h",
    "i”",
    "«j»",
    ")k(",
    '("',
    "]]",
]


def _random_lines(seed: int, n: int) -> list[str]:
    """The fixture rows, the tricky ones, and `n` lines of their words, bracket-heavy words
    and the gazetteer's forms (as written, title-cased, in brackets) drawn at random."""
    rng = random.Random(seed)
    lines = [*_row_lines(), *_TRICKY]
    pool = [w for line in lines for w in line.split()] + _BRACKET_WORDS
    forms = [" ".join(words) for fs in name_index().values() for words, _ in fs]
    pool += [rng.choice(forms) for _ in range(len(pool) // 3)]
    pool += [f"({rng.choice(forms).title()})," for _ in range(len(pool) // 10)]
    return lines + [" ".join(rng.choice(pool) for _ in range(rng.randint(1, 25))) for _ in range(n)]


def test_quiet_gaps_are_cut_as_every_rule_says() -> None:
    for line in _random_lines(11, 400):
        row = tokenize.__wrapped__(line)
        cut, cost = _reference_gaps(tuple(line.split()), line)
        assert (row.can_cut, row.cut_cost) == (tuple(cut), tuple(cost)), line


def test_a_batchs_gaps_are_each_lines_gaps_as_every_rule_says() -> None:
    """Rows tokenized together (`tokenize_lines`) get the gaps each gets alone: no bracket and
    no known name runs from one row into the next ("... New" then "Relic ...")."""
    lines = [*_random_lines(12, 300), "Pick New", "Relic later", "Open (", "closed) here"]
    batch = RowBatch.of(lines)
    for r, line in enumerate(lines):
        words = tuple(line.split())
        cut, cost = _reference_gaps(words, line)
        n = len(words)
        assert batch.rows[r].words == words
        assert batch.can_cut[r, : n + 1].tolist() == cut, line
        assert batch.cut_cost[r, : n + 1].tolist() == cost, line
        assert not batch.can_cut[r, n + 1 :].any()
        spans = known_spans(words)
        assert batch.known[r, :n].tolist() == [any(a == i for a, _ in spans) for i in range(n)]


def test_a_batchs_distinct_words_are_numbered_in_first_seen_order() -> None:
    """Keys and lower-cased words are numbered as `dict.fromkeys` would, every call afresh
    (the compiled pass's id scratch is left clean for the next table)."""
    for seed in (13, 14):
        lines = _random_lines(seed, 200)
        batch = RowBatch.of(lines)
        keys = list(dict.fromkeys(norm(w) for line in lines for w in line.split()))
        lows = list(dict.fromkeys(w.lower() for line in lines for w in line.split()))
        assert list(batch.keys) == keys
        assert list(batch.lowered) == lows
        for r, line in enumerate(lines):
            words = line.split()
            n = len(words)
            assert batch.key_idx[r, :n].tolist() == [keys.index(norm(w)) for w in words]
            assert batch.low_idx[r, :n].tolist() == [lows.index(w.lower()) for w in words]
            assert (batch.key_idx[r, n:] == -1).all() and (batch.low_idx[r, n:] == -1).all()
    assert (tok._SLOTS[0] == -1).all()


def _reference_known_spans(words: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """The word-by-word walk of `known_spans` (before round 9)."""
    if not any(map(opens_name, words)):
        return ()
    index = _by_length()
    info = [name_word(w) for w in words]
    spans: list[tuple[int, int]] = []
    i, n = 0, len(words)
    while i < n:
        groups = index.get(info[i].low)
        end = _match_grouped(info, *_lows_cores(info), i, groups) if groups else 0
        if end:
            spans.append((i, end))
            i = end
        else:
            i += 1
    return tuple(spans)


def test_name_walk_over_opening_words_is_the_word_by_word_walk() -> None:
    rng = random.Random(5)
    forms = [" ".join(words) for fs in name_index().values() for words, _ in fs]
    lines = [*_row_lines(), *_TRICKY]
    for _ in range(500):
        parts = [rng.choice(forms) for _ in range(rng.randint(1, 4))]
        glue = [rng.choice(["and", "/", "(", "Use", ""]) for _ in parts]
        lines.append(" ".join(f"{g} {p}" for g, p in zip(glue, parts, strict=True)))
    for line in lines:
        words = tuple(line.split())
        assert known_spans(words) == _reference_known_spans(words), line


def _reference_value_spans(
    batch: RowBatch, values: Counter[str]
) -> list[tuple[int, int, int, str]]:
    """Every span whose first word and length are those of a value, with its text: the
    position-by-position walk `features._value_spans` replaced (before round 13)."""
    index: dict[str, set[int]] = {}
    for value in values:
        words = value.split()
        if len(words) <= feats.MAX_VALUE_WORDS:
            index.setdefault(words[0], set()).add(len(words))
    out = []
    for r, row in enumerate(batch.rows):
        can_cut = batch.can_cut[r]
        for i, word in enumerate(row.lowered):
            if not can_cut[i]:
                continue
            for m in sorted(index.get(word, ())):
                e = i + m
                if e <= len(row.words) and can_cut[e]:
                    out.append((r, i, e, " ".join(row.lowered[i:e])))
    return out


def _reference_value_bonuses(
    batch: RowBatch,
    prior: ColumnStats,
    table_values: Counter[str],
    owns: Sequence[str | None] | None,
) -> set[tuple[int, int, int, float]]:
    """`features._value_bonuses` before round 9: both span lists merged by `dict.fromkeys`."""
    spans = _reference_value_spans(batch, prior.values)
    found: dict[tuple[int, int, int], float] = {}
    for r, i, e, value in dict.fromkeys((*spans, *_reference_value_spans(batch, table_values))):
        count = prior.values.get(value, 0.0) + table_values.get(value, 0.0)
        if owns is not None and value == owns[r]:
            count -= 1
        if count > 0.5:
            found[r, i, e] = feats.VALUE_GAIN * math.log1p(count)
    if feats.RANGE_GAIN:
        for (r, i, e), bonus in feats._range_bonuses(batch, found).items():
            found[r, i, e] = max(found.get((r, i, e), 0.0), bonus)
    return {(r, i, e, bonus) for (r, i, e), bonus in found.items()}


def test_compiled_ranges_are_the_reference_ranges() -> None:
    """`kernel.add_ranges` (a pass's ranges on arrays) against `features._ranges` merged as
    `features._value_bonuses` merges it, on random hits over rows full of joiners: the
    same spans, in column, row, start, end order, with the same gains to the bit."""
    rng = random.Random(11)
    words = ["to", "or", "through", "weekly", "monthly", "common", "optional", "x"]
    ranges = halves = collided = 0
    for _ in range(200):
        k = rng.randint(1, 3)
        lines = [
            " ".join(rng.choices(words, k=rng.randint(1, 9))) for _ in range(rng.randint(1, 4))
        ]
        batch = RowBatch.of(lines)
        per_column: list[list[tuple[int, int, int, float]]] = []
        for _ in range(k):
            spans = {
                (r, i, e)
                for r, n in enumerate(batch.lengths.tolist())
                for i in range(n)
                for e in range(i + 1, min(n, i + 3) + 1)
                if rng.random() < 0.4
            }
            per_column.append(
                [(r, i, e, rng.choice([0.5, 1.25, 2.0])) for r, i, e in sorted(spans)]
            )
        got = Bonuses(k, *_compiled_ranges(batch, Bonuses.of(per_column)))
        for j, col in enumerate(per_column):
            found = {(r, i, e): b for r, i, e, b in col}
            extra = feats._range_bonuses(batch, found)
            ranges += len(extra)
            halves += len(feats._half_ranges(batch, found))
            collided += len(extra.keys() & found.keys())
            for key, bonus in extra.items():
                found[key] = max(found.get(key, 0.0), bonus)
            assert got.column(j) == [(r, i, e, found[r, i, e]) for r, i, e in sorted(found)]
    # Ranges are found, whole and with an unknown first end, some on spans already hit.
    assert ranges > 100 and halves > 20 and collided > 10


def _compiled_ranges(batch: RowBatch, hits: Bonuses) -> tuple[np.ndarray, ...]:
    return add_ranges(
        *hits.arrays(), feats._joiner_mask(batch), feats.RANGE_GAIN, feats.HALF_RANGES
    )


def test_value_bonuses_by_value_are_the_position_walks_bonuses() -> None:
    """The string search (`features._value_bonuses`) against the position walk, and the
    span-class bonuses of a learning pass (`features._class_bonuses`) against the string
    search, to the bit, with and without each row's own cell left out."""
    tables = _tables()
    rng = random.Random(3)
    checked = multi_word_priors = 0
    full = Lexicon.from_tables(t.table for t in tables)
    for n, known in enumerate(tables):
        lex = Lexicon.from_tables(t.table for j, t in enumerate(tables) if j != n)
        lines = flatten_table(known.table)
        rows = [tokenize(line) for line in lines[1:]]
        k = len(known.table.header)
        priors = lex.column_priors(known.table.header)
        # Taught: the true cuts of a random half of the rows (table values and own cells).
        taught = []
        for row, cells in zip(rows, known.table.rows, strict=True):
            bounds = list(itertools.accumulate((len(c.split()) for c in cells[:-1]), initial=0))
            ok = len(row.words) == sum(len(c.split()) for c in cells) and all(cells)
            taught.append(tuple(bounds) if ok and rng.random() < 0.5 else None)
        fast_batch, plain_batch = RowBatch.of(lines[1:]), RowBatch.of(lines[1:])
        table = table_counts(fast_batch, taught, k)
        scorers = [feats.ColumnScorer(p, lex) for p in priors]
        by_class = feats._class_bonuses(fast_batch, scorers, table)
        prior_only = feats._class_bonuses(fast_batch, scorers)
        # Priors that know this very table: their values of several words are in it.
        full_priors = full.column_priors(known.table.header)
        full_only = feats._class_bonuses(
            fast_batch, [feats.ColumnScorer(p, full) for p in full_priors]
        )
        for j, prior in enumerate(full_priors):
            assert full_only.column(j) == feats._value_bonuses(
                fast_batch, prior.stats, Counter(), None
            )
        multi_word_priors += int((full_only.end - full_only.start > 1).sum())
        for j, prior in enumerate(priors):
            own = [
                " ".join(w.lower() for w in row.words[a:b]) if cut else None
                for row, cut in zip(rows, taught, strict=True)
                for a, b in [_cell_bounds(cut, j, len(row.words))]
            ]
            own = [v if v is None or len(v.split()) <= feats.MAX_VALUE_WORDS else None for v in own]
            values = Counter(v for v in own if v is not None)
            for owns in (None, own):
                args = (prior.stats, values, owns)
                fast = feats._value_bonuses(fast_batch, *args)
                again = feats._value_bonuses(fast_batch, *args)  # from the kept spans
                assert fast == again == sorted(fast)  # row, start, end order
                assert set(fast) == _reference_value_bonuses(plain_batch, *args)
                checked += len(fast)
            assert by_class.column(j) == feats._value_bonuses(fast_batch, prior.stats, values, own)
            assert prior_only.column(j) == feats._value_bonuses(
                fast_batch, prior.stats, Counter(), None
            )
    assert checked > 100  # values do repeat in the known tables
    assert multi_word_priors > 10  # and the priors' values of several words are found
    assert (tok._SLOTS[0] == -1).all()  # `kernel.prior_class_counts` left its scratch clean


def _cell_bounds(cut: tuple[int, ...] | None, j: int, n: int) -> tuple[int, int]:
    """Word span of cell j of a row of n words cut at `cut` (its cells' first words)."""
    if cut is None:
        return 0, 0
    return cut[j], cut[j + 1] if j + 1 < len(cut) else n


def _reference_column_prior(lex: Lexicon, head: str, j: int, k: int, whole: str) -> ColumnStats:
    """`Lexicon.column_prior` before round 9: each source copied by `scaled_to`, then added."""
    prior = ColumnStats()
    exact = lex.columns.get(lexmod.header_key(head))
    same_shape = lex.table_columns.get(f"{whole}#{j}")
    if same_shape is not None and same_shape.cells:
        prior.add(same_shape.scaled_to(lexmod.TABLE_WEIGHT))
    if exact is not None and exact.cells:
        prior.add(exact.scaled_to(lexmod.EXACT_WEIGHT))
    else:
        similar = ColumnStats()
        mine = lexmod._content_words(head)
        if mine:
            near = {key for word in mine for key in lex._word_index().get(word, ())}
            for key in sorted(near):
                stats = lex.columns[key]
                theirs = lexmod._content_words(key)
                overlap = len(mine & theirs) / len(mine | theirs)
                if overlap >= 0.5 and stats.cells:
                    similar.add(stats.scaled_to(overlap * 10))
        if similar.cells:
            prior.add(similar.scaled_to(lexmod.SIMILAR_WEIGHT))
    role = lexmod.position_role(j, k)
    positional = lex._form_of(role)
    if positional.cells:
        prior.add(positional.scaled_to(lexmod.POSITION_WEIGHT))
    return prior


def _stats_items(stats: ColumnStats) -> tuple:
    """Every count of a column, in its order (== on Counters ignores order)."""
    return (
        stats.cells,
        stats.known,
        *(tuple(c.items()) for c in (stats.lengths, stats.first_shape, stats.inner_shape)),
        *(tuple(c.items()) for c in (stats.last_shape, stats.first_word, stats.values)),
    )


def test_column_priors_mixed_in_place_are_the_scaled_copies_added() -> None:
    tables = _tables()
    headers = [t.table.header for t in tables]
    headers += [("Tool", "Why it matters", "Owner"), ("Skill area", "Proof of competency")]
    headers += [("Cadence or frequency", "Unseen words here", "Level")]
    for n in range(len(tables)):
        lex = Lexicon.from_tables(t.table for j, t in enumerate(tables) if j != n)
        for header in headers:
            whole = lexmod.table_key(header)
            for j, head in enumerate(header):
                fast = lex.column_prior(head, j, len(header), whole)
                plain = _reference_column_prior(lex, head, j, len(header), whole)
                assert _stats_items(fast.stats) == _stats_items(plain)


def test_cells_read_by_the_same_prior_sources_share_one_prior() -> None:
    """Candidate cuts of a new header ("What “5” looks like" / "“5” looks like") differ in
    words no prior source reads: they get one prior, equal to the one built for either."""
    lex = Lexicon.from_tables(t.table for t in _tables())
    header = ("Dimension", "What “5” looks like", "What “3” looks like", "Weight")
    other = ("Dimension", "“5” looks like", "What", "“3” looks like", "Weight")
    whole, whole_other = lexmod.table_key(header), lexmod.table_key(other)
    same = lex.column_prior(header[1], 1, 4, whole)
    assert lex.column_prior(other[1], 1, 5, whole_other) is same
    assert _stats_items(same.stats) == _stats_items(
        _reference_column_prior(lex, other[1], 1, 5, whole_other)
    )
    # A cell read differently (another position, other content words) is its own prior.
    assert lex.column_prior(header[1], 0, 4, whole) is not same
    assert lex.column_prior(header[2], 1, 4, whole) is not same


def _reference_cell_score(row: tok.RowTokens, i: int, e: int, lexicon: Lexicon) -> float:
    """`header._cell_score` before round 13: each span's terms summed on their own."""
    h = headmod
    words = row.words[i:e]
    all_shapes = h._header_shapes(row.words, row.shapes)
    shapes = all_shapes[i:e]
    if i > 0 and shapes[0] not in h.START_GAIN:
        return -math.inf
    start = feats.start_model(lexicon)
    score = h.START_GAIN.get(shapes[0], 0.0) + h.HEADER_CUT_COST_SHARE * row.cut_cost[i]
    score += h.START_RATE_WEIGHT * start.lift(row.keys[i])[0]
    if i > 0 and row.keys[i] in h.NAME_HEADS and shapes[0] in "TA" and all_shapes[i - 1] in "TA":
        score += h.HEAD_START_COST
    is_name = all(s in "TA" for s in shapes)
    for p in range(i + 1, e):
        if row.can_cut[p]:
            cost = h.INNER_COST.get(all_shapes[p], 0.0)
            score += max(cost, h.NAME_COST) if is_name and cost else cost
            if row.keys[p - 1] in h.NAME_HEADS and all_shapes[p] in "TA":
                score += h.HEAD_CONTINUE_COST
            score += h.START_RATE_WEIGHT * start.lift(row.keys[p])[1]
    score -= max(0, len(words) - h.MAX_HEADER_CELL_WORDS)
    if lexicon.header_cells.get(lexmod.header_key(" ".join(words))):
        score += h.KNOWN_GAIN
    return score


def test_header_span_scores_from_running_sums_are_each_spans_own_sum() -> None:
    lex = Lexicon.default()
    lines = [" ".join(t.table.header) for t in _tables()]
    lines += [
        "Dimension What “Meets” looks like (Associate) What “Exceeds” looks like Common concerns",
        "Senior Product Analyst Team Lead Data Engineer Manager Owner",
        "Metric p95 latency (ms) SLA / SLO Target ≥ 99.9% Tier 1 Notes",
        "A B C D RACI Responsible Accountable Consulted Informed",
    ]
    spans = known = 0
    for line in lines:
        row = tokenize(line)
        n = len(row.words)
        cells = headmod.span_scores(row, lex, max_words=n)
        for e in range(1, n + 1):
            for i in range(e):
                want = _reference_cell_score(row, i, e, lex)
                assert cells[i, e - i] == want, (line, i, e)
                spans += 1
                known += (
                    want > -math.inf
                    and lex.header_cells.get(lexmod.header_key(" ".join(row.words[i:e])))
                    is not None
                )
    assert spans > 500 and known > 20  # known header names earn their gain


def _header_lines() -> list[str]:
    """Header lines of the known tables, lines that are no header, and odd ones."""
    lines = [" ".join(t.table.header) for t in _tables()]
    lines += [" ".join(row) for t in _tables()[:6] for row in t.table.rows[:2]]
    lines += [
        "Senior Product Analyst Team Lead Data Engineer Manager Owner",
        "Metric p95 latency (ms) SLA / SLO Target ≥ 99.9% Tier 1 Notes",
        "A B C D RACI Responsible Accountable Consulted Informed",
        "what “quoted Header” (never closed Category",
        "— / &",
    ]
    return lines


def _reference_segment_header(line: str, lex: Lexicon) -> headmod.HeaderCut:
    """`header._segment_header` before round 18: the DP in Python over `_reference_cell_score`."""
    row = tokenize(line)
    n = len(row.words)
    if n == 0:
        return headmod.HeaderCut((), 0.0)
    best, back, fwd = [-math.inf] * (n + 1), [0] * (n + 1), [-math.inf] * (n + 1)
    best[0] = fwd[0] = 0.0
    for e in range(1, n + 1):
        if not row.can_cut[e]:
            continue
        for i in range(max(0, e - headmod.MAX_SPAN), e):
            if best[i] == -math.inf:
                continue
            s = _reference_cell_score(row, i, e, lex)
            if s == -math.inf:
                continue
            if best[i] + s > best[e]:
                best[e], back[e] = best[i] + s, i
            fwd[e] = _reference_log_add_exp(fwd[e], fwd[i] + s)
    if best[n] == -math.inf:
        return headmod.HeaderCut((line.strip(),), 0.0)
    starts = [n]
    while starts[-1] > 0:
        starts.append(back[starts[-1]])
    bounds = starts[::-1]
    cells = tuple(" ".join(row.words[a:b]) for a, b in itertools.pairwise(bounds))
    return headmod.HeaderCut(cells, math.exp(min(best[n] - fwd[n], 0.0)), best[n])


def _reference_log_add_exp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    top = max(a, b)
    return top + math.log(math.exp(a - top) + math.exp(b - top))


def _reference_header_candidates(line: str, lex: Lexicon, max_cols: int) -> list[tuple]:
    """`header.header_candidates` before round 18 (the DP in Python): cells and score."""
    row = tokenize(line)
    n = len(row.words)
    best = _reference_segment_header(line, lex)
    if n == 0 or max_cols < 2:
        return [(best.cells, best.score)]
    top = min(n, max_cols)
    by_k = [[-math.inf] * (n + 1) for _ in range(top + 1)]
    back = [[0] * (n + 1) for _ in range(top + 1)]
    by_k[0][0] = 0.0
    for e in range(1, n + 1):
        if not row.can_cut[e]:
            continue
        for i in range(max(0, e - headmod.MAX_SPAN), e):
            s = _reference_cell_score(row, i, e, lex)
            if s == -math.inf:
                continue
            for c in range(1, top + 1):
                if by_k[c - 1][i] + s > by_k[c][e]:
                    by_k[c][e], back[c][e] = by_k[c - 1][i] + s, i
    out = []
    for c in range(2, top + 1):
        score = by_k[c][n]
        if score == -math.inf or score < best.score - headmod.CANDIDATE_MARGIN:
            continue
        bounds, e = [n], n
        for cc in range(c, 0, -1):
            e = back[cc][e]
            bounds.append(e)
        bounds.reverse()
        out.append((tuple(" ".join(row.words[a:b]) for a, b in itertools.pairwise(bounds)), score))
    return out or [(best.cells, best.score)]


def test_compiled_header_cuts_are_the_python_dps_cuts() -> None:
    """`kernel.best_header_cut` and `kernel.header_by_count` against the dynamic programs
    they replace, on the reference span scores: the same cells, scores and confidence, to
    the bit, for every candidate count."""
    lex = Lexicon.default()
    several = 0
    for line in _header_lines():
        got = headmod._segment_header(line, lex)
        assert got == _reference_segment_header(line, lex), line
        for max_cols in (1, 3, 8):
            cands = headmod.header_candidates(line, lex, max_cols)
            assert [(c.cells, c.score) for c in cands] == _reference_header_candidates(
                line, lex, max_cols
            ), (line, max_cols)
            several += len(cands) > 1
    assert several > 10  # lines with competing column counts are checked


def test_counts_of_a_batchs_keys_from_either_side_are_the_lookups() -> None:
    batch = RowBatch.of(flatten_table(_tables()[0].table)[1:])
    some = Counter({k: float(i + 1) for i, k in enumerate(batch.keys[::3])})
    some["never in the batch"] = 7.0
    many = Counter({k: 2.5 for k in batch.keys}) + Counter({f"extra {i}": 1.0 for i in range(9)})
    for counts in (some, many, Counter()):
        expected = np.array([counts.get(k, 0.0) for k in batch.keys], dtype=np.float64)
        got = feats._counts_of_keys(counts, batch)
        assert got.dtype == np.float64 and np.array_equal(got, expected)


def test_header_key_from_each_words_parts_is_the_key_of_the_joined_words() -> None:
    words = ["Tool", "/", "platform", "What", "“5”", "looks", "(ms)", "p95", "K8s", "ΟΔΟΣ"]
    words += ["İstanbul", "\u212aelvin", "e.g.,", "SLA/SLO", "≥", "99.9%", "data-ML", "—"]
    rng = random.Random(11)
    for _ in range(300):
        cell = rng.sample(words, rng.randint(1, 6))
        parts = itertools.chain.from_iterable(lexmod.word_key_parts(w) for w in cell)
        assert " ".join(parts) == lexmod.header_key(" ".join(cell)), cell


def test_a_batchs_first_rows_are_the_batch_of_their_lines() -> None:
    """`RowBatch.head` (the rows that weigh header cuts) against tokenizing those lines
    again: every per-word array equal, words numbered to the same keys and lower-cased forms."""
    heads = 0
    for known in _tables()[:12]:
        lines = flatten_table(known.table)[1:]
        batch = RowBatch.of(lines)
        for n in (1, 3, rebuild.CHOOSE_ROWS, len(lines) + 1):
            got, want = batch.head(n), RowBatch.of(lines[:n])
            assert got.rows == want.rows
            for name in ("lengths", "shape_idx", "end_idx", "cut_cost", "can_cut", "span", "known"):
                a, b = getattr(got, name), getattr(want, name)
                assert a.shape == b.shape and np.array_equal(a, b), name
                assert a.flags.c_contiguous, name
            for idx, vocab in (("key_idx", "keys"), ("low_idx", "lowered")):
                a, b = getattr(got, idx), getattr(want, idx)
                words_a = [
                    [getattr(got, vocab)[i] if i >= 0 else None for i in r] for r in a.tolist()
                ]
                words_b = [
                    [getattr(want, vocab)[i] if i >= 0 else None for i in r] for r in b.tolist()
                ]
                assert words_a == words_b, idx
            heads += n < len(lines) and got.width < batch.width
    assert heads > 3  # first rows narrower than the whole table are checked


def _reference_word_terms(
    batch: RowBatch, lex: Lexicon
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The start and gap models' per-word arrays as array calls, word by word (before
    `kernel.word_terms`): each key's `StartModel.key` and `end_scores`, each gap's class."""
    start, gaps = feats.start_model(lex), feats.gap_model(lex)
    n, c, back = gaps.end_counts(batch)
    ends, goes_on = gaps.end_scores(n, c, back)
    shape = batch.key_idx.shape
    log_start, log_inner, cut, inner = (np.zeros(shape) for _ in range(4))
    for r, i in itertools.product(*map(range, shape)):
        k = int(batch.key_idx[r, i])
        if k >= 0:
            log_start[r, i], log_inner[r, i], _ = start.key(batch.keys[k])
        if i:
            g = tok.gap_index(
                batch.shape_idx[r, i - 1], batch.end_idx[r, i - 1], batch.shape_idx[r, i]
            )
            before = int(batch.key_idx[r, i - 1])
            cut[r, i] = gaps.cut[g] + (ends[before] if before >= 0 else 0.0)
            inner[r, i] = gaps.inner[g] + (goes_on[before] if before >= 0 else 0.0)
    return log_start, log_inner, cut, inner


def test_start_and_gap_scores_laid_out_per_word_are_each_words_lookups() -> None:
    lex = Lexicon.default()
    for table in _tables()[:4]:
        lines = flatten_table(table.table)[1:]
        for batch in (RowBatch.of(lines), RowBatch.of(lines).head(3), RowBatch.of(lines[:1])):
            expected = _reference_word_terms(batch, lex)
            log_start, log_inner, _ = feats.start_model(lex).batch_arrays(batch)
            cut, inner = feats.gap_model(lex).batch_arrays(batch)
            for got, want in zip((log_start, log_inner, cut, inner), expected, strict=True):
                assert got.shape == want.shape
                np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def _reference_key_rates(batch: RowBatch, lex: Lexicon) -> tuple[np.ndarray, ...]:
    """The start and gap models' per-key values as their array calls (before
    `kernel.key_rates`): log P(start), log P(not), end and go-on scores, P(bg), and the
    end rate's parts with the padding slot."""
    start, gaps = feats.start_model(lex), feats.gap_model(lex)
    n, c, back, starts, total = feats._key_counts(batch, lex)
    p = (starts + feats.START_SMOOTHING * start.p0) / (total + feats.START_SMOOTHING)
    p = np.minimum(np.maximum(p, 0.01), 0.99)
    cuts = np.append(c + feats.GAP_SMOOTHING * back, feats.GAP_SMOOTHING * gaps.p0)
    seen = np.append(n + feats.GAP_SMOOTHING, feats.GAP_SMOOTHING)
    rate = np.clip(cuts / seen, 0.01, 0.99)
    ends = feats.END_WEIGHT * np.log(rate[:-1] / gaps.p0)
    goes_on = feats.END_WEIGHT * np.log((1.0 - rate[:-1]) / (1.0 - gaps.p0))
    bg = (starts + 0.5) / start.bg_total
    return np.log(p), np.log(1.0 - p), ends, goes_on, bg, cuts, seen, rate


def test_key_rates_compiled_are_the_array_calls_to_the_bit() -> None:
    """One compiled pass and one log call (`features._key_rates`) give each model's
    per-key values exactly as the array calls did, on tables and on words no table has."""
    lex = Lexicon.default()
    lines = [line for t in _tables()[:6] for line in flatten_table(t.table)[1:]]
    lines.append("Zyzzyva qwertyuiop 42ms ≥ 99.9% (unheard-of) words")
    for batch in (RowBatch.of(lines), RowBatch.of(lines[:1]), RowBatch.of(lines[-1:])):
        rates = feats._key_rates(batch, feats.start_model(lex), feats.gap_model(lex))
        got = (*rates.logs, rates.bg, rates.cuts, rates.seen, rates.rate)
        for a, b in zip(got, _reference_key_rates(batch, lex), strict=True):
            assert a.shape == b.shape and np.array_equal(a, b)


def test_priors_first_word_counts_by_id_are_each_columns_lookups() -> None:
    lex = Lexicon.default()
    for table in _tables()[:4]:
        lines = flatten_table(table.table)
        scorers = rebuild._prior_scorers(lex.column_priors(tuple(table.table.header)), lex)
        batch = RowBatch.of([*lines[1:], "a row of words no column opens on"])
        got = feats._first_count_stack(scorers, batch)
        want = np.stack([feats._counts_of_keys(s.prior.stats.first_word, batch) for s in scorers])
        assert got.any() and np.array_equal(got, want)
        assert (tok.id_scratch() == -1).all()  # the scratch is left as found


# --- the lexicon priors' scorers, stacked ------------------------------------------------


def test_stacked_prior_scorers_are_each_scorers_own_arrays() -> None:
    """`_scorer_stack` works the priors' scorer arrays out for all columns at once; each
    must equal, bit for bit, what a scorer works out for itself."""
    lex = Lexicon.default()
    headers = [
        ("Metric", "What it measures", "Why it matters", "Target / benchmark", "Frequency"),
        ("Category", "Tool / Platform", "Primary use", "Adoption"),
        ("Dimension", "Summary"),
        ("Never seen", "Header words", "Here"),
    ]
    for header in headers:
        priors = lex.column_priors(header)
        stacked = feats._scorer_stack([feats.ColumnScorer(p, lex) for p in priors])
        alone = [feats.ColumnScorer(p, lex) for p in priors]
        for field in ("first_shape", "first_counts", "inner_shape", "last_shape", "length"):
            want = np.stack([getattr(s, field) for s in alone])
            assert np.array_equal(getattr(stacked, field), want), (header, field)
        assert stacked.cells[:, 0].tolist() == [s.cells for s in alone]
        assert stacked.types[:, 0].tolist() == [float(s.types) for s in alone]
        assert stacked.known.tolist() == [s.known for s in alone]
