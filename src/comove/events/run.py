"""``event`` and ``condition`` on stored data: read A, B (and the other asset), define the
events or state days, and run the study.

Events are defined on the long history of A and of the other asset: for bitcoin, Bitstamp's
closes stand in before Yahoo's first day (:func:`comove.data.read_bars` with
``long_history=True``), so a "record" is a record against the 2013 high too; the splice is
named in the result's convention. B's returns are read as stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from comove.events.definitions import EventSpec, decluster, raw_event_days, state_days
from comove.events.study import event_study

if TYPE_CHECKING:
    import pandas as pd

    from comove.data import DataSource
    from comove.events.conditional import ConditionalSummary
    from comove.events.study import EventStudyResult
    from comove.symbols import Symbol


def _read(source: DataSource, a: str, b: str, spec: EventSpec, end: date | None
          ) -> tuple[Symbol, pd.DataFrame, Symbol, pd.DataFrame, pd.DataFrame | None]:
    from comove.data import read_bars

    a_symbol, a_bars = read_bars(source, a, end, long_history=True)
    b_symbol, b_bars = read_bars(source, b, end)
    other = read_bars(source, spec.other, end, long_history=True)[1] if spec.other else None
    return a_symbol, a_bars, b_symbol, b_bars, other


def history_notes(a: str, a_bars: pd.DataFrame, other: str | None,
                  other_bars: pd.DataFrame | None) -> list[str]:
    """The splices of the long histories the events were found on, for the convention."""
    out = []
    for name, bars in ((a, a_bars), (other, other_bars)):
        if name and bars is not None and bars.attrs.get("splice"):
            out.append(f"{name} history: {bars.attrs['splice']}")
    return out


def _from(index: pd.DatetimeIndex, start: date | None) -> pd.DatetimeIndex:
    import pandas as pd

    return index if start is None else index[index >= pd.Timestamp(start)]


def event(
    source: DataSource,
    a: str,
    b: str,
    spec: EventSpec,
    horizons: Sequence[int] = (30, 90, 180),
    start: date | None = None,
    end: date | None = None,
    decluster_days: int = 30,
    seed: int = 0,
    resamples: int = 10_000,
    placebo: str = "circular",
) -> EventStudyResult:
    """B's forward returns after A's events (:func:`~comove.events.study.event_study`).

    Events are found on A's whole history up to ``end`` (records need it), kept from
    ``start``, and merged into episodes when closer than ``decluster_days``; the baseline
    starts on every day A trades from ``start`` (for bitcoin, from Bitstamp's first day when
    it stands in). ``placebo`` chooses the inference (see
    :func:`~comove.events.study.event_study`). The result carries the paths its chart
    draws.
    """
    from dataclasses import replace

    from comove.events.paths import event_paths

    a_symbol, a_bars, b_symbol, b_bars, other = _read(source, a, b, spec, end)
    raw = _from(raw_event_days(spec, a_bars, other), start)
    days, _ = decluster(raw, decluster_days)
    result = event_study(
        days, _from(a_bars.index, start), b_bars["close"], list(horizons),
        description=spec.describe(a_symbol.symbol), event_symbol=a_symbol.symbol,
        response_symbol=b_symbol.symbol, raw_event_count=len(raw),
        decluster_days=decluster_days, n_resamples=resamples, n_placebo=resamples, seed=seed,
        placebo=placebo,
    )
    return replace(result, response_name=b_symbol.name,
                   paths=event_paths(result, b_bars["close"]),
                   history=history_notes(a_symbol.symbol, a_bars, spec.other, other))


def condition(
    source: DataSource,
    a: str,
    b: str,
    spec: EventSpec,
    measure: str = "return",
    horizon: int = 1,
    start: date | None = None,
    end: date | None = None,
    seed: int = 0,
    resamples: int = 10_000,
    placebo: str = "circular",
) -> ConditionalSummary:
    """B's relative volume or forward return on A's state days against A's other trading
    days from ``start`` (:func:`~comove.events.definitions.state_days`: every day the
    state holds, not declustered)."""
    from dataclasses import replace

    from comove.events.conditional import conditional_summary

    a_symbol, a_bars, b_symbol, b_bars, other = _read(source, a, b, spec, end)
    days = state_days(spec, a_bars, other)
    summary = conditional_summary(days, _from(a_bars.index, start), b_bars, measure, horizon,
                                  spec.describe_state(a_symbol.symbol), resamples, seed,
                                  placebo)
    history = history_notes(a_symbol.symbol, a_bars, spec.other, other)
    convention = "; ".join([summary.convention, *history])
    return replace(summary, a=a_symbol.symbol, b=b_symbol.symbol, convention=convention)
