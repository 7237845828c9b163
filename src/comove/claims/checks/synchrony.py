"""Claim tests about two assets moving together: records in the same episodes, lows on the
same date."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from comove.claims.checks.common import MAX_DAYS, UNSURE, C, S, long_bars, splice_note
from comove.claims.checks.registry import check
from comove.claims.model import Outcome
from comove.claims.params import Period, Symbol, param
from comove.claims.verdicts import is_marginal, over_parts
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
       SynchronyParams, {"basis": (("close", "close"), ("high", "intraday high"))},
       window=lambda p: max(end for _, end in p.episodes))
def synchrony_check(source: DataSource, p: SynchronyParams) -> Outcome:
    """A claim of parts. With ``since``: the general statement, that A's records since then
    came with a B record within ``within_days`` more often than chance (supported when the
    circular-shift p-value is below 0.05; inconclusive otherwise: fewer coincidences than
    claimed is not the opposite). Then each listed episode: it holds when both assets set a
    record (on ``basis``) in it, fails otherwise. The claim's verdict follows the rule for
    parts (some holding, some failing: partly supported). The basis is a reading unless the
    claim gives it."""
    import pandas as pd

    from comove.records.highs import basis_values
    from comove.records.synchrony import record_days, synchrony

    failures, rows, parts = [], [], []
    complete = 0
    days, closes, splice = {}, {}, ""
    for name in (p.a, p.b):
        sym, bars = long_bars(source, name)
        splice += splice_note(bars)
        closes[name] = basis_values(bars, p.basis).dropna()
        if closes[name].empty:
            raise EmptyRangeError(f"no {sym.symbol} closes stored", "import its closes")
        days[name] = record_days(closes[name])
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
        parts.append(S if both else C)
        rows.append(row)
    evidence: dict[str, Any] = {"episodes": rows}
    report = synchrony(p.a, closes[p.a], p.b, closes[p.b], p.within_days, start=p.since)
    shift_p = float(getattr(report, "shift_p", float("nan")))
    evidence |= {"share_within": report.share_within, "chance_share": report.chance_share,
                 "a_records": len(report.nearest), "shift_p": shift_p}
    general = ""
    if p.since is not None:
        holds = report.share_within > report.chance_share and shift_p < 0.05
        parts.insert(0, S if holds else UNSURE)
        general = (f"; circular-shift p={shift_p:.3f}" if shift_p == shift_p else
                   "; no p-value")
    measured = (f"{complete} of {len(p.episodes)} episodes with records of both; since "
                f"{report.sample[0]}: {report.share_within:.0%} of {p.a} record {p.basis}s had "
                f"a {p.b} record within ±{p.within_days} days (chance: "
                f"{report.chance_share:.0%}{general})")
    return Outcome(over_parts(parts), measured,
                   (f"{p.a} records with {p.b} records more often than chance since {p.since}; "
                    if p.since else "") + f"records of both in {len(p.episodes)} episodes",
                   evidence, f"records on the {p.basis}; windows as listed{splice}", failures,
                   marginal=p.since is not None and is_marginal(shift_p, .05, 0.1))


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
