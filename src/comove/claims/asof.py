"""A read-only view of the store as it was on a date: nothing after ``asof`` is visible.

Every claim check reads through this view, so ``comove check --asof 2026-01-23`` cannot see
a price from 2026-01-24, whatever the check does.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    import pandas as pd

    from comove.store import Store
    from comove.symbols import Symbol


class AsOfStore:
    """Wraps a :class:`~comove.store.Store`; reads end at ``asof`` (or at the data's end)."""

    def __init__(self, store: Store, asof: date | None) -> None:
        self.store = store
        self.asof = asof
        self._cache: dict[str, pd.DataFrame] = {}
        self._symbols: dict[str, Symbol] | None = None

    def _end(self, end: date | None) -> date | None:
        if self.asof is None:
            return end
        return self.asof if end is None else min(end, self.asof)

    def resolve(self, text: str) -> Symbol:
        from comove.symbols import resolve

        return resolve(text, self.symbols())

    def symbols(self) -> dict[str, Symbol]:
        """Registered symbols, read once per view (every check resolves several)."""
        if self._symbols is None:
            self._symbols = self.store.symbols()
        return self._symbols

    def read(self, symbol: str, start: date | None = None, end: date | None = None,
             provenance: bool = False) -> pd.DataFrame:
        import pandas as pd

        if symbol not in self._cache:
            self._cache[symbol] = self.store.read(symbol, end=self._end(None))
        frame = self._cache[symbol]
        if start is not None:
            frame = frame.loc[pd.Timestamp(start):]
        last = self._end(end)
        if last is not None:
            frame = frame.loc[: pd.Timestamp(last)]
        return frame

    def read_many(self, symbols: list[str], column: str = "close", start: date | None = None,
                  end: date | None = None) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame({s: self.read(s, start, end)[column] for s in symbols})

    def bars(self, text: str) -> tuple[Symbol, pd.DataFrame]:
        """A symbol's whole history up to ``asof``; raises if nothing is stored."""
        symbol = self.resolve(text)
        frame = self.read(symbol.symbol)
        if frame.empty:
            raise EmptyRangeError(f"no {symbol.symbol} data up to {self.asof or 'the end'}",
                                  f"import or fetch {symbol.symbol}")
        return symbol, frame
