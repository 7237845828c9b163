"""Correlation of two return series, and its uncertainty.

- Pearson is computed on centred data; Spearman is Pearson on ranks (average ranks for
  ties, as scipy); Kendall is scipy's tau-b.
- Intervals: Fisher's z (``tanh(atanh(r) ± z·se)``, ``se = 1/sqrt(n-3)``), which assumes
  independent observations, and a stationary block bootstrap of the pairs, which keeps
  the dependence of returns (volatility clustering, overlap of multi-day returns).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from comove.kernels.correlation import (
    Z95,
    bootstrap_correlations,
    complete_pairs,
    default_block,
    fisher_interval,
    pearson,
)

__all__ = [
    "Z95", "Method", "PeriodCorrelation", "PeriodDifference", "bootstrap_correlations",
    "complete_pairs", "correlation", "default_block", "difference_between", "fisher_interval",
    "pearson", "period_correlation",
]

FloatArray = NDArray[np.float64]


class Method(StrEnum):
    PEARSON = "pearson"
    SPEARMAN = "spearman"
    KENDALL = "kendall"


def correlation(x: FloatArray, y: FloatArray, method: Method | str = Method.PEARSON) -> float:
    """Correlation of the complete pairs by ``method``."""
    from scipy import stats

    method = Method(method)
    x, y = complete_pairs(x, y)
    if method is Method.PEARSON:
        return pearson(x, y)
    if method is Method.SPEARMAN:
        return pearson(stats.rankdata(x), stats.rankdata(y))
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(stats.kendalltau(x, y).statistic)


@dataclass
class PeriodCorrelation:
    """The correlation in one period, with both intervals."""

    start: Any
    end: Any
    n: int
    corr: float
    ci_low: float
    ci_high: float
    fisher_low: float
    fisher_high: float
    method: str
    block: float
    boot: FloatArray | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "boot"}
        out["ci"] = "stationary bootstrap 95% (percentile)"
        return out


def period_correlation(
    x: FloatArray, y: FloatArray, start: Any, end: Any, method: Method | str = Method.PEARSON,
    n_resamples: int = 10_000, rng: np.random.Generator | None = None, horizon: int = 1,
) -> PeriodCorrelation:
    """Correlation of ``x`` and ``y`` with Fisher and stationary-bootstrap intervals.

    For Spearman and Kendall the bootstrap interval is for Pearson on ranks (Spearman) or
    left out (Kendall), and the Fisher interval uses the same formula (approximate).
    """
    rng = rng or np.random.default_rng(0)
    method = Method(method)
    xs, ys = complete_pairs(x, y)
    n = len(xs)
    r = correlation(xs, ys, method)
    fisher = fisher_interval(r, n)
    block = default_block(n, horizon)
    boot = None
    lo = hi = float("nan")
    if method is Method.PEARSON:
        boot = bootstrap_correlations(xs, ys, n_resamples, block, rng)
    elif method is Method.SPEARMAN:
        from scipy import stats

        boot = bootstrap_correlations(stats.rankdata(xs), stats.rankdata(ys), n_resamples,
                                      block, rng)
    if boot is not None and np.isfinite(boot).any():
        lo, hi = (float(v) for v in np.nanquantile(boot, [0.025, 0.975]))
    return PeriodCorrelation(start, end, n, r, lo, hi, fisher[0], fisher[1], method.value,
                             block, boot)


@dataclass
class PeriodDifference:
    first: tuple[Any, Any]
    second: tuple[Any, Any]
    difference: float
    ci_low: float
    ci_high: float
    fisher_p: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def difference_between(a: PeriodCorrelation, b: PeriodCorrelation) -> PeriodDifference:
    """``b.corr - a.corr`` with a bootstrap interval (periods resampled independently) and
    the two-sided p-value of Fisher's test for independent correlations."""
    from scipy import stats

    diff = b.corr - a.corr
    lo = hi = float("nan")
    if a.boot is not None and b.boot is not None:
        d = b.boot - a.boot
        if np.isfinite(d).any():
            lo, hi = (float(v) for v in np.nanquantile(d, [0.025, 0.975]))
    p = float("nan")
    if a.n > 3 and b.n > 3 and np.isfinite(a.corr) and np.isfinite(b.corr):
        za = np.arctanh(np.clip(a.corr, -0.9999999999, 0.9999999999))
        zb = np.arctanh(np.clip(b.corr, -0.9999999999, 0.9999999999))
        z = (zb - za) / np.sqrt(1 / (a.n - 3) + 1 / (b.n - 3))
        p = float(2 * stats.norm.sf(abs(z)))
    return PeriodDifference((a.start, a.end), (b.start, b.end), float(diff), lo, hi, p)
