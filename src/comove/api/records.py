"""Records analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from comove.api._base import MarketBase
from comove.events.kinds import BasisName

if TYPE_CHECKING:
    from comove.records.report import HighsResult


class RecordsMethods(MarketBase):
    """The records methods of :class:`~comove.api.Market`."""

    def highs(
        self,
        symbol: str,
        *,
        basis: BasisName = "close",
        start: date | str | None = None,
        end: date | str | None = None,
        breakouts: int = 252,
        drawdowns: int = 5,
        gaps: int = 5,
    ) -> HighsResult:
        """Record highs, drawdown and breakouts of one symbol.

        A record is a close (or, with ``basis="high"``, an intraday high; the close stands
        in where the high is missing or lower) strictly above every earlier one in the
        stored history: ties do not count and the first observation is the reference, not
        a record.

        Parameters
        ----------
        symbol
            A symbol (``"SPX"``) or provider identifier (``"^GSPC"``).
        basis
            ``"close"`` or ``"high"``.
        start
            First date reported; records before it still count as history.
        end
            Last date used; nothing after it is read.
        breakouts
            List records after at least this many trading days without one (1 to 100,000).
        drawdowns
            How many of the deepest drawdowns of the close to list (0 to 1,000).
        gaps
            How many of the longest stretches without a record to list (0 to 1,000).

        Returns
        -------
        HighsResult
            Records by year, the last record and drawdown, gaps, breakouts, drawdowns; its
            ``plot()`` draws the drawdown with each record marked.

        Examples
        --------
        >>> m = comove.open(".comove-demo")                               # doctest: +SKIP
        >>> print(m.highs("SPX", start="2024-01-01", end="2024-12-31"))   # doctest: +SKIP
        """
        from comove.api.events import date_range
        from comove.events.kinds import choice
        from comove.records.report import highs
        from comove.validate import bounded_int

        basis = choice("basis", basis, ["close", "high"])
        first, last = date_range(start, end)
        breakouts = bounded_int("breakouts", breakouts, 1, 100_000, 252)
        drawdowns = bounded_int("drawdowns", drawdowns, 0, 1_000, 5)
        gaps = bounded_int("gaps", gaps, 0, 1_000, 5)
        with self._source() as source:
            return highs(source, symbol, basis, first, last, breakouts, drawdowns, gaps)

