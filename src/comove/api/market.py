"""The :class:`Market`: every comove analysis as a method returning a result object."""

from __future__ import annotations

from datetime import date

from comove.api._base import MarketBase, as_date
from comove.api.brief import BriefMethods
from comove.api.claims import ClaimsMethods
from comove.api.comovement import ComovementMethods
from comove.api.data import DataMethods
from comove.api.events import EventsMethods
from comove.api.records import RecordsMethods
from comove.api.scan import ScanMethods


class Market(
    DataMethods,
    RecordsMethods,
    EventsMethods,
    ComovementMethods,
    ClaimsMethods,
    BriefMethods,
    ScanMethods,
    MarketBase,
):
    """comove's analyses on one store.

    Create it with :func:`comove.open`. Every method reads through one store connection
    and returns a result object; nothing is printed.

    Parameters
    ----------
    store
        The store to read.
    asof
        If given, analyses see only data up to this date.
    """

    def asof(self, day: date | str) -> Market:
        """The same analyses, seeing only data up to ``day`` (nothing later is readable).

        Parameters
        ----------
        day
            A date or ``YYYY-MM-DD``.
        """
        return Market(self._store, as_date(day, "day"))

    def __repr__(self) -> str:
        cut = f", asof={self._asof}" if self._asof else ""
        return f"Market(store='{self._store.path}'{cut})"
