"""Crypto exchanges' daily candles through ``ccxt`` (optional: ``pip install comove[crypto]``).

Candles are UTC days; each is ``[ms timestamp, open, high, low, close, volume]`` with the
volume in the base currency (BTC for BTC/USD), not in USD as Yahoo's crypto series are.
So exchange series are stored under their own symbols (``BTC_COINBASE``, ``BTC_KRAKEN``,
``BTC_BITSTAMP_OHLC``), never mixed into ``BTC``. Today's candle is dropped (partial).

- Coinbase Exchange: 300 candles a request, from 2015.
- Kraken: only the latest 720 daily candles, whatever the start date asked for.
- Bitstamp: 1,000 candles a request, daily history from 2011.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from comove.errors import ProviderError
from comove.providers.base import FRAME_COLUMNS, Fetcher, FetchQuery, numeric_column
from comove.store.text import shown

if TYPE_CHECKING:
    import pandas as pd

    from comove.providers.http import HttpClient

DAY_MS = 86_400_000
INSTALL_HINT = "install the crypto extra: pip install 'comove[crypto]'"


def make_exchange(exchange_id: str, timeout: float) -> Any:
    """A ccxt exchange object, or a clear error when ccxt is not installed."""
    try:
        import ccxt
    except ImportError:
        raise ProviderError(f"the {exchange_id} provider needs the ccxt library, which is not "
                            "installed", INSTALL_HINT) from None
    return getattr(ccxt, exchange_id)({"timeout": int(timeout * 1000),
                                       "enableRateLimit": True})


def exchange_failure(exc: Exception, provider: str, identifier: str) -> ProviderError:
    """A ccxt exception as a message naming the problem and the fix."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    text = shown(exc)
    if "BadSymbol" in names:
        return ProviderError(f"{provider} does not list {shown(identifier)} ({text})",
                             "check the identifier (e.g. BTC/USD) with 'comove data symbols'")
    if names & {"RateLimitExceeded", "DDoSProtection"}:
        return ProviderError(f"{provider} is rate-limiting this network",
                             "wait a few minutes and try again; nothing was written")
    if "RequestTimeout" in names:
        return ProviderError(f"{provider} timed out", "try again later; nothing was written")
    if "NetworkError" in names:
        return ProviderError(f"could not connect to {provider} ({type(exc).__name__}: no "
                             "network, or the exchange is unreachable)",
                             "try again later, or import a file")
    return ProviderError(f"{provider} failed for {shown(identifier)}: {type(exc).__name__}: "
                         f"{text}", "try again later; nothing was written")


class ExchangeFetcher(Fetcher):
    """Daily candles of one exchange, paginated by ``since``."""

    exchange_id: ClassVar[str]
    page_size: ClassVar[int]
    overlap_days = 3

    def __init__(self, now: datetime | None = None, exchange: Any = None,
                 timeout: float = 20.0, deadline: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self.exchange = exchange
        self.timeout = timeout
        self.deadline = deadline
        self.clock = clock

    def query(self, query: FetchQuery, client: HttpClient) -> list[Any]:
        exchange = self.exchange or make_exchange(self.exchange_id, self.timeout)
        start = datetime(query.start.year, query.start.month, query.start.day, tzinfo=UTC)
        since = int(start.timestamp() * 1000)
        stop = since + ((query.end - query.start).days + 1) * DAY_MS
        limit = self.clock() + self.deadline
        pages = []
        while since < stop:
            try:
                raw = exchange.fetch_ohlcv(query.identifier, "1d", since, self.page_size)
            except ProviderError:
                raise
            except Exception as exc:  # the library boundary: every failure is outside
                raise exchange_failure(exc, self.name, query.identifier) from exc
            page = self.extract(raw, query)
            if not page:
                break
            pages.append(page)
            last = max(int(c[0]) for c in page)
            if last < since:  # the exchange ignores ``since`` (Kraken): nothing more to get
                break
            since = last + DAY_MS
            if self.clock() > limit:
                raise ProviderError(f"{self.name} did not finish answering within "
                                    f"{self.deadline:.0f} s", "try again later, or ask for "
                                    "fewer days with a later start", param="start")
        return pages

    def extract(self, answer: Any, query: FetchQuery) -> list[list[Any]]:
        if not isinstance(answer, list):
            raise self.schema_error(query, "not a list of candles")
        for candle in answer:
            if not isinstance(candle, list | tuple) or len(candle) != 6:
                raise self.schema_error(query, "a candle that is not [time, open, high, low, "
                                        "close, volume]")
            stamp = candle[0]
            if isinstance(stamp, bool) or not isinstance(stamp, int | float) or not (
                0 <= stamp < 2**53
            ):
                raise self.schema_error(query, f"a candle time '{shown(stamp, 40)}' that is "
                                        "not milliseconds since 1970")
        return [list(c) for c in answer]

    def transform(self, payloads: list[list[list[Any]]], query: FetchQuery) -> pd.DataFrame:
        import pandas as pd

        candles = [c for payload in payloads for c in payload]
        if not candles:
            return pd.DataFrame(columns=FRAME_COLUMNS)
        raw = pd.DataFrame(candles, columns=["time", *FRAME_COLUMNS[1:]], dtype=object)
        frame = pd.DataFrame({"date": pd.to_datetime(raw["time"].astype("int64"),
                                                     unit="ms").dt.normalize()})
        for column in FRAME_COLUMNS[1:]:
            frame[column] = numeric_column(raw[column], self, query, column)
        today = (self.now or datetime.now(UTC)).date()
        days = frame["date"].dt.date
        frame = frame[(days < today) & (days >= query.start) & (days <= query.end)]
        # Pages can overlap by a candle; identical repeats are harmless, different ones are
        # rejected by validation.
        frame = frame.drop_duplicates()
        return frame.sort_values("date", kind="stable").reset_index(drop=True)


class CoinbaseFetcher(ExchangeFetcher):
    name = "coinbase"
    exchange_id = "coinbaseexchange"
    page_size = 300


class KrakenFetcher(ExchangeFetcher):
    name = "kraken"
    exchange_id = "kraken"
    page_size = 720
    history_days = 720


class BitstampFetcher(ExchangeFetcher):
    name = "bitstamp"
    exchange_id = "bitstamp"
    page_size = 1000


def earliest_served(fetcher: Fetcher, today: Any) -> Any:
    """The first date the provider serves, or None when it serves all its history."""
    if fetcher.history_days is None:
        return None
    return today - timedelta(days=fetcher.history_days - 1)
