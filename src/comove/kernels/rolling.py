"""Rolling covariance, correlation and beta of one series against many, in O(T) per pair.

Each window is updated by adding the newest pair and removing the oldest with Welford-style
co-moment updates, so there is no catastrophic cancellation on price-level inputs or long
windows (a sum-of-products formula loses every digit on values near 1e9). A pair counts only
when both values are present (NaN-aware, like pandas). A series that is constant over the
window (tracked exactly as a run of equal values, not by comparing a rounded variance with
zero) has no correlation: the result is NaN, never a number made of rounding noise.

Columns are taken in blocks, one row at a time across a block (vectorised; the state of a
block stays in L1), in the input's memory order, without copying it: the output is the only
allocation the size of the input. Per column the arithmetic is that of a pass down the
column, so the numbers do not depend on the block, the thread count or the memory order.

Arrays in, arrays out; the pandas wrappers live in :mod:`comove.comovement.rolling`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from comove.kernels._jit import choose, jit, prange
from comove.kernels._numba_cache import CACHE

FloatArray = NDArray[np.float64]

CORR, COV, BETA = 0, 1, 2
# Recompute a window when the value removed held more than LOSS times the spread left.
LOSS = 1e4
# Columns per block at most: the state of a block (13 x WIDTH doubles) stays in L1.
WIDTH = 256
# Rows gathered at a time when the arrays are column-ordered.
TILE = 8


@jit(cache=CACHE, nogil=True, error_model="numpy")
def _window_moments(x, y, lo, hi):  # type: ignore[no-untyped-def]
    """Moments of the complete pairs in x[lo:hi], y[lo:hi], by two passes."""
    n = 0
    sx = sy = 0.0
    kx = ky = np.nan
    for i in range(lo, hi):
        if not (np.isnan(x[i]) or np.isnan(y[i])):
            if n == 0:
                kx, ky = x[i], y[i]
            n += 1
            sx += x[i] - kx
            sy += y[i] - ky
    if n == 0:
        return 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    mx, my = sx / n, sy / n
    m2x = m2y = cxy = 0.0
    for i in range(lo, hi):
        if not (np.isnan(x[i]) or np.isnan(y[i])):
            a, b = x[i] - kx - mx, y[i] - ky - my
            m2x += a * a
            m2y += b * b
            cxy += a * b
    return n, kx, ky, mx, my, m2x, m2y, cxy


@jit(cache=CACHE, nogil=True, inline="always", error_model="numpy")
def _recentre(n, k, m, m2, run, last):  # type: ignore[no-untyped-def]
    """One side's shift, mean and spread after the updates: reset when the window holds
    equal values (its spread is exactly zero, and rounding left by values that have gone
    must not leak into later windows); the shift moved to the mean when it has drifted."""
    if run >= n:
        return last, 0.0, 0.0, True
    if m * m * n > 64.0 * m2:
        shift = (k + m) - k
        return k + shift, m - shift, m2, False
    return k, m, m2, False


@jit(cache=CACHE, nogil=True, inline="always", error_model="numpy")
def _finish(n, kx, ky, mx, my, m2x, m2y, cxy, run_x, run_y, last_x, last_y,
            min_periods, what):  # type: ignore[no-untyped-def]
    """Re-centre one column's moments after its updates at row t, and its value there."""
    if n > 0:
        kx, mx, m2x, reset_x = _recentre(n, kx, mx, m2x, run_x, last_x)
        ky, my, m2y, reset_y = _recentre(n, ky, my, m2y, run_y, last_y)
        if reset_x or reset_y:
            cxy = 0.0
    flat_x = run_x >= n or m2x <= 0.0
    flat_y = run_y >= n or m2y <= 0.0
    if n < min_periods or n < 2:
        value = np.nan
    elif what == COV:
        value = 0.0 if (flat_x or flat_y) else cxy / (n - 1)
    elif what == BETA:
        value = np.nan if flat_x else (0.0 if flat_y else cxy / m2x)
    elif flat_x or flat_y:
        value = np.nan
    else:
        value = min(1.0, max(-1.0, cxy / np.sqrt(m2x * m2y)))
    return kx, ky, mx, my, m2x, m2y, cxy, value


