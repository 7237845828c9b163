"""Correlation kernels on arrays: complete pairs, Pearson, Fisher's interval, and the mean
block length of the stationary bootstrap (Spearman's interval, the betas of claims)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
Z95 = 1.959963984540054


def complete_pairs(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = ~np.isnan(x) & ~np.isnan(y)
    return x[keep], y[keep]


def pearson(x: FloatArray, y: FloatArray) -> float:
    """Pearson correlation of the complete pairs; NaN if either side is constant."""
    x, y = complete_pairs(x, y)
    if len(x) < 2:
        return float("nan")
    dx, dy = x - x.mean(), y - y.mean()
    sxx, syy = float(dx @ dx), float(dy @ dy)
    if sxx == 0 or syy == 0 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.clip((dx @ dy) / np.sqrt(sxx * syy), -1.0, 1.0))


def fisher_interval(r: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Fisher-z interval of a correlation from ``n`` independent pairs."""
    if n <= 3 or not np.isfinite(r):
        return float("nan"), float("nan")
    r = float(np.clip(r, -0.9999999999, 0.9999999999))
    centre, se = np.arctanh(r), 1.0 / np.sqrt(n - 3)
    return float(np.tanh(centre - z * se)), float(np.tanh(centre + z * se))


def default_block(n: int, horizon: int = 1) -> float:
    """Expected block length: n^(1/3) (the usual rate for the stationary bootstrap), and at
    least the return horizon so that overlapping multi-day returns stay together."""
    return float(max(horizon, round(n ** (1 / 3))))
