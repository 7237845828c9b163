"""Records, drawdowns and the stretches between records, on 1-D arrays.

Conventions (shared by every caller):

- A **record** at ``t`` is a value strictly above every earlier value. Ties do not count.
  The first observation is the starting reference, not a record (nothing came before it).
- NaN values are skipped: they neither set nor break a record.
- The **drawdown** at ``t`` is ``x[t] / max(x[:t+1]) - 1`` (zero at a record, negative below).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


def running_max(values: FloatArray) -> FloatArray:
    """The maximum of ``values[:t+1]`` at each ``t``, ignoring NaN (NaN before the first value)."""
    values = np.asarray(values, dtype=float)
    filled = np.where(np.isnan(values), -np.inf, values)
    out = np.maximum.accumulate(filled) if len(values) else filled
    out[out == -np.inf] = np.nan
    return out


def record_mask(values: FloatArray) -> BoolArray:
    """True where ``values[t]`` is strictly above every earlier non-NaN value."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    peak = running_max(values)
    previous = np.concatenate([[np.nan], peak[:-1]])
    with np.errstate(invalid="ignore"):
        return ~np.isnan(values) & ~np.isnan(previous) & (values > previous)


def drawdown(values: FloatArray, peaks: FloatArray | None = None) -> FloatArray:
    """``values / running_max - 1``; pass ``peaks`` to measure against another series
    (e.g. closes against the running maximum of intraday highs)."""
    values = np.asarray(values, dtype=float)
    peak = running_max(values) if peaks is None else running_max(peaks)
    with np.errstate(invalid="ignore", divide="ignore"):
        return values / peak - 1.0


def previous_records(values: FloatArray, positions: IntArray) -> IntArray:
    """For each record (at ``positions``, increasing), the position of the high it beat: the
    record before it or, for the first record, the last position of the starting reference
    high (the highest value before it)."""
    values = np.asarray(values, dtype=float)
    positions = np.asarray(positions, dtype=np.int64)
    previous = np.empty_like(positions)
    if len(positions):
        previous[1:] = positions[:-1]
        head = values[: positions[0]][::-1]
        previous[0] = positions[0] - 1 - int(np.nanargmax(head))
    return previous


def gaps_between(positions: IntArray, end: int) -> tuple[IntArray, IntArray, BoolArray]:
    """The stretches between consecutive records.

    Parameters
    ----------
    positions
        Row positions of the records, increasing.
    end
        Position of the last row (the open stretch runs to it).

    Returns
    -------
    starts, lengths, open_
        For each stretch: the record it starts at, the rows until the next record (or to
        ``end`` for the last, open stretch), and whether it is still open.
    """
    positions = np.asarray(positions, dtype=np.int64)
    if len(positions) == 0:
        return positions, positions, np.zeros(0, dtype=bool)
    following = np.concatenate([positions[1:], [end]])
    lengths = following - positions
    open_ = np.zeros(len(positions), dtype=bool)
    open_[-1] = True
    return positions, lengths, open_


def episodes(positions: IntArray, max_gap: int) -> tuple[IntArray, IntArray]:
    """Group record positions into episodes: records at most ``max_gap`` rows apart.

    Returns
    -------
    first, last
        Position of the first and last record of each episode.
    """
    positions = np.asarray(positions, dtype=np.int64)
    if len(positions) == 0:
        return positions, positions
    breaks = np.flatnonzero(np.diff(positions) > max_gap)
    first = positions[np.concatenate([[0], breaks + 1])]
    last = positions[np.concatenate([breaks, [len(positions) - 1]])]
    return first, last


def drawdown_periods(values: FloatArray) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Every peak-to-recovery episode.

    Returns
    -------
    peak, trough, recovery, depth
        Positions of the peak, of the lowest value before recovery, of the first value back
        at or above the peak (``-1`` if not recovered), and the depth (``trough/peak - 1``).
        Only episodes with a negative depth are returned.
    """
    values = np.asarray(values, dtype=float)
    peak_so_far = running_max(values)
    dd = values / peak_so_far - 1.0
    below = np.where(np.isnan(dd), False, dd < 0)
    peaks, troughs, recoveries, depths = [], [], [], []
    n = len(values)
    t = 0
    while t < n:
        if not below[t]:
            t += 1
            continue
        start = t
        while t < n and (below[t] or np.isnan(values[t])):
            t += 1
        segment = values[start:t]
        trough = start + int(np.nanargmin(segment))
        peak_value = peak_so_far[start]
        peak = int(np.flatnonzero(values[:start] == peak_value)[-1])
        peaks.append(peak)
        troughs.append(trough)
        recoveries.append(t if t < n else -1)
        depths.append(values[trough] / peak_value - 1.0)
    return (np.asarray(peaks, dtype=np.int64), np.asarray(troughs, dtype=np.int64),
            np.asarray(recoveries, dtype=np.int64), np.asarray(depths, dtype=float))


def nearest_gaps(a_days: IntArray, b_days: IntArray) -> tuple[IntArray, IntArray]:
    """For each day of A, the nearest day of B: the one record-synchrony rule.

    Parameters
    ----------
    a_days, b_days
        Day numbers (e.g. ``datetime64[D]`` as int64), each increasing. ``b_days`` must not
        be empty.

    Returns
    -------
    nearest, gaps
        For each day of A, the position in ``b_days`` of the nearest day of B (ties go to
        the earlier one) and the signed gap ``b - a`` in days.
    """
    a = np.asarray(a_days, dtype=np.int64)
    b = np.asarray(b_days, dtype=np.int64)
    if len(b) == 0:
        raise ValueError("nearest_gaps needs at least one day of B")
    pos = np.searchsorted(b, a)
    before = np.clip(pos - 1, 0, len(b) - 1)
    after = np.clip(pos, 0, len(b) - 1)
    nearest = np.where(np.abs(a - b[before]) <= np.abs(b[after] - a), before, after)
    return nearest.astype(np.int64), (b[nearest] - a).astype(np.int64)


def share_within(a_days: IntArray, b_days: IntArray, within: int) -> float:
    """The share of A's days with a day of B at most ``within`` days away.

    NaN when A has no days; 0 when B has none.
    """
    a = np.asarray(a_days, dtype=np.int64)
    if len(a) == 0:
        return float("nan")
    if len(np.asarray(b_days)) == 0:
        return 0.0
    _, gaps = nearest_gaps(a, b_days)
    return float((np.abs(gaps) <= within).mean())


def day_numbers(dates: object) -> IntArray:
    """Dates (a ``DatetimeIndex`` or ``datetime64`` array) as int64 day numbers since 1970."""
    return np.asarray(dates, dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)