@jit(cache=CACHE, nogil=True, error_model="numpy")
def _step(xv, xo, row, prev, orow, s, min_periods, what):  # type: ignore[no-untyped-def]
    """Advance a block of columns by one row: add ``row`` (x = ``xv``), remove ``prev``
    (x = ``xo``, NaN when nothing leaves), write the values to ``orow``. Returns whether a
    column needs its window recomputed (flagged in the state)."""
    # The columns of a row are independent, so this loop has no serial dependency (one
    # column at a time waits on a chain of divisions) and is vectorised; per column the
    # arithmetic is exactly that of a pass down the column. The state of column j is
    # s[k * WIDTH + j], k in 0..12: count, shifts, means, co-moments, run lengths, last
    # values, recompute flag. A flat array with a constant row stride lets the compiler
    # prove the rows apart, which it must to vectorise. Counts are exact in float64.
    x_in, x_out = not np.isnan(xv), not np.isnan(xo)
    any_redo = False
    for j in range(row.shape[0]):
        yv, yo = row[j], prev[j]
        n, kx, ky = s[j], s[WIDTH + j], s[2 * WIDTH + j]
        mx, my, m2x = s[3 * WIDTH + j], s[4 * WIDTH + j], s[5 * WIDTH + j]
        m2y, cxy, rx = s[6 * WIDTH + j], s[7 * WIDTH + j], s[8 * WIDTH + j]
        ry, lx, ly = s[9 * WIDTH + j], s[10 * WIDTH + j], s[11 * WIDTH + j]
        if x_in and not np.isnan(yv):
            if n == 0.0:
                kx, ky = xv, yv
                mx = my = m2x = m2y = cxy = 0.0
            a, b = xv - kx, yv - ky
            n += 1.0
            da = a - mx
            mx += da / n
            db = b - my
            my += db / n
            m2x += da * (a - mx)
            m2y += db * (b - my)
            cxy += da * (b - my)
            rx = rx + 1.0 if xv == lx else 1.0
            ry = ry + 1.0 if yv == ly else 1.0
            lx, ly = xv, yv
        bad = False
        if x_out and not np.isnan(yo):
            n1 = n - 1.0
            if n1 == 0.0:
                mx = my = m2x = m2y = cxy = 0.0
            else:
                a, b = xo - kx, yo - ky
                mx_new = mx - (a - mx) / n1
                my_new = my - (b - my) / n1
                gone_x = (a - mx_new) * (a - mx)
                gone_y = (b - my_new) * (b - my)
                m2x -= gone_x
                m2y -= gone_y
                cxy -= (a - mx_new) * (b - my)
                mx, my = mx_new, my_new
                # The value that left held almost all the spread, so the digits that
                # remain are rounding: the window is recomputed (_redo).
                bad = gone_x > LOSS * m2x or gone_y > LOSS * m2y
            n = n1
        kx, ky, mx, my, m2x, m2y, cxy, orow[j] = _finish(
            n, kx, ky, mx, my, m2x, m2y, cxy, rx, ry, lx, ly, min_periods, what)
        s[j], s[WIDTH + j], s[2 * WIDTH + j] = n, kx, ky
        s[3 * WIDTH + j], s[4 * WIDTH + j], s[5 * WIDTH + j] = mx, my, m2x
        s[6 * WIDTH + j], s[7 * WIDTH + j], s[8 * WIDTH + j] = m2y, cxy, rx
        s[9 * WIDTH + j], s[10 * WIDTH + j], s[11 * WIDTH + j] = ry, lx, ly
        s[12 * WIDTH + j] = 1.0 if bad else 0.0
        any_redo |= bad
    return any_redo


@jit(cache=CACHE, nogil=True, error_model="numpy")
def _redo(x, ys, j0, t, window, orow, s, min_periods, what):  # type: ignore[no-untyped-def]
    """Recompute, in two passes, the windows ending at row t of the flagged columns."""
    for j in range(orow.shape[0]):
        if s[12 * WIDTH + j] != 0.0:
            k, kx, ky, mx, my, m2x, m2y, cxy = _window_moments(
                x, ys[:, j0 + j], t - window + 1, t + 1)
            n = float(k)
            kx, ky, mx, my, m2x, m2y, cxy, orow[j] = _finish(
                n, kx, ky, mx, my, m2x, m2y, cxy, s[8 * WIDTH + j], s[9 * WIDTH + j],
                s[10 * WIDTH + j], s[11 * WIDTH + j], min_periods, what)
            s[j], s[WIDTH + j], s[2 * WIDTH + j] = n, kx, ky
            s[3 * WIDTH + j], s[4 * WIDTH + j], s[5 * WIDTH + j] = mx, my, m2x
            s[6 * WIDTH + j], s[7 * WIDTH + j] = m2y, cxy


