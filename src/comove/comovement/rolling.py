"""Rolling, expanding and EWMA correlation and beta on aligned return panels.

Rolling statistics use :mod:`comove.kernels.rolling` (identical to pandas to ~1e-13, and
faster); expanding and EWMA use pandas, which is the reference for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comove.kernels.rolling import rolling_beta as _beta
from comove.kernels.rolling import rolling_corr as _corr

if TYPE_CHECKING:
    import pandas as pd

MIN_PERIODS_SHARE = 0.8


def default_min_periods(window: int) -> int:
    """Rows a rolling window needs by default: 80% of it (at least 2)."""
    return max(2, int(window * MIN_PERIODS_SHARE))


def _as_frame(values, others):  # type: ignore[no-untyped-def]
    import pandas as pd

    if isinstance(others, pd.Series):
        return pd.Series(values, index=others.index, name=others.name)
    return pd.DataFrame(values, index=others.index, columns=others.columns)


def rolling_corr(x: pd.Series, others: pd.DataFrame | pd.Series, window: int,
                 min_periods: int | None = None) -> pd.DataFrame | pd.Series:
    """Trailing-window Pearson correlation of ``x`` with each column of ``others``."""
    values = _corr(x.to_numpy(dtype=float), others.to_numpy(dtype=float), window, min_periods)
    return _as_frame(values, others)


def rolling_beta(x: pd.Series, others: pd.DataFrame | pd.Series, window: int,
                 min_periods: int | None = None) -> pd.DataFrame | pd.Series:
    """Trailing-window beta of each column of ``others`` on ``x``."""
    values = _beta(x.to_numpy(dtype=float), others.to_numpy(dtype=float), window, min_periods)
    return _as_frame(values, others)


def ewm_corr(x: pd.Series, y: pd.Series, halflife: float, min_periods: int = 20) -> pd.Series:
    """Exponentially weighted correlation (pandas), clipped to [-1, 1]."""
    pairs = x.notna() & y.notna()
    out = x.where(pairs).ewm(halflife=halflife, min_periods=min_periods, ignore_na=True).corr(
        y.where(pairs))
    return out.clip(-1.0, 1.0)


def expanding_corr(x: pd.Series, y: pd.Series, min_periods: int = 20) -> pd.Series:
    """Correlation from the start to each date (pandas), clipped to [-1, 1]."""
    return x.expanding(min_periods=min_periods).corr(y).clip(-1.0, 1.0)


def beta(x, y) -> float:  # type: ignore[no-untyped-def]
    """OLS slope of ``y`` on ``x`` over complete pairs."""
    import numpy as np

    from comove.comovement.correlation import complete_pairs

    a, b = complete_pairs(x, y)
    if len(a) < 2 or np.ptp(a) == 0:
        return float("nan")
    da = a - a.mean()
    return float(da @ (b - b.mean()) / (da @ da))
