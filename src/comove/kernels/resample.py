"""Resampling that keeps the clustering of events (circular shifts), and rank correlations
recomputed on each stationary-bootstrap resample.

Circular shift (a placebo that keeps clustering): the event (or state) days are moved
together by ``s`` rows along the series, wrapping round the end, for every ``s`` in
``0..N-1``. The shifted sets keep the number of events, their spacing and their clustering,
and fall on the same series, so the spread of the shifted differences is what chance gives
for an event set of that shape. ``s = 0`` is the observed set. All ``N`` shifts are
enumerated exactly with one FFT (``O(N log N)``), so there is no seed and no Monte Carlo
error.

The interval is the inversion of the shift test (additive effect): ``d - q_hi`` to
``d - q_lo``, with ``q`` the order statistics of the shifted differences that the
equal-tailed p-value uses, so "the interval excludes zero" and "p < alpha" always agree.
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

#: Relative tolerance of the comparisons with the observed difference (FFT rounding).
_TIE = 1e-9


def shift_sums(values: FloatArray, positions: IntArray) -> FloatArray:
    """``S[s] = sum_i values[(positions[i] + s) % N]`` for every shift ``s`` in ``0..N-1``.

    A position may repeat (it then counts as often as it appears). Computed as a circular
    cross-correlation by FFT; equal to the plain loop to about 1e-12 of ``sum |values|``.
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    counts = np.bincount(np.asarray(positions, dtype=np.int64) % n, minlength=n).astype(float)
    return np.fft.irfft(np.conj(np.fft.rfft(counts)) * np.fft.rfft(values), n)


def shift_differences(values: FloatArray, positions: IntArray, versus_rest: bool = False
                      ) -> FloatArray:
    """The mean over the shifted positions minus the mean of all values (or, with
    ``versus_rest``, of the other values), for every circular shift; index 0 is observed."""
    values = np.asarray(values, dtype=float)
    n, k = len(values), len(positions)
    sums = shift_sums(values, positions)
    total = float(values.sum())
    if versus_rest:
        return sums / k - (total - sums) / (n - k)
    return sums / k - total / n


@dataclass(frozen=True)
class ShiftTest:
    """An observed difference against every circular shift of its event set.

    ``p`` is two-sided and equal-tailed: ``min(1, 2 min(P(D >= d), P(D <= d)))`` over the
    ``shifts`` shifted differences ``D`` (the observed set included, so ``p >= 2 / shifts``).
    ``ci_low``/``ci_high`` is the ``1 - alpha`` interval by test inversion.
    """

    difference: float
    ci_low: float
    ci_high: float
    p: float
    shifts: int


def shift_test(differences: FloatArray, observed: float, alpha: float = 0.05) -> ShiftTest:
    """Interval and p-value of ``observed`` against the shifted ``differences``."""
    d = np.asarray(differences, dtype=float)
    n = len(d)
    nan = float("nan")
    if n == 0 or not np.isfinite(observed):
        return ShiftTest(observed, nan, nan, nan, n)
    tie = _TIE * max(float(np.abs(d).max()), abs(observed), 1e-300)
    above = int(np.sum(d >= observed - tie))
    below = int(np.sum(d <= observed + tie))
    p = min(1.0, 2.0 * min(above, below) / n)
    # m-th largest and m-th smallest: "fewer than alpha/2 of the shifts at or beyond d"
    # holds exactly when d is beyond them, so the interval excludes 0 exactly when p < alpha.
    m = max(1, math.ceil(alpha / 2 * n))
    ordered = np.sort(d)
    low, high = float(observed - ordered[n - m]), float(observed - ordered[m - 1])
    # d is itself one of the shifts: at the boundary the end is 0 (rounding aside).
    low, high = (0.0 if abs(low) <= tie else low), (0.0 if abs(high) <= tie else high)
    return ShiftTest(float(observed), low, high, p, n)


