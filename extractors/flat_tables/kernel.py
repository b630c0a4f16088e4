"""The segmenter's inner loops, compiled: Viterbi and the forward pass of every row.

`segment.best_cuts_at` ran them as numpy calls on padded (rows, gaps, gaps)
arrays: about a hundred small-array calls per table and pass, whatever the
table's size, which made the flat-table search most of a text article's
extraction. Here one compiled call walks each row's own lattice (its length,
not the widest row's), column by column, in the same order of operations as
those arrays: the cut and its score are the same to the bit; the confidence
differs in the last bits only (a sum in another order). Compiled once per
machine and kept (`cache=True`), so a new process loads it, not compiles it.
The other per-word loops of a table live here too: its tokens' arrays
(`token_arrays`), its brackets and known names (`mark_spans`), the start and gap
models' per-word scores (`word_terms`), the priors' first-word counts
(`first_key_counts`), a learning pass's column sums (`learned_columns`), the
column terms and emissions, the taught-row counts, the whole-value hits and their
ranges (`class_hits`, `add_ranges`), and the header line's span scores and cuts
(`header_span_scores`, `best_header_cut`, `header_by_count`).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_FLOOR = np.finfo(np.float64).min  # the forward pass's shift for a row with no finite term


@njit(cache=True, nogil=True, inline="always")
def _clipped(span, top):
    """A cell's span as an index of the length scores: 0 (no cell) up to `top` (longer)."""
    return min(max(span, 0), top)


@njit(cache=True, nogil=True)
def row_sides(first, inner, last, cut_cost, can_cut, r, n, start, end):
    """Start and end sides of row r (n words) for every column, into start/end (k, n + 1).

    start[j, i] = first + cut_cost - cum[i + 1] (word i opens the cell, i + 1.. are
    inside); end[j, e] = cum[e] + last[e - 1]; -inf where no cell may start or end.
    """
    k = first.shape[0]
    w = first.shape[2]
    for j in range(k):
        prev = 0.0  # cum[i]
        for i in range(n + 1):
            if i < w:
                nxt = prev + inner[j, r, i]  # cum[i + 1]
                s = first[j, r, i] + cut_cost[r, i]
                s -= nxt
            else:
                nxt = prev
                s = 0.0 + cut_cost[r, i]
                s -= prev
            e_val = 0.0 if i == 0 else prev + last[j, r, i - 1]
            if can_cut[r, i]:
                start[j, i] = s
                end[j, i] = e_val
            else:
                start[j, i] = -np.inf
                end[j, i] = -np.inf
            prev = nxt


@njit(cache=True, nogil=True)
def best_cuts_kernel(
    first,
    inner,
    last,
    lengths,
    cut_cost,
    can_cut,
    row_len,
    b_col,
    b_row,
    b_i,
    b_e,
    b_val,
    inv,
    own_len,
    own_gain,
):
    """Best cut of every row into k cells, its score, and log Z at each temperature 1 / inv[t].

    Returns (bounds (R, k): the word each cell starts on; score (R,), -inf where no
    legal cut; log_z (T, R); the best cut's share of every cut, exp(score / T - log_z),
    (T, R)). Bonuses (b_*: column, row, start, end, gain) add to
    the score of that one cell. Ties go to the lower start, as numpy's argmax does.
    own_len[j, r] (-1: none) is the length of row r's own earlier cell of column j, whose
    length score in row r is lengths[j, own_len] + own_gain[j, r] (the row's own count taken
    out, `features._own_length_gains`): every other row reads `lengths` as it is.
    """
    k = first.shape[0]
    n_rows = first.shape[1]
    top = lengths.shape[1] - 1  # spans longer than this are scored as this
    n_t = inv.shape[0]
    bounds = np.zeros((n_rows, k), dtype=np.int64)
    scores = np.empty(n_rows)
    log_z = np.empty((n_t, n_rows))
    conf = np.full((n_t, n_rows), np.nan)
    # Bonuses grouped by (column, row): ptr[j * R + r] .. ptr[j * R + r + 1] in `order`.
    n_b = b_col.shape[0]
    ptr = np.zeros(k * n_rows + 1, dtype=np.int64)
    for b in range(n_b):
        ptr[b_col[b] * n_rows + b_row[b] + 1] += 1
    for c in range(k * n_rows):
        ptr[c + 1] += ptr[c]
    fill = ptr[:-1].copy()
    order = np.empty(n_b, dtype=np.int64)
    for b in range(n_b):
        c = b_col[b] * n_rows + b_row[b]
        order[fill[c]] = b
        fill[c] += 1
    # exp(length / T) per temperature and column: the lengths are log-probabilities (<= 0),
    # so, as in the array version, they are shifted by max(0, their max) = 0.
    w1 = first.shape[2] + 1
    lens = lengths.copy()  # row r's length scores: its own cells' lengths changed, then back
    exp_len = np.empty((n_t, k, top + 1))
    top_l = np.zeros((n_t, k))
    for t in range(n_t):
        for j in range(k):
            hi = 0.0
            for m in range(1, min(w1, top + 1)):
                v = lengths[j, m] * inv[t]
                if v > hi:
                    hi = v
            top_l[t, j] = hi
            for m in range(min(w1, top + 1)):  # no cell is longer than the widest row
                exp_len[t, j, m] = np.exp(lengths[j, m] * inv[t] - hi)
    w_max = first.shape[2]
    start = np.empty((k, w_max + 1))
    end = np.empty((k, w_max + 1))
    vit = np.empty(w_max + 1)
    nxt = np.empty(w_max + 1)
    a = np.empty(w_max + 1)
    back = np.zeros((k, w_max + 1), dtype=np.int64)
    fwd = np.empty(w_max + 1)
    live = np.empty(w_max + 1, dtype=np.int64)  # gaps whose start term is finite
    for r in range(n_rows):
        n = row_len[r]
        row_sides(first, inner, last, cut_cost, can_cut, r, n, start, end)
        _set_own_lengths(lengths, lens, exp_len, top_l, inv, own_len, own_gain, r, w1, True)
        # --- Viterbi -------------------------------------------------------------------
        # Only starts with a finite score are visited (`live`, ascending): a skipped term
        # is -inf, which never wins a max. Cell j ends at e <= n - (k - 1 - j), leaving a
        # word for each later cell: a state past that never reaches the row's end.
        for g in range(n + 1):
            vit[g] = -np.inf
        vit[0] = 0.0
        for j in range(k):
            n_live = 0
            for i in range(n + 1):
                a[i] = vit[i] + start[j, i]
                if a[i] > -np.inf:
                    live[n_live] = i
                    n_live += 1
            e_lo = n if j == k - 1 else 0  # the last column only ends at the row's end
            e_hi = n - (k - 1 - j)
            c0 = j * n_rows + r
            for e in range(n + 1):
                best = -np.inf
                arg = 0
                if e_lo <= e <= e_hi:
                    for q in range(n_live):
                        i = live[q]
                        if i >= e:  # the first column's only live start is gap 0
                            break
                        v = a[i] + lens[j, _clipped(e - i, top)]
                        if v > best:
                            best = v
                            arg = i
                    for p in range(ptr[c0], ptr[c0 + 1]):
                        b = order[p]
                        ii = b_i[b]
                        if b_e[b] == e:
                            cand = a[ii] + lens[j, _clipped(e - ii, top)] + b_val[b]
                            if cand > best or (cand == best and ii < arg):
                                best = cand
                                arg = ii
                nxt[e] = best + end[j, e]
                back[j, e] = arg
            for g in range(n + 1):
                vit[g] = nxt[g]
        scores[r] = vit[n]
        pos = n
        for j in range(k - 1, 0, -1):
            pos = back[j, pos]
            bounds[r, j] = pos
        # --- forward pass, per temperature ---------------------------------------------
        # As in Viterbi, only live starts (a skipped term adds 0.0), and the last column
        # only at the row's end. Other states past `e_hi` are kept: the next column's
        # shift (`hi`) is their max too, and changing it would change the last bits.
        for t in range(n_t):
            for g in range(n + 1):
                fwd[g] = -np.inf
            fwd[0] = 0.0
            for j in range(k):
                hi = -np.inf
                for i in range(n + 1):
                    a[i] = fwd[i] + start[j, i] * inv[t]
                    if a[i] > hi:
                        hi = a[i]
                if hi < _FLOOR:
                    hi = _FLOOR
                n_live = 0
                for i in range(n + 1):
                    if a[i] > -np.inf:
                        live[n_live] = i
                        n_live += 1
                    a[i] = np.exp(a[i] - hi)
                c0 = j * n_rows + r
                e_lo = n if j == k - 1 else 0
                for e in range(n + 1):
                    if e < e_lo:
                        nxt[e] = -np.inf
                        continue
                    total = 0.0
                    for q in range(n_live):
                        i = live[q]
                        if i >= e:
                            break
                        total += a[i] * exp_len[t, j, _clipped(e - i, top)]
                    for p in range(ptr[c0], ptr[c0 + 1]):
                        b = order[p]
                        if b_e[b] == e:
                            gain = np.expm1(b_val[b] * inv[t])
                            total += a[b_i[b]] * exp_len[t, j, _clipped(e - b_i[b], top)] * gain
                    nxt[e] = np.log(total) + (hi + top_l[t, j]) + end[j, e] * inv[t]
                for g in range(n + 1):
                    fwd[g] = nxt[g]
            log_z[t, r] = fwd[n]
            share = scores[r] * inv[t] - fwd[n]
            if scores[r] > -np.inf:
                conf[t, r] = np.exp(share if share < 0.0 else 0.0)
        _set_own_lengths(lengths, lens, exp_len, top_l, inv, own_len, own_gain, r, w1, False)
    return bounds, scores, log_z, conf