@jit(cache=CACHE, nogil=True)
def _new_state():  # type: ignore[no-untyped-def]
    s = np.zeros(13 * WIDTH)
    s[10 * WIDTH: 12 * WIDTH] = np.nan
    return s


@jit(cache=CACHE, nogil=True)
def _roll_block_c(x, ys, j0, j1, window, min_periods, what, out):  # type: ignore[no-untyped-def]
    # Rows of C-ordered ys and out are contiguous: step through them in place.
    s = _new_state()
    for t in range(x.shape[0]):
        row, orow = ys[t, j0:j1], out[t, j0:j1]
        old = t >= window
        prev = ys[t - window, j0:j1] if old else row
        if _step(x[t], x[t - window] if old else np.nan, row, prev, orow, s, min_periods,
                 what):
            _redo(x, ys, j0, t, window, orow, s, min_periods, what)


@jit(cache=CACHE, nogil=True)
def _roll_block_f(x, ys, j0, j1, window, min_periods, what, out):  # type: ignore[no-untyped-def]
    # Rows of F-ordered ys and out are strided: gather TILE rows of the block into contiguous
    # rows, step through those, and scatter the values back (the input is not copied whole).
    s = _new_state()
    m = j1 - j0
    new, gone, res = np.empty((TILE, m)), np.full((TILE, m), np.nan), np.empty((TILE, m))
    for t0 in range(0, x.shape[0], TILE):
        rows = min(TILE, x.shape[0] - t0)
        for i in range(rows):
            _copy(ys[t0 + i, j0:j1], new[i])
            if t0 + i >= window:
                _copy(ys[t0 + i - window, j0:j1], gone[i])
        for i in range(rows):
            t = t0 + i
            xo = x[t - window] if t >= window else np.nan
            if _step(x[t], xo, new[i], gone[i], res[i], s, min_periods, what):
                _redo(x, ys, j0, t, window, res[i], s, min_periods, what)
        for i in range(rows):
            _copy(res[i], out[t0 + i, j0:j1])


@jit(cache=CACHE, nogil=True)
def _copy(source, target):  # type: ignore[no-untyped-def]
    for j in range(source.shape[0]):
        target[j] = source[j]


@jit(cache=CACHE, parallel=True)
def _roll_many(x, ys, window, min_periods, what, width, by_rows, out):  # type: ignore[no-untyped-def]
    blocks = (ys.shape[1] + width - 1) // width
    for b in prange(blocks):
        j0, j1 = b * width, min((b + 1) * width, ys.shape[1])
        if by_rows:
            _roll_block_c(x, ys, j0, j1, window, min_periods, what, out)
        else:
            _roll_block_f(x, ys, j0, j1, window, min_periods, what, out)


#: Seconds per row, and per row and column, of the kernels run as Python (best of 5 at load
#: 3 on the benchmark machine: 7.9 us a row with one column, 19 with three, 45 with eight;
#: the figures below are a little above): what decides when loading numba pays.
PY_ROW, PY_ROW_COLUMN = 3e-6, 6e-6


