"""Claim tests about events: what B did after events in A, and B's volume on A's state days.

The ``event:`` mapping of both is an :class:`EventParams`, checked when the file is loaded.
"""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from comove.claims.checks.common import MAX_DAYS, UNSURE, C, S, pct
from comove.claims.checks.registry import check
from comove.claims.model import Outcome
from comove.claims.params import Symbol, param
from comove.data.source import read_bars
from comove.errors import EmptyRangeError, UsageError
from comove.validate import horizons, resamples

if TYPE_CHECKING:
    import pandas as pd

    from comove.data.source import DataSource
    from comove.events import EventSpec
    from comove.events.study import EventStudyResult
    from comove.symbols import Symbol as StoredSymbol


@dataclass(frozen=True, kw_only=True)
class EventParams:
    """What counts as an event in A (see ``comove event --help``)."""

    kind: Literal["record", "breakout", "drawdown", "move", "level", "divergence",
                  "dates"] = param()
    threshold: float | None = param(None, help="drawdown, move, level, divergence: e.g. "
                                    "-0.2, -0.05, 15")
    min_days: int = param(252, help="breakout: trading days without a record before it",
                          low=1, high=MAX_DAYS)
    basis: Literal["close", "high"] = param("close", help="record, breakout, divergence")
    above: bool = param(False, help="level: crossing above instead of below")
    other: Symbol | None = param(None, help="divergence: the asset below its record")
    dates: list[dt.date] = param([], help="dates: the event days")

    def validate(self) -> None:
        if self.kind in ("drawdown", "move", "level", "divergence") and self.threshold is None:
            raise UsageError(f"a {self.kind} event needs a threshold", "e.g. threshold: -0.2",
                             param="threshold")
        if self.kind == "divergence" and self.other is None:
            raise UsageError("a divergence event needs other", "e.g. other: BTC",
                             param="other")
        if self.kind == "dates" and not self.dates:
            raise UsageError("a dates event needs dates", "e.g. dates: [2016-11-14]",
                             param="dates")

    def spec(self) -> EventSpec:
        from comove.events import EventKind, EventSpec

        return EventSpec(EventKind(self.kind), threshold=self.threshold,
                         min_days=self.min_days, basis=self.basis, above=self.above,
                         other=self.other, dates=tuple(self.dates))


@dataclass(frozen=True, kw_only=True)
class EventStudyParams:
    a: Symbol = param()
    b: Symbol = param()
    event: EventParams = param(help="kind, and threshold/min_days/basis/other/dates as needed")
    horizons: list[int] = param([90, 180, 365], check=horizons)
    claimed: Literal["up", "down", "insufficient"] = param()
    start: dt.date | None = param(None)
    decluster: int = param(30, low=0, high=MAX_DAYS)
    resamples: int = param(10_000, check=resamples)


@dataclass(frozen=True, kw_only=True)
class ConditionalVolumeParams:
    a: Symbol = param()
    b: Symbol = param()
    event: EventParams = param()
    claimed_low: float = param(help="claimed ratio of volume, low end (1.2 = +20%)", low=0,
                               high=1e6)
    claimed_high: float | None = param(None, low=0, high=1e6)
    start: dt.date | None = param(None)
    resamples: int = param(10_000, check=resamples)


def _event_days(source: DataSource, p: EventStudyParams | ConditionalVolumeParams
                ) -> tuple[EventSpec, StoredSymbol, pd.DatetimeIndex, pd.DatetimeIndex]:
    """The event spec, A's raw event days and A's trading days from ``start``."""
    import pandas as pd

    from comove.events import raw_event_days

    spec = p.event.spec()
    a, a_bars = read_bars(source, p.a)
    other = read_bars(source, spec.other)[1] if spec.other else None
    raw = raw_event_days(spec, a_bars, other)
    calendar = a_bars.index
    if p.start:
        raw = raw[raw >= pd.Timestamp(p.start)]
        calendar = calendar[calendar >= pd.Timestamp(p.start)]
    if len(calendar) == 0:
        raise EmptyRangeError(f"no {a.symbol} data from {p.start}",
                              f"{a.symbol} data end {a_bars.index[-1].date()}")
    return spec, a, raw, calendar


