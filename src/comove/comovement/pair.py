"""The co-movement analyses of a pair, read from a data source: corr, breaks, leadlag."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from comove.errors import UsageError

if TYPE_CHECKING:
    from comove.align import AlignedReturns
    from comove.comovement.breaks import BreakReport
    from comove.comovement.corr_result import CorrResult
    from comove.comovement.leadlag import LeadLagReport
    from comove.data.source import DataSource

Alignment = Literal["equity", "calendar", "weekly"]
ReturnType = Literal["simple", "log"]


def _label(source: DataSource, name: str) -> str:
    return "/".join(source.resolve(part.strip()).symbol for part in name.split("/"))


def _trades_daily(source: DataSource, name: str) -> bool:
    return all(source.resolve(part.strip()).calendar.value == "24/7"
               for part in name.split("/"))


def pair_returns(source: DataSource, a: str, b: str, align: Alignment = "equity",
                 returns: ReturnType = "log", horizon: int = 1, start: date | None = None,
                 end: date | None = None) -> tuple[str, str, AlignedReturns]:
    """Aligned returns of two symbols (or ratios such as ``ETH/BTC``).

    Returns
    -------
    a, b, returns
        The canonical names of the two series and their aligned returns.
    """
    from comove.align import load_aligned
    from comove.validate import bounded_int

    bounded_int("horizon", horizon, 1, 260, 5)
    first, second = _label(source, a), _label(source, b)
    if first == second:
        raise UsageError(f"a and b are both {first}", "name two different series", param="b")
    panel = load_aligned(source, [first, second], align, start, end)
    return first, second, panel.returns(returns, horizon)


def corr(source: DataSource, a: str, b: str, *, align: Alignment = "equity",
         returns: ReturnType = "log", horizon: int = 1, start: date | None = None,
         end: date | None = None, method: Literal["pearson", "spearman", "kendall"] = "pearson",
         window: int = 90, min_periods: int | None = None,
         periods: list[tuple[date, date]] | None = None, ewm_halflife: float | None = None,
         dcc: bool = False, breaks: bool = False, resamples: int = 10_000, seed: int = 0,
         ) -> CorrResult:
    """Correlation and beta of a pair: see :meth:`comove.api.Market.corr`."""
    from comove.comovement.analysis import analyse_pair
    from comove.validate import MAX_WINDOW, bounded_float, bounded_int

    bounded_int("window", window, 3, MAX_WINDOW, 90)
    if min_periods is not None:
        bounded_int("min_periods", min_periods, 2, window, window)
    if ewm_halflife is not None:
        bounded_float("ewm_halflife", ewm_halflife, 1, MAX_WINDOW, 30)
    first, second, panel = pair_returns(source, a, b, align, returns, horizon, start, end)
    result = analyse_pair(panel, first, second, method, window, min_periods, periods,
                          ewm_halflife, resamples, seed)
    frame = panel.returns[[first, second]]
    if dcc:
        from comove.comovement.dcc import fit_dcc

        result.dcc = fit_dcc(frame[first], frame[second])
    if breaks:
        from comove.comovement.breaks import find_breaks

        result.breaks = find_breaks(frame[first], frame[second])
    return result


def breaks(source: DataSource, a: str, b: str, *, align: Alignment = "equity",
           returns: ReturnType = "log", horizon: int = 1, start: date | None = None,
           end: date | None = None, alpha: float = 0.05, min_size: int = 126) -> BreakReport:
    """Structural breaks in co-movement: see :meth:`comove.api.Market.breaks`."""
    from comove.comovement.breaks import find_breaks
    from comove.validate import bounded_float, bounded_int

    bounded_float("alpha", alpha, 1e-6, 0.5, 0.05)
    bounded_int("min_size", min_size, 20, 100_000, 126)
    first, second, panel = pair_returns(source, a, b, align, returns, horizon, start, end)
    frame = panel.returns[[first, second]]
    report = find_breaks(frame[first], frame[second], alpha, min_size)
    report.a, report.b = first, second
    report.alignment, report.returns = panel.policy.value, panel.kind.value
    report.returns_convention = panel.convention
    return report


def leadlag(source: DataSource, a: str, b: str, *, align: Alignment = "equity",
            returns: ReturnType = "log", horizon: int = 1, start: date | None = None,
            end: date | None = None, max_lag: int = 5,
            criterion: Literal["aic", "bic", "hqic"] = "aic") -> LeadLagReport:
    """Cross-correlations and Granger tests: see :meth:`comove.api.Market.leadlag`."""
    from comove.comovement.leadlag import lead_lag
    from comove.validate import MAX_LAG, bounded_int

    bounded_int("max_lag", max_lag, 1, MAX_LAG, 5)
    first, second, panel = pair_returns(source, a, b, align, returns, horizon, start, end)
    frame = panel.returns[[first, second]]
    mixed = _trades_daily(source, first) != _trades_daily(source, second) and \
        panel.policy.value != "weekly"
    report = lead_lag(first, frame[first], second, frame[second], max_lag, criterion, mixed)
    report.alignment, report.returns = panel.policy.value, panel.kind.value
    report.returns_convention = panel.convention
    return report
