"""Incremental fetching into the store.

For each symbol: start at ``--start``, or at the last stored date less the provider's
overlap (to pick up its revisions), or at the provider's earliest date; fetch; check the
answer is complete; validate it with the same rules as a file import. Only when every
symbol has been fetched and checked is anything written, in one transaction. Values that
differ from stored rows of the same provider inside the fetch window are revisions: they
are replaced and reported, unless the answer looks shifted by a day or re-based by a
constant factor (:mod:`comove.providers.checks`), which is refused. Values that differ from
another source follow ``--replace``/``--keep`` (refused by default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from comove.errors import EmptyRangeError, ProviderError, UsageError
from comove.ingest.validate import validate_rows
from comove.progress import progress
from comove.providers.checks import check_against_stored, check_calendar
from comove.store import ConflictPolicy, IngestBatch, Store, SymbolWriteReport
from comove.store.text import shown
from comove.symbols import Calendar, Symbol

if TYPE_CHECKING:
    import pandas as pd

    from comove.providers.base import Fetcher
    from comove.providers.http import HttpClient

EARLIEST = date(1900, 1, 1)
# Share of weekdays that are trading days, allowing for holidays (about 9 a year) and slack.
EXPECTED_SHARE = {
    Calendar.ALWAYS: 0.95,
    Calendar.US_EXCHANGE: 0.85,
    Calendar.BUSINESS: 0.85,
    Calendar.WEEKLY: 0.8,
}
# How many days before the end date a series may stop before the answer counts as cut off.
MAX_STALE_DAYS = {
    Calendar.ALWAYS: 3,
    Calendar.US_EXCHANGE: 6,
    Calendar.BUSINESS: 8,
    Calendar.WEEKLY: 16,
}


@dataclass
class FetchOptions:
    """Options of one ``comove data fetch``."""

    start: date | None = None
    end: date | None = None
    provider: str | None = None
    allow_partial: bool = False
    on_conflict: ConflictPolicy = "refuse"


@dataclass
class FetchResult:
    """What was fetched for one symbol and what the write did with it."""

    symbol: str
    provider: str
    identifier: str
    start: date
    end: date
    rows: int
    warnings: list[str] = field(default_factory=list)
    write: SymbolWriteReport | None = None

    def as_dict(self) -> dict[str, Any]:
        w = self.write
        return {
            "symbol": self.symbol, "provider": self.provider, "identifier": self.identifier,
            "start": self.start, "end": self.end, "rows": self.rows,
            "new": w.new if w else 0, "revised": w.replaced if w else 0,
            "filled": w.filled if w else 0, "unchanged": w.unchanged if w else 0,
            "warnings": self.warnings,
        }

    def describe(self) -> str:
        w = self.write
        counts = (
            f"{w.new:,} new, {w.replaced:,} revised, {w.filled:,} filled, "
            f"{w.unchanged:,} unchanged" if w else "nothing written"
        )
        text = (f"{self.symbol}: {self.provider} {self.identifier} {self.start}..{self.end}: "
                f"{self.rows:,} rows ({counts})")
        for warning in self.warnings:
            text += f"\n  warning: {warning}"
        return text


def expected_rows(calendar: Calendar, first: date, last: date) -> int:
    """About how many observations a complete series has between two dates."""
    days = (last - first).days + 1
    if calendar is Calendar.ALWAYS:
        return days
    if calendar is Calendar.WEEKLY:
        return days // 7
    weekdays = int(np.busday_count(first, last + timedelta(days=1)))
    return weekdays


def check_complete(
    frame: pd.DataFrame, symbol: Symbol, fetcher: str, identifier: str, start: date, end: date,
    allow_partial: bool,
) -> None:
    """Raise :class:`ProviderError` if the answer has gaps or stops early."""
    first = max(start, frame["date"].iloc[0].date())
    last = frame["date"].iloc[-1].date()
    stale = (end - last).days
    if stale > MAX_STALE_DAYS[symbol.calendar] and not allow_partial:
        raise ProviderError(
            f"{fetcher} data for {identifier} stops at {last}, {stale} days before {end}",
            "the answer may be cut off; try again, or pass allow_partial for a series "
            "that has ended", param="allow_partial",
        )
    expected = expected_rows(symbol.calendar, first, min(end, last))
    floor = int(EXPECTED_SHARE[symbol.calendar] * expected) - 2
    if len(frame) < floor:
        raise ProviderError(
            f"{fetcher} returned {len(frame):,} rows for {identifier} from {first} to {last}; "
            f"a complete series has about {expected:,}",
            "the answer is incomplete; try again later (nothing was written)",
        )


def fetch_symbols(
    store: Store,
    names: list[str],
    options: FetchOptions,
    client: HttpClient | None = None,
    fetchers: dict[str, Fetcher] | None = None,
    on_progress: Callable[[str], None] | None = None,
    today: date | None = None,
) -> list[FetchResult]:
    """Fetch ``names`` and write them in one transaction.

    Parameters
    ----------
    client
        The HTTP client (tests pass one over recorded responses).
    fetchers
        Provider name to fetcher instance (default: the real ones).
    today
        The date fetches end at by default (default: today, UTC).

    Raises
    ------
    UsageError
        Unknown symbol, or no mapping at the provider.
    ProviderError
        A provider failed or returned data that cannot be trusted (nothing is written).
    """
    import pandas as pd

    from comove.providers import FETCHERS
    from comove.providers.http import HttpClient

    today = today or datetime.now(UTC).date()
    if options.start and options.end and options.start > options.end:
        raise UsageError(f"start {options.start} is after end {options.end}",
                         "swap the dates", param="start")
    end = options.end or today
    if end > today:
        raise UsageError(f"end {end} is in the future", "history ends today", param="end")
    symbols = list({s.symbol: s for s in (store.resolve(n) for n in names)}.values())
    spans = store.first_last_dates()
    own_client = client is None
    client = client or HttpClient()
    fetchers = fetchers or {}
    results: list[FetchResult] = []
    frames = []
    try:
        for symbol in progress(symbols, desc="fetching"):
            provider, identifier = _provider_of(symbol, options)
            fetcher = fetchers.get(provider) or FETCHERS[provider]()
            notes: list[str] = []
            start = _start(symbol, fetcher, options, spans, today, notes)
            if start > end:
                raise EmptyRangeError(f"nothing to fetch for {symbol.symbol}: {start} is after "
                                      f"{end}", "choose an earlier start",
                                      param="start")
            if on_progress:
                on_progress(f"fetching {symbol.symbol} from {provider} ({identifier}) "
                            f"{start}..{end}")
            from comove.providers.base import FetchQuery

            label = f"{provider} {shown(identifier, 40)}"
            frame = fetcher.fetch(FetchQuery(identifier, start, end), client)
            check_complete(frame, symbol, provider, identifier, start, end,
                           options.allow_partial)
            check_calendar(frame, symbol, label)
            if symbol.symbol in spans:
                first_stored = spans[symbol.symbol][0]
                stored = store.read(symbol.symbol, start, end)["close"]
                check_against_stored(
                    frame, stored, symbol, label,
                    full_refetch=options.on_conflict == "replace" and start <= first_stored,
                )
            frame = frame.assign(symbol=symbol.symbol, line=np.arange(len(frame)) + 1)
            rows, warnings = validate_rows(
                frame, label=label, unit="row",
                price_symbols={symbol.symbol} if symbol.asset_class.is_price else set(),
                exchange_symbols={symbol.symbol} if symbol.calendar.is_exchange else set(),
            )
            frames.append(rows)
            results.append(FetchResult(symbol.symbol, provider, identifier, start, end,
                                       len(rows), notes + warnings.get(symbol.symbol, [])))
    finally:
        if own_client:
            client.close()

    batch = IngestBatch(
        "fetch",
        pd.concat(frames, ignore_index=True),
        {s.symbol: s for s in symbols},
        {r.symbol: f"{r.provider}:{r.identifier}" for r in results},
        {r.symbol: r.warnings for r in results},
    )
    report = store.write(batch, on_conflict=options.on_conflict, revise_same_source=True)
    by_symbol = {r.symbol: r for r in report.symbols}
    for result in results:
        result.write = by_symbol.get(result.symbol)
    return results


def _provider_of(symbol: Symbol, options: FetchOptions) -> tuple[str, str]:
    provider = options.provider or symbol.default_provider
    if provider is None:
        raise UsageError(
            f"{symbol.symbol} has no provider mapping",
            "import it from a file, or register an identifier with 'comove data add-symbol'",
        )
    identifier = symbol.providers.get(provider)
    if identifier is None:
        raise UsageError(
            f"{symbol.symbol} has no identifier at {provider}",
            f"known: {', '.join(symbol.providers) or 'none'}; pass one of them as provider",
            param="provider",
        )
    return provider, identifier


def _start(
    symbol: Symbol, fetcher: Fetcher, options: FetchOptions,
    spans: dict[str, tuple[date, date]], today: date, notes: list[str],
) -> date:
    """The first date to ask for: --start, else incremental, within what the provider serves."""
    from comove.providers.exchanges import earliest_served

    served = earliest_served(fetcher, today)
    if options.start is not None:
        if served is not None and options.start < served:
            raise UsageError(
                f"{fetcher.name} serves only the latest {fetcher.history_days} daily candles "
                f"(from {served}); start {options.start} is earlier",
                f"use start {served} or later, or provider bitstamp for older history",
                param="start",
            )
        return options.start
    last = spans[symbol.symbol][1] if symbol.symbol in spans else None
    start = last - timedelta(days=fetcher.overlap_days) if last else EARLIEST
    if served is not None and start < served:
        notes.append(f"{fetcher.name} serves only the latest {fetcher.history_days} daily "
                     f"candles: fetched from {served}")
        start = served
    return start
