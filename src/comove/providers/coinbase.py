"""Coinbase Exchange daily candles (public, no key, reachable from the US).

Candles are UTC days, like Yahoo's crypto bars. The endpoint returns at most 300 candles a
request, newest first, as ``[time, low, high, open, close, volume]``; volume is in the base
currency (BTC), not USD as in Yahoo's series. Today's candle is dropped (partial).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from comove.providers.base import FRAME_COLUMNS, Fetcher, FetchQuery, Request

if TYPE_CHECKING:
    import httpx
    import pandas as pd

CANDLES_URL = "https://api.exchange.coinbase.com/products/{identifier}/candles"
MAX_CANDLES = 300


class CoinbaseFetcher(Fetcher):
    name = "coinbase"
    overlap_days = 3

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now

    def requests(self, query: FetchQuery) -> list[Request]:
        out = []
        window_start = query.start
        while window_start <= query.end:
            window_end = min(window_start + timedelta(days=MAX_CANDLES - 1), query.end)
            out.append(
                Request(
                    CANDLES_URL.format(identifier=query.identifier),
                    {
                        "granularity": 86400,
                        "start": datetime.combine(window_start, time(), UTC).isoformat(),
                        "end": datetime.combine(window_end, time(), UTC).isoformat(),
                    },
                )
            )
            window_start = window_end + timedelta(days=1)
        return out

    def extract(self, response: httpx.Response, query: FetchQuery) -> list[list[Any]]:
        try:
            body = response.json()
        except ValueError as exc:
            raise self.schema_error(query, "the body is not JSON") from exc
        if isinstance(body, dict):
            raise self.schema_error(query, f"message '{body.get('message', body)}'")
        if not isinstance(body, list):
            raise self.schema_error(query, "not a list of candles")
        for candle in body:
            if not isinstance(candle, list) or len(candle) != 6:
                raise self.schema_error(query, "a candle that is not [time, low, high, open, "
                                        "close, volume]")
        return body

    def transform(self, payloads: list[list[list[Any]]], query: FetchQuery) -> pd.DataFrame:
        import pandas as pd

        candles = [c for payload in payloads for c in payload]
        if not candles:
            return pd.DataFrame(columns=FRAME_COLUMNS)
        raw = pd.DataFrame(candles, columns=["time", "low", "high", "open", "close", "volume"])
        frame = pd.DataFrame(
            {
                "date": pd.to_datetime(raw["time"], unit="s").dt.normalize(),
                **{c: raw[c].astype(float) for c in ("open", "high", "low", "close", "volume")},
            }
        )
        today = (self.now or datetime.now(UTC)).date()
        frame = frame[(frame["date"].dt.date < today)
                      & (frame["date"].dt.date >= query.start)
                      & (frame["date"].dt.date <= query.end)]
        return frame.drop_duplicates("date").sort_values("date").reset_index(drop=True)
