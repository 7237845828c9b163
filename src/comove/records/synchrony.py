"""Do two assets make records together? Synchrony and divergence of highs and lows.

Calendars: each asset's records are found on its own stored days (for bitcoin that includes
weekends), and distances between records are in calendar days. So "within ±k days" means
calendar days, whichever asset trades on them.

Definitions:

- **nearest record**: for each record of A, the record of B closest in calendar days (ties
  go to the earlier one); the signed distance is B's date minus A's.
- **episode**: a run of records in which each is at most ``episode_gap`` calendar days after
  the previous one; it is dated by its first and last record.
- **overlap**: an episode of A and one of B overlap when their date ranges, each widened by
  ``k`` days, intersect.
- **low**: a close that is the lowest within ``low_window`` calendar days on both sides and
  at least ``min_depth`` below the running maximum. A **co-bottom** is a low of A with a low
  of B within ``k`` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from comove.kernels.records import drawdown, record_mask

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class SynchronyReport:
    a: str
    b: str
    within_days: int
    sample: tuple[Any, Any]
    nearest: pd.DataFrame
    share_within: float
    chance_share: float
    a_episodes: pd.DataFrame
    b_episodes: pd.DataFrame
    overlapping: pd.DataFrame
    lows: pd.DataFrame
    state: dict[str, Any]
    conventions: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a, "b": self.b, "within_days": self.within_days,
            "sample": {"start": self.sample[0], "end": self.sample[1]},
            "a_records": len(self.nearest),
            "share_of_a_records_with_b_record_within": self.share_within,
            "share_of_all_a_days_with_b_record_within": self.chance_share,
            "nearest": self.nearest.to_dict("records"),
            "a_episodes": self.a_episodes.to_dict("records"),
            "b_episodes": self.b_episodes.to_dict("records"),
            "overlapping_episodes": self.overlapping.to_dict("records"),
            "co_bottoms": self.lows.to_dict("records"),
            "state": self.state,
            "conventions": self.conventions,
        }


def record_days(closes: pd.Series) -> pd.DatetimeIndex:
    closes = closes.dropna()
    return closes.index[record_mask(closes.to_numpy(dtype=float))]


def nearest_records(a_days: pd.DatetimeIndex, b_days: pd.DatetimeIndex) -> pd.DataFrame:
    """For each day of A, the nearest day of B and the signed distance in calendar days."""
    import pandas as pd

    out = pd.DataFrame({"a_record": a_days})
    if len(b_days) == 0:
        out["b_record"] = pd.NaT
        out["distance_days"] = np.nan
        return out
    b = b_days.values
    pos = np.searchsorted(b, a_days.values)
    before = np.clip(pos - 1, 0, len(b) - 1)
    after = np.clip(pos, 0, len(b) - 1)
    d_before = np.abs((a_days.values - b[before]).astype("timedelta64[D]").astype(int))
    d_after = np.abs((b[after] - a_days.values).astype("timedelta64[D]").astype(int))
    pick = np.where(d_before <= d_after, before, after)
    out["b_record"] = b[pick]
    out["distance_days"] = (b[pick] - a_days.values).astype("timedelta64[D]").astype(int)
    return out


def record_episodes(days: pd.DatetimeIndex, gap_days: int) -> pd.DataFrame:
    import pandas as pd

    if len(days) == 0:
        return pd.DataFrame(columns=["start", "end", "records"])
    spacing = np.diff(days.values).astype("timedelta64[D]").astype(int)
    new = np.concatenate([[True], spacing > gap_days])
    starts = np.flatnonzero(new)
    ends = np.concatenate([starts[1:] - 1, [len(days) - 1]])
    return pd.DataFrame({"start": days[starts], "end": days[ends],
                         "records": ends - starts + 1})


def overlapping_episodes(a: pd.DataFrame, b: pd.DataFrame, within: int) -> pd.DataFrame:
    import pandas as pd

    pad = pd.Timedelta(days=within)
    rows = []
    for _, ea in a.iterrows():
        for _, eb in b.iterrows():
            if ea["start"] - pad <= eb["end"] and eb["start"] - pad <= ea["end"]:
                rows.append({"a_start": ea["start"], "a_end": ea["end"],
                             "b_start": eb["start"], "b_end": eb["end"]})
    return pd.DataFrame(rows, columns=["a_start", "a_end", "b_start", "b_end"])


def significant_lows(closes: pd.Series, window_days: int, min_depth: float) -> pd.DataFrame:
    """Closes lowest within ±``window_days`` and at least ``min_depth`` below the record."""
    import pandas as pd

    closes = closes.dropna()
    daily = closes.reindex(pd.date_range(closes.index[0], closes.index[-1]))
    rolling_min = daily.rolling(2 * window_days + 1, center=True, min_periods=1).min()
    is_low = (closes == rolling_min.reindex(closes.index)).to_numpy()
    dd = drawdown(closes.to_numpy(dtype=float))
    keep = is_low & (dd <= -abs(min_depth))
    return pd.DataFrame({"date": closes.index[keep], "close": closes.to_numpy()[keep],
                         "drawdown": dd[keep]})


def synchrony(
    a: str,
    a_closes: pd.Series,
    b: str,
    b_closes: pd.Series,
    within_days: int = 5,
    episode_gap: int = 30,
    low_window: int = 30,
    min_depth: float = 0.15,
    start: Any = None,
) -> SynchronyReport:
    """Record synchrony of A with B over the days both have data (records use all history)."""
    import pandas as pd

    a_closes, b_closes = a_closes.dropna(), b_closes.dropna()
    lo = max(a_closes.index[0], b_closes.index[0])
    if start is not None:
        lo = max(lo, pd.Timestamp(start))
    hi = min(a_closes.index[-1], b_closes.index[-1])
    if lo >= hi:
        from comove.errors import EmptyRangeError

        raise EmptyRangeError(f"{a} and {b} have no common dates from {lo.date()}",
                              f"their data overlap until {hi.date()}")
    a_days = record_days(a_closes)
    b_days = record_days(b_closes)
    a_in = a_days[(a_days >= lo) & (a_days <= hi)]
    b_in = b_days[(b_days >= lo) & (b_days <= hi)]
    nearest = nearest_records(a_in, b_in)
    within = (nearest["distance_days"].abs() <= within_days) if len(nearest) else pd.Series(
        dtype=bool)
    share = float(within.mean()) if len(nearest) else float("nan")
    a_sample_days = a_closes[lo:hi].index
    every_day = nearest_records(a_sample_days, b_in)
    chance = float((every_day["distance_days"].abs() <= within_days).mean())
    a_eps = record_episodes(a_in, episode_gap)
    b_eps = record_episodes(b_in, episode_gap)
    a_lows = significant_lows(a_closes[lo:hi], low_window, min_depth)
    b_lows = significant_lows(b_closes[lo:hi], low_window, min_depth)
    pairs = nearest_records(pd.DatetimeIndex(a_lows["date"]), pd.DatetimeIndex(b_lows["date"]))
    co = a_lows.rename(columns={"date": "a_low", "close": "a_close", "drawdown": "a_drawdown"})
    co["b_low"] = pairs["b_record"].to_numpy() if len(pairs) else pd.NaT
    co["distance_days"] = pairs["distance_days"].to_numpy() if len(pairs) else np.nan
    co = co[co["distance_days"].abs() <= within_days].reset_index(drop=True)
    state = _state(a, a_closes[:hi], a_days, b, b_closes[:hi], b_days)
    conventions = {
        "record": "close strictly above every earlier close in the stored history",
        "distance": "calendar days, each asset on its own trading days",
        "within_days": within_days, "episode_gap_days": episode_gap,
        "low": f"lowest close within ±{low_window} calendar days and at least "
               f"{abs(min_depth):.0%} below the record",
    }
    return SynchronyReport(a, b, within_days, (lo.date(), hi.date()), nearest, share, chance,
                           a_eps,
                           b_eps, overlapping_episodes(a_eps, b_eps, within_days), co, state,
                           conventions)


def _state(a, a_closes, a_days, b, b_closes, b_days) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    def one(closes, days):  # type: ignore[no-untyped-def]
        last = closes.index[-1]
        peak_day = days[days <= last][-1] if len(days[days <= last]) else closes.index[0]
        peak = float(closes[:last].max())
        return {"last_date": last.date(), "last_close": float(closes.iloc[-1]),
                "record_date": peak_day.date(), "record": peak,
                "below_record": float(closes.iloc[-1] / peak - 1),
                "days_since_record": int((last - peak_day).days)}

    sa, sb = one(a_closes, a_days), one(b_closes, b_days)
    text = (f"{a} is {abs(sa['below_record']):.1%} below its record of {sa['record_date']} "
            f"({sa['days_since_record']} days); {b} is {abs(sb['below_record']):.1%} below its "
            f"record of {sb['record_date']} ({sb['days_since_record']} days), as of "
            f"{sa['last_date']} and {sb['last_date']}")
    if sa["below_record"] == 0:
        text = (f"{a} is at a record ({sa['last_date']}); {b} is "
                f"{abs(sb['below_record']):.1%} below its record of {sb['record_date']}, for "
                f"{sb['days_since_record']} days")
    return {a: sa, b: sb, "summary": text}