@njit(cache=True, nogil=True, inline="always")
def _set_own_lengths(lengths, lens, exp_len, top_l, inv, own_len, own_gain, r, w1, on):
    """Row r's own cells' length scores in `lens` and `exp_len` (on), or back to the
    column's (off). The same operations as `best_cuts_kernel` fills them with: a row
    without its own cells reads exactly the shared scores."""
    for j in range(own_len.shape[0]):
        m = own_len[j, r]
        if m < 0:
            continue
        v = lengths[j, m] + own_gain[j, r] if on else lengths[j, m]
        lens[j, m] = v
        if m < w1:
            for t in range(inv.shape[0]):
                exp_len[t, j, m] = np.exp(v * inv[t] - top_l[t, j])


@njit(cache=True, nogil=True)
def emit_kernel(
    first_shape,
    inner_shape,
    last_shape,
    lexical,
    shape_idx,
    end_idx,
    key_idx,
    word_known,
    log_start,
    log_inner,
    gap_cut,
    gap_inner,
    opens,
    other,
    own_key,
    own_key_delta,
    own_shape,
    own_shape_delta,
):
    """Per-word start, inner and end scores of k columns (`features._emit`), (k, R, W) each.

    The sums `_emit` took as whole-array steps, word by word in the same order:
    start shape + word (0 on padding) + start rate + gap + known name, then a row's
    own earlier cell taken out (its opening key, then its opening shape).
    """
    k = first_shape.shape[0]
    n_rows, w = shape_idx.shape
    first = np.empty((k, n_rows, w))
    inner = np.empty((k, n_rows, w))
    last = np.empty((k, n_rows, w))
    for j in range(k):
        for r in range(n_rows):
            ok = own_key[j, r]
            os_ = own_shape[j, r]
            for i in range(w):
                s = shape_idx[r, i]
                key = key_idx[r, i]
                f = first_shape[j, s] + (lexical[j, key] if key >= 0 else 0.0)
                f += log_start[r, i]
                f += gap_cut[r, i]
                f += opens[j] if word_known[r, i] else other[j]
                if ok >= 0 and key == ok:
                    f += own_key_delta[j, r]
                if os_ >= 0 and s == os_:
                    f += own_shape_delta[j, r]
                first[j, r, i] = f
                v = inner_shape[j, s] + log_inner[r, i]
                v += gap_inner[r, i]
                inner[j, r, i] = v
                last[j, r, i] = last_shape[j, end_idx[r, i]]
    return first, inner, last


@njit(cache=True, nogil=True)
def column_terms(
    counts,
    total,
    types,
    p_bg,
    known,
    p0,
    known_weight,
    known_smoothing,
    own_key,
    first_counts,
    own_shape,
):
    """The per-column terms of `emit_kernel`: how much likelier each column opens on each
    key than any column does (Witten-Bell, `ColumnScorer._lexical`), the log-odds of a
    cell opening on a known name or not, and what a row's own earlier cell changes.

    Returns lexical (k, K), opens (k,), other (k,), the (k, R) own-key changes and the
    (k, R) own-shape changes; own_key is -1 where the row's key is taken out of nothing.
    """
    k, n_keys = counts.shape
    n_rows = own_key.shape[1]
    lexical = np.zeros((k, n_keys))
    opens = np.zeros(k)
    other = np.zeros(k)
    key_at = np.full((k, n_rows), -1, dtype=np.int64)
    key_delta = np.zeros((k, n_rows))
    shape_delta = np.zeros((k, n_rows))
    for j in range(k):
        t, ty = total[j], types[j]
        if t > 0:
            unseen = np.log(ty / (t + ty))
            for key in range(n_keys):
                c = counts[j, key]
                if c > 0:
                    lexical[j, key] = np.log((c + ty * p_bg[key]) / (t + ty) / p_bg[key])
                else:
                    lexical[j, key] = unseen
        if known_weight != 0.0:
            p = (known[j] + known_smoothing * p0) / (t + known_smoothing)
            p = min(max(p, 0.01), 0.99)
            opens[j] = known_weight * np.log(p / p0)
            other[j] = known_weight * np.log((1.0 - p) / (1.0 - p0))
        for r in range(n_rows):
            key = own_key[j, r]
            if key >= 0 and counts[j, key] >= 1.0:
                c = counts[j, key] - 1.0
                t1 = t - 1.0
                less = 0.0
                if t1 > 0:
                    if c > 0:
                        less = np.log((c + ty * p_bg[key]) / (t1 + ty) / p_bg[key])
                    else:
                        less = np.log(ty / (t1 + ty))
                key_at[j, r] = key
                key_delta[j, r] = less - lexical[j, key]
            s = own_shape[j, r]
            if s >= 0:
                f = first_counts[j, s]
                shape_delta[j, r] = np.log(max(f - 1.0, 1e-300) / f)
    return lexical, opens, other, key_at, key_delta, shape_delta


