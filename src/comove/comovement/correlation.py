"""Correlation of two return series, and its uncertainty.

- Pearson is computed on centred data; Spearman is Pearson on ranks (average ranks for
  ties, as scipy); Kendall is scipy's tau-b.
- Intervals: Fisher's z (``tanh(atanh(r) ± z·se)``), which assumes independent
  observations (``se = 1/sqrt(n-3)`` for Pearson and Spearman; for Kendall the
  Fieller-Hartley-Pearson ``se = sqrt(0.437/(n-4))``), and a bootstrap that keeps the
  dependence of returns (volatility clustering, overlap of multi-day returns):
  - Pearson: the symmetric bootstrap-t on Fisher's z from a circular block bootstrap,
    studentised by block sums of r's influence function (Goetze-Kuensch;
    :mod:`comove.kernels.correlation_t`). The stationary-bootstrap percentile interval it
    replaced covered 91.5% on heavy-tailed overlapping returns (benchmarks/COVERAGE.md).
  - Kendall: the same bootstrap-t, studentised by block sums of tau's influence function
    (its Hoeffding projection; :mod:`comove.kernels.kendall_t`), tau-b recomputed on each
    resample. The stationary-bootstrap percentile interval it replaced covered 91.8% on
    heavy-tailed overlapping returns (benchmarks/COVERAGE.md).
  - Spearman: the percentile interval of a stationary block bootstrap of the pairs,
    recomputed on each resample (the pairs are re-ranked), not read off the full-sample
    ranks.
- The change between two periods (resampled independently): for Pearson and Kendall the
  symmetric bootstrap-t interval and p-value of ``r2 - r1``; for Spearman the percentile
  interval and a two-sided bootstrap p. Fisher's test of the difference is kept, labelled
  as assuming independent days: on overlapping 5-day returns it rejects a true null about
  30% of the time at the 5% level.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from comove.kernels.correlation import (
    Z95,
    complete_pairs,
    default_block,
    fisher_interval,
    pearson,
)
from comove.kernels.correlation_t import (
    StudentizedDraws,
    block_length,
    studentized_correlations,
    t_difference,
    t_interval,
)
from comove.kernels.kendall_t import studentized_kendall

__all__ = [
    "BLOCK_RULES", "DIFFERENCE_CI", "DIFFERENCE_P", "FHP_KENDALL", "KENDALL_CI", "PEARSON_CI",
    "Z95", "CorrelationSpan", "Method", "PeriodCorrelation", "PeriodDifference",
    "bootstrap_difference_p", "ci_label", "complete_pairs", "correlation", "default_block",
    "difference_between", "fisher_interval", "kendall_fisher_interval", "pearson",
    "period_correlation",
]

#: The variance factor of atanh(Kendall's tau): Fieller, Hartley and Pearson (1957).
FHP_KENDALL = 0.437
#: How each interval of a Pearson correlation and of its change is computed.
PEARSON_CI = ("symmetric bootstrap-t on Fisher z, circular blocks of {blocks} rows, "
              "studentised by block sums of r's influence function (Goetze-Kuensch)")
#: The same for Kendall's tau-b (recomputed on each resample).
KENDALL_CI = ("symmetric bootstrap-t on Fisher z, circular blocks of {blocks} rows, "
              "tau-b recomputed per resample and studentised by block sums of its influence "
              "function (Hoeffding projection; Goetze-Kuensch)")
#: The block lengths, as a rule (each period's own length is in its ``block``).
BLOCK_RULES = {"pearson": "max(n^(1/3), 3 x horizon)", "kendall": "max(n^(1/3), 3 x horizon)",
               "ranks": "max(n^(1/3), horizon)"}
#: ``{stat}``: r (Pearson) or tau (Kendall).
DIFFERENCE_CI = ("symmetric bootstrap-t of {stat}2 - {stat}1, circular blocks, studentised by "
                 "block sums of the influence functions (Goetze-Kuensch), periods resampled "
                 "independently")
DIFFERENCE_P = ("two-sided symmetric bootstrap-t p: (1 + #(|t*| >= |t|)) / (B + 1), periods "
                "resampled independently")

FloatArray = NDArray[np.float64]


class Method(StrEnum):
    PEARSON = "pearson"
    SPEARMAN = "spearman"
    KENDALL = "kendall"


def correlation(x: FloatArray, y: FloatArray, method: Method | str = Method.PEARSON) -> float:
    """Correlation of the complete pairs by ``method``."""
    method = Method(method)
    x, y = complete_pairs(x, y)
    if method is Method.PEARSON:
        return pearson(x, y)
    from scipy import stats

    if method is Method.SPEARMAN:
        return pearson(stats.rankdata(x), stats.rankdata(y))
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(stats.kendalltau(x, y).statistic)


@dataclass
class CorrelationSpan:
    """A correlation over ``start..end`` (``n`` pairs) with a 95% interval."""

    start: Any
    end: Any
    n: int
    corr: float
    ci_low: float
    ci_high: float


@dataclass
class PeriodCorrelation(CorrelationSpan):
    """The correlation in one period, with both intervals (``ci_low``/``ci_high`` the
    dependence-robust one)."""

    fisher_low: float
    fisher_high: float
    method: str
    block: float
    boot: FloatArray | None = None  # Spearman's resampled correlations
    draws: StudentizedDraws | None = None  # Pearson's and Kendall's (bootstrap-t)

    @property
    def ci_name(self) -> str:
        """Short name of the interval: ``bootstrap-t`` (Pearson, Kendall) or ``bootstrap``."""
        return "bootstrap-t" if self.draws is not None else "bootstrap"

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("boot", "draws")}
        out["ci"] = ci_label(self.method, self.block)
        out["fisher"] = fisher_label(self.method)
        return out


def ci_label(method: Method | str, block: float | None = None) -> str:
    """How the robust 95% interval of ``method`` is computed (with ``block`` rows, or the
    rule that sets the block length when ``block`` is None)."""
    method = Method(method)
    blocks = f"{block:g}" if block is not None else BLOCK_RULES[
        "ranks" if method is Method.SPEARMAN else method.value]
    if method is Method.PEARSON:
        return "95% " + PEARSON_CI.format(blocks=blocks)
    if method is Method.KENDALL:
        return "95% " + KENDALL_CI.format(blocks=blocks)
    return (f"stationary bootstrap 95% (percentile), mean block {blocks} rows, {method} "
            "recomputed per resample")


def fisher_label(method: Method | str) -> str:
    """How the Fisher interval of ``method`` is computed (and what it assumes)."""
    if Method(method) is Method.KENDALL:
        return ("Fisher z with the Fieller-Hartley-Pearson variance 0.437/(n-4); assumes "
                "independent days")
    return "Fisher z, se 1/sqrt(n-3); assumes independent days"


def kendall_fisher_interval(tau: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Fisher-z interval of Kendall's tau with the Fieller-Hartley-Pearson standard
    error ``sqrt(0.437 / (n - 4))`` (independent pairs)."""
    if n <= 4 or not np.isfinite(tau):
        return float("nan"), float("nan")
    tau = float(np.clip(tau, -0.9999999999, 0.9999999999))
    centre, se = np.arctanh(tau), np.sqrt(FHP_KENDALL / (n - 4))
    return float(np.tanh(centre - z * se)), float(np.tanh(centre + z * se))


