"""Data methods of :class:`~comove.api.Market`: import, fetch, list, show, aligned panels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from comove.api._base import MarketBase, as_date

if TYPE_CHECKING:
    from comove.align import AlignedPrices
    from comove.data.results import FetchReport, ImportReport, SeriesList, SeriesRows, SymbolTable
    from comove.symbols import Symbol

ConflictPolicy = Literal["refuse", "replace", "keep"]


class DataMethods(MarketBase):
    """The data methods of :class:`~comove.api.Market`."""

    def import_files(
        self,
        paths: Sequence[str | Path],
        *,
        symbol: str | None = None,
        asset_class: str | None = None,
        calendar: str | None = None,
        renames: dict[str, str] | None = None,
        keep_copied_volume: bool = False,
        on_conflict: ConflictPolicy = "refuse",
    ) -> ImportReport:
        """Import CSV or Parquet files into the store, in one transaction.

        Parameters
        ----------
        paths
            Price files (``date,open,high,low,close,volume``), value files
            (``date,value``) or wide matrices (a date column and one column per symbol).
        symbol
            The symbol of a single price or value file (default: from the file name).
        asset_class, calendar
            For symbols the store does not know yet.
        renames
            ``{"ES": "ES_STOCK"}``: store a column or file under another symbol.
        keep_copied_volume
            Keep a volume column that copies another series' volume.
        on_conflict
            ``refuse`` (default: nothing is written when a stored value differs),
            ``replace`` or ``keep``.

        Returns
        -------
        ImportReport
        """
        from comove.data.results import ImportReport
        from comove.ingest import ImportOptions, import_files
        from comove.symbols import AssetClass, Calendar

        options = ImportOptions(
            symbol=symbol, asset_class=AssetClass(asset_class) if asset_class else None,
            calendar=Calendar(calendar) if calendar else None, renames=dict(renames or {}),
            keep_copied_volume=keep_copied_volume, on_conflict=on_conflict)
        result = import_files(self._store, [Path(p) for p in paths], options)
        return ImportReport(result, str(self._store.path))

    def fetch(
        self,
        symbols: Sequence[str] = (),
        *,
        start: date | str | None = None,
        end: date | str | None = None,
        provider: str | None = None,
        allow_partial: bool = False,
        on_conflict: ConflictPolicy = "refuse",
    ) -> FetchReport:
        """Bring symbols up to date from their providers (network; incremental).

        Parameters
        ----------
        symbols
            Symbols to fetch; empty: every stored symbol with a provider.
        start, end
            The range to fetch (default: from the last stored date to today).
        provider
            Force a provider (``yahoo``, ``fred``, ...).
        allow_partial
            Accept an answer that covers less than the range asked for.
        on_conflict
            As in :meth:`import_files`.

        Returns
        -------
        FetchReport
        """
        from comove.data.results import FetchReport
        from comove.errors import UsageError
        from comove.providers.fetch import FetchOptions, fetch_symbols

        names = list(symbols)
        if not names:
            known = self._store.symbols()
            names = sorted(s for s in self._store.last_dates()
                           if s in known and known[s].default_provider)
            if not names:
                raise UsageError("no stored symbol has a provider mapping",
                                 "name the symbols to fetch, e.g. SPX", param="symbols")
        options = FetchOptions(start=as_date(start, "start"), end=as_date(end, "end"),
                               provider=provider, allow_partial=allow_partial,
                               on_conflict=on_conflict)
        return FetchReport(fetch_symbols(self._store, names, options))

    def list_series(self, asset_class: Sequence[str] = (),
                    exclude_class: Sequence[str] = ()) -> SeriesList:
        """The stored series, one row each (class, calendar, first, last, rows, sources).

        Parameters
        ----------
        asset_class
            Keep only these classes (``index``, ``crypto``, ``stock``, ...).
        exclude_class
            Leave these out (they are counted in the summary).
        """
        from comove.data.results import SeriesList

        summary = self._store.summary()
        if asset_class:
            summary = summary[summary["asset_class"].isin(list(asset_class))]
        excluded = summary[summary["asset_class"].isin(list(exclude_class))]
        summary = summary[~summary["asset_class"].isin(list(exclude_class))]
        hidden = {str(k): int(v) for k, v in excluded.groupby("asset_class").size().items()}
        return SeriesList(summary.to_dict("records"), hidden, int(excluded["rows"].sum()))

    def show(self, symbol: str, start: date | str | None = None, end: date | str | None = None,
             provenance: bool = False) -> SeriesRows:
        """Stored rows of one symbol (flags as names; where each row came from with
        ``provenance``)."""
        from comove.data.results import SeriesRows
        from comove.data.source import read_history
        from comove.errors import UsageError
        from comove.store.schema import FLAG_NAMES

        first, last = as_date(start, "start"), as_date(end, "end")
        if first and last and first > last:
            raise UsageError(f"start {first} is after end {last}", "swap the dates",
                             param="start")
        with self._source() as source:
            sym, _ = read_history(source, symbol, first, last)
            frame = source.read(sym.symbol, first, last, provenance=provenance).reset_index()
        frame["date"] = frame["date"].dt.date
        frame["flags"] = [",".join(name for bit, name in FLAG_NAMES.items() if f & bit)
                          for f in frame["flags"]]
        prices = ["open", "high", "low", "volume"]
        if not sym.asset_class.is_price or frame[prices].isna().all(axis=None):
            value = "close" if sym.asset_class.is_price else "value"
            frame = frame.drop(columns=prices).rename(columns={"close": value})
        return SeriesRows(sym.symbol, frame)

    def symbols(self) -> SymbolTable:
        """Known symbols: the built-in ones with their provider identifiers, then the ones
        registered in the store."""
        from comove.data.results import SymbolTable
        from comove.symbols import BUILTIN_SYMBOLS

        known = {**BUILTIN_SYMBOLS, **self._store.symbols()}
        ordered = sorted(known.values(), key=lambda s: (s.symbol not in BUILTIN_SYMBOLS,
                                                        s.symbol))
        return SymbolTable([
            {"symbol": s.symbol, "name": s.name, "asset_class": s.asset_class.value,
             "calendar": s.calendar.value, "currency": s.currency,
             "providers": ", ".join(f"{k}:{v}" for k, v in s.providers.items()),
             "builtin": s.symbol in BUILTIN_SYMBOLS} for s in ordered])

    def add_symbol(self, symbol: str, asset_class: str, calendar: str, name: str | None = None,
                   currency: str = "USD", providers: dict[str, str] | None = None) -> Symbol:
        """Register a symbol of your own (its class, calendar and provider identifiers)."""
        from comove.symbols import AssetClass, Calendar, Symbol, normalize_name

        registered = Symbol(normalize_name(symbol), name or symbol.upper(),
                            AssetClass(asset_class), Calendar(calendar), currency,
                            dict(providers or {}))
        self._store.register_symbol(registered)
        return registered

    def aligned(self, symbols: Sequence[str], align: str = "equity",
                start: date | str | None = None, end: date | str | None = None
                ) -> AlignedPrices:
        """Closes of ``symbols`` (or ratios such as ``ETH/BTC``) on one date index.

        Parameters
        ----------
        symbols
            Names as typed (``BTC``, ``^GSPC``, ``ETH/BTC``).
        align
            ``equity``, ``calendar`` or ``weekly`` (see the README's alignment policies).
        start, end
            The range read.

        Returns
        -------
        AlignedPrices
            ``.prices``, ``.returns(kind, horizon)``, ``.convention`` and ``.notes`` (which
            series cut the range short).
        """
        from comove.align import load_aligned

        with self._source() as source:
            return load_aligned(source, list(symbols), align, as_date(start, "start"),
                                as_date(end, "end"))
