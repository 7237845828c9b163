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
from comove.kernels.weeks import last_per_week
from comove.symbols import Calendar

if TYPE_CHECKING:
    import pandas as pd

    from comove.data.source import DataSource

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
    notes: tuple[str, ...] = ()

    @property
    def convention(self) -> str:
        """One line saying how the panel was built (for output and plots)."""
        return f"prices: close; {self.policy.description}" + "".join(
            f"; {note}" for note in self.notes)

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
        return AlignedReturns(frame, self.policy, kind, horizon, self.level_symbols, self.notes)


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
    notes: tuple[str, ...] = ()

    @property
    def convention(self) -> str:
        span = "1-period" if self.horizon == 1 else f"{self.horizon}-period overlapping"
        levels = (
            f"; changes of {', '.join(sorted(self.level_symbols))} are differences"
            if self.level_symbols else ""
        )
        spans = "".join(f"; {note}" for note in self.notes)
        return (f"{self.kind.value} {span} returns of closes; {self.policy.description}"
                f"{levels}{spans}")

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
        frame = pd.DataFrame({sym: _weekly(s) for sym, s in clean.items()})
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


def _weekly(s: pd.Series) -> pd.Series:
    """``s.resample("W-FRI").last()`` of a sorted series without missing values."""
    import pandas as pd

    fridays, values = last_per_week(s.index.to_numpy(), s.to_numpy(dtype=float))
    index = pd.DatetimeIndex(fridays.astype(s.index.dtype), freq="W-FRI")
    return pd.Series(values, index=index, name=s.name)


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
    source: DataSource,
    symbols: list[str],
    policy: Policy | str = Policy.EQUITY,
    start: date | None = None,
    end: date | None = None,
) -> AlignedPrices:
    """Read closes of ``symbols`` (or ratios such as ``ETH/BTC``) and align them.

    This is the one path from stored symbols to an aligned panel: every analysis that
    needs returns of several series starts here.

    Parameters
    ----------
    source
        The store or an as-of view of it.
    symbols
        Names as a user types them; ``A/B`` is the ratio of A's close to B's on the
        dates both have.
    policy
        ``equity``, ``calendar`` or ``weekly``.
    start, end
        The date range read (``None``: everything up to the source's as-of date).

    Returns
    -------
    AlignedPrices
        With ``notes`` saying when and why the panel is shorter than a series' own range
        (which series starts last or ends first).

    Raises
    ------
    UnknownSymbolError, EmptyRangeError
        A name is unknown, a series has no closes in the range, or they do not overlap.
    """
    from comove.data.source import read_history
    from comove.symbols import Calendar

    series: dict[str, pd.Series] = {}
    calendars: dict[str, Calendar] = {}
    levels: set[str] = set()
    for name in symbols:
        parts = [part.strip() for part in name.split("/")] if "/" in name else [name]
        if len(parts) > 2 or not all(parts):
            raise UsageError(f"'{name}' is neither a symbol nor a ratio A/B",
                             "write a symbol (BTC) or a ratio of two (ETH/BTC)")
        legs = [read_history(source, part, start, end) for part in parts]
        closes = [bars["close"].dropna() for _, bars in legs]
        for (sym, _), values in zip(legs, closes, strict=True):
            if values.empty:
                raise EmptyRangeError(
                    f"no stored {sym.symbol} closes between {start or 'the start'} and "
                    f"{end or 'the end'}", f"import or fetch {sym.symbol}, or widen the range")
        if len(legs) == 1:
            sym = legs[0][0]
            label = sym.symbol
            series[label], calendars[label] = closes[0], sym.calendar
            if not sym.asset_class.is_price:
                levels.add(label)
        else:
            (a, _), (b, _) = legs
            label = f"{a.symbol}/{b.symbol}"
            series[label] = (closes[0] / closes[1]).dropna()
            calendars[label] = a.calendar if a.calendar == b.calendar else Calendar.US_EXCHANGE
        if label in series and series[label].empty:
            raise EmptyRangeError(f"{label} has no dates on which both legs have a close",
                                  "choose a ratio of series that overlap")
    panel = align_prices(series, calendars, policy, level_symbols=levels)
    return AlignedPrices(panel.prices, panel.policy, panel.level_symbols,
                         _span_notes(series, panel))


def _span_notes(series: dict[str, pd.Series], panel: AlignedPrices) -> tuple[str, ...]:
    """Say which series set the panel's first and last date when others run further."""
    if len(series) < 2:
        return ()
    notes = []
    first_day, last_day = panel.prices.index[0], panel.prices.index[-1]
    ends = {name: s.index[-1] for name, s in series.items()}
    starts = {name: s.index[0] for name, s in series.items()}
    earliest_end = min(ends.values())
    if any((end - earliest_end).days > 7 for end in ends.values()):
        first_out = sorted(n for n, e in ends.items() if e == earliest_end)
        others = ", ".join(f"{n} to {e.date()}" for n, e in ends.items() if e != earliest_end)
        notes.append(f"the panel ends {last_day.date()} because {' and '.join(first_out)} "
                     f"data end {earliest_end.date()} ({others})")
    latest_start = max(starts.values())
    if any((latest_start - st).days > 7 for st in starts.values()):
        last_in = sorted(n for n, st in starts.items() if st == latest_start)
        notes.append(f"the panel starts {first_day.date()} because {' and '.join(last_in)} "
                     f"data start {latest_start.date()}")
    return tuple(notes)
