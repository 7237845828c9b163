"""Data providers: Yahoo Finance, FRED and Coinbase Exchange.

Each provider is a :class:`~comove.providers.base.Fetcher` in three testable stages:
``requests`` (what to ask for), ``extract`` (parse one response, checking its schema) and
``transform`` (rows in comove's format). :mod:`comove.providers.fetch` runs them
incrementally against the store.
"""

from comove.providers.base import Fetcher, FetchQuery
from comove.providers.coinbase import CoinbaseFetcher
from comove.providers.fred import FredFetcher
from comove.providers.yahoo import YahooFetcher

FETCHERS: dict[str, type[Fetcher]] = {
    "yahoo": YahooFetcher,
    "fred": FredFetcher,
    "coinbase": CoinbaseFetcher,
}

__all__ = ["FETCHERS", "CoinbaseFetcher", "FetchQuery", "Fetcher", "FredFetcher", "YahooFetcher"]