@njit(cache=True, nogil=True)
def length_logp(hists, log_lengths, lengths, prior_weight):
    """Per column: log P(a cell has m words), its histogram smoothed by a log-normal fitted
    to it (`features._length_logp`), for every row of hists (k, M)."""
    k, m_max = hists.shape
    out = np.empty((k, m_max))
    shape_ = np.empty(m_max)
    for j in range(k):
        total = 0.0
        for m in range(m_max):
            total += hists[j, m]
        if total > 0:
            mu = 0.0
            for m in range(m_max):
                mu += hists[j, m] * log_lengths[m]
            mu /= total
            var = 0.0
            for m in range(m_max):
                d = log_lengths[m] - mu
                var += hists[j, m] * d * d
            sigma = max(np.sqrt(var / total), 0.35)
        else:
            mu, sigma = np.log(4.0), 0.9
        twice_var = 2 * sigma * sigma
        norm = 0.0
        for m in range(m_max):
            d = log_lengths[m] - mu
            v = np.exp(-(d * d) / twice_var) / max(lengths[m], 1.0)
            if m == 0:
                v = 0.0
            shape_[m] = v
            norm += v
        for m in range(m_max):
            p = (hists[j, m] + prior_weight * shape_[m] / norm) / (total + prior_weight)
            out[j, m] = np.log(max(p, 1e-12))
        out[j, 0] = -np.inf
    return out


@njit(cache=True, nogil=True, inline="always")
def _log_shares(counts, out):
    """out[j] = log(counts[j] / counts[j].sum()) for every row (`features._log_norm` of
    each; rows this short, under 8 values, sum in numpy's order)."""
    for j in range(counts.shape[0]):
        total = 0.0
        for s in range(counts.shape[1]):
            total += counts[j, s]
        for s in range(counts.shape[1]):
            out[j, s] = np.log(counts[j, s] / total)


@njit(cache=True, nogil=True)
def learned_columns(
    base_first,
    base_inner,
    base_last,
    base_lengths,
    base_cells,
    base_types,
    base_known,
    first,
    inner,
    last,
    lengths,
    cells,
    first_key,
    known,
    prior_first_key,
    alpha,
    log_lengths,
    length_axis,
    prior_weight,
):
    """`features.emit_learned`'s columns from the priors' counts (`base_*`, stacked) plus
    the table's taught counts, in one pass: the shape log-shares (smoothed by `alpha`),
    the length scores (`length_logp`), the first-key counts, cells, distinct first keys
    (at least 1) and known-name cells of every column. Sums in the array version's order."""
    k = base_first.shape[0]
    first_counts = base_first + first + alpha
    first_shape = np.empty_like(first_counts)
    _log_shares(first_counts, first_shape)
    inner_shape = np.empty_like(base_inner)
    _log_shares(base_inner + inner + alpha, inner_shape)
    last_shape = np.empty_like(base_last)
    _log_shares(base_last + last + alpha, last_shape)
    length = length_logp(base_lengths + lengths, log_lengths, length_axis, prior_weight)
    counts = prior_first_key + first_key
    total = np.empty((k, 1))
    types = np.empty((k, 1))
    for j in range(k):
        total[j, 0] = base_cells[j] + cells[j]
        taught = 0
        for key in range(first_key.shape[1]):
            if first_key[j, key] != 0:
                taught += 1
        types[j, 0] = float(max(base_types[j] + taught, 1))
    return (
        first_shape,
        first_counts,
        inner_shape,
        last_shape,
        length,
        counts,
        total,
        types,
        base_known + known,
    )


@njit(cache=True, nogil=True)
def add_table_closers(
    first, inner, end_idx, row_len, word_gaps, word_ends, closer, weight, smoothing
):
    """`features._add_table_closers` in place: the gap after every bracket-closing word is
    scored by how often the table's other taught rows end a cell after one."""
    k, n_rows, w = first.shape
    if w < 2:
        return
    own_cut = np.zeros(n_rows)
    own_gaps = np.zeros(n_rows)
    for r in range(n_rows):
        for i in range(w):
            if end_idx[r, i] == closer and word_gaps[r, i] > 0:
                own_cut[r] += word_ends[r, i]
                own_gaps[r] += 1.0
    all_cut, all_gaps = own_cut.sum(), own_gaps.sum()
    learns = False  # does any row have another row's closing gaps to learn from?
    for r in range(n_rows):
        if all_gaps - own_gaps[r] != 0.0:
            learns = True
    if not learns:
        return
    for r in range(n_rows):
        other_gaps = all_gaps - own_gaps[r]
        p = (all_cut - own_cut[r] + 0.5 * smoothing) / (other_gaps + smoothing)
        cut = weight * np.log(p / 0.5)
        goes_on = weight * np.log((1.0 - p) / 0.5)
        for i in range(min(w - 1, row_len[r] - 1)):
            if end_idx[r, i] == closer:
                for j in range(k):
                    first[j, r, i + 1] += cut
                    inner[j, r, i + 1] += goes_on


@njit(cache=True, nogil=True)
def _taught_inner_counts(counted, hit, row_len, word_gaps, word_ends, k):
    """(R, k) counts of each taught row, per column: its words inside a cell (after a word
    of the same cell) that `counted` (R, W) flags, and of those the ones `hit` flags.
    Rows that taught nothing count nothing (`add_inner_closers`, `add_table_case`)."""
    n_rows = counted.shape[0]
    own_n = np.zeros((n_rows, k))
    own_h = np.zeros((n_rows, k))
    for r in range(n_rows):
        n = row_len[r]
        if n < 2 or word_gaps[r, 0] == 0.0:  # not a taught row
            continue
        j = 0
        for i in range(1, n):
            if word_ends[r, i - 1] > 0.0:  # word i opens the next cell
                j += 1
            elif counted[r, i]:
                own_n[r, j] += 1.0
                if hit[r, i]:
                    own_h[r, j] += 1.0
    return own_n, own_h