def period_correlation(
    x: FloatArray, y: FloatArray, start: Any, end: Any, method: Method | str = Method.PEARSON,
    n_resamples: int = 10_000, rng: np.random.Generator | None = None, horizon: int = 1,
) -> PeriodCorrelation:
    """Correlation of ``x`` and ``y`` with Fisher and bootstrap intervals.

    Pearson and Kendall: symmetric bootstrap-t on Fisher's z (circular blocks of
    :func:`~comove.kernels.correlation_t.block_length` rows; Kendall's tau-b recomputed on
    every resample). Spearman: stationary-bootstrap percentile, recomputed on every
    resample (re-ranked). The Fisher interval of Kendall uses the Fieller-Hartley-Pearson
    variance; every Fisher interval assumes independent days.
    """
    from comove.kernels.resample import bootstrap_spearman

    rng = rng or np.random.default_rng(0)
    method = Method(method)
    xs, ys = complete_pairs(x, y)
    n = len(xs)
    r = correlation(xs, ys, method)
    fisher = kendall_fisher_interval(r, n) if method is Method.KENDALL else fisher_interval(r, n)
    if method is not Method.SPEARMAN:
        studentized = (studentized_kendall if method is Method.KENDALL
                       else studentized_correlations)
        draws = studentized(xs, ys, n_resamples, block_length(n, horizon), rng)
        lo, hi = t_interval(draws)
        return PeriodCorrelation(start, end, n, r, lo, hi, fisher[0], fisher[1], method.value,
                                 draws.block, draws=draws)
    block = default_block(n, horizon)
    lo = hi = float("nan")
    constant = n < 3 or np.ptp(xs) == 0 or np.ptp(ys) == 0
    if constant:
        boot = np.full(n_resamples, np.nan)
    else:
        boot = bootstrap_spearman(xs, ys, n_resamples, block, rng)
    if np.isfinite(boot).any():
        lo, hi = (float(v) for v in np.nanquantile(boot, [0.025, 0.975]))
    return PeriodCorrelation(start, end, n, r, lo, hi, fisher[0], fisher[1], method.value,
                             block, boot)