def holm(pvalues: list[float] | FloatArray) -> FloatArray:
    """Holm's step-down adjusted p-values, in the order given (NaN stays NaN and is not
    counted among the tests)."""
    p = np.asarray(pvalues, dtype=float)
    out = np.full(len(p), np.nan)
    finite = np.flatnonzero(np.isfinite(p))
    m = len(finite)
    running = 0.0
    for k, i in enumerate(finite[np.argsort(p[finite], kind="stable")]):
        running = max(running, min(1.0, (m - k) * float(p[i])))
        out[i] = running
    return out


def shift_share_test(hits: NDArray[np.bool_], positions: IntArray) -> tuple[float, float, int]:
    """One-sided test that the events hit more often than their circular shifts do.

    ``hits[t]`` says whether a day would count as a hit (e.g. "a B record within ±k days");
    returns the observed share of events on hits, the share of shifts whose share is at
    least as high (``p``, the observed set included) and the number of shifts.
    """
    flags = np.asarray(hits, dtype=float)
    k = len(positions)
    shares = shift_sums(flags, positions) / k
    observed = float(flags[np.asarray(positions)].mean())
    p = float(np.mean(shares >= observed - _TIE))
    return observed, p, len(flags)


def bootstrap_spearman(x: FloatArray, y: FloatArray, n_resamples: int, mean_block: float,
                       rng: np.random.Generator) -> FloatArray:
    """Stationary-bootstrap distribution of Spearman's rho, the pairs re-ranked in every
    resample (average ranks for ties, as :func:`scipy.stats.spearmanr`)."""
    from scipy.stats import rankdata

    from comove.kernels.bootstrap import stationary_indices

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    rx = rankdata(x, method="dense").astype(np.int64) - 1
    ry = rankdata(y, method="dense").astype(np.int64) - 1
    out = []
    for idx in stationary_indices(n, n_resamples, mean_block, rng, chunk=_rows(n)):
        a = _average_ranks(rx[idx], int(rx.max()) + 1)
        b = _average_ranks(ry[idx], int(ry.max()) + 1)
        a -= (n + 1) / 2
        b -= (n + 1) / 2
        with np.errstate(invalid="ignore", divide="ignore"):
            r = (a * b).sum(axis=1) / np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
        out.append(np.clip(r, -1.0, 1.0))
    return np.concatenate(out)


def _average_ranks(codes: IntArray, levels: int) -> FloatArray:
    """Average ranks (1-based, ties averaged) within each row of ``codes``, whose values are
    the dense ranks ``0..levels-1`` of the original sample: counted, not sorted."""
    rows = codes.shape[0]
    flat = codes + levels * np.arange(rows)[:, None]
    counts = np.bincount(flat.ravel(), minlength=rows * levels).reshape(rows, levels)
    below = np.cumsum(counts, axis=1) - counts
    return (np.take_along_axis(below, codes, axis=1)
            + (np.take_along_axis(counts, codes, axis=1) + 1) / 2.0)


def bootstrap_kendall(x: FloatArray, y: FloatArray, n_resamples: int, mean_block: float,
                      rng: np.random.Generator) -> FloatArray:
    """Stationary-bootstrap distribution of Kendall's tau-b, recomputed on every resample
    (Knight's O(n log n) algorithm; equal to :func:`scipy.stats.kendalltau`)."""
    from scipy.stats import rankdata

    from comove.kernels.bootstrap import stationary_indices

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    rx = rankdata(x, method="dense").astype(np.int64) - 1
    ry = rankdata(y, method="dense").astype(np.int64) - 1
    out = []
    for idx in stationary_indices(len(x), n_resamples, mean_block, rng, chunk=_rows(len(x))):
        out.append(_tau_b_codes(rx[idx], ry[idx], int(rx.max()) + 1, int(ry.max()) + 1))
    return np.concatenate(out)


def kendall_tau_b(x: FloatArray, y: FloatArray) -> float:
    """Kendall's tau-b of one sample (the kernel of :func:`bootstrap_kendall`)."""
    from scipy.stats import rankdata

    a = rankdata(x, method="dense").astype(np.int64) - 1
    b = rankdata(y, method="dense").astype(np.int64) - 1
    return float(_tau_b_codes(a[None, :], b[None, :], int(a.max()) + 1, int(b.max()) + 1)[0])


