"""Regression slopes (betas) of several series on one driver, and their stationary
bootstrap.

Arrays in, arrays out. A resample's betas are read from its sums (of x, x², each y and each
x·y), which :func:`comove.kernels.bootstrap.block_sums` gives in O(n / block) per resample.
The inputs are centred first: the slopes do not change, and the sums lose no precision.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from comove.kernels.bootstrap import block_sums

FloatArray = NDArray[np.float64]


def _slopes(sx: FloatArray, sxx: FloatArray, sy: FloatArray, sxy: FloatArray, n: int
            ) -> FloatArray:
    var = sxx / n - (sx / n) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sxy / n - sx * sy / n**2) / var  # type: ignore[no-any-return]


def betas(x: FloatArray, ys: list[FloatArray]) -> FloatArray:
    """Least-squares slope of each ``y`` on ``x`` (with an intercept); NaN if ``x`` is
    constant. Shape ``(len(ys),)``."""
    x = np.asarray(x, dtype=float)
    x = x - x.mean()
    n = len(x)
    out = []
    for y in ys:
        y = np.asarray(y, dtype=float)
        y = y - y.mean()
        out.append(_slopes(x.sum(), x @ x, y.sum(), x @ y, n))
    return np.array(out, dtype=float)


def bootstrap_betas(
    x: FloatArray,
    ys: list[FloatArray],
    n_resamples: int,
    mean_block: float,
    rng: np.random.Generator,
) -> FloatArray:
    """Stationary-bootstrap distribution of the slopes of each ``y`` on ``x``.

    The rows ``(x, y1, y2, ...)`` are resampled together. Returns an array of shape
    ``(n_resamples, len(ys))``; a resample in which ``x`` is constant gives NaN.
    """
    x = np.asarray(x, dtype=float)
    x = x - x.mean()
    centred = [np.asarray(y, dtype=float) - np.mean(y) for y in ys]
    n = len(x)
    if n < 2:
        raise ValueError("betas need at least two observations")
    columns = [x, x * x]
    for y in centred:
        columns += [y, x * y]
    chunks = []
    for sums in block_sums(columns, n_resamples, mean_block, rng):
        sx, sxx = sums[0], sums[1]
        chunks.append(np.column_stack([
            _slopes(sx, sxx, sums[2 + 2 * j], sums[3 + 2 * j], n) for j in range(len(ys))]))
    return np.concatenate(chunks)


__all__ = ["betas", "bootstrap_betas"]
