"""FRED series from the public ``fredgraph.csv`` download (no API key).

FRED writes missing observations as ``.`` (older files) or an empty cell; both are skipped.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from comove.providers.base import Fetcher, FetchQuery, Request

if TYPE_CHECKING:
    import httpx
    import pandas as pd

GRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"


class FredFetcher(Fetcher):
    name = "fred"
    overlap_days = 30  # FRED revises recent weekly and monthly values

    def requests(self, query: FetchQuery) -> list[Request]:
        return [
            Request(
                GRAPH_URL,
                {"id": query.identifier, "cosd": query.start.isoformat(),
                 "coed": query.end.isoformat()},
            )
        ]

    def extract(self, response: httpx.Response, query: FetchQuery) -> pd.DataFrame:
        import pandas as pd

        text = response.text
        if not text.strip():
            raise self.schema_error(query, "the body is empty")
        if text.lstrip().startswith("<"):
            raise self.schema_error(query, "an HTML page instead of CSV")
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise self.schema_error(query, "the CSV cannot be parsed") from exc
        columns = [c.strip() for c in frame.columns]
        if len(columns) != 2 or columns[0].lower() not in ("observation_date", "date") or (
            columns[1].upper() != query.identifier.upper()
        ):
            raise self.schema_error(query, f"header {','.join(columns)}")
        frame.columns = ["date", "value"]
        return frame

    def transform(self, payloads: list[pd.DataFrame], query: FetchQuery) -> pd.DataFrame:
        import numpy as np
        import pandas as pd

        frame = payloads[0]
        values = frame["value"].str.strip()
        keep = ~values.isin(["", "."])
        dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
        if dates.isna().any():
            raise self.schema_error(query, "a date that is not YYYY-MM-DD")
        close = pd.to_numeric(values.where(keep), errors="coerce")
        if (close.isna() & keep).any():
            raise self.schema_error(query, "a value that is not a number")
        out = pd.DataFrame({"date": dates, "open": np.nan, "high": np.nan, "low": np.nan,
                            "close": close, "volume": np.nan})[keep.to_numpy()]
        within = (out["date"].dt.date >= query.start) & (out["date"].dt.date <= query.end)
        return out[within].sort_values("date").reset_index(drop=True)