@njit(cache=True, nogil=True)
def add_inner_closers(inner, closes, row_len, word_gaps, word_ends, prior, smoothing):
    """`features._add_inner_closers` in place: every word after a word that closes a bracket
    is scored, as inside a cell of each column, by how often a word inside the other
    taught rows' cells of that column (not a cell's last) closes one; every other word
    after a word with a word after it takes the rest of the odds.

    closes (R, W) flags the words that close a bracket and have a word after them;
    each column's rate is smoothed towards `prior` with `smoothing` words' worth.
    """
    k, n_rows, w = inner.shape
    if w < 2:
        return
    counted = np.ones((n_rows, w), dtype=np.bool_)
    hit = np.zeros((n_rows, w), dtype=np.bool_)
    hit[:, 1:] = closes[:, :-1]  # word i follows a word that closes a bracket
    own_n, own_c = _taught_inner_counts(counted, hit, row_len, word_gaps, word_ends, k)
    all_n = own_n.sum(axis=0)
    all_c = own_c.sum(axis=0)
    if all_n.sum() == 0.0:
        return
    d_close = np.zeros(k)
    d_other = np.zeros(k)
    for r in range(n_rows):
        for j in range(k):
            p = (all_c[j] - own_c[r, j] + smoothing * prior) / (all_n[j] - own_n[r, j] + smoothing)
            d_close[j] = np.log(p)
            d_other[j] = np.log1p(-p)
        for i in range(1, row_len[r]):
            if hit[r, i]:
                for j in range(k):
                    inner[j, r, i] += d_close[j]
            else:
                for j in range(k):
                    inner[j, r, i] += d_other[j]


@njit(cache=True, nogil=True)
def add_table_case(
    inner, shape_idx, known, row_len, word_gaps, word_ends, share, title, lower, weight, smoothing
):
    """`features._add_table_case` in place: inside a cell of each column, a word after a
    lower-case word is Titlecase at the rate the table's other taught rows show.

    share[j] is column j's share of Titlecase inner words (what the rate is smoothed
    towards); words that open a known name are neither counted nor scored.
    """
    k, n_rows, w = inner.shape
    if w < 2:
        return
    counted = np.zeros((n_rows, w), dtype=np.bool_)
    counted[:, 1:] = (shape_idx[:, :-1] == lower) & ~known[:, 1:]
    hit = shape_idx == title
    own_n, own_t = _taught_inner_counts(counted, hit, row_len, word_gaps, word_ends, k)
    all_n = own_n.sum(axis=0)
    all_t = own_t.sum(axis=0)
    if all_n.sum() == 0.0:
        return
    d_title = np.zeros(k)
    d_other = np.zeros(k)
    for r in range(n_rows):
        for j in range(k):
            other = all_n[j] - own_n[r, j]
            if other == 0.0:
                d_title[j] = 0.0
                d_other[j] = 0.0
                continue
            u = share[j]
            p = (all_t[j] - own_t[r, j] + smoothing * u) / (other + smoothing)
            d_title[j] = weight * (np.log(p) - np.log(u))
            d_other[j] = weight * (np.log1p(-p) - np.log1p(-u))
        for i in range(1, row_len[r]):
            if counted[r, i]:
                is_title = hit[r, i]
                for j in range(k):
                    inner[j, r, i] += d_title[j] if is_title else d_other[j]


@njit(cache=True, nogil=True)
def add_table_ends(
    first, inner, keys, row_len, word_gaps, word_ends, cuts, seen, log_p, log_q, weight
):
    """`features._add_table_ends` in place: every gap's word-before term re-scored with the
    table's other taught rows' gaps after the same word counted in (a row's own left out).

    keys (R, W) index the per-key end counts (cuts, seen, log_p, log_q), padding on the
    last slot.
    """
    k, n_rows, w = first.shape
    n_slots = cuts.shape[0]
    all_gaps = np.zeros(n_slots)
    all_cuts = np.zeros(n_slots)
    for r in range(n_rows):
        _count_row_ends(keys, word_gaps, word_ends, r, all_gaps, all_cuts)
    # The row's own counts per key, summed as the table's are (from 0, word by word), in
    # scratch arrays set back to 0 after each row: no (rows, keys) array to fill.
    row_gaps = np.zeros(n_slots)
    row_cuts = np.zeros(n_slots)
    for r in range(n_rows):
        _count_row_ends(keys, word_gaps, word_ends, r, row_gaps, row_cuts)
        for i in range(min(w, row_len[r] - 1)):
            key = keys[r, i]
            other = all_gaps[key] - row_gaps[key]
            if other == 0.0:
                continue
            other_cuts = all_cuts[key] - row_cuts[key]
            p = (cuts[key] + other_cuts) / (seen[key] + other)
            p = min(max(p, 0.01), 0.99)
            d_cut = weight * (np.log(p) - log_p[key])
            d_on = weight * (np.log1p(-p) - log_q[key])
            for j in range(k):
                first[j, r, i + 1] += d_cut
                inner[j, r, i + 1] += d_on
        for i in range(w):
            row_gaps[keys[r, i]] = 0.0
            row_cuts[keys[r, i]] = 0.0


@njit(cache=True, nogil=True)
def _count_row_ends(keys, word_gaps, word_ends, r, gaps, cuts):
    """Add row r's gaps after each key, and the cells ending there, to `gaps` / `cuts`."""
    for i in range(keys.shape[1]):
        key = keys[r, i]
        gaps[key] += word_gaps[r, i]
        cuts[key] += word_ends[r, i]


@njit(cache=True, nogil=True)
def count_taught(
    starts,
    rows,
    row_len,
    shape_idx,
    end_idx,
    key_idx,
    word_known,
    n_keys,
    n_shapes,
    n_ends,
    max_cell,
):
    """The numeric counts of `learned.table_counts` over the taught rows (`rows`, cut at
    `starts` (T, k)): per column the shapes cells open on, hold and end on, their lengths,
    the keys they open on and known names; per row its own opening key and shape and its
    own cell's length (-1 if longer than `max_cell`, which is not counted); per word
    whether it has a gap after it in a taught row and whether a cell ends there.
    Returned in the order `learned._COUNTED` names them."""
    n_taught, k = starts.shape
    n_rows, w = shape_idx.shape
    first_shape = np.zeros((k, n_shapes))
    inner_shape = np.zeros((k, n_shapes))
    last_shape = np.zeros((k, n_ends))
    lengths = np.zeros((k, max_cell + 2))
    first_key = np.zeros((k, n_keys))
    known = np.zeros(k)
    own_key = np.full((k, n_rows), -1, dtype=np.int64)
    own_shape = np.full((k, n_rows), -1, dtype=np.int64)
    own_length = np.full((k, n_rows), -1, dtype=np.int64)
    word_gaps = np.zeros((n_rows, w))
    word_ends = np.zeros((n_rows, w))
    for t in range(n_taught):
        r = rows[t]
        n = row_len[r]
        for j in range(k):
            a = starts[t, j]
            b = starts[t, j + 1] if j + 1 < k else n
            first_shape[j, shape_idx[r, a]] += 1.0
            last_shape[j, end_idx[r, b - 1]] += 1.0
            span = b - a
            if span <= max_cell:
                lengths[j, span] += 1.0
                own_length[j, r] = span
            key = key_idx[r, a]
            first_key[j, key] += 1.0
            if word_known[r, a]:
                known[j] += 1.0
            own_key[j, r] = key
            own_shape[j, r] = shape_idx[r, a]
            for i in range(a + 1, b):
                inner_shape[j, shape_idx[r, i]] += 1.0
            if j + 1 < k:
                word_ends[r, b - 1] = 1.0
        for i in range(n - 1):
            word_gaps[r, i] = 1.0
    return (
        first_shape,
        inner_shape,
        last_shape,
        lengths,
        first_key,
        known,
        own_key,
        own_shape,
        own_length,
        word_gaps,
        word_ends,
    )


