"""Pearson correlation and beta of one series against each column of a matrix.

Arrays in, arrays out. Each column uses its complete pairs (rows where both the series and
the column have a value), optionally only within its own row range ``[first, last)``, so a
"last 252 rows" window can end on a different row for each column. Sums are two-pass
(centred), and each column is reduced over a contiguous row of a transposed copy, so a
column's result does not depend on which other columns are in the matrix (a scan gives the
same numbers whatever its chunk size). A side that is constant over the pairs (every value
equal, tested exactly) has no correlation: NaN, never a number made of rounding noise.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _moments(
    x: FloatArray, ys: FloatArray, first: IntArray | int | None, last: IntArray | int | None,
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, NDArray[np.bool_], NDArray[np.bool_]]:
    """Per column: pair count, centred sums sxx, syy, sxy, and whether x or y is constant."""
    x = np.asarray(x, dtype=float)
    ys = np.asarray(ys, dtype=float)
    if ys.ndim != 2 or x.ndim != 1 or ys.shape[0] != len(x):
        raise ValueError(f"need x of shape (T,) and ys of shape (T, k); got {x.shape}, "
                         f"{ys.shape}")
    rows, k = ys.shape
    yt = np.ascontiguousarray(ys.T)  # (k, T): each column's reductions run over one row
    keep = ~np.isnan(yt) & ~np.isnan(x)[None, :]
    if first is not None or last is not None:
        t = np.arange(rows)[None, :]
        lo = np.broadcast_to(np.asarray(0 if first is None else first), (k,))[:, None]
        hi = np.broadcast_to(np.asarray(rows if last is None else last), (k,))[:, None]
        keep &= (t >= lo) & (t < hi)
    n = keep.sum(axis=1).astype(np.int64)
    xk = np.where(keep, x[None, :], 0.0)
    yk = np.where(keep, yt, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        dx = np.where(keep, xk - (xk.sum(axis=1) / n)[:, None], 0.0)
        dy = np.where(keep, yk - (yk.sum(axis=1) / n)[:, None], 0.0)
    sxx = (dx * dx).sum(axis=1)
    syy = (dy * dy).sum(axis=1)
    sxy = (dx * dy).sum(axis=1)
    x_const = (np.where(keep, x[None, :], np.inf).min(axis=1)
               == np.where(keep, x[None, :], -np.inf).max(axis=1))
    y_const = np.where(keep, yt, np.inf).min(axis=1) == np.where(keep, yt, -np.inf).max(axis=1)
    return n, sxx, syy, sxy, x_const, y_const


def pearson_columns(
    x: FloatArray, ys: FloatArray, first: IntArray | int | None = None,
    last: IntArray | int | None = None, min_count: int = 3,
) -> tuple[FloatArray, IntArray]:
    """Pearson correlation of ``x`` with each column of ``ys`` over complete pairs.

    Parameters
    ----------
    x
        The series, shape ``(T,)``; NaN where missing.
    ys
        The columns, shape ``(T, k)``; NaN where missing.
    first, last
        Use only rows ``first <= t < last`` (one bound for all columns, or one per column).
    min_count
        Fewer complete pairs than this give NaN.

    Returns
    -------
    corr, n
        The correlation of each column (NaN when either side is constant or there are too
        few pairs) and its number of complete pairs.
    """
    n, sxx, syy, sxy, x_const, y_const = _moments(x, ys, first, last)
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.clip(sxy / np.sqrt(sxx * syy), -1.0, 1.0)
    bad = (n < max(min_count, 2)) | x_const | y_const | ~(sxx > 0) | ~(syy > 0)
    return np.where(bad, np.nan, corr), n


def beta_columns(
    x: FloatArray, ys: FloatArray, first: IntArray | int | None = None,
    last: IntArray | int | None = None, min_count: int = 3,
) -> tuple[FloatArray, IntArray]:
    """Least-squares slope of each column of ``ys`` on ``x`` (``cov / var(x)``), complete
    pairs. Parameters as :func:`pearson_columns`; NaN when ``x`` is constant over the pairs
    or there are fewer than ``min_count`` of them.
    """
    n, sxx, _, sxy, x_const, _ = _moments(x, ys, first, last)
    with np.errstate(invalid="ignore", divide="ignore"):
        beta = sxy / sxx
    bad = (n < max(min_count, 2)) | x_const | ~(sxx > 0)
    return np.where(bad, np.nan, beta), n
