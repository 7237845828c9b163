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
        *,
        draw_ahead: bool = False,
    ) -> BriefResult:
        """The market brief: the lede, returns, distance from records, the correlation
        matrix, rolling correlation with bands and breaks, divergences and their past
        episodes, halving cycles, claim verdicts.

        Parameters
        ----------
        asof
            The brief's date; nothing later is read. Default: the latest day on which
            every watchlist series has data (a series ending more than half a year before
            the others is shown with its own date instead); ``result.data.dating`` says
            which series run later.
        watchlist
            Symbols (default SPX, RUT, NDX, DJI, BTC, ETH, VIX).
        claims
            A claims file (path) or loaded claims, checked as of the date.
        draw_ahead
            For a result that will be written: start drawing the Markdown twin's PNG
            charts in a forked process (Linux) as soon as their numbers are known, while
            the claims are checked; :meth:`BriefResult.write` collects them. The charts
            are the same either way.

        Returns
        -------
        BriefResult
            ``lede``, ``headline``, ``to_frame()`` (the watchlist), one DataFrame per
            section (``returns_table()``, ``records_table()``, ``correlation_matrix()``,
            ``rolling_correlation()``, ``divergence_episodes()``, ``halving_cycles()``,
            ``claims_table()``), and ``write(path)`` for the HTML page (interactive,
            offline) and its Markdown twin.
        """
        from comove.brief.model import compute_brief

        loaded = claims
        if isinstance(claims, str | Path):
            from comove.claims.loader import load_claims

            loaded = load_claims(Path(claims))
        with self._source() as source:
            result = compute_brief(source, as_date(asof, "asof"), watchlist,
                                   loaded, draw_ahead=draw_ahead)  # type: ignore[arg-type]
        if isinstance(claims, str | Path):
            result.data.claims_file = Path(claims).name
        return result
