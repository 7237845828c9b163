"""Claim tests about events: what B did after events in A, and B's volume on A's state days.

The ``event:`` mapping of both is an :class:`EventParams`, checked when the file is loaded.
"""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from comove.claims.checks.common import MAX_DAYS, UNSURE, C, S, long_bars, pct, splice_note
from comove.claims.checks.registry import check, since_of
from comove.claims.model import Outcome, Since, Verdict
from comove.claims.params import Symbol, param
from comove.claims.verdicts import Figure, is_marginal, over_parts, parse_figure, stated_range
from comove.data.source import read_bars
from comove.errors import EmptyRangeError, UsageError
from comove.validate import horizons, resamples

if TYPE_CHECKING:
    import pandas as pd

    from comove.data.source import DataSource
    from comove.events import EventSpec
    from comove.events.conditional import ConditionalSummary
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
    claimed: Literal["up", "down", "each_up", "insufficient"] = param(
        help="up/down: B's mean return after events differs from its usual one; each_up: B "
        "rose by at least rise after each event (a description of what happened)")
    start: dt.date | None = param(None)
    years: list[int] = param([], help="each_up: the years of the events the claim names",
                             low=1800, high=2200)
    rise: float = param(0.2, help="each_up: the rise that counts as a bull run", low=0,
                        high=1e6)
    decluster: int = param(30, low=0, high=MAX_DAYS)
    resamples: int = param(10_000, check=resamples)


def _volume_ratio(value: float, name: str) -> float:
    """A ratio of volume to its baseline, 0 to 1e6, as written (its precision is kept). A
    percentage is refused: "20%" would be read as a ratio of 0.2, volume down 80%."""
    text = str(getattr(value, "text", "") or "").strip()
    if text.endswith("%"):
        change = float(value)
        raise UsageError(f"'{text}' is a percentage, and {name} is a ratio of volume to its "
                         "baseline", f"write {1 + change:g} for {abs(change) * 100:.10g}% "
                         + ("more" if change >= 0 else "less")
                         + (f'; keep the hedge: "about {1 + change:g}"'
                            if getattr(value, "hedged", False) else ""))
    if not 0 <= float(value) <= 1e6:
        raise UsageError(f"{float(value):g} is outside 0 to 1e6", "e.g. 1.2 for 20% more")
    return value


@dataclass(frozen=True, kw_only=True)
class ConditionalVolumeParams:
    a: Symbol = param()
    b: Symbol = param()
    event: EventParams = param()
    claimed_low: float = param(help="claimed ratio of volume, low end (1.2 = +20%)",
                               check=_volume_ratio)
    claimed_high: float | None = param(None, help="high end; without it, at least the low "
                                       "end", check=_volume_ratio)
    start: dt.date | None = param(None)
    resamples: int = param(10_000, check=resamples)
    baseline_days: int = param(30, help="B's volume over its median of this many previous "
                               "days (a reading when not given: 30, 90, 365)", low=5,
                               high=MAX_DAYS)

    def validate(self) -> None:
        if self.claimed_high is not None and self.claimed_low > self.claimed_high:
            raise UsageError(f"claimed_low {self.claimed_low:g} is above claimed_high "
                             f"{self.claimed_high:g}", "swap them")