def _block_width(columns: int, compiled: bool) -> int:
    """Columns per block: enough blocks for every thread, each small enough for L1."""
    if compiled:
        from numba import get_num_threads
    blocks = max(get_num_threads() if compiled else 1, -(-columns // WIDTH))
    per_block = -(-columns // blocks)
    return max(8, -(-per_block // 8) * 8)


def _run(x: FloatArray, ys: FloatArray, window: int, min_periods: int | None,
         what: int) -> FloatArray:
    x = np.ascontiguousarray(x, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    single = ys.ndim == 1
    if single:
        ys = ys[:, None]
    if ys.shape[0] != x.shape[0]:
        raise ValueError("x and ys must have the same number of rows")
    if window < 1:
        raise ValueError("window must be at least 1")
    if not (ys.flags.c_contiguous or ys.flags.f_contiguous):
        ys = np.ascontiguousarray(ys)
    minp = window if min_periods is None else int(min_periods)
    # The output takes the input's memory order: no copy of the input, and in either order
    # a block's rows are written where they are read.
    out = np.empty_like(ys)
    # A small panel runs the same kernel as Python, without loading numba.
    with choose(ys.shape[0] * (PY_ROW + PY_ROW_COLUMN * ys.shape[1])) as compiled:
        _roll_many(x, ys, int(window), float(max(minp, 0)), what,
                   _block_width(ys.shape[1], compiled), bool(ys.flags.c_contiguous), out)
    return out[:, 0] if single else out


def rolling_corr(x: FloatArray, ys: FloatArray, window: int,
                 min_periods: int | None = None) -> FloatArray:
    """Pearson correlation of ``x`` with each column of ``ys`` over trailing windows.

    Parameters
    ----------
    x
        Shape ``(T,)``.
    ys
        Shape ``(T,)`` or ``(T, N)``.
    window
        Rows per window (the current row and the ``window - 1`` before it).
    min_periods
        Complete pairs needed for a value (default: ``window``).

    Returns
    -------
    ndarray
        Same shape as ``ys``; within [-1, 1]; NaN where there are too few pairs or either
        series is constant over the window.
    """
    return _run(x, ys, window, min_periods, CORR)


def rolling_cov(x: FloatArray, ys: FloatArray, window: int,
                min_periods: int | None = None) -> FloatArray:
    """Sample covariance (ddof 1) of ``x`` with each column of ``ys`` over trailing windows."""
    return _run(x, ys, window, min_periods, COV)


def rolling_beta(x: FloatArray, ys: FloatArray, window: int,
                 min_periods: int | None = None) -> FloatArray:
    """Beta of each column of ``ys`` on ``x`` (``cov(x, y) / var(x)``) over trailing windows;
    NaN where ``x`` is constant over the window."""
    return _run(x, ys, window, min_periods, BETA)


@jit(cache=CACHE, parallel=True)
def _roll_moments(ys, window, min_periods, want_var, out):  # type: ignore[no-untyped-def]
    # Mean or variance per column with the same shifted Welford updates as the pair kernel.
    for j in prange(ys.shape[1]):
        n = 0
        k = 0.0
        m = m2 = 0.0
        run = 0
        last = np.nan
        for t in range(ys.shape[0]):
            v = ys[t, j]
            if not np.isnan(v):
                if n == 0:
                    k, m, m2 = v, 0.0, 0.0
                a = v - k
                n += 1
                d = a - m
                m += d / n
                m2 += d * (a - m)
                run = run + 1 if v == last else 1
                last = v
            if t >= window:
                vo = ys[t - window, j]
                if not np.isnan(vo):
                    n1 = n - 1
                    if n1 == 0:
                        m = m2 = 0.0
                    else:
                        a = vo - k
                        m_new = m - (a - m) / n1
                        m2 -= (a - m_new) * (a - m)
                        m = m_new
                    n = n1
            if n > 0 and run >= n:
                k, m, m2 = last, 0.0, 0.0
            if n < min_periods or n < 1 or (want_var and n < 2):
                out[t, j] = np.nan
            elif want_var:
                out[t, j] = max(m2, 0.0) / (n - 1)
            else:
                out[t, j] = k + m


def rolling_mean(ys: FloatArray, window: int, min_periods: int | None = None) -> FloatArray:
    """Trailing-window mean of each column (NaN-aware)."""
    return _moments(ys, window, min_periods, False)


def rolling_var(ys: FloatArray, window: int, min_periods: int | None = None) -> FloatArray:
    """Trailing-window sample variance (ddof 1) of each column; exactly 0 on constant
    windows."""
    return _moments(ys, window, min_periods, True)


def _moments(ys: FloatArray, window: int, min_periods: int | None, want_var: bool) -> FloatArray:
    ys = np.asarray(ys, dtype=np.float64)
    single = ys.ndim == 1
    if single:
        ys = ys[:, None]
    out = np.empty(ys.shape, dtype=np.float64)
    minp = window if min_periods is None else int(min_periods)
    with choose(ys.shape[0] * (PY_ROW + PY_ROW_COLUMN * ys.shape[1])):
        _roll_moments(np.ascontiguousarray(ys), int(window), max(minp, 0), want_var, out)
    return out[:, 0] if single else out


def rolling_corr_pairs(
    ys: FloatArray, window: int, min_periods: int | None = None, block: int = 64,
):  # type: ignore[no-untyped-def]
    """Rolling correlation of every pair of columns, one block of pairs at a time.

    Yields ``(i, js, corr)`` with ``corr`` of shape ``(T, len(js))``: column ``i`` against
    columns ``js`` (all ``j > i``, in blocks of at most ``block``). Memory stays at one block
    whatever the number of columns; callers reduce each block as it comes.
    """
    ys = np.asarray(ys, dtype=np.float64)
    n = ys.shape[1]
    for i in range(n - 1):
        x = np.ascontiguousarray(ys[:, i])
        for start in range(i + 1, n, block):
            js = np.arange(start, min(start + block, n))
            yield i, js, rolling_corr(x, ys[:, js], window, min_periods)
