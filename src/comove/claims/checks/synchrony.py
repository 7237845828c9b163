"""Claim tests about two assets moving together: records in the same episodes, lows on the
same date."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from comove.claims.checks.common import MAX_DAYS, C, S
from comove.claims.checks.registry import check
from comove.claims.model import Outcome
from comove.claims.params import Period, Symbol, param
from comove.data.source import read_bars
from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    from comove.data.source import DataSource


@dataclass(frozen=True, kw_only=True)
class SynchronyParams:
    a: Symbol = param()
    b: Symbol = param()
    episodes: list[Period] = param(help="windows in which both are claimed to set records",
                                   nonempty=True)
    basis: Literal["close", "high"] = param("close")
    within_days: int = param(7, low=0, high=MAX_DAYS)
    since: dt.date | None = param(None)


@check("synchrony", "whether two assets set records in the same listed episodes",
       SynchronyParams)
def synchrony_check(source: DataSource, p: SynchronyParams) -> Outcome:
    """Supported when both assets set a record (on ``basis``) in every listed episode;
    contradicted when either did not in any of them. The share of A's records since
    ``since`` with a B record within ``within_days``, against chance, is evidence."""
    import pandas as pd

    from comove.kernels.records import record_mask
    from comove.records.highs import basis_values
    from comove.records.synchrony import synchrony

    failures, rows = [], []
    complete = 0
    days, closes = {}, {}
    for name in (p.a, p.b):
        sym, bars = read_bars(source, name)
        closes[name] = bars["close"].dropna()
        if closes[name].empty:
            raise EmptyRangeError(f"no {sym.symbol} closes stored", "import its closes")
        values = basis_values(bars, p.basis).dropna()
        days[name] = values.index[record_mask(values.to_numpy())]
    for start, end in p.episodes:
        row: dict[str, Any] = {"window": f"{start}..{end}"}
        both = True
        for name in (p.a, p.b):
            inside = days[name][(days[name] >= pd.Timestamp(start)) &
                                (days[name] <= pd.Timestamp(end))]
            row[name] = [d.date() for d in inside[:3]] + (["..."] if len(inside) > 3 else [])
            if not len(inside):
                both = False
                failures.append(f"{name} set no record {p.basis} in {start}..{end}")
        complete += both
        rows.append(row)
    evidence: dict[str, Any] = {"episodes": rows}
    report = synchrony(p.a, closes[p.a], p.b, closes[p.b], p.within_days, start=p.since)
    evidence |= {"share_within": report.share_within, "chance_share": report.chance_share,
                 "a_records": len(report.nearest)}
    measured = (f"{complete} of {len(p.episodes)} episodes with records of both; since "
                f"{report.sample[0]}: {report.share_within:.0%} of {p.a} record closes had a "
                f"{p.b} record within ±{p.within_days} days (chance: "
                f"{report.chance_share:.0%})")
    return Outcome(C if failures else S, measured,
                   f"records of both in {len(p.episodes)} episodes", evidence,
                   f"records on the {p.basis}; windows as listed", failures)


@dataclass(frozen=True, kw_only=True)
class CoBottomParams:
    a: Symbol = param()
    b: Symbol = param()
    date: dt.date = param()
    within_days: int = param(3, low=0, high=MAX_DAYS)
    window_days: int = param(30, low=1, high=MAX_DAYS)


@check("co_bottom", "whether two assets bottomed on (about) the same date", CoBottomParams)
def co_bottom(source: DataSource, p: CoBottomParams) -> Outcome:
    """For each asset, the lowest close within ±``window_days`` of the date (using only data
    up to the as-of date). Supported when both lows fall within ±``within_days`` of the date;
    contradicted otherwise."""
    import pandas as pd

    day = pd.Timestamp(p.date)
    reach = pd.Timedelta(days=p.window_days)
    lows, failures = {}, []
    for name in (p.a, p.b):
        sym, bars = read_bars(source, name)
        window = bars["close"].loc[day - reach: day + reach].dropna()
        if window.empty:
            raise EmptyRangeError(f"no {sym.symbol} closes around {p.date}", "check the date")
        low = window.idxmin()
        lows[sym.symbol] = {"date": low.date(), "close": float(window.min()),
                            "days_from_claim": (low - day).days,
                            "window_end": window.index[-1].date()}
        if abs((low - day).days) > p.within_days:
            failures.append(f"{sym.symbol}'s lowest close near {p.date} was on {low.date()}")
    measured = "; ".join(f"{s} low {v['date']} ({v['close']:,.2f})" for s, v in lows.items())
    notes = list(failures)
    if any(v["window_end"] < (day + reach).date() for v in lows.values()):
        notes.append("the window after the date is cut by the as-of date")
    return Outcome(C if failures else S, measured, f"both bottomed on {p.date}", lows,
                   f"low = lowest close within ±{p.window_days} days; match within "
                   f"±{p.within_days} days", notes)


__all__ = ["co_bottom", "synchrony_check"]