def _event_days(source: DataSource, p: EventStudyParams | ConditionalVolumeParams
                ) -> tuple[EventSpec, StoredSymbol, pd.DatetimeIndex, pd.DatetimeIndex]:
    """The event spec, A's raw event days and A's trading days from ``start``."""
    import pandas as pd

    from comove.events import raw_event_days

    spec = p.event.spec()
    a, a_bars = long_bars(source, p.a)
    other = long_bars(source, spec.other)[1] if spec.other else None
    raw = raw_event_days(spec, a_bars, other)
    calendar = a_bars.index
    if p.start:
        raw = raw[raw >= pd.Timestamp(p.start)]
        calendar = calendar[calendar >= pd.Timestamp(p.start)]
    if len(calendar) == 0:
        raise EmptyRangeError(f"no {a.symbol} data from {p.start}",
                              f"{a.symbol} data end {a_bars.index[-1].date()}")
    if a_bars.attrs.get("splice"):  # events only where A has its own (Yahoo) history
        own = a_bars["high"].first_valid_index() if "high" in a_bars else None
        if own is not None:
            calendar = calendar[calendar >= own]
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
    """up/down: a horizon carries the claim when B's mean return after events differs from
    its usual return in the claimed direction, its 95% interval excludes zero and its
    placebo p-value, Holm-adjusted across the horizons, is below 0.05. Supported when some
    horizon carries the claim and none the opposite; contradicted when the opposite holds;
    inconclusive otherwise, and always with fewer than 3 events.
    each_up (a description of named episodes): one part per event (in ``years`` if given);
    a part holds when B rose by at least ``rise`` over every horizon, fails when B fell over
    one, is not yet measurable when a horizon has not passed. A named year with no event
    fails when the sample covers it, and is inconclusive when it does not.
    insufficient (a claim that the sample cannot show anything): supported when every
    horizon has fewer than 3 events."""
    from comove.events.study import ALPHA, MIN_EVENTS

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
    if p.claimed == "each_up":
        return _each_up(p, result, events, evidence)
    adjusted = {h: r.placebo_p_holm for h, r in per.items()}  # across the study's horizons
    ups = [h for h, r in per.items() if r.n >= MIN_EVENTS and r.ci_low > 0 and adjusted[h] < ALPHA]
    downs = [h for h, r in per.items() if r.n >= MIN_EVENTS and r.ci_high < 0 and
             adjusted[h] < ALPHA]
    want, other = (ups, downs) if p.claimed == "up" else (downs, ups)
    verdict = S if want and not other else C if other and not want else UNSURE
    notes = [f"{h}d: {r.verdict} (Holm-adjusted p={adjusted[h]:.2g})" for h, r in per.items()]
    marginal = any(is_marginal(adjusted[h], ALPHA, 0.1) for h in per)
    return Outcome(verdict, measured, f"{p.b} {p.claimed} after: {result.description}",
                   evidence, result.convention + "; placebo p-values Holm-adjusted across "
                   "the horizons", notes, marginal=marginal)


def _each_up(p: EventStudyParams, result: EventStudyResult, events: pd.DataFrame,
             evidence: dict[str, object]) -> Outcome:
    chosen = events[events["date"].dt.year.isin(p.years)] if p.years else events
    parts, notes = [], []
    first, last = result.sample
    for year in p.years:
        if (chosen["date"].dt.year == year).any():
            continue
        if first <= dt.date(year, 1, 1) and dt.date(year, 12, 31) <= last:
            parts.append(C)
            notes.append(f"{year}: no event")
        else:  # the data cannot show whether it happened: no evidence either way
            parts.append(UNSURE)
            outside = dt.date(year, 12, 31) < first or last < dt.date(year, 1, 1)
            notes.append(f"{year}: " + ("outside the sample" if outside else
                                        "no event in the part the sample covers")
                         + f" ({first} to {last})")
    for _, row in chosen.iterrows():
        moves = [float(row[f"return_{h}d"]) for h in result.horizons]
        if any(m == m and m < 0 for m in moves):
            parts.append(C)
        elif any(m != m for m in moves):
            parts.append(Verdict.NOT_YET)
        else:
            parts.append(S if all(m >= p.rise for m in moves) else C)
        notes.append(f"{row['date'].date()}: {parts[-1].value} (" + ", ".join(
            f"{h}d {pct(m)}" for h, m in zip(result.horizons, moves, strict=True)) + ")")
    verdict = over_parts(parts) if parts else UNSURE
    measured = "; ".join(notes) or "no events"
    return Outcome(verdict, measured, f"{p.b} up at least {p.rise:.0%} over "
                   f"{', '.join(f'{h}d' for h in result.horizons)} after each: "
                   f"{result.description}" + (f" in {', '.join(map(str, p.years))}"
                                              if p.years else ""),
                   evidence, result.convention + "; each event described, not tested "
                   "against chance", notes)


