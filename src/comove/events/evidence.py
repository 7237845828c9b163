"""The evidence of an event study at one horizon: the difference of means, its interval and
placebo p-value, Holm's adjustment across horizons, and the verdict in words.

``circular`` (:func:`shift_evidence`): every circular shift of the event set over the
baseline days (:mod:`comove.kernels.resample`), which keeps the events' clustering.
``random`` (:func:`random_evidence`): the earlier stationary-bootstrap interval and placebo
of independent random days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from comove.kernels.bootstrap import bootstrap_mean_difference
from comove.kernels.resample import holm, shift_differences, shift_test

MIN_EVENTS = 3
THIN_EVENTS = 10
ALPHA = 0.05


@dataclass
class HorizonResult:
    """Event returns against the baseline at one horizon.

    ``ci_low``/``ci_high`` and ``placebo_p`` are at the 95% level for this horizon alone;
    ``placebo_p_holm`` is Holm-adjusted across the study's horizons and
    ``simultaneous_low``/``simultaneous_high`` is the interval at level 1 - 0.05/m for m
    horizons (circular placebo only), for claims read at any of several horizons.
    ``shifts`` is the number of circular shifts (0 with the random placebo).
    """

    horizon: int
    n: int
    mean: float
    median: float
    hit_rate: float
    baseline_n: int
    baseline_mean: float
    baseline_median: float
    baseline_hit_rate: float
    difference: float
    ci_low: float
    ci_high: float
    placebo_p: float
    pending: int
    verdict: str
    placebo_p_holm: float = float("nan")
    shifts: int = 0
    simultaneous_low: float = float("nan")
    simultaneous_high: float = float("nan")

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def with_holm(results: list[HorizonResult]) -> list[HorizonResult]:
    """Holm-adjusted placebo p-values across the horizons, and the verdicts that cite them."""
    adjusted = holm([r.placebo_p for r in results])
    return [replace(r, placebo_p_holm=float(a),
                    verdict=verdict_text(r.n, r.difference, r.ci_low, r.ci_high, r.placebo_p,
                                     float(a), len(results)))
            for r, a in zip(results, adjusted, strict=True)]


def shift_evidence(h: int, ev: np.ndarray, base: np.ndarray, positions: np.ndarray,
                  pending: int, tests: int = 1) -> HorizonResult:
    """Evidence at one horizon from every circular shift of the events over the baseline;
    the simultaneous interval is at level 1 - 0.05/tests (Bonferroni over the horizons)."""
    n = len(ev)
    nan = float("nan")
    base_mean = float(base.mean()) if len(base) else nan
    mean = float(ev.mean()) if n else nan
    difference = mean - base_mean
    lo = hi = p = both_lo = both_hi = nan
    shifts = 0
    if n >= 1 and len(base) > n:
        shifted = shift_differences(base, positions)
        test = shift_test(shifted, difference, ALPHA)
        lo, hi, p, shifts = test.ci_low, test.ci_high, test.p, test.shifts
        joint = shift_test(shifted, difference, ALPHA / max(tests, 1))
        both_lo, both_hi = joint.ci_low, joint.ci_high
    return HorizonResult(
        **_summaries(h, ev, base), difference=difference, ci_low=lo, ci_high=hi, placebo_p=p,
        pending=pending, verdict="", shifts=shifts, simultaneous_low=both_lo,
        simultaneous_high=both_hi,
    )


def random_evidence(
    h: int,
    ev: np.ndarray,
    base: np.ndarray,
    flags: np.ndarray,
    pending: int,
    block: float,
    n_resamples: int,
    n_placebo: int,
    rng: np.random.Generator,
) -> HorizonResult:
    n = len(ev)
    nan = float("nan")
    base_mean = float(base.mean()) if len(base) else nan
    mean = float(ev.mean()) if n else nan
    difference = mean - base_mean
    ci_low = ci_high = p = nan
    if n >= 1 and flags.sum() >= 1 and len(base) > n:
        boot = bootstrap_mean_difference(base, flags, n_resamples, block, rng)
        boot = boot[~np.isnan(boot)]
        if len(boot):
            ci_low, ci_high = (float(x) for x in np.quantile(boot, [0.025, 0.975]))
        placebo = _placebo_means(base, n, n_placebo, rng) - base_mean
        p = float((1 + np.sum(np.abs(placebo) >= abs(difference))) / (1 + n_placebo))
    return HorizonResult(
        **_summaries(h, ev, base), difference=difference, ci_low=ci_low, ci_high=ci_high,
        placebo_p=p, pending=pending, verdict="",  # set by with_holm
    )


def _summaries(h: int, ev: np.ndarray, base: np.ndarray) -> dict[str, Any]:
    """Mean, median and hit rate of the event returns and of the baseline."""
    nan = float("nan")
    n = len(ev)
    return {"horizon": h, "n": n, "mean": float(ev.mean()) if n else nan,
            "median": float(np.median(ev)) if n else nan,
            "hit_rate": float((ev > 0).mean()) if n else nan, "baseline_n": len(base),
            "baseline_mean": float(base.mean()) if len(base) else nan,
            "baseline_median": float(np.median(base)) if len(base) else nan,
            "baseline_hit_rate": float((base > 0).mean()) if len(base) else nan}


def _placebo_means(base: np.ndarray, n: int, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Means of ``n`` random baseline days (drawn with replacement), ``draws`` times."""
    return base[rng.integers(0, len(base), size=(draws, n))].mean(axis=1)


def significant(lo: float, hi: float, p: float) -> bool:
    """The rule every event and condition verdict uses: the interval excludes zero and the
    placebo p-value is below :data:`ALPHA` (False when the interval is missing)."""
    return lo == lo and (lo > 0 or hi < 0) and p < ALPHA


def verdict_text(n: int, difference: float, lo: float, hi: float, p: float,
             p_holm: float = float("nan"), tests: int = 1) -> str:
    if n < MIN_EVENTS:
        return (f"too few events (n={n}) to conclude anything; the returns are anecdotes, "
                "not evidence")
    prefix = f"thin evidence (n={n}): " if n < THIN_EVENTS else f"n={n}: "
    direction = "higher" if difference > 0 else "lower"
    if significant(lo, hi, p):
        holm_text = (f" (Holm across {tests} horizons: p={p_holm:.3f})"
                     if tests > 1 and p_holm == p_holm else "")
        return (f"{prefix}returns after events were {direction} than usual by "
                f"{abs(difference):.1%}; interval excludes zero, placebo p={p:.3f}"
                + holm_text)
    return (f"{prefix}not distinguishable from the usual return "
            f"(difference {difference:+.1%}, interval {lo:+.1%} to {hi:+.1%}, placebo "
            f"p={p:.2f})")


__all__ = [
    "ALPHA",
    "MIN_EVENTS",
    "THIN_EVENTS",
    "HorizonResult",
    "random_evidence",
    "shift_evidence",
    "significant",
    "verdict_text",
    "with_holm",
]
