"""The market brief on :class:`~comove.api.Market`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comove.api._base import MarketBase, as_date

if TYPE_CHECKING:
    from comove.brief.result import BriefResult


class BriefMethods(MarketBase):
    """The brief method of :class:`~comove.api.Market`."""

    def brief(
        self,
        asof: date | str | None = None,
        watchlist: list[str] | None = None,
        claims: str | Path | list[Any] | None = None,
    ) -> BriefResult:
        """The market brief: records, divergences, co-movement now, claim verdicts.

        Parameters
        ----------
        asof
            The brief's date (default: the latest date of any watchlist series); nothing
            later is read.
        watchlist
            Symbols (default SPX, RUT, NDX, DJI, BTC, ETH, VIX).
        claims
            A claims file (path) or loaded claims, checked as of the date.

        Returns
        -------
        BriefResult
            ``headline``, ``to_frame()`` (the watchlist), ``write(path)`` for the HTML
            page and its Markdown twin.
        """
        from comove.brief.model import compute_brief

        loaded = claims
        if isinstance(claims, str | Path):
            from comove.claims.loader import load_claims

            loaded = load_claims(Path(claims))
        with self._source() as source:
            result = compute_brief(source, as_date(asof, "asof"), watchlist,
                                   loaded)  # type: ignore[arg-type]
        if isinstance(claims, str | Path):
            result.data.claims_file = Path(claims).name
        return result
