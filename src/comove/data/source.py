"""What an analysis may ask of its data, and the two reads every analysis starts with.

:class:`~comove.store.Store` and :class:`~comove.data.AsOfView` both satisfy
:class:`DataSource`; analyses take a ``DataSource`` and never open a store themselves, so
an analysis run "as of" a date cannot see a later price whatever it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    import pandas as pd

    from comove.symbols import Symbol


@runtime_checkable
class DataSource(Protocol):
    """Read access to stored daily series.

    Attributes
    ----------
    asof
        The last date a read can see (``None``: everything stored).
    """

    asof: date | None

    def symbols(self) -> dict[str, Symbol]:
        """Registered symbols by name."""
        ...

    def resolve(self, text: str) -> Symbol:
        """A user-typed name (or provider identifier) to its symbol."""
        ...

    def read(self, symbol: str, start: date | None = None, end: date | None = None,
             provenance: bool = False) -> pd.DataFrame:
        """One symbol's rows (open, high, low, close, volume, flags), indexed by date."""
        ...

    def read_many(self, symbols: list[str], column: str = "close", start: date | None = None,
                  end: date | None = None) -> pd.DataFrame:
        """One column of several symbols, dates by symbols, unaligned."""
        ...

    def last_dates(self) -> dict[str, date]:
        """Last stored date of every symbol."""
        ...

    def trading_days(self, symbols: list[str], start: date | None = None,
                     end: date | None = None) -> pd.DatetimeIndex:
        """Every date on which any of ``symbols`` has a row."""
        ...


def read_history(source: DataSource, text: str, start: date | None = None,
                 end: date | None = None) -> tuple[Symbol, pd.DataFrame]:
    """Resolve ``text`` and read its stored rows from ``start`` to ``end``.

    Raises
    ------
    UnknownSymbolError
        The name is unknown (the message lists close matches).
    EmptyRangeError
        Nothing stored for the symbol, or nothing in the range.
    """
    symbol = source.resolve(text)
    bars = source.read(symbol.symbol, start=start, end=end)
    if bars.empty:
        everything = source.read(symbol.symbol) if (start or end) else bars
        if everything.empty:
            upto = f" up to {source.asof}" if source.asof else ""
            raise EmptyRangeError(
                f"nothing is stored for {symbol.symbol}{upto}",
                f"import or fetch it first: comove data fetch {symbol.symbol}",
            )
        first, last = everything.index[0].date(), everything.index[-1].date()
        raise EmptyRangeError(
            f"{symbol.symbol} has no rows between {start or first} and {end or last}",
            f"stored {symbol.symbol} rows run from {first} to {last}",
        )
    return symbol, bars


@dataclass(frozen=True)
class StandIn:
    """A series that stands in for a symbol before the symbol's own history starts."""

    symbol: str
    shift_days: int
    description: str


#: Bitstamp's daily value of day d+1 tracks Yahoo's BTC close of day d (checked on the
#: overlap), so it stands for BTC's closes before Yahoo's first day (2014-09-17).
STAND_INS = {
    "BTC": StandIn("BTC_BITSTAMP", -1, "BTC_BITSTAMP (Bitstamp), the value of d+1 as the "
                   "close of d"),
}


def read_bars(source: DataSource, text: str, end: date | None = None,
              long_history: bool = False) -> tuple[Symbol, pd.DataFrame]:
    """A symbol's whole stored history up to ``end`` (records need all earlier data).

    Parameters
    ----------
    long_history
        Prepend the symbol's stand-in series (:data:`STAND_INS`: Bitstamp for BTC) before
        its own first day, closes only. The frame's ``attrs["splice"]`` then says which
        series stands in and until when; results must repeat it in their convention.
    """
    symbol, bars = read_history(source, text, None, end)
    stand_in = STAND_INS.get(symbol.symbol) if long_history else None
    if stand_in is None:
        return symbol, bars
    return symbol, splice_stand_in(bars, source.read(stand_in.symbol, end=end)["close"],
                                   stand_in)


def splice_stand_in(bars: pd.DataFrame, older: pd.Series, stand_in: StandIn) -> pd.DataFrame:
    """``bars`` with ``older``, the stand-in's closes, before their first day.

    ``older`` is shifted by ``stand_in.shift_days`` and kept only before the first row of
    ``bars`` (all of it when ``bars`` is empty), closes only: the other columns are NaN and
    ``flags`` 0. When it adds rows to non-empty ``bars``, ``attrs["splice"]`` says which
    series stands in and for which dates. The one splice of :func:`read_bars` and
    :func:`comove.events.halvings.long_bitcoin`.
    """
    import pandas as pd

    older = older.dropna()
    older = older.set_axis(older.index + pd.Timedelta(days=stand_in.shift_days))
    if not bars.empty:
        older = older[older.index < bars.index[0]]
    if older.empty:
        return bars
    head = pd.DataFrame({"close": older}).reindex(columns=bars.columns)
    if "flags" in head:
        head["flags"] = 0
    if bars.empty:
        return head
    spliced = pd.concat([head, bars])
    spliced.attrs["splice"] = (f"{stand_in.description} before {bars.index[0].date()} "
                               f"({older.index[0].date()} to {older.index[-1].date()})")
    return spliced