@njit(cache=True, inline="always")
def _number(slots, word_id, seen, n_seen):
    """The number of `word_id` among the ids seen so far (numbered on first sight), and
    how many are seen now: `slots[word_id]` holds it, -1 until then."""
    if slots[word_id] < 0:
        slots[word_id] = n_seen
        seen[n_seen] = word_id
        n_seen += 1
    return slots[word_id], n_seen


@njit(cache=True, nogil=True)
def key_rates(counts, start_smoothing, start_prior, bg_total, gap_smoothing, gap_prior, p0, q0):
    """The start and gap models' per-key rates of a batch, before their logs, in one pass
    (`features._key_rates`).

    `counts` (5, K) are `features._KeyCounts.ROWS` of each distinct key. Returns:
    `args` (4, K), whose logs numpy takes: P(start), 1 - P(start), and the end rate p
    over `p0` and (1 - p) over `q0` (1 - p0); P(bg) per key; and the end rate's parts,
    with one more slot (nothing seen: the overall rate): c + S * back, n + S and p.
    `start_prior` is the start smoothing times its p0, `gap_prior` the gap smoothing
    times `p0`. The same operations in the same order as the array calls they replace.
    """
    k = counts.shape[1]
    args = np.empty((4, k))
    bg = np.empty(k)
    cuts = np.empty(k + 1)
    seen = np.empty(k + 1)
    rate = np.empty(k + 1)
    for i in range(k):
        p = (counts[3, i] + start_prior) / (counts[4, i] + start_smoothing)
        p = min(max(p, 0.01), 0.99)
        args[0, i] = p
        args[1, i] = 1.0 - p
        bg[i] = (counts[3, i] + 0.5) / bg_total
        cuts[i] = counts[1, i] + gap_smoothing * counts[2, i]
        seen[i] = counts[0, i] + gap_smoothing
        rate[i] = min(max(cuts[i] / seen[i], 0.01), 0.99)
        args[2, i] = rate[i] / p0
        args[3, i] = (1.0 - rate[i]) / q0
    cuts[k] = gap_prior
    seen[k] = gap_smoothing
    rate[k] = min(max(gap_prior / gap_smoothing, 0.01), 0.99)
    return args, bg, cuts, seen, rate


@njit(cache=True, nogil=True)
def word_terms(key_idx, shape_idx, end_idx, per_key, gap_cut, gap_inner, n_end, n_shape, with_ends):
    """The start and gap models' per-word scores of a batch, from their per-key and
    per-gap-class values, in one pass (`features._word_terms`).

    Returns (R, W) arrays: each word's log P(start) and log P(not) (`per_key` rows 0 and
    1; 0 on padding), and the gap before each word's boundary and no-boundary scores (0
    at word 0): its class's (`gap_cut` / `gap_inner` by `tokens.gap_index`), plus, with
    `with_ends`, the word before's end and go-on scores (`per_key` rows 2 and 3; 0 after
    padding). Sums in the order the array version adds them.
    """
    n_rows, width = key_idx.shape
    log_start = np.zeros((n_rows, width))
    log_inner = np.zeros((n_rows, width))
    cut = np.zeros((n_rows, width))
    inner = np.zeros((n_rows, width))
    for r in range(n_rows):
        for i in range(width):
            k = key_idx[r, i]
            if k >= 0:
                log_start[r, i] = per_key[0, k]
                log_inner[r, i] = per_key[1, k]
            if i > 0:
                g = (shape_idx[r, i - 1] * n_end + end_idx[r, i - 1]) * n_shape + shape_idx[r, i]
                c = gap_cut[g]
                q = gap_inner[g]
                if with_ends:
                    before = key_idx[r, i - 1]
                    c += per_key[2, before] if before >= 0 else 0.0
                    q += per_key[3, before] if before >= 0 else 0.0
                cut[r, i] = c
                inner[r, i] = q
    return log_start, log_inner, cut, inner


@njit(cache=True)
def token_arrays(codes, lengths, width, gap_cut, gap_cost, slots, layout):
    """`tokens.tokenize_lines`' per-word arrays from each word's packed code, in one pass.

    `codes` are the rows' words one after another (`tokens._Word.code`); `layout` is how a
    code packs its fields: the bits of its shape and end indices, of either side's flags and
    of an id, and where the flags and the key and lower-cased word ids start. A gap
    inside a row is cut or not by `gap_cut[before << 6 | after]`, at `gap_cost`; a row's
    edges always are, padding never. Distinct keys and lower-cased words are numbered in
    first-seen order with `slots` (2, ids): scratch that is -1 on entry and on return. Not
    `nogil`: holding the GIL keeps two threads from sharing the scratch at once.
    """
    shape_bits, end_bits, side_bits, id_bits, before_at, after_at, key_at, low_at = layout
    shape_mask, end_mask = (1 << shape_bits) - 1, (1 << end_bits) - 1
    side, id_mask = (1 << side_bits) - 1, (1 << id_bits) - 1
    n_rows = lengths.shape[0]
    shape_idx = np.zeros((n_rows, width), dtype=np.int64)
    end_idx = np.zeros((n_rows, width), dtype=np.int64)
    key_idx = np.full((n_rows, width), -1, dtype=np.int64)
    low_idx = np.full((n_rows, width), -1, dtype=np.int64)
    can_cut = np.zeros((n_rows, width + 1), dtype=np.bool_)
    cut_cost = np.zeros((n_rows, width + 1))
    keys = np.empty(codes.shape[0], dtype=np.int64)
    lows = np.empty(codes.shape[0], dtype=np.int64)
    n_keys = 0
    n_lows = 0
    p = 0
    for r in range(n_rows):
        n = lengths[r]
        can_cut[r, 0] = True
        can_cut[r, n] = True
        for i in range(n):
            code = codes[p + i]
            shape_idx[r, i] = code & shape_mask
            end_idx[r, i] = (code >> shape_bits) & end_mask
            if i > 0:
                pair = ((codes[p + i - 1] >> before_at) & side) << side_bits
                pair |= (code >> after_at) & side
                can_cut[r, i] = gap_cut[pair]
                cut_cost[r, i] = gap_cost[pair]
            key_idx[r, i], n_keys = _number(slots[0], (code >> key_at) & id_mask, keys, n_keys)
            low_idx[r, i], n_lows = _number(slots[1], (code >> low_at) & id_mask, lows, n_lows)
        p += n
    for q in range(n_keys):
        slots[0, keys[q]] = -1
    for q in range(n_lows):
        slots[1, lows[q]] = -1
    return shape_idx, end_idx, key_idx, low_idx, can_cut, cut_cost, keys[:n_keys], lows[:n_lows]


