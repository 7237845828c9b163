"""Rolling covariance, correlation and beta of one series against many, in O(T) per pair.

Each window is updated by adding the newest pair and removing the oldest with Welford-style
co-moment updates, so there is no catastrophic cancellation on price-level inputs or long
windows (a sum-of-products formula loses every digit on values near 1e9). A pair counts only
when both values are present (NaN-aware, like pandas). A series that is constant over the
window (tracked exactly as a run of equal values, not by comparing a rounded variance with
zero) has no correlation: the result is NaN, never a number made of rounding noise.

Arrays in, arrays out; the pandas wrappers live in :mod:`comove.comovement.rolling`.
"""

from __future__ import annotations

import numpy as np
from numba import get_num_threads, njit, prange
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

CORR, COV, BETA = 0, 1, 2
# Recompute a window when the value removed held more than LOSS times the spread left.
LOSS = 1e4


@njit(cache=True, nogil=True)
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


@njit(cache=True, nogil=True, inline="always")
def _finish(n, kx, ky, mx, my, m2x, m2y, cxy, run_x, run_y, last_x, last_y,
            min_periods, what):  # type: ignore[no-untyped-def]
    """Re-centre one column's moments after its updates at row t, and its value there."""
    if n > 0:
        # A window of equal values has exactly zero spread: reset its moments so that
        # rounding left by values that have gone cannot leak into later windows.
        if run_x >= n:
            kx, mx, m2x, cxy = last_x, 0.0, 0.0, 0.0
        elif mx * mx * n > 64.0 * m2x:
            shift = (kx + mx) - kx
            kx += shift
            mx -= shift
        if run_y >= n:
            ky, my, m2y, cxy = last_y, 0.0, 0.0, 0.0
        elif my * my * n > 64.0 * m2y:
            shift = (ky + my) - ky
            ky += shift
            my -= shift
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


@njit(cache=True, nogil=True)
def _roll_block(x, ys, j0, j1, window, min_periods, what, out):  # type: ignore[no-untyped-def]
    # Columns j0:j1, time outer: the columns of a row are independent, so the loop over them
    # has no serial dependency (one column at a time waits on a chain of divisions) and is
    # vectorised; the state of the block stays in L1. Per column, the arithmetic is exactly
    # that of a single pass down the column.
    #
    # Moments are kept for values shifted by (kx, ky), re-centred on the running means
    # whenever the means drift far from zero relative to the spread. Co-moments do not
    # change under a shift, and shifted values near the mean carry no rounding from the
    # level (1e9 + noise keeps its noise). Counts and run lengths are exact in float64.
    m = j1 - j0
    cnt = np.zeros(m)
    kx = np.zeros(m)
    ky = np.zeros(m)
    mx = np.zeros(m)
    my = np.zeros(m)
    m2x = np.zeros(m)
    m2y = np.zeros(m)
    cxy = np.zeros(m)
    run_x = np.zeros(m)  # lengths of the current runs of equal values among counted pairs
    run_y = np.zeros(m)
    last_x = np.full(m, np.nan)
    last_y = np.full(m, np.nan)
    redo = np.zeros(m, dtype=np.bool_)
    for t in range(x.shape[0]):
        xv = x[t]
        x_in = not np.isnan(xv)
        old = t >= window
        xo = x[t - window] if old else np.nan
        x_out = old and not np.isnan(xo)
        any_redo = False
        for j in range(m):
            yv = ys[t, j0 + j]
            n = cnt[j]
            kx_, ky_, mx_, my_ = kx[j], ky[j], mx[j], my[j]
            m2x_, m2y_, cxy_ = m2x[j], m2y[j], cxy[j]
            rx, ry, lx, ly = run_x[j], run_y[j], last_x[j], last_y[j]
            if x_in and not np.isnan(yv):
                if n == 0.0:
                    kx_, ky_ = xv, yv
                    mx_ = my_ = m2x_ = m2y_ = cxy_ = 0.0
                a, b = xv - kx_, yv - ky_
                n += 1.0
                da = a - mx_
                mx_ += da / n
                db = b - my_
                my_ += db / n
                m2x_ += da * (a - mx_)
                m2y_ += db * (b - my_)
                cxy_ += da * (b - my_)
                rx = rx + 1.0 if xv == lx else 1.0
                ry = ry + 1.0 if yv == ly else 1.0
                lx, ly = xv, yv
            bad = False
            if x_out:
                yo = ys[t - window, j0 + j]
                if not np.isnan(yo):
                    n1 = n - 1.0
                    if n1 == 0.0:
                        mx_ = my_ = m2x_ = m2y_ = cxy_ = 0.0
                    else:
                        a, b = xo - kx_, yo - ky_
                        mx_new = mx_ - (a - mx_) / n1
                        my_new = my_ - (b - my_) / n1
                        gone_x = (a - mx_new) * (a - mx_)
                        gone_y = (b - my_new) * (b - my_)
                        m2x_ -= gone_x
                        m2y_ -= gone_y
                        cxy_ -= (a - mx_new) * (b - my_)
                        mx_, my_ = mx_new, my_new
                        # The value that left held almost all the spread, so the digits
                        # that remain are rounding: recompute this window (below).
                        bad = gone_x > LOSS * m2x_ or gone_y > LOSS * m2y_
                    n = n1
            kx_, ky_, mx_, my_, m2x_, m2y_, cxy_, out[t, j0 + j] = _finish(
                n, kx_, ky_, mx_, my_, m2x_, m2y_, cxy_, rx, ry, lx, ly, min_periods, what)
            cnt[j] = n
            kx[j], ky[j], mx[j], my[j] = kx_, ky_, mx_, my_
            m2x[j], m2y[j], cxy[j] = m2x_, m2y_, cxy_
            run_x[j], run_y[j], last_x[j], last_y[j] = rx, ry, lx, ly
            redo[j] = bad
            any_redo |= bad
        if any_redo:
            for j in range(m):
                if redo[j]:
                    k, kx_, ky_, mx_, my_, m2x_, m2y_, cxy_ = _window_moments(
                        x, ys[:, j0 + j], t - window + 1, t + 1)
                    n = float(k)
                    cnt[j] = n
                    (kx[j], ky[j], mx[j], my[j], m2x[j], m2y[j], cxy[j],
                     out[t, j0 + j]) = _finish(
                        n, kx_, ky_, mx_, my_, m2x_, m2y_, cxy_, run_x[j], run_y[j],
                        last_x[j], last_y[j], min_periods, what)


@njit(cache=True, parallel=True)
def _roll_many(x, ys, window, min_periods, what, width, out):  # type: ignore[no-untyped-def]
    blocks = (ys.shape[1] + width - 1) // width
    for b in prange(blocks):
        _roll_block(x, ys, b * width, min((b + 1) * width, ys.shape[1]), window, min_periods,
                    what, out)


def _block_width(columns: int) -> int:
    """Columns per block: enough blocks for every thread, each small enough for L1."""
    blocks = max(get_num_threads(), -(-columns // 256))
    return max(8, -(-(-(-columns // blocks)) // 8) * 8)


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
    _roll_many(x, ys, int(window), float(max(minp, 0)), what, _block_width(ys.shape[1]), out)
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


@njit(cache=True, parallel=True)
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
