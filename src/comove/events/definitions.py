"""Event definitions on an asset: the days on which "this happened".

Each definition turns stored data into raw event days; :func:`decluster` then merges runs
(a streak of record days is one episode, dated by its first day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from comove.errors import UsageError
from comove.events.kinds import EventKind
from comove.kernels.records import drawdown, previous_records, record_mask

if TYPE_CHECKING:
    import pandas as pd


TOLERANCE = 1e-12


@dataclass(frozen=True)
class EventSpec:
    """What counts as an event.

    Attributes
    ----------
    kind
        ``record`` (A closes at a record), ``breakout`` (A's first record after at least
        ``min_days`` trading days without one), ``drawdown`` (A's close falls to ``threshold``
        or more below its record, e.g. -0.2), ``move`` (A's daily return beyond
        ``threshold``: at or below it if negative, at or above if positive), ``level``
        (A's value crosses below ``threshold``, or above with ``above=True``), ``divergence``
        (A at a record while ``other`` is at least ``threshold`` below its own record) or
        ``dates`` (the given ``dates``).
    basis
        ``close`` or ``high`` for record-based kinds.
    """

    kind: EventKind
    threshold: float | None = None
    min_days: int = 252
    basis: str = "close"
    above: bool = False
    other: str | None = None
    dates: tuple[date, ...] = field(default_factory=tuple)

    def describe(self, symbol: str) -> str:
        k = self.kind
        if k is EventKind.RECORD:
            return f"{symbol} sets a record {self.basis}"
        if k is EventKind.BREAKOUT:
            return (f"{symbol} sets its first record {self.basis} after at least "
                    f"{self.min_days} trading days without one")
        if k is EventKind.DRAWDOWN:
            return f"{symbol} closes {abs(self.threshold or 0):.0%} or more below its record"
        if k is EventKind.MOVE:
            sign = "at or below" if (self.threshold or 0) < 0 else "at or above"
            return f"{symbol} daily return {sign} {self.threshold:+.1%}"
        if k is EventKind.LEVEL:
            return f"{symbol} crosses {'above' if self.above else 'below'} {self.threshold:g}"
        if k is EventKind.DIVERGENCE:
            return (f"{symbol} sets a record close while {self.other} is at least "
                    f"{abs(self.threshold or 0):.0%} below its record")
        return f"{len(self.dates)} given dates"

    def describe_state(self, symbol: str) -> str:
        """What a state day is (:func:`state_days`): as :meth:`describe`, except that for
        ``drawdown`` and ``level`` it is every day beyond the threshold."""
        if self.kind is EventKind.DRAWDOWN:
            return f"{symbol} is {abs(self.threshold or 0):.0%} or more below its record"
        if self.kind is EventKind.LEVEL:
            return f"{symbol} is {'above' if self.above else 'below'} {self.threshold:g}"
        return self.describe(symbol)


def make_spec(
    on: str,
    threshold: float | None = None,
    min_days: int = 252,
    basis: str = "close",
    above: bool = False,
    other: str | None = None,
    dates: Sequence[date | str] = (),
) -> EventSpec:
    """An :class:`EventSpec` from checked arguments; errors name the parameter.

    ``threshold`` is a fraction within -1..1 for ``drawdown`` and ``divergence`` (its sign
    is ignored), a daily return within -1..10 for ``move``, and any finite value for
    ``level``; ``min_days`` is 1 to 10,000 trading days; ``dates`` at most 10,000.
    """
    from comove.events.kinds import choice
    from comove.validate import bounded_float, bounded_int

    kind = EventKind(choice("on", on, [k.value for k in EventKind]))
    basis = choice("basis", basis, ["close", "high"])
    min_days = bounded_int("min_days", min_days, 1, 10_000, 252)
    if threshold is not None:
        low, high, example = {EventKind.DRAWDOWN: (-1.0, 1.0, -0.2),
                              EventKind.DIVERGENCE: (-1.0, 1.0, -0.2),
                              EventKind.MOVE: (-1.0, 10.0, -0.05)}.get(
            kind, (-1e15, 1e15, 15.0))
        threshold = bounded_float("threshold", threshold, low, high, example)
    if kind in (EventKind.DRAWDOWN, EventKind.MOVE, EventKind.LEVEL, EventKind.DIVERGENCE):
        _need(threshold, {EventKind.DRAWDOWN: "-0.2 for 20% below the record",
                          EventKind.MOVE: "-0.05 for a 5% fall",
                          EventKind.LEVEL: "15 for VIX below 15"}.get(kind, "-0.2"))
    if kind is EventKind.DIVERGENCE and not other:
        raise UsageError("a divergence event needs other, the lagging asset",
                         "e.g. other='BTC', threshold=-0.2", param="other")
    parsed = _dates(dates)
    if kind is EventKind.DATES and not parsed:
        raise UsageError("this event needs dates", "e.g. dates=2016-11-14,2020-11-13",
                         param="dates")
    return EventSpec(kind, threshold=threshold, min_days=min_days, basis=basis,
                     above=bool(above), other=other or None, dates=parsed)


def _dates(values: Sequence[date | str] | str) -> tuple[date, ...]:
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    if len(values) > 10_000:
        raise UsageError("dates lists more than 10,000 days", "give fewer dates",
                         param="dates")
    out = []
    for value in values:
        if isinstance(value, date):
            out.append(value)
            continue
        try:
            out.append(date.fromisoformat(str(value).strip()))
        except ValueError:
            raise UsageError(f"dates: '{value}' is not a YYYY-MM-DD date",
                             "e.g. dates=2016-11-14,2020-11-13", param="dates") from None
    return tuple(out)


def raw_event_days(
    spec: EventSpec, bars: pd.DataFrame, other: pd.DataFrame | None = None
) -> pd.DatetimeIndex:
    """Days on which the event happens (before declustering)."""
    import pandas as pd

    from comove.records.highs import basis_values

    closes = bars["close"].astype(float).dropna()
    index = closes.index
    kind = spec.kind
    if kind in (EventKind.RECORD, EventKind.BREAKOUT, EventKind.DIVERGENCE):
        values = basis_values(bars, spec.basis).dropna()
        mask = record_mask(values.to_numpy())
        days = values.index[mask]
        if kind is EventKind.BREAKOUT:
            positions = np.flatnonzero(mask)
            previous = previous_records(values.to_numpy(), positions)
            days = values.index[positions[(positions - previous) >= spec.min_days]]
        if kind is EventKind.DIVERGENCE:
            if other is None or spec.threshold is None:
                raise UsageError("a divergence event needs other and threshold",
                                 "e.g. other='BTC', threshold=-0.2",
                                 param="other" if other is None else "threshold")
            other_dd = pd.Series(drawdown(other["close"].astype(float).to_numpy()),
                                 index=other.index)
            level = other_dd.reindex(days, method="ffill")
            days = days[(level <= -abs(spec.threshold) + TOLERANCE).to_numpy()]
        return pd.DatetimeIndex(days)
    if kind is EventKind.DRAWDOWN:
        return _crossings(index, _drawdown_state(spec, closes))
    if kind is EventKind.MOVE:
        t = _need(spec.threshold, "-0.05 for a 5% fall")
        returns = closes.pct_change().to_numpy()
        # A tolerance so that 12/10 - 1 (0.19999999999999996) counts as a +20% move.
        hit = returns <= t + TOLERANCE if t < 0 else returns >= t - TOLERANCE
        return index[np.nan_to_num(hit, nan=0).astype(bool)]
    if kind is EventKind.LEVEL:
        return _crossings(index, _level_state(spec, closes))
    if kind is EventKind.DATES:
        if not spec.dates:
            raise UsageError("this event needs dates", "e.g. dates=2016-11-14,2020-11-13",
                             param="dates")
        return pd.DatetimeIndex(sorted(pd.Timestamp(d) for d in spec.dates))
    raise UsageError(f"unknown event kind {kind}")


def state_days(
    spec: EventSpec, bars: pd.DataFrame, other: pd.DataFrame | None = None
) -> pd.DatetimeIndex:
    """Days on which A is in the state: for ``drawdown`` every day A's close is at least
    ``threshold`` below its record, for ``level`` every day beyond the level; for the
    other kinds the event days of :func:`raw_event_days`. Not declustered."""
    if spec.kind in (EventKind.DRAWDOWN, EventKind.LEVEL):
        closes = bars["close"].astype(float).dropna()
        state = (_drawdown_state(spec, closes) if spec.kind is EventKind.DRAWDOWN
                 else _level_state(spec, closes))
        return closes.index[state]
    return raw_event_days(spec, bars, other)


def _drawdown_state(spec: EventSpec, closes: pd.Series) -> np.ndarray:
    threshold = _need(spec.threshold, "-0.2 for 20% below the record")
    return np.asarray(drawdown(closes.to_numpy()) <= -abs(threshold) + TOLERANCE)


def _level_state(spec: EventSpec, closes: pd.Series) -> np.ndarray:
    threshold = _need(spec.threshold, "15 for VIX below 15")
    values = closes.to_numpy()
    return np.asarray(values > threshold if spec.above else values < threshold)


def _need(value: float | None, example: str) -> float:
    if value is None:
        raise UsageError("this event needs threshold", f"e.g. threshold={example}",
                         param="threshold")
    return float(value)


def _crossings(index: pd.DatetimeIndex, state: np.ndarray) -> pd.DatetimeIndex:
    """Days on which ``state`` becomes true (it was false the day before)."""
    state = np.asarray(state, dtype=bool)
    entered = state & ~np.concatenate([[False], state[:-1]])
    return index[entered]


def decluster(days: pd.DatetimeIndex, gap_days: int) -> tuple[pd.DatetimeIndex, list[int]]:
    """Merge events closer than ``gap_days`` calendar days to the previous one into episodes.

    Returns
    -------
    first_days, sizes
        The first day of each episode and how many raw events it holds. ``gap_days=0``
        keeps every event.
    """
    import pandas as pd

    if len(days) == 0 or gap_days <= 0:
        return days, [1] * len(days)
    spacing = np.diff(days.values).astype("timedelta64[D]").astype(int)
    new_episode = np.concatenate([[True], spacing > gap_days])
    starts = np.flatnonzero(new_episode)
    sizes = np.diff(np.concatenate([starts, [len(days)]])).tolist()
    return pd.DatetimeIndex(days[starts]), sizes