@njit(cache=True)
def span_classes(low_idx, lengths, can_cut, n_lows, max_words):
    """Number every span of up to `max_words` words that opens on a cut by its words.

    `at[r, i, m]` is the class of row r's m words from word i (-1 where no cut
    falls before word i, or the row ends first); two spans share a class exactly
    when their lower-cased words (`low_idx`) are the same. A word alone is its own
    lower-cased id; a longer span is the pair (its first m - 1 words' class, its
    last word), numbered on first sight through an open-addressing table. Also
    returns the spans that may be a cell (a cut at both ends) in row, start, end
    order, and the number of classes.
    """
    n_rows, width = low_idx.shape
    at = np.full((n_rows, width, max_words + 1), -1, dtype=np.int64)
    n_spans = 0
    for r in range(n_rows):
        n_spans += lengths[r] * max_words
    size = 16
    while size < 2 * n_spans:
        size *= 2
    pair_keys = np.full(size, -1, dtype=np.int64)
    pair_class = np.empty(size, dtype=np.int64)
    n_classes = n_lows
    rows = np.empty(n_spans, dtype=np.int64)
    starts = np.empty(n_spans, dtype=np.int64)
    ends = np.empty(n_spans, dtype=np.int64)
    classes = np.empty(n_spans, dtype=np.int64)
    s = 0
    for r in range(n_rows):
        n = lengths[r]
        for i in range(n):
            if not can_cut[r, i]:
                continue
            c = low_idx[r, i]
            for m in range(1, max_words + 1):
                e = i + m
                if e > n:
                    break
                if m > 1:
                    key = c * n_lows + low_idx[r, e - 1]
                    h = _slot(pair_keys, key)
                    if pair_keys[h] == -1:
                        pair_keys[h] = key
                        pair_class[h] = n_classes
                        n_classes += 1
                    c = pair_class[h]
                at[r, i, m] = c
                if can_cut[r, e]:
                    rows[s] = r
                    starts[s] = i
                    ends[s] = e
                    classes[s] = c
                    s += 1
    return at, rows[:s], starts[:s], ends[:s], classes[:s], n_classes, pair_keys, pair_class


@njit(cache=True, inline="always")
def _slot(pair_keys, key):
    """Where `key` is in the open-addressing table `pair_keys` (size a power of two),
    or the empty slot (-1) it would take."""
    mask = pair_keys.shape[0] - 1
    h = (key * 0x9E3779B1) & mask
    while pair_keys[h] != -1 and pair_keys[h] != key:
        h = (h + 1) & mask
    return h


@njit(cache=True)
def prior_class_counts(words, ends, counts, col_ends, low_ids, slots, pair_keys, pair_class, n):
    """(k, n) each of k columns' prior count of each of a batch's n span classes
    (`span_classes`): a value counts for the class of the span it spells, if any.

    Value v's words are process-wide ids (`tokens.string_id`), `words[ends[v - 1]:ends[v]]`,
    its count `counts[v]`; column j's values are those up to `col_ends[j]`. The batch's
    lower-cased words are `low_ids`, numbered by position. A value given more than once
    for a column (once per prior source) has its counts added in the order given. `slots`
    is scratch indexed by id, -1 on entry and on return (the GIL is held, as in
    `token_arrays`).
    """
    n_lows = low_ids.shape[0]
    for q in range(n_lows):
        slots[low_ids[q]] = q
    out = np.zeros((col_ends.shape[0], n))
    start = 0
    v = 0
    for j in range(col_ends.shape[0]):
        while v < col_ends[j]:
            c = slots[words[start]]
            for p in range(start + 1, ends[v]):
                low = slots[words[p]]
                if c < 0 or low < 0:
                    c = -1
                    break
                h = _slot(pair_keys, c * n_lows + low)
                c = pair_class[h] if pair_keys[h] != -1 else -1
            if c >= 0:
                out[j, c] += counts[v]
            start = ends[v]
            v += 1
    for q in range(n_lows):
        slots[low_ids[q]] = -1
    return out


@njit(cache=True)
def first_key_counts(key_ids, ids, counts, ends, slots):
    """(k, K) how often each of k columns started with each of a batch's K distinct keys.

    Column j's first words are the ids `ids[ends[j - 1]:ends[j]]` with their `counts`; an
    id given more than once (once per prior source) has its counts added in the order
    given. The batch's keys are `key_ids`, numbered by position. `slots` is scratch
    indexed by id, -1 on entry and on return (the GIL is held, as in `token_arrays`).
    """
    n_keys = key_ids.shape[0]
    for q in range(n_keys):
        slots[key_ids[q]] = q
    out = np.zeros((ends.shape[0], n_keys))
    start = 0
    for j in range(ends.shape[0]):
        for p in range(start, ends[j]):
            at = slots[ids[p]]
            if at >= 0:
                out[j, at] += counts[p]
        start = ends[j]
    for q in range(n_keys):
        slots[key_ids[q]] = -1
    return out


@njit(cache=True)
def class_hits(span_rows, span_classes, prior, counted, own, has_own):
    """Every (column, span) whose class the column counts more than half a time.

    A span's count for column j is the prior's count of its class (`prior`, (k, classes);
    `counted`: classes any prior counts) plus, `has_own`, the taught cells of that class
    (`own[j, r]`: the class of row r's taught cell, -1 if none) less the span's row's own
    cell when it is of that class: a row does not vote for itself. Returns the columns,
    the spans' indices and the counts, column by column and in span order within one.
    """
    k, n_classes = prior.shape
    live_class = counted.copy()
    taught = np.zeros((k, n_classes if has_own else 0))
    if has_own:
        for j in range(k):
            for r in range(own.shape[1]):
                c = own[j, r]
                if c >= 0:
                    taught[j, c] += 1.0
                    live_class[c] = True
    # Only the spans of a class some column counts can earn a bonus: most spans are prose.
    live = np.empty(span_classes.shape[0], dtype=np.int64)
    n_live = 0
    for s in range(span_classes.shape[0]):
        if live_class[span_classes[s]]:
            live[n_live] = s
            n_live += 1
    cols = np.empty(k * n_live, dtype=np.int64)
    at = np.empty(k * n_live, dtype=np.int64)
    counts = np.empty(k * n_live)
    h = 0
    for j in range(k):
        for q in range(n_live):
            s = live[q]
            c = span_classes[s]
            count = prior[j, c]
            if has_own:
                count = count + taught[j, c]
                if own[j, span_rows[s]] == c:
                    count = count - 1.0
            if count > 0.5:
                cols[h] = j
                at[h] = s
                counts[h] = count
                h += 1
    return cols[:h], at[:h], counts[:h]