def _run_event_study(source: DataSource, p: EventStudyParams) -> EventStudyResult:
    from comove.events import decluster, event_study

    spec, a, raw, calendar = _event_days(source, p)
    b, b_bars = read_bars(source, p.b)
    days, _ = decluster(raw, p.decluster)
    return event_study(days, calendar, b_bars["close"], p.horizons,
                       description=spec.describe(a.symbol), event_symbol=a.symbol,
                       response_symbol=b.symbol, raw_event_count=len(raw),
                       decluster_days=p.decluster, n_resamples=p.resamples,
                       n_placebo=p.resamples)


@check("event_study", "what B did after events in A, against B's usual returns",
       EventStudyParams)
def event_study_check(source: DataSource, p: EventStudyParams) -> Outcome:
    """up/down: supported when at some horizon B's mean return after events differs from its
    usual return in the claimed direction (95% bootstrap interval excludes zero and placebo
    p < 0.05) and at no horizon in the other; contradicted when the opposite holds;
    inconclusive otherwise, and always when there are fewer than 3 events.
    insufficient (a claim that the sample cannot show anything): supported when every
    horizon has fewer than 3 events."""
    from comove.events.study import MIN_EVENTS

    result = _run_event_study(source, p)
    per = {r.horizon: r for r in result.results}
    events = result.events[result.events["in_sample"]]
    n = max((r.n for r in result.results), default=0)
    if len(events) <= 4:
        listed = "; ".join(
            f"{row['date'].date()}: " + ", ".join(
                f"{h}d {pct(row[f'return_{h}d'])}" for h in result.horizons)
            for _, row in events.iterrows())
        measured = f"n={n} ({listed})"
    else:
        measured = f"n={n}; " + "; ".join(
            f"{r.horizon}d mean {pct(r.mean)} vs usual {pct(r.baseline_mean)} (difference "
            f"95% {pct(r.ci_low)} to {pct(r.ci_high)})" for r in result.results)
    evidence = result.as_dict()
    if p.claimed == "insufficient":
        few = all(r.n < MIN_EVENTS for r in result.results)
        return Outcome(S if few else C, measured, "too few events to establish anything",
                       evidence, result.convention)
    ups = [h for h, r in per.items() if r.n >= MIN_EVENTS and r.ci_low > 0 and r.placebo_p < .05]
    downs = [h for h, r in per.items() if r.n >= MIN_EVENTS and r.ci_high < 0 and
             r.placebo_p < .05]
    want, other = (ups, downs) if p.claimed == "up" else (downs, ups)
    verdict = S if want and not other else C if other and not want else UNSURE
    notes = [f"{h}d: {r.verdict}" for h, r in per.items()]
    return Outcome(verdict, measured, f"{p.b} {p.claimed} after: {result.description}",
                   evidence, result.convention, notes)


@check("conditional_volume", "whether B's volume is higher on days A is in a state",
       ConditionalVolumeParams)
def conditional_volume(source: DataSource, p: ConditionalVolumeParams) -> Outcome:
    """The ratio of B's relative volume on state days to other days, with a 95% interval.
    Supported when the interval overlaps the claimed range and is above 1; contradicted when
    it lies wholly below the claimed low (or above the claimed high); inconclusive
    otherwise."""
    from comove.events.conditional import conditional_summary

    spec, a, days, calendar = _event_days(source, p)
    _, b_bars = read_bars(source, p.b)
    s = conditional_summary(days, calendar, b_bars, "volume", description=spec.describe(a.symbol),
                            n_resamples=p.resamples)
    ratio, lo, hi = np.exp(s.difference), np.exp(s.ci_low), np.exp(s.ci_high)
    claimed_high = p.claimed_high or np.inf
    if hi < p.claimed_low or lo > claimed_high:
        verdict = C
    elif lo > 1 and hi >= p.claimed_low:
        verdict = S
    else:
        verdict = UNSURE
    return Outcome(verdict, f"{ratio:.3f}x (95% {lo:.3f} to {hi:.3f}; n={s.n_state} state days)",
                   f"{p.claimed_low:g}x" + (f" to {p.claimed_high:g}x" if p.claimed_high
                                            else "+"),
                   s.as_dict(), s.convention)


__all__ = ["EventParams", "conditional_volume", "event_study_check"]
