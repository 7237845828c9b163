"""Pearson's r with a studentised block bootstrap: the interval comove prints for a
correlation and for the change of a correlation between two periods.

Method (the literature's names, not copied code):

- **Resampling**: the circular block bootstrap (Politis and Romano, 1992) with blocks of a
  fixed length ``l``: ``ceil(n / l)`` blocks with uniform random starts, wrapping round the
  end, the last one cut so that a resample has ``n`` rows.
- **Studentisation** (Goetze and Kuensch, 1996): ``r`` is a smooth function of five means,
  and its influence function is ``psi_t = a_t b_t - r (a_t^2 + b_t^2) / 2`` for the
  standardised pairs ``(a_t, b_t)``. The variance of ``r`` is estimated from block sums of
  ``psi``: in the sample, from all ``n`` circular blocks of length ``l``
  (``sum_s Psi_s^2 / (n l)``, the circular-block-bootstrap variance of the mean of ``psi``);
  in a resample, from that resample's own blocks (``sum_j Psi*_j^2 / n``, with ``psi*``
  computed at the resample's means, variances and ``r*``). Both read block sums off prefix
  sums of ``a, b, a^2, b^2, ab``, so a resample costs ``O(n / l)``.
- **Interval**: the symmetric bootstrap-t (Hall, 1988) on Fisher's ``z = atanh(r)``:
  ``tanh(z ± q se_z)`` with ``q`` the ``level`` quantile of ``|z* - z| / se*_z``.
- **Change between two periods** (resampled independently): the symmetric bootstrap-t of
  ``d = r2 - r1`` on the correlation scale, ``se_d = sqrt(se1^2 + se2^2)``; its p-value is
  ``(1 + #(|t*| >= |d| / se_d)) / (B + 1)``. ``q`` is the ``ceil((B + 1) level)``-th
  smallest ``|t*|``, so the interval excludes zero exactly when ``p <= 1 - level``.

Why not the percentile of the stationary bootstrap (``bootstrap_correlations``): on
overlapping 5-day sums of a heavy-tailed GARCH pair it covers about 91.5% at n = 750. The
variance of ``r`` then depends on fourth moments that a sample estimates with a long right
tail, so a plug-in spread is too small more often than too large; studentising carries that
variability into the bootstrap distribution of ``t*`` (benchmarks/COVERAGE.md).
:func:`block_length` is at least three return horizons, so that the dependence that
overlapping returns create (``h - 1`` lags) gets most of its weight in the block sums.

The stationary bootstrap's :func:`comove.kernels.bootstrap.block_sums` gives each resample's
totals only; the studentiser needs each block's sums, hence the fixed-length blocks here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from comove.kernels._jit import jit
from comove.kernels._numba_cache import CACHE

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
#: Resamples whose block starts are drawn at a time.
CHUNK = 4096
#: Fewer finite resamples than this give no interval.
MIN_DRAWS = 20


@dataclass(frozen=True)
class StudentizedDraws:
    """A sample's correlation and standard error, and the same for each resample.

    ``se`` and ``boot_se`` are on the correlation scale (divide by ``1 - r^2`` for
    Fisher's z). Resamples whose ``r*`` or ``se*`` is undefined are dropped.
    """

    corr: float
    se: float
    boot_corr: FloatArray
    boot_se: FloatArray
    block: int


def block_length(n: int, horizon: int = 1) -> int:
    """Block length of the studentised bootstrap: ``n^(1/3)`` rounded (the usual rate),
    at least three return horizons, at most a third of the sample."""
    return int(max(1, min(max(round(n ** (1 / 3)), 3 * horizon), n // 3)))


@jit(cache=CACHE, nogil=True)
def _prefix_moments(a, b):  # type: ignore[no-untyped-def]
    """Prefix sums of a, b, a^2, b^2, ab over the series repeated twice (for wrapping)."""
    n = len(a)
    out = np.zeros((5, 2 * n + 1))
    for t in range(2 * n):
        u = a[t % n]
        v = b[t % n]
        out[0, t + 1] = out[0, t] + u
        out[1, t + 1] = out[1, t] + v
        out[2, t + 1] = out[2, t] + u * u
        out[3, t + 1] = out[3, t] + v * v
        out[4, t + 1] = out[4, t] + u * v
    return out


@jit(cache=CACHE, nogil=True)
def _r_and_variance(sums, lengths, rows):  # type: ignore[no-untyped-def]
    """``r`` and ``sum_j Psi_j^2 / rows`` from block sums (one row per block, columns a, b,
    a^2, b^2, ab); ``rows`` is the number of rows the blocks hold together."""
    sa = sb = saa = sbb = sab = 0.0
    for j in range(sums.shape[0]):
        sa += sums[j, 0]
        sb += sums[j, 1]
        saa += sums[j, 2]
        sbb += sums[j, 3]
        sab += sums[j, 4]
    ma = sa / rows
    mb = sb / rows
    va = saa / rows - ma * ma
    vb = sbb / rows - mb * mb
    if not (va > 0 and vb > 0):
        return np.nan, np.nan
    scale = np.sqrt(va * vb)
    r = (sab / rows - ma * mb) / scale
    total = 0.0
    for j in range(sums.shape[0]):
        m = lengths[j]
        cross = sums[j, 4] - ma * sums[j, 1] - mb * sums[j, 0] + m * ma * mb
        qa = sums[j, 2] - 2 * ma * sums[j, 0] + m * ma * ma
        qb = sums[j, 3] - 2 * mb * sums[j, 1] + m * mb * mb
        psi = cross / scale - r / 2 * (qa / va + qb / vb)
        total += psi * psi
    return r, total / rows


@jit(cache=CACHE, nogil=True)
def _sample_variance(prefix, n, block):  # type: ignore[no-untyped-def]
    """``r`` and the circular-block variance of ``psi``: every row is in ``block`` of the
    ``n`` circular blocks, so their sums total ``block`` times the sample's."""
    sums = np.empty((n, 5))
    for s in range(n):
        for c in range(5):
            sums[s, c] = prefix[c, s + block] - prefix[c, s]
    return _r_and_variance(sums, np.full(n, float(block)), n * block)


@jit(cache=CACHE, nogil=True)
def _resample_variances(prefix, n, block, starts, r_out, v_out):  # type: ignore[no-untyped-def]
    """``r*`` and ``sum_j Psi*_j^2 / n`` of each resample (one row of block starts each)."""
    k = starts.shape[1]
    sums = np.empty((k, 5))
    lengths = np.empty(k)
    for i in range(starts.shape[0]):
        for j in range(k):
            m = block if j < k - 1 else n - block * (k - 1)
            lengths[j] = m
            s = starts[i, j]
            for c in range(5):
                sums[j, c] = prefix[c, s + m] - prefix[c, s]
        r_out[i], v_out[i] = _r_and_variance(sums, lengths, n)


def studentized_correlations(
    x: FloatArray, y: FloatArray, n_resamples: int, block: int, rng: np.random.Generator
) -> StudentizedDraws:
    """Pearson's r of complete pairs ``x, y`` and its standard error, in the sample and in
    ``n_resamples`` circular-block-bootstrap resamples with blocks of ``block`` rows.

    The block starts are drawn with ``rng.integers(0, n, (rows, ceil(n / block)))``,
    :data:`CHUNK` resamples at a time.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[keep], y[keep]
    n = len(x)
    empty = np.empty(0)
    if n < 4 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return StudentizedDraws(float("nan"), float("nan"), empty, empty, int(block))
    block = int(min(max(int(block), 1), n))
    a = (x - x.mean()) / x.std()
    b = (y - y.mean()) / y.std()
    prefix = _prefix_moments(a, b)
    r, v = _sample_variance(prefix, n, block)
    k = -(-n // block)
    rs, vs = np.empty(n_resamples), np.empty(n_resamples)
    for lo in range(0, n_resamples, CHUNK):
        hi = min(lo + CHUNK, n_resamples)
        starts = rng.integers(0, n, size=(hi - lo, k))
        _resample_variances(prefix, n, block, starts, rs[lo:hi], vs[lo:hi])
    ok = np.isfinite(rs) & np.isfinite(vs) & (vs > 0) & (np.abs(rs) < 1)
    r = float(np.clip(r, -1.0, 1.0))
    return StudentizedDraws(r, float(np.sqrt(v / n)), rs[ok], np.sqrt(vs[ok] / n), block)


def _order_statistic(t: FloatArray, level: float) -> float:
    """The ``ceil((B + 1) level)``-th smallest of ``B`` values (the largest if beyond)."""
    k = min(len(t), math.ceil((len(t) + 1) * level - 1e-9))
    return float(np.partition(t, k - 1)[k - 1])


def t_interval(d: StudentizedDraws, level: float = 0.95) -> tuple[float, float]:
    """Symmetric bootstrap-t interval of the correlation on Fisher's z scale."""
    r, se = d.corr, d.se
    if not np.isfinite(r) or not np.isfinite(se) or len(d.boot_corr) < MIN_DRAWS:
        return float("nan"), float("nan")
    if se == 0 or abs(r) >= 1:
        return r, r
    z = math.atanh(r)
    t = np.abs(np.arctanh(d.boot_corr) - z) * (1 - d.boot_corr ** 2) / d.boot_se
    half = _order_statistic(t, level) * se / (1 - r * r)
    return math.tanh(z - half), math.tanh(z + half)


def t_difference(first: StudentizedDraws, second: StudentizedDraws, level: float = 0.95
                 ) -> tuple[float, float, float, float]:
    """``second - first`` correlation: the difference, its symmetric bootstrap-t interval
    and two-sided p-value (periods resampled independently; resamples paired in order)."""
    d = second.corr - first.corr
    m = min(len(first.boot_corr), len(second.boot_corr))
    se = math.hypot(first.se, second.se)
    if not np.isfinite(d) or not np.isfinite(se) or m < MIN_DRAWS:
        return d, float("nan"), float("nan"), float("nan")
    if se == 0:
        return d, d, d, float(d == 0)
    t = np.abs(second.boot_corr[:m] - first.boot_corr[:m] - d) / np.hypot(
        first.boot_se[:m], second.boot_se[:m])
    half = _order_statistic(t, level) * se
    p = (1 + int(np.sum(t >= abs(d) / se))) / (m + 1)
    return d, d - half, d + half, float(p)
