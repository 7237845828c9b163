"""Aligned price panels under explicit calendar policies.

Crypto trades every day and closes at 00:00 UTC (Yahoo's daily bar), four to five hours
after the New York close; indices trade on exchange days. A correlation between the two
depends on how the days are matched, so every panel carries the policy that built it:

``equity``
    The exchange's trading days (the union of the exchange-traded series' dates). Each
    return spans the same interval for every asset: a crypto return from Friday to Monday
    sits beside the equity's Friday-to-Monday return. An exchange-traded series missing a
    day is NaN there (never filled).
``calendar``
    Every calendar day. Exchange-traded series carry their last close over days the
    exchange is closed (a zero return on weekends and holidays, as some published studies
    do), for at most ``MAX_FILL_DAYS`` days.
``weekly``
    One row per week ending Friday: each series' last observation of the week (Friday's
    close, or Thursday's when Friday is a holiday). Labelled with the Friday.

Level series (rates, balance sheet) are sampled as of each date: the last value on or
before it, at most ``MAX_FILL_DAYS`` old. Their changes are differences, not ratios.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from comove.errors import EmptyRangeError, UsageError
from comove.kernels.returns import differences, log_returns, simple_returns
from comove.symbols import Calendar

if TYPE_CHECKING:
    import pandas as pd

    from comove.store import Store

MAX_FILL_DAYS = 10


class Policy(StrEnum):
    """How series on different calendars are put on one date index."""

    EQUITY = "equity"
    CALENDAR = "calendar"
    WEEKLY = "weekly"

    @property
    def description(self) -> str:
        return {
            Policy.EQUITY: "equity calendar: exchange trading days; each return spans the "
            "same interval for every asset (crypto Friday-to-Monday beside equities)",
            Policy.CALENDAR: "calendar days: exchange-traded prices carried over closed "
            "days (zero return on weekends and holidays)",
            Policy.WEEKLY: "weekly: last observation of each week ending Friday",
        }[self]


class ReturnKind(StrEnum):
    """Simple (``p1/p0 - 1``) or log (``ln(p1/p0)``) returns."""

    SIMPLE = "simple"
    LOG = "log"


@dataclass(frozen=True)
class AlignedPrices:
    """Prices (or levels) of several symbols on one date index.

    Attributes
    ----------
    prices
        Dates by symbols; NaN where a symbol has no observation under the policy.
    policy
        The policy that built the index.
    level_symbols
        Symbols whose changes are differences (rates, levels), not returns.
    """

    prices: pd.DataFrame
    policy: Policy
    level_symbols: frozenset[str] = frozenset()

    @property
    def convention(self) -> str:
        """One line saying how the panel was built (for output and plots)."""
        return f"prices: close; {self.policy.description}"

    def returns(self, kind: ReturnKind | str = ReturnKind.SIMPLE, horizon: int = 1) -> (
        AlignedReturns
    ):
        """Returns over ``horizon`` rows of the panel (overlapping when ``horizon > 1``).

        A return is NaN when either end's price is NaN; nothing is filled here.
        """
        import pandas as pd

        kind = ReturnKind(kind)
        values = self.prices.to_numpy(dtype=float)
        compute = simple_returns if kind is ReturnKind.SIMPLE else log_returns
        out = compute(values, horizon)
        for j, symbol in enumerate(self.prices.columns):
            if symbol in self.level_symbols:
                out[:, j] = differences(values[:, j], horizon)
        frame = pd.DataFrame(out, index=self.prices.index, columns=self.prices.columns)
        frame = frame.iloc[horizon:]
        return AlignedReturns(frame, self.policy, kind, horizon, self.level_symbols)


@dataclass(frozen=True)
class AlignedReturns:
    """Returns of several symbols on one date index, with the conventions that made them.

    ``returns.loc[d]`` is the return from the previous row's date to ``d`` (``horizon``
    rows back).
    """

    returns: pd.DataFrame
    policy: Policy
    kind: ReturnKind
    horizon: int
    level_symbols: frozenset[str] = frozenset()

    @property
    def convention(self) -> str:
        span = "1-period" if self.horizon == 1 else f"{self.horizon}-period overlapping"
        levels = (
            f"; changes of {', '.join(sorted(self.level_symbols))} are differences"
            if self.level_symbols else ""
        )
        return f"{self.kind.value} {span} returns of closes; {self.policy.description}{levels}"

    def as_dict(self) -> dict[str, object]:
        return {"policy": self.policy.value, "returns": self.kind.value, "horizon": self.horizon}


def align_prices(
    series: dict[str, pd.Series],
    calendars: dict[str, Calendar],
    policy: Policy | str,
    level_symbols: set[str] | frozenset[str] = frozenset(),
    common_span: bool = True,
) -> AlignedPrices:
    """Put price series on one date index under ``policy``.

    Parameters
    ----------
    series
        Symbol to a series of closes indexed by date (sorted, unique).
    calendars
        Symbol to its calendar.
    policy
        ``equity``, ``calendar`` or ``weekly``.
    level_symbols
        Symbols that are levels (sampled as of each date; changes are differences).
    common_span
        Keep only dates from the latest first date to the earliest last date.

    Raises
    ------
    UsageError
        ``equity`` with no exchange-traded series to take the days from.
    EmptyRangeError
        The series do not overlap.
    """
    import pandas as pd

    policy = Policy(policy)
    if not series:
        raise UsageError("no series to align", "name at least one symbol")
    clean = {sym: s.dropna().sort_index() for sym, s in series.items()}
    for sym, s in clean.items():
        if s.empty:
            raise EmptyRangeError(f"{sym} has no data in the range", "widen the date range")
    first = max(s.index[0] for s in clean.values())
    last = min(s.index[-1] for s in clean.values())
    if common_span and first > last:
        spans = ", ".join(f"{k} {v.index[0].date()}..{v.index[-1].date()}" for k, v in
                          clean.items())
        raise EmptyRangeError(f"the series do not overlap ({spans})", "choose symbols or "
                              "dates that overlap")

    if policy is Policy.WEEKLY:
        frame = pd.DataFrame({sym: s.resample("W-FRI").last() for sym, s in clean.items()})
    else:
        grid = _grid(clean, calendars, policy)
        columns = {}
        for sym, s in clean.items():
            fill = sym in level_symbols or (
                policy is Policy.CALENDAR and calendars[sym] is not Calendar.ALWAYS
            )
            if fill:
                columns[sym] = _as_of(s, grid)
            else:
                columns[sym] = s.reindex(grid)
        frame = pd.DataFrame(columns, index=grid)
    frame.index.name = "date"
    if common_span:
        if policy is Policy.WEEKLY:
            first, last = _week_end(first), _week_end(last)
        frame = frame.loc[first:last]
    if frame.empty:
        raise EmptyRangeError("no dates left after alignment", "widen the date range")
    return AlignedPrices(frame, policy, frozenset(level_symbols))


def _week_end(day: pd.Timestamp) -> pd.Timestamp:
    import pandas as pd

    return day + pd.Timedelta(days=(4 - day.day_of_week) % 7)


def _grid(
    clean: dict[str, pd.Series], calendars: dict[str, Calendar], policy: Policy
) -> pd.DatetimeIndex:
    import pandas as pd

    if policy is Policy.CALENDAR:
        start = min(s.index[0] for s in clean.values())
        end = max(s.index[-1] for s in clean.values())
        return pd.date_range(start, end, freq="D")
    exchange = [s.index for sym, s in clean.items() if calendars[sym] is Calendar.US_EXCHANGE]
    if not exchange:
        raise UsageError(
            "the equity policy takes its days from an exchange-traded symbol, and none was "
            "given",
            "add one (e.g. SPX), or use the calendar or weekly policy",
        )
    grid = exchange[0]
    for idx in exchange[1:]:
        grid = grid.union(idx)
    return pd.DatetimeIndex(grid)


def _as_of(s: pd.Series, grid: pd.DatetimeIndex) -> pd.Series:
    """The last value on or before each grid date, if at most MAX_FILL_DAYS old."""
    import pandas as pd

    positions = s.index.searchsorted(grid, side="right") - 1
    valid = positions >= 0
    values = np.full(len(grid), np.nan)
    values[valid] = s.to_numpy(dtype=float)[positions[valid]]
    age = np.full(len(grid), np.inf)
    age[valid] = (grid[valid] - s.index[positions[valid]]).days
    values[age > MAX_FILL_DAYS] = np.nan
    return pd.Series(values, index=grid)


def load_aligned(
    store: Store,
    symbols: list[str],
    policy: Policy | str = Policy.EQUITY,
    start: date | None = None,
    end: date | None = None,
) -> AlignedPrices:
    """Read closes of ``symbols`` from ``store`` and align them under ``policy``."""
    resolved = [store.resolve(s) for s in symbols]
    names = [s.symbol for s in resolved]
    wide = store.read_many(names, "close", start, end)
    series = {}
    for sym in names:
        column = wide[sym].dropna() if sym in wide else None
        if column is None or column.empty:
            raise EmptyRangeError(
                f"no stored {sym} closes between {start or 'the start'} and {end or 'the end'}",
                f"import or fetch {sym}, or widen the range",
            )
        series[sym] = column
    return align_prices(
        series,
        {s.symbol: s.calendar for s in resolved},
        policy,
        level_symbols={s.symbol for s in resolved if not s.asset_class.is_price},
    )
