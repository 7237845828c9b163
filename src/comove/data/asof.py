"""A read-only view of the store as it was on a date: nothing after ``asof`` is visible.

Claims, the brief and ``Market.asof(...)`` read through this view, so an evaluation "as of"
2026-01-23 cannot see a price from 2026-01-24, whatever the analysis does.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from comove.data.source import DataSource
    from comove.symbols import Symbol


class AsOfView:
    """A :class:`~comove.data.DataSource` whose reads end at ``asof``.

    Parameters
    ----------
    source
        The store (or another source) to read from.
    asof
        The last visible date; ``None`` shows everything.
    """

    def __init__(self, source: DataSource, asof: date | None) -> None:
        self.source = source
        if asof is not None and source.asof is not None:
            asof = min(asof, source.asof)
        self.asof = asof if asof is not None else source.asof
        self._cache: dict[str, pd.DataFrame] = {}
        self._symbols: dict[str, Symbol] | None = None

    def _end(self, end: date | None) -> date | None:
        if self.asof is None:
            return end
        return self.asof if end is None else min(end, self.asof)

    def symbols(self) -> dict[str, Symbol]:
        """Registered symbols, read once per view."""
        if self._symbols is None:
            self._symbols = self.source.symbols()
        return self._symbols

    def resolve(self, text: str) -> Symbol:
        from comove.symbols import resolve

        return resolve(text, self.symbols())

    def read(self, symbol: str, start: date | None = None, end: date | None = None,
             provenance: bool = False) -> pd.DataFrame:
        import pandas as pd

        if provenance:
            return self.source.read(symbol, start, self._end(end), provenance=True)
        if symbol not in self._cache:
            self._cache[symbol] = self.source.read(symbol, end=self._end(None))
        frame = self._cache[symbol]
        if start is not None:
            frame = frame.loc[pd.Timestamp(start):]
        last = self._end(end)
        if last is not None:
            frame = frame.loc[: pd.Timestamp(last)]
        return frame

    def read_many(self, symbols: list[str], column: str = "close", start: date | None = None,
                  end: date | None = None) -> pd.DataFrame:
        return self.source.read_many(symbols, column, start, self._end(end))

    def last_dates(self) -> dict[str, date]:
        last = self.source.last_dates()
        if self.asof is None:
            return last
        # A symbol's last date as of the cut is its last row on or before it.
        out = {}
        for name, day in last.items():
            if day <= self.asof:
                out[name] = day
            else:
                rows = self.read(name)
                if not rows.empty:
                    out[name] = rows.index[-1].date()
        return out

    def trading_days(self, symbols: list[str], start: date | None = None,
                     end: date | None = None) -> pd.DatetimeIndex:
        return self.source.trading_days(symbols, start, self._end(end))
