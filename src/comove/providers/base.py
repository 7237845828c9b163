"""The fetcher interface shared by every provider."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from comove.errors import ProviderError

if TYPE_CHECKING:
    import httpx
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

    Subclasses implement the three stages; :meth:`fetch` runs them.
    """

    name: ClassVar[str]
    overlap_days: ClassVar[int] = 7
    """How far before the last stored date an incremental fetch starts (revisions)."""

    @abstractmethod
    def requests(self, query: FetchQuery) -> list[Request]:
        """The requests that cover ``query``."""

    @abstractmethod
    def extract(self, response: httpx.Response, query: FetchQuery) -> Any:
        """Parse one response, raising :class:`ProviderError` on an unexpected schema."""

    @abstractmethod
    def transform(self, payloads: list[Any], query: FetchQuery) -> pd.DataFrame:
        """Rows with columns ``date, open, high, low, close, volume`` (any may be NaN
        except date and close), one per date, sorted, within the query's dates."""

    def fetch(self, query: FetchQuery, client: HttpClient) -> pd.DataFrame:
        payloads = [
            self.extract(client.get(self.name, r.url, r.params), query)
            for r in self.requests(query)
        ]
        frame = self.transform(payloads, query)
        if frame.empty:
            raise ProviderError(
                f"{self.name} returned no rows for {query.identifier} between {query.start} "
                f"and {query.end}",
                "check the dates (the series may start later), or try again later",
            )
        return frame

    def schema_error(self, query: FetchQuery, detail: str) -> ProviderError:
        return ProviderError(
            f"{self.name} answered for {query.identifier} in an unexpected format ({detail})",
            "the provider may have changed its API; nothing was written",
        )