@njit(cache=True)
def log1p_gains(counts, gain):
    """gain * log1p(count) of each count, by the C library's log1p (as `math.log1p`)."""
    out = np.empty(counts.shape[0])
    for h in range(counts.shape[0]):
        out[h] = gain * math.log1p(counts[h])
    return out


@njit(cache=True)
def _half_range_at(starts, ends, joiners, r, lo, hi, h):
    """Hit h is the known end of "x to B": one word and a joiner before it, and that
    word is no hit of the column (then the range is a whole one)."""
    s = starts[h]
    if s < 2 or not joiners[r, s - 1]:
        return False
    known = False
    for g in range(lo, hi):
        known |= starts[g] == s - 2 and ends[g] == s - 1
    return not known


@njit(cache=True)
def add_ranges(cols, rows, starts, ends, gains, joiners, range_gain, half_ranges):
    """Whole-value hits (sorted by column, row, start, end) plus their ranges, re-sorted.

    A hit ending right before a joiner word (`joiners[r, m]`: a range joiner that is
    not its row's last word) and a hit of the same column and row starting right
    after it make the range span from the first's start to the second's end, scored
    `range_gain` times their two gains; a span that is both a hit and a range (or
    several ranges) keeps the highest score (`features._ranges`).
    """
    n = cols.shape[0]
    n_rows, width = joiners.shape
    # Each hit's run of hits of the same column and row: lo[h] .. hi[h].
    lo = np.empty(n, dtype=np.int64)
    hi = np.empty(n, dtype=np.int64)
    b = 0
    for h in range(1, n + 1):
        if h == n or cols[h] != cols[b] or rows[h] != rows[b]:
            for q in range(b, h):
                lo[q] = b
                hi[q] = h
            b = h
    n_ranges = 0
    for h in range(n):
        m = ends[h]
        if m < width and joiners[rows[h], m]:
            for g in range(lo[h], hi[h]):
                if starts[g] == m + 1:
                    n_ranges += 1
        if half_ranges and _half_range_at(starts, ends, joiners, rows[h], lo[h], hi[h], h):
            n_ranges += 1
    if n_ranges == 0:
        return cols, rows, starts, ends, gains
    total = n + n_ranges
    c_out = np.empty(total, dtype=np.int64)
    r_out = np.empty(total, dtype=np.int64)
    s_out = np.empty(total, dtype=np.int64)
    e_out = np.empty(total, dtype=np.int64)
    v_out = np.empty(total)
    c_out[:n] = cols
    r_out[:n] = rows
    s_out[:n] = starts
    e_out[:n] = ends
    v_out[:n] = gains
    q = n
    for h in range(n):
        m = ends[h]
        if m < width and joiners[rows[h], m]:
            for g in range(lo[h], hi[h]):
                if starts[g] == m + 1:
                    c_out[q] = cols[h]
                    r_out[q] = rows[h]
                    s_out[q] = starts[h]
                    e_out[q] = ends[g]
                    # range_gain * max(sums) == max(range_gain * sums): rounding is monotone.
                    v_out[q] = range_gain * (gains[h] + gains[g])
                    q += 1
        if half_ranges and _half_range_at(starts, ends, joiners, rows[h], lo[h], hi[h], h):
            c_out[q] = cols[h]
            r_out[q] = rows[h]
            s_out[q] = starts[h] - 2
            e_out[q] = ends[h]
            v_out[q] = range_gain * (gains[h] + gains[h])
            q += 1
    key = ((c_out * n_rows + r_out) * (width + 1) + s_out) * (width + 1) + e_out
    order = np.argsort(key, kind="mergesort")
    keep = np.empty(total, dtype=np.int64)
    kept = 0
    for p in range(total):
        o = order[p]
        if kept and key[keep[kept - 1]] == key[o]:
            if v_out[o] > v_out[keep[kept - 1]]:
                v_out[keep[kept - 1]] = v_out[o]
        else:
            keep[kept] = o
            kept += 1
    keep = keep[:kept]
    return c_out[keep], r_out[keep], s_out[keep], e_out[keep], v_out[keep]


@njit(cache=True)
def hash_table(keys, values):
    """An open-addressing table (`_slot`) of distinct non-negative `keys` and their
    values, at most half full."""
    size = 16
    while size < 2 * keys.shape[0]:
        size *= 2
    table_keys = np.full(size, -1, dtype=np.int64)
    table_values = np.full(size, -1, dtype=np.int64)
    for q in range(keys.shape[0]):
        h = _slot(table_keys, keys[q])
        table_keys[h] = keys[q]
        table_values[h] = values[q]
    return table_keys, table_values


@njit(cache=True)
def mark_spans(marks, lengths, can_cut, cut_cost, marked, ev_end, ev_codes, trie, names, id_bits):
    """No cut inside a bracket, a quote or a known name, for every row of a batch at once.

    `marks` are the words' name fields and flags (`tokens._Word.marks`). Brackets: the
    `marked` words (flat positions, in order) hold the bracket and quote codes
    `ev_codes[ev_end[q - 1]:ev_end[q]]` (`tokens.BRACKET_CODES`); each row is walked twice,
    the second time without the openers the first left unclosed (`_bracket_row`). Names
    (`names`): the gazetteer's forms as a trie of word ids (`trie`: edge keys, children,
    ends; `_name_at`), matched from each word that opens one, longest first, left to right.
    Sets `can_cut` / `cut_cost` in place; returns where a known name starts, (R, W).
    """
    n_rows, width = can_cut.shape[0], can_cut.shape[1] - 1
    known = np.zeros((n_rows, width), dtype=np.bool_)
    stack = np.empty(ev_codes.shape[0], dtype=np.int64)
    skip = np.zeros(ev_codes.shape[0], dtype=np.bool_)
    id_mask = (1 << id_bits) - 1
    opens_bit = 1 << (2 * id_bits + 3)
    p = 0
    q = 0  # the first marked word of row r
    for r in range(n_rows):
        n = lengths[r]
        q_end = q
        while q_end < marked.shape[0] and marked[q_end] < p + n:
            q_end += 1
        if q_end > q:
            _bracket_row(
                marked, ev_end, ev_codes, q, q_end, p, n, stack, skip, can_cut[r], cut_cost[r]
            )
        q = q_end
        if names:
            after = p
            for i in range(p, p + n):
                if i >= after and marks[i] & opens_bit:
                    end = _name_at(marks, i, p + n, trie, id_bits, id_mask)
                    if end:
                        known[r, i - p] = True
                        for g in range(i + 1, end):
                            can_cut[r, g - p] = False
                        after = end
        p += n
    return known


