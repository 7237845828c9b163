"""Claim tests about co-movement: the sign of a correlation in a period, and its change
between two periods (the same statistics as ``comove corr``)."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from comove.claims.checks.common import (
    MIN_PAIRS,
    UNSURE,
    C,
    S,
    aligned,
    between,
    convention,
    interval_outcome,
    memo,
)
from comove.claims.checks.registry import check
from comove.claims.model import Outcome
from comove.claims.params import Period, Series, param
from comove.validate import MAX_HORIZON_DAYS, resamples

if TYPE_CHECKING:
    from comove.align import AlignedPrices, AlignedReturns
    from comove.comovement.correlation import PeriodCorrelation
    from comove.data.source import DataSource

Policy = Literal["equity", "calendar", "weekly"]
POLICIES = (("equity", "equity days"), ("calendar", "calendar days"), ("weekly", "weekly"))


Returns = Literal["simple", "log"]


@dataclass(frozen=True, kw_only=True)
class CorrelationPeriodParams:
    a: Series = param(help="symbol or ratio such as ETH/BTC")
    b: Series = param()
    start: dt.date = param()
    end: dt.date = param()
    claimed: Literal["positive", "negative"] = param()
    policy: Policy = param("equity")
    returns: Returns = param("log")
    horizon: int = param(1, low=1, high=MAX_HORIZON_DAYS)
    resamples: int = param(10_000, check=resamples)


def _returns(source: DataSource, p: _ReturnOptions) -> tuple[AlignedPrices, AlignedReturns]:
    panel = aligned(source, [p.a, p.b], p.policy)
    return panel, memo(source, ("returns", p.a, p.b, p.policy, p.returns, p.horizon),
                       lambda: panel.returns(p.returns, p.horizon))


def _period(r: AlignedReturns, start: dt.date, end: dt.date, p: _ReturnOptions,
            rng: object = None) -> PeriodCorrelation:
    from comove.comovement.correlation import period_correlation

    cols = list(r.returns.columns)
    part = between(r.returns, start, end, f"pairs of {cols[0]} and {cols[1]} returns",
                   MIN_PAIRS)
    return period_correlation(part[cols[0]], part[cols[1]], part.index[0].date(),
                              part.index[-1].date(), n_resamples=p.resamples,
                              rng=rng, horizon=p.horizon)  # type: ignore[arg-type]


@check("correlation_period", "the sign of the correlation of two return series in a period",
       CorrelationPeriodParams, {"policy": POLICIES}, window=lambda p: p.end)
def correlation_period(source: DataSource, p: CorrelationPeriodParams) -> Outcome:
    """Supported when the 95% block bootstrap-t interval is on the claimed side of zero,
    contradicted when it is on the other side, inconclusive when it straddles zero. The
    alignment is a reading unless the claim gives ``policy``: equity days, calendar days and
    weeks are evaluated."""
    panel, r = _returns(source, p)
    pc = _period(r, p.start, p.end, p)
    return interval_outcome(
        pc.ci_low, pc.ci_high, p.claimed,
        f"corr {pc.corr:+.3f} (95% {pc.ci_low:+.3f} to {pc.ci_high:+.3f}, n={pc.n})",
        p.claimed, pc.as_dict(), convention(panel, r, p.start, p.end))


@dataclass(frozen=True, kw_only=True)
class CorrelationShiftParams:
    a: Series = param()
    b: Series = param()
    before: Period = param()
    after: Period = param()
    claimed: Literal["increase", "decrease"] = param()
    policy: Policy = param("equity")
    returns: Returns = param("log")
    horizon: int = param(1, low=1, high=MAX_HORIZON_DAYS)
    resamples: int = param(10_000, check=resamples)


@dataclass(frozen=True, kw_only=True)
class CorrelationValueParams:
    a: Series = param()
    b: Series = param()
    start: dt.date = param()
    end: dt.date = param()
    claimed: float = param(help='e.g. 0.36, or "about 0.4"', low=-1, high=1)
    tolerance: float | None = param(None, help="absolute; default: the claimed figure's "
                                    "precision (0.36 is 0.355 to 0.365)", low=0, high=2)
    policy: Policy = param("equity")
    returns: Returns = param("log")
    horizon: int = param(1, low=1, high=MAX_HORIZON_DAYS)
    resamples: int = param(10_000, check=resamples)


_ReturnOptions = CorrelationPeriodParams | CorrelationShiftParams | CorrelationValueParams


@check("correlation_value", "the value of a correlation in a period (\"0.36 in 2020-21\")",
       CorrelationValueParams, {"policy": POLICIES}, window=lambda p: p.end)
def correlation_value(source: DataSource, p: CorrelationValueParams) -> Outcome:
    """Supported when the measured correlation rounds to the claim (within ``tolerance``, by
    default the claimed figure's precision); contradicted when the 95% block bootstrap-t
    interval excludes the claimed range; inconclusive when the estimate misses the range but
    its interval still reaches it. The alignment is a reading unless the claim gives
    ``policy``."""
    from comove.claims.verdicts import is_marginal, tolerance

    panel, r = _returns(source, p)
    pc = _period(r, p.start, p.end, p)
    tol = tolerance(p.claimed, p.tolerance)
    lo, hi = p.claimed - tol, p.claimed + tol
    if lo <= pc.corr <= hi:
        verdict = S
    elif pc.ci_high < lo or pc.ci_low > hi:
        verdict = C
    else:
        verdict = UNSURE
    edge = lo if pc.corr < lo else hi
    return Outcome(verdict, f"corr {pc.corr:+.3f} (95% {pc.ci_low:+.3f} to {pc.ci_high:+.3f}, "
                   f"n={pc.n})", f"{p.claimed:+.3f} ({lo:+.3f} to {hi:+.3f})", pc.as_dict(),
                   convention(panel, r, p.start, p.end), marginal=is_marginal(pc.corr, edge))


@check("correlation_shift", "whether the correlation of two return series rose or fell "
       "between two periods", CorrelationShiftParams, {"policy": POLICIES},
       window=lambda p: p.after[1])
def correlation_shift(source: DataSource, p: CorrelationShiftParams) -> Outcome:
    """Supported when the 95% bootstrap interval of the change excludes zero on the claimed
    side; contradicted on the other side; inconclusive otherwise. The alignment is a reading
    unless the claim gives ``policy``."""
    import numpy as np

    from comove.comovement.correlation import difference_between

    panel, r = _returns(source, p)
    rng = np.random.default_rng(0)
    parts = [_period(r, start, end, p, rng) for start, end in (p.before, p.after)]
    d = difference_between(parts[0], parts[1])
    return interval_outcome(
        d.ci_low, d.ci_high, p.claimed,
        f"{parts[0].corr:+.3f} -> {parts[1].corr:+.3f} (change {d.difference:+.3f}, 95% "
        f"{d.ci_low:+.3f} to {d.ci_high:+.3f}, {d.ci_name} p={d.p:.2g}; Fisher p="
        f"{d.fisher_p:.2g} assumes independent days)",
        p.claimed, {"before": parts[0].as_dict(), "after": parts[1].as_dict(),
                    "change": d.as_dict()}, convention(panel, r, p.before[0], p.after[1]))


__all__ = ["correlation_period", "correlation_shift", "correlation_value"]
