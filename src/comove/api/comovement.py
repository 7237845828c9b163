"""Co-movement analyses on :class:`~comove.api.Market`: corr, breaks, leadlag."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack

from comove.api._base import MarketBase, as_date, refuse_unknown

if TYPE_CHECKING:
    from comove.comovement.breaks import BreakReport
    from comove.comovement.corr_result import CorrResult
    from comove.comovement.leadlag import LeadLagReport

Alignment = Literal["equity", "calendar", "weekly"]
ReturnType = Literal["simple", "log"]
PeriodLike = str | tuple[date | str, date | str]


class PairOptions(TypedDict, total=False):
    """How a pair's returns are built, as keyword arguments of :meth:`Market.breaks` and
    :meth:`Market.leadlag` (documented with :meth:`Market.corr`)."""

    align: Alignment
    returns: ReturnType
    horizon: int
    start: date | str | None
    end: date | str | None


def _pair(options: PairOptions) -> dict[str, Any]:
    """``options`` with their defaults and the dates parsed; an unknown name is refused."""
    refuse_unknown(options, PairOptions.__annotations__, "an option of the pair")
    return {"align": options.get("align", "equity"), "returns": options.get("returns", "log"),
            "horizon": options.get("horizon", 1),
            "start": as_date(options.get("start"), "start"),
            "end": as_date(options.get("end"), "end")}


class ComovementMethods(MarketBase):
    """The co-movement methods of :class:`~comove.api.Market`."""

    def corr(
        self,
        a: str,
        b: str,
        *,
        periods: Sequence[PeriodLike] | str | None = None,
        align: Alignment = "equity",
        returns: ReturnType = "log",
        horizon: int = 1,
        start: date | str | None = None,
        end: date | str | None = None,
        method: Literal["pearson", "spearman", "kendall"] = "pearson",
        window: int = 90,
        min_periods: int | None = None,
        ewm_halflife: float | None = None,
        dcc: bool = False,
        breaks: bool = False,
        resamples: int = 10_000,
        seed: int = 0,
    ) -> CorrResult:
        """Correlation of two return series: full sample, periods, years, rolling.

        Parameters
        ----------
        a, b
            Symbols (``BTC``, ``^GSPC``) or ratios (``ETH/BTC``).
        periods
            Periods to compare, as ``"START:END"`` texts (or one comma-separated text) or
            ``(start, end)`` pairs; consecutive periods get the change with a bootstrap
            interval.
        align
            Calendar policy: ``equity`` (exchange days; crypto's Friday-to-Monday return
            beside the equity's), ``calendar`` (every day, exchange prices carried) or
            ``weekly`` (Friday to Friday).
        returns, horizon
            ``log`` or ``simple`` returns over ``horizon`` rows (overlapping when > 1).
        start, end
            The date range read.
        method
            ``pearson``, ``spearman`` or ``kendall``.
        window, min_periods
            Rolling window in rows and the rows it needs (default 80% of the window).
        ewm_halflife
            Also an EWMA correlation with this half-life in rows.
        dcc
            Also fit a DCC(1,1)-GARCH model.
        breaks
            Also find structural breaks (drawn by :meth:`CorrResult.plot`).
        resamples, seed
            Stationary-bootstrap draws (100 to 200,000) and their seed.

        Returns
        -------
        CorrResult
            ``statistic`` and ``confidence_interval`` for the full sample; ``periods``,
            ``differences``, ``by_year``; ``rolling``, ``rolling_beta``, ``ewm`` as Series.
        """
        from comove.comovement.pair import corr
        from comove.validate import periods as check_periods
        from comove.validate import resamples as check_resamples

        chosen = check_periods(periods)
        check_resamples(resamples)
        with self._source() as source:
            return corr(source, a, b, align=align, returns=returns, horizon=horizon,
                        start=as_date(start, "start"), end=as_date(end, "end"), method=method,
                        window=window, min_periods=min_periods, periods=chosen,
                        ewm_halflife=ewm_halflife, dcc=dcc, breaks=breaks,
                        resamples=resamples, seed=seed)

    def breaks(
        self,
        a: str,
        b: str,
        *,
        alpha: float = 0.05,
        min_size: int = 126,
        **pair: Unpack[PairOptions],
    ) -> BreakReport:
        """Dates where the co-movement of ``a`` and ``b`` changed.

        Breaks in the mean of the product of EWMA-standardised returns (CUSUM with a
        Bartlett long-run variance, binary segmentation); each segment's correlation with
        its Fisher interval.

        Parameters
        ----------
        a, b
            As in :meth:`corr`.
        alpha
            Significance level of each break test.
        min_size
            Rows per segment, at least.
        **pair
            ``align``, ``returns``, ``horizon``, ``start``, ``end`` as in :meth:`corr`.

        Returns
        -------
        BreakReport
        """
        from comove.comovement.pair import breaks

        with self._source() as source:
            return breaks(source, a, b, **_pair(pair), alpha=alpha, min_size=min_size)

    def leadlag(
        self,
        a: str,
        b: str,
        *,
        max_lag: int = 5,
        criterion: Literal["aic", "bic", "hqic"] = "aic",
        **pair: Unpack[PairOptions],
    ) -> LeadLagReport:
        """Does ``a`` lead ``b``? Cross-correlations at lags and Granger tests both ways.

        Parameters
        ----------
        a, b
            As in :meth:`corr`.
        max_lag
            Lags ``-max_lag..max_lag`` and the largest Granger lag considered.
        criterion
            Information criterion that picks the Granger lag.
        **pair
            ``align``, ``returns``, ``horizon``, ``start``, ``end`` as in :meth:`corr`.

        Returns
        -------
        LeadLagReport
        """
        from comove.comovement.pair import leadlag

        with self._source() as source:
            return leadlag(source, a, b, **_pair(pair), max_lag=max_lag, criterion=criterion)
