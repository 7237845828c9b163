"""Weekly sampling on arrays: the last value of each week ending on Friday."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FRIDAY = 4  # Monday = 0
EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday


def last_per_week(days: NDArray[np.datetime64], values: NDArray[np.float64]
                  ) -> tuple[NDArray[np.datetime64], NDArray[np.float64]]:
    """Every Friday from the week of ``days[0]`` to the week of ``days[-1]``, and the last
    of ``values`` in the week (Saturday to Friday) that ends on it; NaN for a week without
    a day. The same as pandas' ``resample("W-FRI").last()`` of a sorted series without
    missing values, without its per-call overhead.

    Parameters
    ----------
    days
        Sorted dates (any datetime64 unit; the time of day is ignored), at least one.
    values
        One value per day.
    """
    day = days.astype("datetime64[D]")
    weekday = (day.astype(np.int64) + EPOCH_WEEKDAY) % 7
    week_end = day + ((FRIDAY - weekday) % 7).astype("timedelta64[D]")
    last_of_week = np.ones(len(day), dtype=bool)
    last_of_week[:-1] = week_end[1:] != week_end[:-1]
    fridays = np.arange(week_end[0], week_end[-1] + np.timedelta64(1, "D"), 7)
    out = np.full(len(fridays), np.nan)
    out[(week_end[last_of_week] - week_end[0]).astype(np.int64) // 7] = values[last_of_week]
    return fridays, out
