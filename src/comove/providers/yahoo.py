"""Yahoo Finance daily bars through the ``yfinance`` library.

Yahoo has refused plain HTTP clients by their TLS fingerprint since May 2025 (yfinance
issues #2422, #2472); yfinance gets through by impersonating a browser (curl_cffi), so comove
asks it, unadjusted (``auto_adjust=False``, no dividend or split rows), and checks what it
returns like any other provider answer. Dates are the exchange's local dates (the index's
timezone, ``exchangeTimezoneName`` in the metadata): New York for US indices, UTC for crypto,
whose bars run 00:00-24:00 UTC. A bar for the exchange's current day is dropped, because it
is partial until the session ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from comove.errors import ProviderError
from comove.providers.base import FRAME_COLUMNS, Fetcher, FetchQuery, numeric_column
from comove.store.text import shown

if TYPE_CHECKING:
    import pandas as pd

    from comove.providers.http import HttpClient

YAHOO_COLUMNS = {"Open": "open", "High": "high", "Low": "low", "Close": "close",
                 "Volume": "volume"}


@dataclass
class YahooAnswer:
    """What yfinance returned: the history frame and its metadata."""

    frame: Any
    meta: Any


History = Callable[[str, date, date, float], YahooAnswer]


@contextmanager
def _yfinance_raises() -> Iterator[None]:
    """Make yfinance raise its errors instead of logging them and returning nothing."""
    import yfinance as yf

    before = yf.config.debug.hide_exceptions
    yf.config.debug.hide_exceptions = False
    try:
        yield
    finally:
        yf.config.debug.hide_exceptions = before


def yfinance_history(identifier: str, start: date, end: date, timeout: float) -> YahooAnswer:
    """Daily bars from ``start`` to ``end`` (exclusive) as yfinance returns them."""
    import yfinance as yf

    ticker = yf.Ticker(identifier)
    with _yfinance_raises():
        frame = ticker.history(start=start.isoformat(), end=end.isoformat(), interval="1d",
                               auto_adjust=False, actions=False, keepna=True,
                               timeout=timeout)
        meta = ticker.history_metadata if not frame.empty else {}
    return YahooAnswer(frame, meta)


def yahoo_failure(exc: Exception, identifier: str) -> ProviderError:
    """A yfinance (or network) exception as a message naming the problem and the fix."""
    kind = type(exc).__name__
    text = shown(exc)
    if kind == "YFRateLimitError" or "too many requests" in text.lower():
        return ProviderError("yahoo is rate-limiting this network (too many requests)",
                             "wait a few minutes and try again; nothing was written")
    if kind in ("YFTickerMissingError", "YFTzMissingError", "YFPricesMissingError"):
        return ProviderError(f"yahoo has no data for {shown(identifier)} ({text})",
                             "check the identifier with 'comove data symbols', or the dates")
    if "timeout" in kind.lower() or "timed out" in text.lower():
        return ProviderError("yahoo timed out", "try again later; nothing was written")
    if "connect" in kind.lower() or "resolve" in text.lower() or "connect" in text.lower():
        return ProviderError(f"could not connect to Yahoo Finance ({kind}: no network, or "
                             "Yahoo is unreachable)", "try again later, or import a file")
    return ProviderError(
        f"yahoo (through yfinance) failed for {shown(identifier)}: {kind}: {text}",
        "try again later; if it persists, update yfinance (pip install -U yfinance)",
    )


class YahooFetcher(Fetcher):
    name = "yahoo"
    overlap_days = 7

    def __init__(self, now: datetime | None = None, history: History | None = None,
                 timeout: float = 30.0) -> None:
        self.now = now
        self.history = history or yfinance_history
        self.timeout = timeout

    def query(self, query: FetchQuery, client: HttpClient) -> list[Any]:
        try:
            answer = self.history(query.identifier, query.start,
                                  query.end + timedelta(days=1), self.timeout)
        except ProviderError:
            raise
        except Exception as exc:  # the library boundary: every failure is an outside fault
            raise yahoo_failure(exc, query.identifier) from exc
        return [self.extract(answer, query)]

    def extract(self, answer: Any, query: FetchQuery) -> pd.DataFrame:
        import pandas as pd

        if not isinstance(answer, YahooAnswer) or not isinstance(answer.frame, pd.DataFrame):
            raise self.schema_error(query, "not a table of daily bars")
        frame = answer.frame
        if frame.empty:
            return pd.DataFrame(columns=FRAME_COLUMNS)
        if not isinstance(answer.meta, Mapping):
            raise self.schema_error(query, "its metadata is not a mapping")
        if not isinstance(frame.index, pd.DatetimeIndex):
            raise self.schema_error(query, "its dates are not timestamps")
        if frame.index.tz is None:
            raise self.schema_error(query, "its dates have no timezone")
        zone = self._zone(answer.meta.get("exchangeTimezoneName") or str(frame.index.tz),
                          query)
        missing = [c for c in ("Close",) if c not in frame.columns]
        if missing:
            raise self.schema_error(query, "no Close column")
        out = pd.DataFrame(
            {"date": frame.index.tz_convert(zone).tz_localize(None).normalize()}
        )
        for source, column in YAHOO_COLUMNS.items():
            out[column] = (numeric_column(frame[source].reset_index(drop=True), self, query,
                                          column)
                           if source in frame.columns else float("nan"))
        return out.reset_index(drop=True)

    def _zone(self, name: object, query: FetchQuery) -> Any:
        import pandas as pd

        if not isinstance(name, str):
            raise self.schema_error(query, "its timezone is not a name")
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        try:  # a fixed offset such as +14:00
            return pd.Timestamp("2000-01-01", tz=name).tz
        except (ValueError, TypeError, KeyError) as exc:
            raise self.schema_error(query, f"unknown timezone '{shown(name, 40)}'") from exc

    def transform(self, payloads: list[pd.DataFrame], query: FetchQuery) -> pd.DataFrame:
        frame = payloads[0]
        if frame.empty:
            return frame
        today = (self.now or datetime.now(UTC)).date()
        days = frame["date"].dt.date
        # The current exchange day is still open; with the exchange east of UTC, "today"
        # there can be tomorrow here, hence the UTC date as the bound.
        keep = (days < today) & (days >= query.start) & (days <= query.end)
        return frame[keep].sort_values("date", kind="stable").reset_index(drop=True)