@since_of("event_study")
def _forecast_since(source: DataSource, p: EventStudyParams, made: dt.date,
                    end: dt.date) -> Since | None:
    """For a catch-up forecast (a divergence event, claimed up): whether the laggard has set
    a new record since the claim was made."""
    import pandas as pd

    from comove.records.synchrony import record_days

    if p.claimed != "up" or p.event.kind != "divergence" or p.event.other is None:
        return None
    sym, bars = long_bars(source, p.event.other)
    closes = bars["close"].dropna()
    days = record_days(closes)
    hits = days[days > pd.Timestamp(made)]
    below = float(closes.iloc[-1] / closes.max() - 1)
    came = bool(len(hits))
    text = (f"came true: {sym.symbol} set a record close on {hits[0].date()}" if came else
            f"not so far: {sym.symbol} {pct(below)} below its record on "
            f"{closes.index[-1].date()}")
    return Since(made, end, text, came, {"laggard_records_since": len(hits),
                                         "laggard_below_record": below})


@check("conditional_volume", "whether B's volume is higher on days A is in a state",
       ConditionalVolumeParams, {"baseline_days": ((30, "30-day baseline"),
                                                   (90, "90-day baseline"),
                                                   (365, "365-day baseline"))})
def conditional_volume(source: DataSource, p: ConditionalVolumeParams) -> Outcome:
    """The ratio of B's relative volume (volume over its median of the previous
    ``baseline_days``) on state days to other days, with a 95% interval. Supported when the
    interval overlaps the claimed range and is above 1; contradicted when it lies wholly
    below the claimed low (or above the claimed high); inconclusive otherwise. The claimed
    ratios are read as the changes the claim states, at their precision: a range (1.2 to
    1.3, "20-30%") by its rounding, 19.5% to 30.5%; a lone low end (1.2, "20%") by its own
    precision, from 15%; a low of 1 (higher, no figure) exactly. The baseline is a reading
    unless the claim gives it: 30, 90 and 365 days are evaluated."""
    spec, a, days, calendar = _event_days(source, p)
    _, b_bars = read_bars(source, p.b)
    s = _volume_summary(days, calendar, b_bars, spec.describe(a.symbol), p)
    ratio, lo, hi = np.exp(s.difference), np.exp(s.ci_low), np.exp(s.ci_high)
    low, high = _claimed_bounds(p)
    if hi < low or lo > high:
        verdict = C
    elif lo > 1 and hi >= low:
        verdict = S
    else:
        verdict = UNSURE
    claimed = f"{p.claimed_low:g}x" + (f" to {p.claimed_high:g}x" if p.claimed_high is not None
                                         else "+")
    widened = low != p.claimed_low
    if widened:
        claimed += (f" ({low:.6g}x to {high:.6g}x)" if p.claimed_high is not None else
                    f" (from {low:.6g}x)")
    return Outcome(verdict, f"{ratio:.3f}x (95% {lo:.3f} to {hi:.3f}; n={s.n_state} state days)",
                   claimed, s.as_dict(), s.convention + ("; claimed change read at its "
                                                         "precision" if widened else "")
                   + splice_note(b_bars), marginal=is_marginal(hi, low) or is_marginal(lo, 1.0))


def _claimed_bounds(p: ConditionalVolumeParams) -> tuple[float, float]:
    """The lowest and highest ratio the claim allows (the rule in conditional_volume)."""
    low = _change(p.claimed_low)
    if p.claimed_high is None:
        return (1 + float(low) - low.half_width if float(low) else 1.0), np.inf
    lo, hi = stated_range(low, _change(p.claimed_high))
    return 1 + lo, 1 + hi


def _change(ratio: float) -> Figure:
    """A claimed ratio as the change the claim states, with that change's precision (1.2 is
    "20%": tens; 1.1 is "10%", read to the unit; 1.155 is "15.5%"), hedged if the ratio is."""
    digits = f"{(float(ratio) - 1) * 100:.10f}".rstrip("0").rstrip(".")
    hedge = "about " if getattr(ratio, "hedged", False) else ""
    parsed = parse_figure(f"{hedge}{digits}%")  # "0%" parses to a Figure that is falsy
    return parsed if parsed is not None else Figure(float(ratio) - 1)


def _volume_summary(days: pd.DatetimeIndex, calendar: pd.DatetimeIndex, b_bars: pd.DataFrame,
                    description: str, p: ConditionalVolumeParams) -> ConditionalSummary:
    """conditional_summary of B's volume against a ``baseline_days`` median."""
    from comove.events.conditional import conditional_summary

    return conditional_summary(days, calendar, b_bars, "volume", description=description,
                               n_resamples=p.resamples, lookback_days=p.baseline_days)


__all__ = ["EventParams", "conditional_volume", "event_study_check"]
