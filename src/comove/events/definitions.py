"""Event definitions on an asset: the days on which "this happened".

Each definition turns stored data into raw event days; :func:`decluster` then merges runs
(a streak of record days is one episode, dated by its first day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from comove.errors import UsageError
from comove.events.kinds import EventKind
from comove.kernels.records import drawdown, record_mask

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
            previous = np.concatenate([[_reference(values.to_numpy(), positions)], positions[:-1]]
                                      ) if len(positions) else positions
            days = values.index[positions[(positions - previous) >= spec.min_days]]
        if kind is EventKind.DIVERGENCE:
            if other is None or spec.threshold is None:
                raise UsageError("a divergence event needs --other and --threshold",
                                 "e.g. --on divergence --other BTC --threshold -0.2")
            other_dd = pd.Series(drawdown(other["close"].astype(float).to_numpy()),
                                 index=other.index)
            level = other_dd.reindex(days, method="ffill")
            days = days[(level <= -abs(spec.threshold) + TOLERANCE).to_numpy()]
        return pd.DatetimeIndex(days)
    if kind is EventKind.DRAWDOWN:
        _need(spec.threshold, "--threshold (e.g. -0.2 for 20% below the record)")
        dd = drawdown(closes.to_numpy())
        return _crossings(index, dd <= -abs(spec.threshold) + TOLERANCE)  # type: ignore[arg-type]
    if kind is EventKind.MOVE:
        _need(spec.threshold, "--threshold (e.g. -0.05 for a 5% fall)")
        returns = closes.pct_change().to_numpy()
        t = float(spec.threshold)  # type: ignore[arg-type]
        # A tolerance so that 12/10 - 1 (0.19999999999999996) counts as a +20% move.
        hit = returns <= t + TOLERANCE if t < 0 else returns >= t - TOLERANCE
        return index[np.nan_to_num(hit, nan=0).astype(bool)]
    if kind is EventKind.LEVEL:
        _need(spec.threshold, "--threshold (e.g. 15 for VIX below 15)")
        values = closes.to_numpy()
        state = values > spec.threshold if spec.above else values < spec.threshold  # type: ignore[operator]
        return _crossings(index, state)
    if kind is EventKind.DATES:
        if not spec.dates:
            raise UsageError("no event dates given", "pass --dates 2016-11-14,2020-11-13")
        return pd.DatetimeIndex(sorted(pd.Timestamp(d) for d in spec.dates))
    raise UsageError(f"unknown event kind {kind}")


def _reference(values: np.ndarray, positions: np.ndarray) -> int:
    head = values[: positions[0]][::-1]
    return int(positions[0] - 1 - np.nanargmax(head))


def _need(value: float | None, what: str) -> None:
    if value is None:
        name, _, example = what.partition(" ")
        raise UsageError(f"this event needs {name}", example.strip("()"))


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
