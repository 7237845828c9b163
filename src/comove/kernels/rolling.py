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
from numba import njit, prange
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


@njit(cache=True, nogil=True)
def _roll_one(x, y, window, min_periods, what, out):  # type: ignore[no-untyped-def]
    # Moments are kept for values shifted by (kx, ky), re-centred on the running means
    # whenever the means drift far from zero relative to the spread. Co-moments do not
    # change under a shift, and shifted values near the mean carry no rounding from the
    # level (1e9 + noise keeps its noise).
    n = 0
    kx = ky = 0.0
    mx = my = m2x = m2y = cxy = 0.0
    run_x = run_y = 0  # lengths of the current runs of equal values among counted pairs
    last_x = last_y = np.nan
    for t in range(x.shape[0]):
        xv, yv = x[t], y[t]
        if not (np.isnan(xv) or np.isnan(yv)):
            if n == 0:
                kx, ky = xv, yv
                mx = my = m2x = m2y = cxy = 0.0
            a, b = xv - kx, yv - ky
            n += 1
            da = a - mx
            mx += da / n
            db = b - my
            my += db / n
            m2x += da * (a - mx)
            m2y += db * (b - my)
            cxy += da * (b - my)
            run_x = run_x + 1 if xv == last_x else 1
            run_y = run_y + 1 if yv == last_y else 1
            last_x, last_y = xv, yv
        if t >= window:
            xo, yo = x[t - window], y[t - window]
            if not (np.isnan(xo) or np.isnan(yo)):
                n1 = n - 1
                if n1 == 0:
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
                    if gone_x > LOSS * m2x or gone_y > LOSS * m2y:
                        # The value that left held almost all the spread, so the digits
                        # that remain are rounding: recompute this window in two passes.
                        n, kx, ky, mx, my, m2x, m2y, cxy = _window_moments(
                            x, y, t - window + 1, t + 1)
                        n1 = n
                n = n1
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
        if n < min_periods or n < 2:
            out[t] = np.nan
            continue
        flat_x = run_x >= n or m2x <= 0.0
        flat_y = run_y >= n or m2y <= 0.0
        if what == COV:
            out[t] = 0.0 if (flat_x or flat_y) else cxy / (n - 1)
        elif what == BETA:
            out[t] = np.nan if flat_x else (0.0 if flat_y else cxy / m2x)
        else:
            if flat_x or flat_y:
                out[t] = np.nan
            else:
                r = cxy / np.sqrt(m2x * m2y)
                out[t] = min(1.0, max(-1.0, r))


@njit(cache=True, parallel=True)
def _roll_many(x, ys, window, min_periods, what, out):  # type: ignore[no-untyped-def]
    for j in prange(ys.shape[1]):
        column = np.empty(ys.shape[0])
        _roll_one(x, np.ascontiguousarray(ys[:, j]), window, min_periods, what, column)
        out[:, j] = column


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
    minp = window if min_periods is None else int(min_periods)
    out = np.empty(ys.shape, dtype=np.float64)
    _roll_many(x, np.asfortranarray(ys), int(window), max(minp, 0), what, out)
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
