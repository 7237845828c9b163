"""Claim tests about what drives what: Granger lead and lag, and betas on a driver."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from comove.claims.checks.common import (
    MIN_PAIRS,
    UNSURE,
    S,
    aligned,
    between,
    convention,
    interval_outcome,
)
from comove.claims.checks.registry import check
from comove.claims.model import Outcome
from comove.claims.params import Symbol, param
from comove.claims.verdicts import is_marginal
from comove.errors import EmptyRangeError
from comove.validate import MAX_LAG, resamples

if TYPE_CHECKING:
    from comove.data.source import DataSource


@dataclass(frozen=True, kw_only=True)
class LeadLagParams:
    a: Symbol = param()
    b: Symbol = param()
    claimed: Literal["a_leads_b", "b_leads_a"] = param()
    start: dt.date | None = param(None)
    max_lag: int = param(4, low=1, high=MAX_LAG)
    policy: Literal["equity", "calendar", "weekly"] = param("weekly")


@check("leadlag", "whether A leads B (Granger causality one way, not the other)",
       LeadLagParams)
def leadlag_check(source: DataSource, p: LeadLagParams) -> Outcome:
    """Supported when the claimed direction is Granger-significant (p < 0.05) and the other
    is not; inconclusive otherwise. Never contradicted: a Granger test that finds nothing is
    absence of evidence, and a significant reverse direction does not rule out the claimed
    one (it is reported in the notes). Weekly returns by default, which removes the
    crypto/equity closing-time overlap."""
    import pandas as pd

    from comove.comovement.leadlag import lead_lag

    panel = aligned(source, [p.a, p.b], p.policy)
    r = panel.returns("log")
    cols = list(r.returns.columns)
    frame = r.returns
    if p.start:
        frame = frame.loc[pd.Timestamp(p.start):]
    if frame.dropna().empty:
        raise EmptyRangeError(f"no weeks or days with both {cols[0]} and {cols[1]} returns "
                              f"from {p.start}", "choose an earlier start")
    rep = lead_lag(cols[0], frame[cols[0]], cols[1], frame[cols[1]], p.max_lag)
    forward, backward = rep.x_causes_y_p, rep.y_causes_x_p
    if p.claimed == "b_leads_a":
        forward, backward = backward, forward
    verdict = S if forward < .05 <= backward else UNSURE
    notes = list(rep.warnings)
    if backward < .05 <= forward:
        notes.append("only the reverse direction is significant: no evidence for the claimed "
                     "lead, which is not evidence against it")
    return Outcome(verdict, f"Granger p: {cols[0]}->{cols[1]} {rep.x_causes_y_p:.3f}, "
                   f"{cols[1]}->{cols[0]} {rep.y_causes_x_p:.3f} ({rep.granger_test}, lag "
                   f"{rep.granger_lag} by {rep.criterion.upper()})",
                   p.claimed.replace("_", " "), rep.as_dict(), convention(panel, r, p.start, None),
                   notes, marginal=is_marginal(forward, .05, 0.1))


@dataclass(frozen=True, kw_only=True)
class BetaComparisonParams:
    more: Symbol = param(help="claimed more sensitive")
    less: Symbol = param()
    driver: Symbol = param(help="e.g. DGS10 (changes)")
    start: dt.date = param()
    end: dt.date = param()
    resamples: int = param(10_000, check=resamples)


@check("beta_comparison", "whether one asset's returns respond more to a driver than "
       "another's", BetaComparisonParams, window=lambda p: p.end)
def beta_comparison(source: DataSource, p: BetaComparisonParams) -> Outcome:
    """Betas of daily log returns on the driver's daily changes (equity calendar). Supported
    when |beta(more)| - |beta(less)| has a 95% stationary-bootstrap interval above zero;
    contradicted when below; inconclusive otherwise."""
    import numpy as np

    from comove.comovement.correlation import default_block
    from comove.kernels.beta import betas, bootstrap_betas

    panel = aligned(source, [p.driver, p.more, p.less], "equity")
    r = panel.returns("log")
    frame = between(r.returns, p.start, p.end, "days with all three series", MIN_PAIRS)
    x, y1, y2 = (frame.iloc[:, i].to_numpy() for i in range(3))
    n = len(x)
    if np.ptp(x) == 0:
        raise EmptyRangeError(f"{p.driver} does not move between {p.start} and {p.end}",
                              "choose a period in which the driver moves")
    b1, b2 = (float(b) for b in betas(x, [y1, y2]))
    boot = bootstrap_betas(x, [y1, y2], p.resamples, default_block(n),
                           np.random.default_rng(0))
    d = np.abs(boot[:, 0]) - np.abs(boot[:, 1])
    lo, hi = np.nanquantile(d, [0.025, 0.975])
    return interval_outcome(
        float(lo), float(hi), "positive",
        f"beta {p.more} {b1:+.4f}, {p.less} {b2:+.4f} per unit of {p.driver} change "
        f"(|difference| 95% {lo:+.4f} to {hi:+.4f}, n={n})",
        f"{p.more} more sensitive than {p.less}",
        {"beta_more": b1, "beta_less": b2, "ci": [float(lo), float(hi)], "n": n},
        convention(panel, r, p.start, p.end))


__all__ = ["beta_comparison", "leadlag_check"]
