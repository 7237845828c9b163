"""The DCC(1,1) correlation recursion and its Gaussian log-likelihood (Engle, 2002)."""

from __future__ import annotations

import numpy as np

from comove.kernels._jit import jit
from comove.kernels._numba_cache import CACHE

__all__ = ["dcc_correlations", "dcc_neg_loglik"]


@jit(cache=CACHE)
def dcc_correlations(e1, e2, a, b, s12):  # type: ignore[no-untyped-def]
    """Correlations R_t (t = 0..T-1) of the DCC recursion, started at the target."""
    n = e1.shape[0]
    rho = np.empty(n)
    q11, q22, q12 = 1.0, 1.0, s12
    w = 1.0 - a - b
    for t in range(n):
        rho[t] = q12 / np.sqrt(q11 * q22)
        q11 = w + a * e1[t] * e1[t] + b * q11
        q22 = w + a * e2[t] * e2[t] + b * q22
        q12 = w * s12 + a * e1[t] * e2[t] + b * q12
    return rho


@jit(cache=CACHE)
def dcc_neg_loglik(params, e1, e2, s12):  # type: ignore[no-untyped-def]
    a, b = params[0], params[1]
    if a < 0 or b < 0 or a + b >= 1:
        return 1e10
    rho = dcc_correlations(e1, e2, a, b, s12)
    total = 0.0
    for t in range(e1.shape[0]):
        r = rho[t]
        one = 1.0 - r * r
        if one <= 1e-12:
            return 1e10
        total += np.log(one) + (e1[t] ** 2 + e2[t] ** 2 - 2 * r * e1[t] * e2[t]) / one \
            - (e1[t] ** 2 + e2[t] ** 2)
    return 0.5 * total