@njit(cache=True)
def _bracket_row(marked, ev_end, ev_codes, q0, q1, p, n, stack, skip, row_cut, row_cost):
    """`tokens`' bracket rule on one row's marked words `marked[q0:q1]`: brackets pair and
    stray closers are ignored; openers still open at the row's end are left out of a second
    walk (a typo must not forbid every later cut). A gap is no cut while anything is open."""
    for walk in range(2):
        top = 0
        for q in range(q0, q1):
            start = ev_end[q - 1] if q > 0 else 0
            for e in range(start, ev_end[q]):
                if skip[e]:
                    continue
                code = ev_codes[e]
                if code < 5:
                    stack[top] = e
                    top += 1
                elif code < 10:
                    for t in range(top - 1, -1, -1):
                        if ev_codes[stack[t]] == code - 5:
                            top = t
                            break
                elif top > 0 and ev_codes[stack[top - 1]] == 10:
                    top -= 1
                else:
                    stack[top] = e
                    top += 1
            if walk == 1 and top > 0:
                nxt = marked[q + 1] - p if q + 1 < q1 else n
                for g in range(marked[q] - p + 1, min(nxt + 1, n)):
                    row_cut[g] = False
                    row_cost[g] = 0.0
        if walk == 0:
            for t in range(top):  # openers never closed
                skip[stack[t]] = True


@njit(cache=True, inline="always")
def _name_at(marks, i, row_end, trie, id_bits, id_mask):
    """End of the longest known name from word i (0 if none), not past `row_end`.

    A form matches on the words' lower-cased name cores (node 0's forms, any case) or
    their cores as written (node 1's, cased); a name of several words also needs no mark
    after its first word, none before its last and none around the others.
    """
    keys, children, ends = trie
    found = 0  # bit m: some form of m words matches
    longest = 0
    for root in range(2):
        shift = id_bits if root == 0 else 0
        node = root
        for m in range(1, row_end - i + 1):
            h = _slot(keys, node << id_bits | ((marks[i + m - 1] >> shift) & id_mask))
            if keys[h] == -1:
                break
            node = children[h]
            if ends[node]:
                found |= 1 << m
                longest = max(longest, m)
    flags = 2 * id_bits
    bare, may_open, may_close = 1 << flags, 1 << (flags + 1), 1 << (flags + 2)
    for m in range(longest, 0, -1):
        if not found >> m & 1:
            continue
        if m == 1:
            return i + 1
        if marks[i] & may_open and marks[i + m - 1] & may_close:
            inner_bare = True
            for x in range(i + 1, i + m - 1):
                if not marks[x] & bare:
                    inner_bare = False
                    break
            if inner_bare:
                return i + m
    return 0


@njit(cache=True)
def header_span_scores(
    starts,
    inner,
    has_inner,
    name_shaped,
    part_ids,
    part_end,
    trie_keys,
    trie_children,
    trie_ends,
    id_bits,
    max_words,
    max_cell_words,
    known_gain,
):
    """Score of every span of up to `max_words` words of a header line as one cell.

    `out[i, m]` scores words[i:i + m]: word i's start term (`starts`, NaN where no
    cell opens), then each later word's inner terms where it has them (`inner`:
    cost, cost in an all-name cell, head-noun cost, start rate; added in that
    order, one running sum per kind of cell), less one per word past
    `max_cell_words`, plus `known_gain` when the span's key parts (`part_ids`,
    word p's are `part_end[p - 1]:part_end[p]`) spell a known header cell (the trie).
    -inf elsewhere. The same sums, in the same order, as `header` once made in Python.
    """
    n = starts.shape[0]
    out = np.full((n, max_words + 1), -np.inf)
    for i in range(n):
        if np.isnan(starts[i]):
            continue
        plain = starts[i]
        named = starts[i]
        all_name = True
        node = 0
        on_trie = True
        for m in range(1, max_words + 1):
            p = i + m - 1
            if p >= n:
                break
            if m > 1 and has_inner[p]:
                plain += inner[0, p]
                named += inner[1, p]
                if inner[2, p] != 0.0:
                    plain += inner[2, p]
                    named += inner[2, p]
                plain += inner[3, p]
                named += inner[3, p]
            all_name = all_name and name_shaped[p]
            if on_trie:
                for q in range(part_end[p - 1] if p > 0 else 0, part_end[p]):
                    h = _slot(trie_keys, node << id_bits | part_ids[q])
                    if trie_keys[h] == -1:
                        on_trie = False
                        break
                    node = trie_children[h]
            score = named if all_name else plain
            score -= max(0, m - max_cell_words)
            if on_trie and trie_ends[node]:
                score += known_gain
            out[i, m] = score
    return out


@njit(cache=True)
def _log_add_exp(a, b):
    """log(exp(a) + exp(b)), exact at -inf (`math.log` and `math.exp`, as in Python)."""
    if a == -np.inf:
        return b
    if b == -np.inf:
        return a
    top = max(a, b)
    return top + math.log(math.exp(a - top) + math.exp(b - top))


@njit(cache=True)
def best_header_cut(scores, can_cut):
    """The best cut of a header line into cells of `scores` (`header_span_scores`), the
    log of every cut's summed exp-score, and the word each cell starts on."""
    n = scores.shape[0]
    max_words = scores.shape[1] - 1
    best = np.full(n + 1, -np.inf)
    back = np.zeros(n + 1, dtype=np.int64)
    fwd = np.full(n + 1, -np.inf)
    best[0] = 0.0
    fwd[0] = 0.0
    for e in range(1, n + 1):
        if not can_cut[e]:
            continue
        for i in range(max(0, e - max_words), e):
            if best[i] == -np.inf:
                continue
            s = scores[i, e - i]
            if s == -np.inf:
                continue
            if best[i] + s > best[e]:
                best[e] = best[i] + s
                back[e] = i
            fwd[e] = _log_add_exp(fwd[e], fwd[i] + s)
    starts = np.empty(n, dtype=np.int64)  # from the last cell back
    n_cells = 0
    e = n
    while e > 0 and best[n] > -np.inf:
        e = back[e]
        starts[n_cells] = e
        n_cells += 1
    return best[n], fwd[n], starts[:n_cells][::-1].copy()


@njit(cache=True)
def header_by_count(scores, can_cut, top):
    """The best cut of a header line into exactly c cells for every c up to `top`: scores
    (top + 1,) and back pointers (top + 1, n + 1), cell c ending at e starting at back[c, e]."""
    n = scores.shape[0]
    max_words = scores.shape[1] - 1
    by_k = np.full((top + 1, n + 1), -np.inf)
    back = np.zeros((top + 1, n + 1), dtype=np.int64)
    by_k[0, 0] = 0.0
    for e in range(1, n + 1):
        if not can_cut[e]:
            continue
        for i in range(max(0, e - max_words), e):
            s = scores[i, e - i]
            if s == -np.inf:
                continue
            for c in range(1, top + 1):
                if by_k[c - 1, i] + s > by_k[c, e]:
                    by_k[c, e] = by_k[c - 1, i] + s
                    back[c, e] = i
    return by_k[:, n].copy(), back
