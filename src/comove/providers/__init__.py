"""Data providers: Yahoo Finance (yfinance), FRED, and crypto exchanges (ccxt).

Each provider is a :class:`~comove.providers.base.Fetcher` in three testable stages:
``query`` (ask the provider: HTTP for FRED, the yfinance or ccxt library for the others),
``extract`` (check one answer's schema) and ``transform`` (rows in comove's format).
:mod:`comove.providers.fetch` runs them incrementally against the store.
"""

from comove.providers.base import Fetcher, FetchQuery
from comove.providers.exchanges import BitstampFetcher, CoinbaseFetcher, KrakenFetcher
from comove.providers.fred import FredFetcher
from comove.providers.yahoo import YahooFetcher

FETCHERS: dict[str, type[Fetcher]] = {
    "yahoo": YahooFetcher,
    "fred": FredFetcher,
    "coinbase": CoinbaseFetcher,
    "kraken": KrakenFetcher,
    "bitstamp": BitstampFetcher,
}

__all__ = [
    "FETCHERS",
    "BitstampFetcher",
    "CoinbaseFetcher",
    "FetchQuery",
    "Fetcher",
    "FredFetcher",
    "KrakenFetcher",
    "YahooFetcher",
]
