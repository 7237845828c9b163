"""The co-movement analysis behind ``comove corr``: one pair, every convention stated."""

from __future__ import annotations

import itertools
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from comove.comovement.corr_result import CorrResult
from comove.comovement.correlation import (
    Method,
    ci_label,
    difference_between,
    period_correlation,
)
from comove.comovement.rolling import (
    beta,
    default_min_periods,
    ewm_corr,
    expanding_corr,
    rolling_beta,
    rolling_corr,
)
from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    import pandas as pd

    from comove.align import AlignedReturns


def _constant_windows(x: pd.Series, y: pd.Series, window: int, minp: int) -> int:
    """How many windows with enough pairs have a series with exactly zero spread."""
    from comove.kernels.rolling import rolling_var

    both = (x.notna() & y.notna()).to_numpy()
    values = np.column_stack([x.where(both).to_numpy(float), y.where(both).to_numpy(float)])
    var = rolling_var(values, window, minp)
    return int(((var == 0).any(axis=1)).sum())


def analyse_pair(
    returns: AlignedReturns,
    a: str,
    b: str,
    method: Method | str = Method.PEARSON,
    window: int = 90,
    min_periods: int | None = None,
    periods: list[tuple[date, date]] | None = None,
    halflife: float | None = None,
    n_resamples: int = 10_000,
    seed: int = 0,
) -> CorrResult:
    """Full-sample, per-period, per-year and rolling co-movement of ``a`` and ``b``.

    Parameters
    ----------
    returns
        An aligned returns panel holding columns ``a`` and ``b``.
    a, b
        Column names.
    method
        ``pearson``, ``spearman`` or ``kendall``.
    window, min_periods
        Rolling window in rows and the rows it needs (default 80% of it).
    periods
        ``(start, end)`` pairs; consecutive ones are compared.
    halflife
        Also an EWMA correlation with this half-life in rows.
    n_resamples, seed
        Bootstrap draws and their seed.
    """
    import pandas as pd

    frame = returns.returns[[a, b]].dropna()
    if len(frame) < 10:
        raise EmptyRangeError(f"only {len(frame)} days with returns of both {a} and {b}",
                              "widen the date range")
    rng = np.random.default_rng(seed)
    x, y = frame[a], frame[b]
    first, last = frame.index[0].date(), frame.index[-1].date()
    full = period_correlation(x, y, first, last, method, n_resamples, rng, returns.horizon)
    chosen = []
    for start, end in periods or []:
        part = frame.loc[pd.Timestamp(start): pd.Timestamp(end)]
        if len(part) < 10:
            raise EmptyRangeError(f"period {start}:{end} has {len(part)} days with both returns",
                                  f"data with both runs from {first} to {last}")
        chosen.append(period_correlation(part[a], part[b], part.index[0].date(),
                                         part.index[-1].date(), method, n_resamples, rng,
                                         returns.horizon))
    differences = [difference_between(p, q) for p, q in itertools.pairwise(chosen)]
    by_year = []
    for year, part in frame.groupby(frame.index.year):
        if len(part) >= 20:
            by_year.append(period_correlation(part[a], part[b], part.index[0].date(),
                                              part.index[-1].date(), method,
                                              min(n_resamples, 2000), rng, returns.horizon))
        del year
    minp = min_periods if min_periods is not None else default_min_periods(window)
    roll = rolling_corr(x, y, window, minp)
    roll_b = rolling_beta(y, x, window, minp)
    ewm = ewm_corr(x, y, halflife) if halflife else None
    history = roll.dropna()
    latest: dict[str, Any] = {}
    if len(history):
        now = float(history.iloc[-1])
        latest = {"date": history.index[-1].date(), "rolling_corr": now,
                  "window": window, "percentile_of_history": float((history <= now).mean()),
                  "history_min": float(history.min()), "history_max": float(history.max()),
                  "history_median": float(history.median()),
                  "rolling_beta": float(roll_b.dropna().iloc[-1])}
    expanding = expanding_corr(x, y).dropna()
    if len(expanding):
        latest["expanding_corr"] = float(expanding.iloc[-1])
    if ewm is not None and len(ewm.dropna()):
        last_ewm = ewm.dropna()
        latest |= {"ewm_corr": float(last_ewm.iloc[-1]), "ewm_halflife": halflife,
                   "ewm_date": last_ewm.index[-1].date()}
    notes = [] if len(history) else [
        f"no {window}-row window has {minp} pairs of returns: no rolling correlation"]
    flat = _constant_windows(x, y, window, minp)
    if flat:
        notes.append(f"{flat} rolling windows have a constant series (zero variance): their "
                     "correlation is left undefined (NaN), not computed from rounding noise")
    if Method(method) is not Method.PEARSON:
        notes.append("rolling correlation and beta are Pearson whatever the method")
    conventions: dict[str, Any] = {
        "alignment": returns.policy.value,
        "returns": returns.kind.value,
        "horizon": returns.horizon,
        "method": Method(method).value,
        "description": returns.convention,
        "beta": f"OLS slope of {a} returns on {b} returns ({a}'s beta to {b})",
        "intervals": f"{ci_label(method)}; Fisher z (assumes independent days)",
        "seed": seed,
    }
    if halflife:
        conventions["ewm_halflife"] = halflife
    return CorrResult(a, b, conventions, full, beta(y, x), chosen, differences, by_year, roll,
                      roll_b, ewm, latest, notes)