def _rows(n: int) -> int:
    """Resamples per chunk, so that a chunk of indices stays near 2 MB."""
    return max(16, min(512, 250_000 // max(n, 1)))


@jit(cache=CACHE, nogil=True)
def _counting_order(codes, levels, within, count, order):  # type: ignore[no-untyped-def]
    """Stable counting sort of ``within`` (positions) by ``codes``: the result in ``order``."""
    count[:levels + 1] = 0
    for i in within:
        count[codes[i] + 1] += 1
    for v in range(levels):
        count[v + 1] += count[v]
    for i in within:
        order[count[codes[i]]] = i
        count[codes[i]] += 1


@jit(cache=CACHE, nogil=True)
def _tau_b_codes(a_codes, b_codes, a_levels, b_levels):  # type: ignore[no-untyped-def]
    """tau-b of each row of paired dense ranks (``0..levels-1``). Each row is put in order
    of (a, b) by two counting sorts; discordant pairs are then the inversions of b, counted
    by a bottom-up merge sort (which also leaves b sorted, for its ties)."""
    rows, n = a_codes.shape
    out = np.empty(rows)
    work, spare = np.empty(n, np.int64), np.empty(n, np.int64)
    count = np.empty(max(a_levels, b_levels) + 1, np.int64)
    identity = np.arange(n)
    by_b, by_ab = np.empty(n, np.int64), np.empty(n, np.int64)
    xs, ys = np.empty(n, np.int64), np.empty(n, np.int64)
    for row in range(rows):
        _counting_order(b_codes[row], b_levels, identity, count, by_b)
        _counting_order(a_codes[row], a_levels, by_b, count, by_ab)
        for i in range(n):
            xs[i] = a_codes[row, by_ab[i]]
            ys[i] = b_codes[row, by_ab[i]]
        n0 = n * (n - 1) // 2
        tx = 0
        txy = 0
        run_x = 1
        run_xy = 1
        for i in range(1, n):
            if xs[i] == xs[i - 1]:
                run_x += 1
                if ys[i] == ys[i - 1]:
                    run_xy += 1
                else:
                    txy += run_xy * (run_xy - 1) // 2
                    run_xy = 1
            else:
                tx += run_x * (run_x - 1) // 2
                txy += run_xy * (run_xy - 1) // 2
                run_x = 1
                run_xy = 1
        tx += run_x * (run_x - 1) // 2
        txy += run_xy * (run_xy - 1) // 2
        for i in range(n):
            work[i] = ys[i]
        src, dst = work, spare
        swaps = 0
        width = 1
        while width < n:
            for lo in range(0, n, 2 * width):
                mid = min(lo + width, n)
                hi = min(lo + 2 * width, n)
                i, j, k = lo, mid, lo
                while i < mid and j < hi:
                    if src[i] <= src[j]:
                        dst[k] = src[i]
                        i += 1
                    else:
                        dst[k] = src[j]
                        j += 1
                        swaps += mid - i
                    k += 1
                while i < mid:
                    dst[k] = src[i]
                    i += 1
                    k += 1
                while j < hi:
                    dst[k] = src[j]
                    j += 1
                    k += 1
            src, dst = dst, src
            width *= 2
        ty = 0
        run_y = 1
        for i in range(1, n):
            if src[i] == src[i - 1]:
                run_y += 1
            else:
                ty += run_y * (run_y - 1) // 2
                run_y = 1
        ty += run_y * (run_y - 1) // 2
        denominator = (n0 - tx) * (n0 - ty)
        if denominator <= 0:
            out[row] = np.nan
        else:
            out[row] = (n0 - tx - ty + txy - 2 * swaps) / np.sqrt(float(denominator))
    return out


__all__ = ["ShiftTest", "bootstrap_kendall", "bootstrap_spearman", "holm", "kendall_tau_b",
           "shift_differences", "shift_share_test", "shift_sums", "shift_test"]
