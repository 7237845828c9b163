"""B's cumulative return path after each event, and the baseline band (what the event
chart draws)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from comove.events.study import EventPaths

if TYPE_CHECKING:
    import pandas as pd

    from comove.events.study import EventStudyResult


def return_paths(prices: pd.Series, starts: pd.DatetimeIndex, days: int) -> np.ndarray:
    """Cumulative simple return from each start, for 0..days calendar days (as-of prices:
    the last close on or before each day); NaN beyond the last price or before the first."""
    import pandas as pd
    from numpy.lib.stride_tricks import sliding_window_view

    prices = prices.dropna().sort_index()
    daily = prices.reindex(pd.date_range(prices.index[0], prices.index[-1]), method="ffill")
    values = np.concatenate([daily.to_numpy(dtype=float), np.full(days, np.nan)])
    offsets = np.asarray((starts - daily.index[0]).days)
    paths = np.full((len(starts), days + 1), np.nan)
    inside = (offsets >= 0) & (offsets < len(daily))
    if inside.any():
        windows = sliding_window_view(values, days + 1)[offsets[inside]]
        paths[inside] = windows / windows[:, :1] - 1.0
    return paths


def event_paths(result: EventStudyResult, prices: pd.Series) -> EventPaths:
    """The paths of B (closes ``prices``) after each in-sample episode of ``result`` up to
    its longest horizon, and the 10/50/90th percentiles of the paths from every calendar
    day of the sample."""
    import warnings

    import pandas as pd

    horizon = max(result.horizons)
    events = result.events[result.events["in_sample"]]
    baseline = return_paths(prices, pd.date_range(result.sample[0], result.sample[1]), horizon)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: no start reaches
        low, mid, high = np.nanpercentile(baseline, [10, 50, 90], axis=0)
    return EventPaths(days=np.arange(horizon + 1),
                      events=return_paths(prices, pd.DatetimeIndex(events["date"]), horizon),
                      low=low, mid=mid, high=high)
