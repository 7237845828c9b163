"""Reading what a command needs from the store, with errors that say what to do."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    import pandas as pd

    from comove.store import Store
    from comove.symbols import Symbol


def read_symbol(
    store: Store, text: str, end: date | None = None
) -> tuple[Symbol, pd.DataFrame]:
    """Resolve ``text`` and read its whole stored history up to ``end``.

    Raises
    ------
    UnknownSymbolError
        With close matches.
    EmptyRangeError
        Nothing stored, or nothing up to ``end``.
    """
    symbol = store.resolve(text)
    bars = store.read(symbol.symbol, end=end)
    if bars.empty:
        everything = store.read(symbol.symbol) if end else bars
        if everything.empty:
            raise EmptyRangeError(
                f"nothing is stored for {symbol.symbol}",
                f"import or fetch it first: comove data fetch {symbol.symbol}",
            )
        raise EmptyRangeError(
            f"no {symbol.symbol} data up to {end}",
            f"stored data starts {everything.index[0].date()}",
        )
    return symbol, bars
