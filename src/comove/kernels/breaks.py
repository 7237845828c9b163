"""Kernels of the co-movement break test: EWMA standardisation, the Bartlett long-run
variance, and the CUSUM location and statistic of one break in a mean."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
EWMA_LAMBDA = 0.94


def ewma_standardise(r: FloatArray, lam: float = EWMA_LAMBDA, warmup: int = 30) -> FloatArray:
    """Returns over their EWMA volatility from earlier returns (first ``warmup`` rows NaN)."""
    r = np.asarray(r, dtype=float) - np.nanmean(r)
    var = np.empty(len(r))
    var[0] = np.nanvar(r[:warmup]) if len(r) > 1 else 1.0
    for t in range(1, len(r)):
        var[t] = lam * var[t - 1] + (1 - lam) * r[t - 1] ** 2
    out = r / np.sqrt(var)
    out[:warmup] = np.nan
    return out


def long_run_variance(z: FloatArray) -> float:
    """Bartlett-kernel (Newey-West) long-run variance with the usual automatic bandwidth."""
    z = np.asarray(z, dtype=float) - np.mean(z)
    n = len(z)
    bandwidth = int(np.floor(4 * (n / 100) ** (2 / 9)))
    lrv = float(z @ z) / n
    for lag in range(1, bandwidth + 1):
        weight = 1 - lag / (bandwidth + 1)
        lrv += 2 * weight * float(z[lag:] @ z[:-lag]) / n
    return max(lrv, 1e-300)


def cusum_break(z: FloatArray) -> tuple[int, float, float]:
    """The most likely single break in the mean of ``z``.

    Returns
    -------
    position, statistic, p_value
        The first index of the second segment, the scaled CUSUM supremum, and its p-value
        under no break.
    """
    z = np.asarray(z, dtype=float)
    n = len(z)
    s = np.cumsum(z - z.mean())
    k = int(np.argmax(np.abs(s[:-1]))) + 1
    statistic = float(np.abs(s[k - 1]) / np.sqrt(n * long_run_variance(z)))
    return k, statistic, kolmogorov_sf(statistic)


def kolmogorov_sf(x: float) -> float:
    """P(sup |Brownian bridge| > x), the Kolmogorov distribution's survival function.

    The alternating series ``2 sum (-1)^(k-1) exp(-2 k^2 x^2)`` for x >= 1, and one minus
    the Jacobi-theta form ``sqrt(2 pi)/x sum exp(-(2k-1)^2 pi^2 / (8 x^2))`` below it; both
    converge to double precision within 20 terms (equal to scipy's ``kstwobign.sf``; no
    scipy import, which costs half a second at start-up).
    """
    import math

    if not x > 0:
        return 1.0
    if x >= 1.0:
        total = sum((-1) ** (j - 1) * math.exp(-2 * j * j * x * x) for j in range(1, 21))
        return min(1.0, max(0.0, 2 * total))
    cdf = math.sqrt(2 * math.pi) / x * sum(
        math.exp(-((2 * j - 1) ** 2) * math.pi ** 2 / (8 * x * x)) for j in range(1, 21))
    return min(1.0, max(0.0, 1 - cdf))
