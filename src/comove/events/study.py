"""What asset B did after events, against B's usual behaviour over the same sample.

For each event day ``d`` and horizon ``h`` (calendar days), B's forward return is
``P(d + h) / P(d) - 1``, where ``P(x)`` is B's last close on or before ``x`` (for crypto, the
00:00 UTC close ending day ``x``, four to five hours after the New York close). The baseline
is the same h-day forward return started on every day A trades in the sample, so event and
baseline returns are measured the same way.

Evidence, for each horizon:

- n, mean, median and hit rate (share of positive returns) of the event returns;
- the difference of the event mean to the baseline mean, with a 95% interval and a two-sided
  placebo p-value from every circular shift of the event set over the baseline days
  (:mod:`comove.kernels.resample`): the shifted sets keep the events' number, spacing and
  clustering, which random days drawn independently do not (records come in runs, and
  h-day returns overlap). The interval inverts the shift test, so it excludes zero exactly
  when p < 0.05. ``placebo="random"`` gives the earlier method (stationary-bootstrap
  interval, placebo of independent random days), which covers only 84-91% at about a dozen
  clustered events;
- Holm-adjusted p-values across the horizons (a claim read at several horizons is several
  tests);
- a verdict in words, which says plainly when n is too small to conclude anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from comove.errors import EmptyRangeError
from comove.events.evidence import (
    ALPHA,
    MIN_EVENTS,
    THIN_EVENTS,
    HorizonResult,
    random_evidence,
    shift_evidence,
    with_holm,
)
from comove.events.kinds import placebo_choice
from comove.results import Result

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes



@dataclass
class EventPaths:
    """B's cumulative return 0..H calendar days after each event and, for the baseline, the
    10th, 50th and 90th percentiles over every start day of the sample (for the chart)."""

    days: np.ndarray
    events: np.ndarray
    low: np.ndarray
    mid: np.ndarray
    high: np.ndarray


@dataclass
class EventStudyResult(Result):
    """An event study, with its conventions and evidence.

    Attributes
    ----------
    events
        One row per episode: ``date``, ``in_sample``, B's close and ``return_{h}d`` for each
        horizon (NaN when outside the sample or not yet known).
    results
        The evidence at each horizon (:class:`HorizonResult`).
    response_name
        B's long name (for the summary).
    paths
        What the chart draws, when the study was run by :func:`comove.events.run.event`.
    """

    description: str
    event_symbol: str
    response_symbol: str
    horizons: list[int]
    events: pd.DataFrame
    results: list[HorizonResult]
    sample: tuple[Any, Any]
    seed: int
    n_resamples: int
    decluster_days: int
    raw_event_count: int
    notes: list[str] = field(default_factory=list)
    response_name: str = ""
    paths: EventPaths | None = None
    placebo: str = "circular"
    history: list[str] = field(default_factory=list)

    @property
    def convention(self) -> str:
        head = (
            f"forward return of {self.response_symbol} over h calendar days = last close on "
            "or before day+h / close of the event day - 1 (simple); baseline = the same "
            f"return from every {self.event_symbol} trading day in the sample; "
        )
        tail = (f"; events within {self.decluster_days} days of the previous one are one "
                "episode" + "".join(f"; {text}" for text in self.history))
        holm_text = (f"p-values Holm-adjusted across the {len(self.results)} horizons in "
                     "placebo_p_holm")
        if self.placebo == "circular" and len(self.results) > 1:
            holm_text += (f", and intervals at {1 - ALPHA / len(self.results):.1%} in "
                          "simultaneous_low/high (Bonferroni)")
        if self.placebo == "random":
            return head + (
                "95% interval from a stationary bootstrap (block length = horizon), placebo "
                "p-value from random days drawn independently (two-sided; ignores the "
                f"clustering of events); seed {self.seed}, {self.n_resamples:,} resamples; "
                + holm_text + tail)
        return head + (
            "95% interval and two-sided placebo p-value from every circular shift of the "
            "event set over the baseline days (all shifts, exact; keeps the events' "
            "clustering; the interval inverts the shift test); " + holm_text + tail)

    @property
    def verdict(self) -> str:
        return " ".join(f"{r.horizon}d: {r.verdict}" for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        """What ``comove event --json`` prints."""
        return self.as_dict()

    def to_frame(self) -> pd.DataFrame:
        """One row per episode with B's forward return at each horizon."""
        return self.events.copy()

    def summary(self) -> str:
        """The text ``comove event`` prints."""
        from comove.events.render import event_summary

        return event_summary(self)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Each episode's path of B against the baseline's 10-90% band and median."""
        from comove.plots.events import draw_event_paths

        return draw_event_paths(self, ax)

    def as_dict(self) -> dict[str, Any]:
        """The study as JSON-ready data (also :meth:`to_dict`)."""
        return {
            "description": self.description,
            "event_symbol": self.event_symbol,
            "response_symbol": self.response_symbol,
            "convention": self.convention,
            "placebo": self.placebo,
            "sample": {"start": self.sample[0], "end": self.sample[1]},
            "raw_events": self.raw_event_count,
            "episodes": len(self.events),
            "events": self.events.to_dict("records"),
            "horizons": [r.as_dict() for r in self.results],
            "verdict": self.verdict,
            "notes": self.notes,
        }


def forward_returns(
    prices: pd.Series, starts: pd.DatetimeIndex, horizon: int
) -> np.ndarray:
    """``P(d + horizon) / P(d) - 1`` for each start ``d``, with ``P`` the last price on or
    before a date; NaN when ``d + horizon`` is after the last price or before the first."""
    import pandas as pd

    prices = prices.dropna().sort_index()
    index = prices.index
    values = prices.to_numpy(dtype=float)
    begin = index.searchsorted(starts, side="right") - 1
    finish_dates = starts + pd.Timedelta(days=horizon)
    finish = index.searchsorted(finish_dates, side="right") - 1
    valid = (begin >= 0) & (finish_dates <= index[-1])
    out = np.full(len(starts), np.nan)
    out[valid] = values[finish[valid]] / values[begin[valid]] - 1.0
    return out


def event_study(
    event_days: pd.DatetimeIndex,
    event_calendar: pd.DatetimeIndex,
    response: pd.Series,
    horizons: list[int],
    *,
    description: str,
    event_symbol: str,
    response_symbol: str,
    raw_event_count: int | None = None,
    decluster_days: int = 0,
    n_resamples: int = 10_000,
    n_placebo: int = 10_000,
    seed: int = 0,
    placebo: str = "circular",
) -> EventStudyResult:
    """Forward returns of ``response`` after ``event_days``, against the baseline.

    Parameters
    ----------
    event_days
        Event (episode) days, already declustered.
    event_calendar
        The days the event asset trades in the sample: baseline start days.
    response
        Closes of the response asset, indexed by date.
    horizons
        Calendar days.
    seed
        Seeds the bootstrap and the placebo draws of ``placebo="random"`` (results are
        reproducible; the circular shifts are all enumerated and need no seed).
    placebo
        ``"circular"`` (interval and p-value from every circular shift of the event set,
        which keeps its clustering) or ``"random"`` (stationary-bootstrap interval and a
        placebo of independent random days, the earlier method).
    """
    import pandas as pd

    placebo = placebo_choice(placebo)

    response = response.dropna().sort_index()
    lo = max(event_calendar[0], response.index[0])
    hi = min(event_calendar[-1], response.index[-1])
    calendar = event_calendar[(event_calendar >= lo) & (event_calendar <= hi)]
    events = event_days[(event_days >= lo) & (event_days <= hi)]
    if len(calendar) == 0:
        raise EmptyRangeError(
            f"{event_symbol} and {response_symbol} have no days in common",
            "choose assets or dates that overlap",
        )
    notes = []
    outside = event_days[(event_days < lo) | (event_days > hi)]
    if len(outside):
        notes.append(
            f"{len(outside)} events fall outside the days both series cover "
            f"({lo.date()} to {hi.date()}) and are listed without returns: "
            + ", ".join(str(d.date()) for d in outside[:6])
        )
    table = pd.DataFrame({"date": event_days})
    table["in_sample"] = (event_days >= lo) & (event_days <= hi)
    position = response.index.searchsorted(event_days, side="right") - 1
    table[f"{response_symbol}_close"] = np.where(
        table["in_sample"], response.to_numpy(dtype=float)[np.clip(position, 0, None)], np.nan)
    rng = np.random.default_rng(seed)
    rows_per_day = len(calendar) / max((calendar[-1] - calendar[0]).days, 1)
    results = []
    for h in horizons:
        baseline = forward_returns(response, calendar, h)
        event_returns = forward_returns(response, events, h)
        column = np.full(len(table), np.nan)
        column[table["in_sample"].to_numpy()] = event_returns
        table[f"return_{h}d"] = column
        usable = ~np.isnan(baseline)
        base = baseline[usable]
        ev = event_returns[~np.isnan(event_returns)]
        pending = int(np.isnan(event_returns).sum())
        if placebo == "circular":
            known = events[~np.isnan(event_returns)]
            positions = np.minimum(calendar[usable].searchsorted(known), max(len(base) - 1, 0))
            results.append(shift_evidence(h, ev, base, positions, pending, len(horizons)))
        else:
            flags = np.isin(calendar[usable], events)
            block = max(1.0, h * rows_per_day)
            results.append(
                random_evidence(h, ev, base, flags, pending, block, n_resamples, n_placebo, rng)
            )
    results = with_holm(results)
    return EventStudyResult(
        description=description, event_symbol=event_symbol, response_symbol=response_symbol,
        horizons=list(horizons), events=table, results=results,
        sample=(calendar[0].date(), calendar[-1].date()), seed=seed, n_resamples=n_resamples,
        decluster_days=decluster_days,
        raw_event_count=len(events) if raw_event_count is None else raw_event_count,
        notes=notes, placebo=placebo,
    )


__all__ = ["ALPHA", "MIN_EVENTS", "THIN_EVENTS", "EventPaths", "EventStudyResult",
           "HorizonResult", "event_study", "forward_returns"]
