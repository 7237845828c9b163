"""Returns and changes over a horizon, on 2-D arrays (time by series)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def _lagged(values: FloatArray, horizon: int) -> tuple[FloatArray, FloatArray]:
    if horizon < 1:
        raise ValueError("horizon must be at least 1")
    values = np.asarray(values, dtype=float)
    lagged = np.full_like(values, np.nan)
    lagged[horizon:] = values[:-horizon]
    return values, lagged


def simple_returns(prices: FloatArray, horizon: int = 1) -> FloatArray:
    """``p[t] / p[t-h] - 1``; NaN for the first ``h`` rows and wherever a price is NaN."""
    now, before = _lagged(prices, horizon)
    with np.errstate(divide="ignore", invalid="ignore"):
        return now / before - 1.0


def log_returns(prices: FloatArray, horizon: int = 1) -> FloatArray:
    """``log(p[t] / p[t-h])``; NaN for the first ``h`` rows and wherever a price is NaN."""
    now, before = _lagged(prices, horizon)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(now / before)


def differences(levels: FloatArray, horizon: int = 1) -> FloatArray:
    """``x[t] - x[t-h]``, the change of a level such as a yield (in its own unit)."""
    now, before = _lagged(levels, horizon)
    return now - before
