"""What an analysis may ask of its data, and the two reads every analysis starts with.

:class:`~comove.store.Store` and :class:`~comove.data.AsOfView` both satisfy
:class:`DataSource`; analyses take a ``DataSource`` and never open a store themselves, so
an analysis run "as of" a date cannot see a later price whatever it does.
"""

from __future__ import annotations

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
        raise EmptyRangeError(
            f"no {symbol.symbol} data between {start or 'the start'} and {end or 'the end'}",
            f"stored {symbol.symbol} data run from {everything.index[0].date()} to "
            f"{everything.index[-1].date()}",
        )
    return symbol, bars


def read_bars(source: DataSource, text: str, end: date | None = None
              ) -> tuple[Symbol, pd.DataFrame]:
    """A symbol's whole stored history up to ``end`` (records need all earlier data)."""
    return read_history(source, text, None, end)
