"""Yahoo Finance daily bars from the public chart endpoint (no key).

Dates are the exchange's local dates (``meta.exchangeTimezoneName``): New York for US
indices, UTC for crypto, whose bars run 00:00-24:00 UTC. A bar for the exchange's current
day is dropped, because it is partial until the session ends.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from comove.errors import ProviderError
from comove.providers.base import FRAME_COLUMNS, Fetcher, FetchQuery, Request

if TYPE_CHECKING:
    import httpx
    import pandas as pd

CHART_URL = "https://query1.finance.yahoo.com/v8/finance/chart/{identifier}"


class YahooFetcher(Fetcher):
    name = "yahoo"
    overlap_days = 7

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now

    def requests(self, query: FetchQuery) -> list[Request]:
        start = datetime.combine(query.start, time(), tzinfo=UTC)
        end = datetime.combine(query.end + timedelta(days=1), time(), tzinfo=UTC)
        return [
            Request(
                CHART_URL.format(identifier=query.identifier),
                {
                    "period1": int(start.timestamp()),
                    "period2": int(end.timestamp()),
                    "interval": "1d",
                    "events": "history",
                    "includeAdjustedClose": "false",
                },
            )
        ]

    def extract(self, response: httpx.Response, query: FetchQuery) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError as exc:
            raise self.schema_error(query, "the body is not JSON") from exc
        chart = body.get("chart") if isinstance(body, dict) else None
        if not isinstance(chart, dict):
            raise self.schema_error(query, "no 'chart' object")
        if chart.get("error"):
            error = chart["error"]
            text = error.get("description") or error.get("code") if isinstance(error, dict) \
                else str(error)
            raise ProviderError(
                f"yahoo: {query.identifier}: {text}",
                "check the identifier with 'comove data symbols'",
            )
        results = chart.get("result")
        if not isinstance(results, list) or not results or not isinstance(results[0], dict):
            raise self.schema_error(query, "no 'chart.result'")
        result = results[0]
        if "meta" not in result:
            raise self.schema_error(query, "no 'meta'")
        if "timestamp" not in result:
            return {"meta": result["meta"], "timestamp": [], "quote": {}}
        try:
            quote = result["indicators"]["quote"][0]
        except (KeyError, IndexError, TypeError) as exc:
            raise self.schema_error(query, "no 'indicators.quote'") from exc
        for field in ("open", "high", "low", "close", "volume"):
            values = quote.get(field)
            if not isinstance(values, list) or len(values) != len(result["timestamp"]):
                raise self.schema_error(query, f"'{field}' missing or of the wrong length")
        return {"meta": result["meta"], "timestamp": result["timestamp"], "quote": quote}

    def transform(self, payloads: list[dict[str, Any]], query: FetchQuery) -> pd.DataFrame:
        import pandas as pd

        payload = payloads[0]
        zone = ZoneInfo(payload["meta"].get("exchangeTimezoneName") or "UTC")
        if not payload["timestamp"]:
            return pd.DataFrame(columns=FRAME_COLUMNS)
        stamps = pd.to_datetime(payload["timestamp"], unit="s", utc=True).tz_convert(zone)
        frame = pd.DataFrame({c: payload["quote"][c] for c in FRAME_COLUMNS[1:]}, dtype=float)
        frame.insert(0, "date", stamps.tz_localize(None).normalize())
        frame = frame.dropna(subset=["close"])
        today = (self.now or datetime.now(UTC)).astimezone(zone).date()
        frame = frame[frame["date"].dt.date < today]
        frame = frame[(frame["date"].dt.date >= query.start) & (frame["date"].dt.date <= query.end)]
        return frame.drop_duplicates("date", keep="last").sort_values("date").reset_index(
            drop=True
        )
