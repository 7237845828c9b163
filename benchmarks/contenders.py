"""The obvious alternatives to comove's rolling correlation of one series against many.

- :func:`moving_sums_corr`: what one writes with bottleneck (``move_sum`` along the time
  axis, NaN-aware, then NumPy for the rest). bottleneck is not installed here, so
  :func:`move_sum` is its loop (column by column, down the time axis) compiled with numba,
  single-threaded.
- :func:`cumsum_corr`: the textbook vectorised NumPy version (window sums from cumulative
  sums; no NaN handling).

Both use the sum-of-products formula, which loses digits on price levels; comove does not.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@njit(cache=True, error_model="numpy")
def _move_sum(a, window, min_count, out):  # type: ignore[no-untyped-def]
    # bottleneck walks each column down the time axis; here the rows are walked in turn with
    # a running sum per column, which reads a row-ordered array in order and vectorises.
    total = np.zeros(a.shape[1])
    count = np.zeros(a.shape[1])
    for t in range(a.shape[0]):
        for j in range(a.shape[1]):
            v = a[t, j]
            if not np.isnan(v):
                total[j] += v
                count[j] += 1.0
            if t >= window:
                old = a[t - window, j]
                if not np.isnan(old):
                    total[j] -= old
                    count[j] -= 1.0
            out[t, j] = total[j] if count[j] >= min_count else np.nan


def move_sum(a: FloatArray, window: int, min_count: int) -> FloatArray:
    """bottleneck.move_sum(a, window, min_count, axis=0): NaNs are skipped."""
    out = np.empty_like(a)
    _move_sum(a, window, min_count, out)
    return out


def moving_sums_corr(x: FloatArray, ys: FloatArray, window: int,
                     min_periods: int | None = None) -> FloatArray:
    """Rolling correlation over complete pairs from five moving sums and a moving count."""
    minp = window if min_periods is None else min_periods
    pair = ~np.isnan(ys) & ~np.isnan(x)[:, None]
    xm = np.where(pair, x[:, None], np.nan)
    ym = np.where(pair, ys, np.nan)
    n = move_sum(pair.astype(np.float64), window, 1)
    sx, sy = move_sum(xm, window, 1), move_sum(ym, window, 1)
    sxx, syy, sxy = move_sum(xm * xm, window, 1), move_sum(ym * ym, window, 1), \
        move_sum(xm * ym, window, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sy / n
        r = cov / np.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n))
    r[~(n >= minp)] = np.nan
    return r


def cumsum_corr(x: FloatArray, ys: FloatArray, window: int) -> FloatArray:
    """Window sums from cumulative sums (no NaN handling, cancellation-prone on levels)."""

    def window_sum(a: FloatArray) -> FloatArray:
        c = np.cumsum(a, axis=0)
        out = np.full_like(c, np.nan)
        out[window - 1] = c[window - 1]
        out[window:] = c[window:] - c[:-window]
        return out

    xx = x[:, None]
    sx, sy = window_sum(np.broadcast_to(xx, ys.shape)), window_sum(ys)
    sxx, syy = window_sum(np.broadcast_to(xx * xx, ys.shape)), window_sum(ys * ys)
    sxy = window_sum(xx * ys)
    n = window
    cov = sxy - sx * sy / n
    return cov / np.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n))  # type: ignore[no-any-return]


def polars_corr(x: FloatArray, ys: FloatArray, window: int) -> Callable[[], FloatArray]:
    """polars ``rolling_corr``, one expression per series, selected together (the frame is
    built here, outside the timing)."""
    import polars as pl

    frame = pl.DataFrame({"x": x, **{f"c{i}": ys[:, i] for i in range(ys.shape[1])}})
    exprs = [pl.rolling_corr(pl.col("x"), pl.col(f"c{i}"), window_size=window).alias(f"c{i}")
             for i in range(ys.shape[1])]
    return lambda: frame.select(exprs).to_numpy()


def pandas_corr(x: FloatArray, ys: FloatArray, window: int) -> Callable[[], FloatArray]:
    """pandas ``DataFrame.rolling(window).corr(Series)`` (frame built outside the timing)."""
    import pandas as pd

    frame, series = pd.DataFrame(ys), pd.Series(x)
    return lambda: frame.rolling(window).corr(series).to_numpy()
