"""Events analyses on :class:`~comove.api.Market`: event studies, conditional comparisons,
record synchrony and bitcoin's halving cycles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Unpack

from comove.api._base import MarketBase, as_date, refuse_unknown
from comove.events.kinds import EventDefinition, Kind, Measure, Placebo

if TYPE_CHECKING:
    from comove.events.conditional import ConditionalSummary
    from comove.events.definitions import EventSpec
    from comove.events.halvings import HalvingsResult
    from comove.events.study import EventStudyResult
    from comove.records.synchrony import SynchronyReport

_EVENT_PARAMETERS = """
        on
            The event on A: ``"record"`` (A sets a record on ``basis``), ``"breakout"``
            (A's first record after at least ``min_days`` trading days without one),
            ``"drawdown"`` (A closes ``threshold`` or more below its record, e.g. -0.2),
            ``"move"`` (A's daily return at or beyond ``threshold``, e.g. -0.05),
            ``"level"`` (A crosses below ``threshold``, above with ``above=True``),
            ``"divergence"`` (A at a record while ``other`` is ``threshold`` below its
            record) or ``"dates"`` (the ``dates`` given)."""

_DEFINITION_PARAMETERS = """
        **definition
            The options of the kind (:class:`~comove.events.kinds.EventDefinition`), each
            read only by the kinds that use it:
            ``threshold`` for drawdown, divergence (fractions, -1 to 1), move (a daily
            return) and level; ``min_days`` for breakout, trading days without a record (1
            to 10,000; default 252); ``basis`` ``"close"`` (default) or ``"high"``, for the
            record kinds; ``above`` for level, crossing (or being) above instead of below;
            ``other`` for divergence, the lagging asset; ``dates`` for dates, dates or
            ``YYYY-MM-DD`` texts (or one comma-separated text)."""

_DRAW_PARAMETERS = """
        seed
            Seeds the bootstrap and the placebo draws of ``placebo="random"``.
        resamples
            Bootstrap and placebo draws of ``placebo="random"`` (100 to 200,000).
        placebo
            ``"circular"``: interval and p-value from every circular shift of the
            {shifted} (exact, keeps clustering); ``"random"``: the earlier
            stationary-bootstrap interval and placebo of independent random days (ignores
            clustering)."""


def _spec(on: str, definition: EventDefinition) -> EventSpec:
    from comove.events.definitions import make_spec

    refuse_unknown(definition, EventDefinition.__annotations__, "an event option")
    return make_spec(on, **definition)


def _draws(seed: int, resamples: int, placebo: str) -> tuple[int, int, Placebo]:
    """The checked ``seed``, ``resamples`` and ``placebo`` of event and condition."""
    from comove.events.kinds import placebo_choice
    from comove.validate import bounded_int
    from comove.validate import resamples as draws

    method = placebo_choice(placebo)
    return bounded_int("seed", seed, 0, 2**32 - 1, 0), draws(resamples), method


def date_range(start: date | str | None, end: date | str | None
               ) -> tuple[date | None, date | None]:
    """``start`` and ``end`` as dates, ``start`` not after ``end``."""
    from comove.errors import UsageError

    first, last = as_date(start, "start"), as_date(end, "end")
    if first is not None and last is not None and first > last:
        raise UsageError(f"start={first} is after end={last}", "swap the dates",
                         param="start")
    return first, last


class EventsMethods(MarketBase):
    """The events methods of :class:`~comove.api.Market`."""

    def event(
        self,
        a: str,
        b: str,
        on: Kind,
        *,
        horizons: Sequence[int] = (30, 90, 180),
        start: date | str | None = None,
        end: date | str | None = None,
        decluster: int = 30,
        seed: int = 0,
        resamples: int = 10_000,
        placebo: Placebo = "circular",
        **definition: Unpack[EventDefinition],
    ) -> EventStudyResult:
        """An event study: what B did after events in A, against B's usual return.

        For each episode of A's events, B's simple return from the close of the event day
        to the last close on or before day+h, for each horizon h in calendar days; the
        baseline is the same return from every day A trades in the sample. The difference
        of means gets a 95% interval and a two-sided placebo p-value from every circular
        shift of the event set (which keeps the events' clustering), with Holm-adjusted
        p-values across the horizons; the verdict says when n is too small to conclude
        anything.

        Parameters
        ----------
        a, b
            The event asset and the response asset.
        {events}
        horizons
            Calendar days (1 to 3,650 each, at most 20).
        start
            First event date considered (events are still found on the whole history).
        end
            Last date used; nothing after it is read.
        decluster
            Events within this many calendar days of the previous one are one episode,
            dated by its first day (0 to 3,650; 0 keeps all).
        {draws}
        {definition}

        Returns
        -------
        EventStudyResult
            The episodes with B's forward returns, the evidence per horizon and the
            verdicts; ``plot()`` draws each episode's path against the usual band.
        """
        from comove.events.run import event
        from comove.validate import bounded_int
        from comove.validate import horizons as check_horizons

        spec = _spec(on, definition)
        days = check_horizons(list(horizons))
        first, last = date_range(start, end)
        gap = bounded_int("decluster", decluster, 0, 3_650, 30)
        seed, n, method = _draws(seed, resamples, placebo)
        with self._source() as source:
            return event(source, a, b, spec, days, first, last, gap, seed, n, method)

    def condition(
        self,
        a: str,
        b: str,
        on: Kind,
        *,
        measure: Measure = "return",
        horizon: int = 1,
        start: date | str | None = None,
        end: date | str | None = None,
        seed: int = 0,
        resamples: int = 10_000,
        placebo: Placebo = "circular",
        **definition: Unpack[EventDefinition],
    ) -> ConditionalSummary:
        """B on the days A is in a state, against B on A's other trading days.

        The state days are every day the state holds, not declustered: for
        ``on="drawdown"`` every day A's close is ``threshold`` or more below its record,
        for ``on="level"`` every day A is beyond the level (not only the day it gets
        there); for the other kinds, the event days themselves.

        Parameters
        ----------
        a, b
            The asset whose state is tested and the asset measured.
        {events}
        measure
            ``"volume"``: B's volume over its median of the previous 30 calendar days (log
            ratio, reported as ratios); ``"return"``: B's simple return over the next
            ``horizon`` calendar days.
        horizon
            Calendar days, for ``measure="return"`` (1 to 3,650).
        start
            First day compared.
        end
            Last date used; nothing after it is read.
        {draws}
        {definition}

        Returns
        -------
        ConditionalSummary
            n, means and medians on state and other days, the difference with a 95%
            interval, a placebo p-value and a verdict.
        """
        from comove.events.kinds import choice
        from comove.events.run import condition
        from comove.validate import bounded_int

        spec = _spec(on, definition)
        measure = choice("measure", measure, ["volume", "return"])
        horizon = bounded_int("horizon", horizon, 1, 3_650, 30)
        first, last = date_range(start, end)
        seed, n, method = _draws(seed, resamples, placebo)
        with self._source() as source:
            return condition(source, a, b, spec, measure, horizon, first, last, seed, n,
                             method)

    def sync(
        self,
        a: str,
        b: str,
        *,
        within: int = 5,
        episode_gap: int = 30,
        low_window: int = 30,
        min_depth: float = 0.15,
        start: date | str | None = None,
        end: date | str | None = None,
    ) -> SynchronyReport:
        """Do A and B set records (and bottoms) together?

        For each record close of A, the nearest record close of B (calendar days, each
        asset on its own days); the share of A's records with a B record within
        ±``within`` days against the same share over every day A trades (the rate by
        chance); record episodes of each and which overlap; the current state; and
        co-bottoms.

        Parameters
        ----------
        a, b
            The two symbols.
        within
            Calendar days (0 to 3,650).
        episode_gap
            Records at most this many days apart are one episode (0 to 3,650).
        low_window
            A low is the lowest close within ±this many calendar days (1 to 3,650) ...
        min_depth
            ... and at least this far below the record (0 to 1).
        start
            First day of the sample (records still use the whole history).
        end
            Last date used; nothing after it is read.

        Returns
        -------
        SynchronyReport
            The nearest-record table, the shares, episodes, co-bottoms and the state.
        """
        from comove.data import read_bars
        from comove.records.synchrony import synchrony
        from comove.validate import bounded_float, bounded_int

        within = bounded_int("within", within, 0, 3_650, 5)
        episode_gap = bounded_int("episode_gap", episode_gap, 0, 3_650, 30)
        low_window = bounded_int("low_window", low_window, 1, 3_650, 30)
        min_depth = bounded_float("min_depth", min_depth, 0.0, 1.0, 0.15)
        first, last = date_range(start, end)
        with self._source() as source:
            stored = [read_bars(source, name, last, long_history=True) for name in (a, b)]
        (a_symbol, a_bars), (b_symbol, b_bars) = stored
        report = synchrony(a_symbol.symbol, a_bars["close"], b_symbol.symbol, b_bars["close"],
                           within, episode_gap, low_window, min_depth, first)
        for symbol, bars in stored:
            if bars.attrs.get("splice"):
                report.conventions[f"{symbol.symbol}_history"] = bars.attrs["splice"]
        return report

    def halvings(
        self,
        *,
        horizons: Sequence[int] = (90, 180, 365),
        end: date | str | None = None,
    ) -> HalvingsResult:
        """Bitcoin's halving cycles: price on the day, returns, the cycle's peak and trough.

        Uses BTC (Yahoo, from 2014-09-17) and, before it, BTC_BITSTAMP shifted one day to
        stand for closes. A cycle runs from a halving to the day before the next; its trough
        is the lowest close after its peak.

        Parameters
        ----------
        horizons
            Calendar days after each halving (1 to 3,650 each, at most 20).
        end
            Last date used.

        Returns
        -------
        HalvingsResult
            One row per halving within the data, and which source each came from.
        """
        from comove.events.halvings import halvings
        from comove.validate import horizons as check_horizons

        days = check_horizons(list(horizons))
        last = as_date(end, "end")
        with self._source() as source:
            return halvings(source, days, last)


for _method, _shifted in ((EventsMethods.event, "event set"),
                          (EventsMethods.condition, "state days")):
    _method.__doc__ = (_method.__doc__ or "").replace(
        "        {events}", _EVENT_PARAMETERS.strip("\n")).replace(
        "        {draws}", _DRAW_PARAMETERS.strip("\n").format(shifted=_shifted)).replace(
        "        {definition}", _DEFINITION_PARAMETERS.strip("\n"))