@dataclass
class PeriodDifference:
    """``second - first`` correlation: bootstrap interval and p-value (``p``, robust to the
    dependence of returns) and Fisher's test (``fisher_p``, assumes independent days)."""

    first: tuple[Any, Any]
    second: tuple[Any, Any]
    difference: float
    ci_low: float
    ci_high: float
    fisher_p: float
    p: float = float("nan")
    p_convention: str = ("two-sided stationary-bootstrap p: 2 min(share of resampled "
                         "differences <= 0, share >= 0), periods resampled independently")
    ci_convention: str = ("stationary bootstrap 95% (percentile) of the resampled "
                          "differences, periods resampled independently")
    fisher_convention: str = ("Fisher's z test of independent correlations; assumes "
                              "independent days (too small on overlapping returns)")

    @property
    def ci_name(self) -> str:
        """Short name of the interval and p: ``bootstrap-t`` (Pearson) or ``bootstrap``."""
        return "bootstrap-t" if "bootstrap-t" in self.ci_convention else "bootstrap"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def bootstrap_difference_p(draws: FloatArray) -> float:
    """Two-sided bootstrap p-value of "no change" from resampled differences:
    ``min(1, 2 min((1 + #(d <= 0)) / (B + 1), (1 + #(d >= 0)) / (B + 1)))`` over the finite
    draws (NaN when there are none)."""
    d = np.asarray(draws, dtype=float)
    d = d[np.isfinite(d)]
    if len(d) == 0:
        return float("nan")
    below = (1 + np.sum(d <= 0)) / (len(d) + 1)
    above = (1 + np.sum(d >= 0)) / (len(d) + 1)
    return float(min(1.0, 2 * min(below, above)))


def difference_between(a: PeriodCorrelation, b: PeriodCorrelation) -> PeriodDifference:
    """``b.corr - a.corr`` with a bootstrap interval and p-value (periods resampled
    independently; symmetric bootstrap-t for Pearson and Kendall, percentile for Spearman)
    and the two-sided p-value of Fisher's test for independent correlations (which assumes
    independent days)."""
    import math

    diff = b.corr - a.corr
    lo = hi = boot_p = float("nan")
    conventions: dict[str, str] = {}
    if a.draws is not None and b.draws is not None:
        diff, lo, hi, boot_p = t_difference(a.draws, b.draws)
        stat = "tau" if Method(a.method) is Method.KENDALL else "r"
        conventions = {"p_convention": DIFFERENCE_P,
                       "ci_convention": "95% " + DIFFERENCE_CI.format(stat=stat)}
    elif a.boot is not None and b.boot is not None:
        d = b.boot - a.boot
        if np.isfinite(d).any():
            lo, hi = (float(v) for v in np.nanquantile(d, [0.025, 0.975]))
            boot_p = bootstrap_difference_p(d)
    p = float("nan")
    if a.n > 3 and b.n > 3 and np.isfinite(a.corr) and np.isfinite(b.corr):
        za = np.arctanh(np.clip(a.corr, -0.9999999999, 0.9999999999))
        zb = np.arctanh(np.clip(b.corr, -0.9999999999, 0.9999999999))
        if Method(a.method) is Method.KENDALL and a.n > 4 and b.n > 4:
            variance = FHP_KENDALL / (a.n - 4) + FHP_KENDALL / (b.n - 4)
        else:
            variance = 1 / (a.n - 3) + 1 / (b.n - 3)
        z = (zb - za) / np.sqrt(variance)
        p = math.erfc(abs(float(z)) / math.sqrt(2))  # two-sided normal p
    return PeriodDifference((a.start, a.end), (b.start, b.end), float(diff), lo, hi, p, boot_p,
                            **conventions)
