"""The fetcher interface shared by every provider."""

from __future__ import annotations

import numbers
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from comove.errors import ProviderError
from comove.store.text import shown

if TYPE_CHECKING:
    import pandas as pd

    from comove.providers.http import HttpClient

FRAME_COLUMNS = ["date", "open", "high", "low", "close", "volume"]


@dataclass(frozen=True)
class FetchQuery:
    """What to fetch: a provider identifier between two dates (inclusive)."""

    identifier: str
    start: date
    end: date


@dataclass(frozen=True)
class Request:
    url: str
    params: dict[str, Any]


class Fetcher(ABC):
    """Query, extract, transform: one provider's way of getting daily rows.

    ``query`` asks the provider (by default, GETs each of :meth:`requests` through the
    HTTP client; library-backed fetchers call their library instead) and passes every
    answer through ``extract``, which checks its schema; ``transform`` turns the
    extracted answers into rows. :meth:`fetch` runs the three.
    """

    name: ClassVar[str]
    overlap_days: ClassVar[int] = 7
    """How far before the last stored date an incremental fetch starts (revisions)."""
    history_days: ClassVar[int | None] = None
    """How many days back the provider serves at most (None: no limit)."""

    def requests(self, query: FetchQuery) -> list[Request]:
        """The HTTP requests that cover ``query`` (HTTP fetchers only)."""
        raise NotImplementedError

    def query(self, query: FetchQuery, client: HttpClient) -> list[Any]:
        """Ask the provider; return the extracted answers."""
        return [
            self.extract(client.get(self.name, r.url, r.params), query)
            for r in self.requests(query)
        ]

    @abstractmethod
    def extract(self, answer: Any, query: FetchQuery) -> Any:
        """Check one answer, raising :class:`ProviderError` on an unexpected schema."""

    @abstractmethod
    def transform(self, payloads: list[Any], query: FetchQuery) -> pd.DataFrame:
        """Rows with columns ``date, open, high, low, close, volume`` (any may be NaN
        except date), sorted, within the query's dates. Repeated dates are kept, so that
        validation can tell identical repeats from contradictory ones."""

    def fetch(self, query: FetchQuery, client: HttpClient) -> pd.DataFrame:
        frame = self.transform(self.query(query, client), query)
        if frame.empty:
            raise ProviderError(
                f"{self.name} returned no rows for {shown(query.identifier)} between "
                f"{query.start} and {query.end}",
                "check the dates (the series may start later), or try again later",
            )
        return frame

    def schema_error(self, query: FetchQuery, detail: str) -> ProviderError:
        return ProviderError(
            f"{self.name} answered for {shown(query.identifier)} in an unexpected format "
            f"({shown(detail)})",
            "the provider may have changed its API; nothing was written",
        )


def numeric_column(values: Any, fetcher: Fetcher, query: FetchQuery, name: str) -> Any:
    """A column of provider values as floats; text or other non-numbers are a schema error
    (missing values stay NaN)."""
    import numpy as np
    import pandas as pd

    series = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
    if pd.api.types.is_bool_dtype(series):
        raise fetcher.schema_error(query, f"{name} values are booleans")
    if pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan)
    bad = series.map(lambda v: not (v is None or v is pd.NA or (
        isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_))))
    if bad.any():
        raise fetcher.schema_error(
            query, f"{name} value '{shown(series[bad].iloc[0], 40)}' is not a number")
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
