"""The fast paths of flat_tables give exactly what the straightforward code gives.

Round 8 (speed) replaced several steps by cheaper ones that must not change a
single bit of the output: the segmenter's first and last column steps, the
batch arrays, a row's per-word fields, the grouped name match and the length
prior of k columns at once. Each is checked here against a plain
reference (the code it replaced) on the known tables' rows: cut points,
scores and confidences compared with ==, not approximately.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from extractors.flat_tables import Lexicon, flatten_table, rebuild, segment
from extractors.flat_tables.batch import RowBatch
from extractors.flat_tables.features import (
    Emission,
    Emissions,
    _length_logp,
    _length_logp_rows,
)
from extractors.flat_tables.known import KnownTable, load_dir
from extractors.flat_tables.names import _by_length, _match_at, _match_grouped, _word, name_index
from extractors.flat_tables.segment import NEG, Cut, _Sides, _sides
from extractors.flat_tables.tokens import _word as token_word
from extractors.flat_tables.tokens import tokenize

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def _tables() -> list[KnownTable]:
    return load_dir(FIXTURES)


def _row_lines() -> list[str]:
    return [line for t in _tables() for line in flatten_table(t.table)[1:]]


# --- the segmenter: every column step dense, as before round 8 -------------------------


def _dense_step(vit: np.ndarray, s: _Sides, j: int) -> tuple[np.ndarray, np.ndarray]:
    a = vit + s.start[j]
    total = a[:, None, :] + s.length_t[j][None, :, :]
    arg = np.argmax(total, axis=2)
    r_idx, e_idx = np.indices(arg.shape, sparse=True)
    best = total[r_idx, e_idx, arg]
    rows, i, e, bonus = s.bonus[j]
    if len(rows):
        cand = a[rows, i] + s.length[j][i, e] + bonus
        for r, ii, ee, c in zip(rows.tolist(), i.tolist(), e.tolist(), cand.tolist(), strict=True):
            cur = best[r, ee]
            if c > cur or (c == cur and ii < arg[r, ee]):
                best[r, ee], arg[r, ee] = c, ii
    return best + s.end[j], arg


def _dense_forward(s: _Sides, inv: np.ndarray) -> np.ndarray:
    scale = inv[:, None, None, None]
    start_t = s.start[None] * scale
    end_t = s.end[None] * scale
    len_t = s.lengths[None, :, : s.start.shape[2]] * inv[:, None, None]
    top_l = np.max(len_t[:, :, 1:], axis=2, initial=0.0) if len_t.shape[2] > 1 else len_t[..., 0]
    top_l = np.where(np.isfinite(top_l), top_l, 0.0)
    lmat = np.exp(len_t - top_l[:, :, None])[:, :, s.span]
    fwd = np.full((len(inv), *s.start.shape[1:]), NEG)
    fwd[:, :, 0] = 0.0
    for j in range(s.start.shape[0]):
        a_log = fwd + start_t[:, j]
        top_a = np.max(a_log, axis=2)
        top_a = np.where(np.isfinite(top_a), top_a, 0.0)
        a = np.exp(a_log - top_a[:, :, None])
        out = a @ lmat[:, j]
        rows, i, e, bonus = s.bonus[j]
        if len(rows):
            extra = a[:, rows, i] * lmat[:, j, i, e] * np.expm1(bonus[None, :] * inv[:, None])
            np.add.at(out, (slice(None), rows, e), extra)
        with np.errstate(divide="ignore"):
            fwd = np.log(out) + (top_a[:, :, None] + top_l[:, j, None, None]) + end_t[:, j]
    return fwd


def _dense_best_cuts_at(
    batch: RowBatch, emissions: list[Emission] | Emissions, temperatures: tuple[float, ...]
) -> list[list[Cut | None]]:
    k, n_rows = len(emissions), len(batch.rows)
    s = _sides(batch, emissions)
    vit = np.full(s.start.shape[1:], NEG)
    vit[:, 0] = 0.0
    back = []
    for j in range(k):
        vit, arg = _dense_step(vit, s, j)
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
    log_z = _dense_forward(s, inv)[:, rows, batch.lengths]
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
    real = segment.best_cuts_at

    def record(
        batch: RowBatch, emissions: Emissions, temperatures: tuple[float, ...]
    ) -> list[list[Cut | None]]:
        calls.append((batch, emissions, temperatures))
        return real(batch, emissions, temperatures)

    monkeypatch.setattr(rebuild, "best_cuts_at", record)
    tables = _tables()
    for i, known in enumerate(tables):
        lexicon = Lexicon.from_tables(t.table for j, t in enumerate(tables) if j != i)
        rebuild.rebuild_table(flatten_table(known.table), lexicon)
    monkeypatch.undo()
    return calls


def test_segmenter_shortcuts_give_the_dense_cuts_bit_for_bit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """First/last column steps and the in-place forward pass: same starts, scores, confidences."""
    calls = _segmenter_calls(monkeypatch)
    assert len(calls) > 40
    assert {len(em) for _, em, _ in calls} >= {2, 3, 4}
    for batch, emissions, temperatures in calls:
        fast = segment.best_cuts_at(batch, emissions, temperatures)
        assert fast == _dense_best_cuts_at(batch, emissions, temperatures)


def test_one_column_cut_is_the_dense_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """k = 1: the first column is also the last."""
    batch, emissions, _ = _segmenter_calls(monkeypatch)[0]
    one = emissions.columns(0, 1) if isinstance(emissions, Emissions) else [emissions[0]]
    assert segment.best_cuts_at(batch, one, (1.0, 2.0)) == _dense_best_cuts_at(
        batch, one, (1.0, 2.0)
    )


# --- batch arrays: padded row by row, as before round 8 --------------------------------


def _padded(rows: Sequence, field: str, pad: object, extra: int = 0) -> np.ndarray:
    w = max(len(r.words) for r in rows) + extra
    return np.array([(*getattr(r, field), *(pad,) * (w - len(getattr(r, field)))) for r in rows])


def test_row_batch_arrays_are_the_padded_rows() -> None:
    lines = _row_lines()
    for size in (1, 3, 8, len(lines)):
        rows = [tokenize(line) for line in lines[:size]]
        batch = RowBatch.of(rows)
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
        assert row.shape_idx == tuple(w.shape_i for w in info)
        assert row.end_idx == tuple(w.end_i for w in info)


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
            info = [_word(x) for x in row]
            for i in range(len(row)):
                by_form = index.get(info[i].low)
                by_length = groups.get(info[i].low)
                assert (_match_at(info, i, by_form) if by_form else 0) == (
                    _match_grouped(info, i, by_length) if by_length else 0
                )


# --- features: the length prior of k columns at once -----------------------------------


def test_length_prior_of_k_columns_is_each_columns_prior() -> None:
    rng = np.random.default_rng(3)
    for _ in range(300):
        k = int(rng.integers(1, 7))
        hists = np.zeros((k, 122))
        for j in range(k):
            m = int(rng.integers(0, 30))
            np.add.at(hists[j], rng.integers(1, 121, size=m), rng.random(m) * 7.3)
        assert np.array_equal(_length_logp_rows(hists), np.stack([_length_logp(h) for h in hists]))


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
