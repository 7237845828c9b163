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

from comove.kernels.records import day_numbers, drawdown, nearest_gaps, record_mask
from comove.kernels.resample import shift_share_test
from comove.results import Result
from comove.results.render import text_table

if TYPE_CHECKING:

    import pandas as pd



@dataclass
class SynchronyReport(Result):
    """Record synchrony of A with B: what ``comove sync`` prints.

    Attributes
    ----------
    nearest
        One row per record of A in the sample: ``a_record``, ``b_record`` (B's nearest
        record) and ``distance_days`` (B's minus A's, calendar days).
    share_within, chance_share
        The share of A's records with a B record within ``within_days``, and the same share
        over every day A trades in the sample (the rate by chance).
    """

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
    shift_p: float = float("nan")
    shifts: int = 0

    def to_dict(self) -> dict[str, Any]:
        """What ``comove sync --json`` prints."""
        return self.as_dict()

    def to_frame(self) -> pd.DataFrame:
        """One row per record of A: its nearest record of B and the distance."""
        return self.nearest.copy()

    def summary(self) -> str:
        """The text ``comove sync`` prints."""
        a, b, k = self.a, self.b, self.within_days
        n = len(self.nearest)
        hits = int((self.nearest["distance_days"].abs() <= k).sum())
        lines = [
            f"{a} and {b}, {self.sample[0]} to {self.sample[1]} (records: closes above all "
            "earlier closes; distances in calendar days)",
            f"{a} set {n} records; {hits} of them ({self.share_within:.0%}) had a {b} record "
            f"within ±{k} days, against {self.chance_share:.0%} of all {a} trading days (the "
            "rate by chance)" if n else f"{a} set no record in the sample",
        ]
        if self.shifts:
            lines.append(f"placebo: {self.shift_p:.3f} of the {self.shifts:,} circular shifts "
                         f"of {a}'s records had as large a share (one-sided p; keeps the "
                         "records' runs)")
        lines += [
            f"state: {self.state['summary']}",
            "",
            f"record episodes (records at most {self.conventions['episode_gap_days']} days "
            f"apart): {a} {len(self.a_episodes)}, {b} {len(self.b_episodes)}, overlapping "
            f"{len(self.overlapping)}",
        ]
        if len(self.overlapping):
            lines.append(text_table(_records(self.overlapping), list(self.overlapping.columns)))
        lines += ["", f"co-bottoms (lows of both within ±{k} days):"]
        if self.lows.empty:
            lines.append("  none")
        else:
            lines.append(text_table(_records(self.lows), ["a_low", "a_close", "a_drawdown",
                                                          "b_low", "distance_days"]))
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (also :meth:`to_dict`)."""
        return {
            "a": self.a, "b": self.b, "within_days": self.within_days,
            "sample": {"start": self.sample[0], "end": self.sample[1]},
            "a_records": len(self.nearest),
            "share_of_a_records_with_b_record_within": self.share_within,
            "share_of_all_a_days_with_b_record_within": self.chance_share,
            "shift_p": self.shift_p,
            "shifts": self.shifts,
            "nearest": self.nearest.to_dict("records"),
            "a_episodes": self.a_episodes.to_dict("records"),
            "b_episodes": self.b_episodes.to_dict("records"),
            "overlapping_episodes": self.overlapping.to_dict("records"),
            "co_bottoms": self.lows.to_dict("records"),
            "state": self.state,
            "conventions": self.conventions,
        }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")  # type: ignore[return-value]


def record_days(closes: pd.Series) -> pd.DatetimeIndex:
    closes = closes.dropna()
    return closes.index[record_mask(closes.to_numpy(dtype=float))]


def nearest_records(a_days: pd.DatetimeIndex, b_days: pd.DatetimeIndex) -> pd.DataFrame:
    """For each day of A, the nearest day of B and the signed distance in calendar days
    (:func:`comove.kernels.records.nearest_gaps`)."""
    import pandas as pd

    out = pd.DataFrame({"a_record": a_days})
    if len(b_days) == 0:
        out["b_record"] = pd.NaT
        out["distance_days"] = np.nan
        return out
    nearest, gaps = nearest_gaps(day_numbers(a_days), day_numbers(b_days))
    out["b_record"] = b_days.values[nearest]
    out["distance_days"] = gaps.astype(int)
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
    hits = (every_day["distance_days"].abs() <= within_days).to_numpy()
    chance = float(hits.mean())
    shift_p, shifts = float("nan"), 0
    if len(a_in) and len(b_in):
        _, shift_p, shifts = shift_share_test(hits, a_sample_days.searchsorted(a_in))
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
        "shift_p": "share of all circular shifts of A's records along A's days in the sample "
                   "(the observed one included) whose share with a B record within the "
                   "window is at least the observed share: one-sided, keeps their runs",
        "low": f"lowest close within ±{low_window} calendar days and at least "
               f"{abs(min_depth):.0%} below the record",
    }
    return SynchronyReport(a, b, within_days, (lo.date(), hi.date()), nearest, share, chance,
                           a_eps,
                           b_eps, overlapping_episodes(a_eps, b_eps, within_days), co, state,
                           conventions, shift_p, shifts)


def _state(a: str, a_closes: pd.Series, a_days: pd.DatetimeIndex, b: str,
           b_closes: pd.Series, b_days: pd.DatetimeIndex) -> dict[str, Any]:
    """Where each asset stands against its record at its last date."""

    def one(closes: pd.Series, days: pd.DatetimeIndex) -> dict[str, Any]:
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

