"""Claim tests about where a price stood: its distance from a record on a date, a record
that is the first after a long gap ("first since"), and streaks ("five days in a row")."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from comove.claims.checks.common import (
    C,
    S,
    close_on,
    long_bars,
    pct,
    record_state,
    splice_note,
)
from comove.claims.checks.records import BASES, Basis
from comove.claims.checks.registry import check, since_of
from comove.claims.model import Outcome, Since
from comove.claims.params import Symbol, Text, param
from comove.claims.verdicts import is_marginal, tolerance
from comove.errors import EmptyRangeError, UsageError

if TYPE_CHECKING:
    from comove.data.source import DataSource

Op = Literal["approx", "at_least", "at_most"]
_RULE = {"up": "close above the previous close", "down": "close below the previous close",
         "record": "close above every earlier close"}


def _judge(value: float, claimed: float, tol: float, op: Op) -> tuple[bool, float]:
    """Whether ``value`` meets the claim, and the edge it is judged against."""
    if op == "at_least":
        return value >= claimed - tol - 1e-12, claimed - tol
    if op == "at_most":
        return value <= claimed + tol + 1e-12, claimed + tol
    return abs(value - claimed) <= tol + 1e-12, claimed + tol if value > claimed else (
        claimed - tol)


@dataclass(frozen=True, kw_only=True)
class DistanceParams:
    symbol: Symbol = param()
    date: dt.date = param()
    claimed: float = param(help='the close over the record, minus one: e.g. "-27%"', low=-1,
                           high=0)
    tolerance: float | None = param(None, help="absolute; default: the figure's precision",
                                    low=0, high=1)
    basis: Basis = param("close", help="the record: the highest close, or the highest "
                         "intraday high (a reading when not given)")


@check("distance_from_record", "how far below its record a symbol closed on a date",
       DistanceParams, {"basis": BASES}, window=lambda p: p.date)
def distance_from_record(source: DataSource, p: DistanceParams) -> Outcome:
    """Distance = the close on the date over the record (the highest close, or with ``high``
    the highest intraday high, up to that date), minus one. Supported within ``tolerance``
    of the claim (by default its precision: "27%" is 26.5% to 27.5%); contradicted
    otherwise. The basis is a reading unless the claim gives it."""
    st = record_state(source, p.symbol, p.date, p.basis)
    tol = tolerance(p.claimed, p.tolerance)
    ok, edge = _judge(st["below_record"], p.claimed, tol, "approx")
    return Outcome(S if ok else C,
                   f"{pct(st['below_record'])} ({st['date']} close {st['close']:,.2f}; record "
                   f"{p.basis} {st['record_value']:,.2f})",
                   f"{pct(p.claimed)} ({pct(p.claimed - tol)} to {pct(p.claimed + tol)})", st,
                   f"distance = close / record {p.basis} - 1"
                   + (f"; {st['splice']}" if st["splice"] else ""),
                   marginal=is_marginal(st["below_record"], edge))


@since_of("distance_from_record")
def _distance_since(source: DataSource, p: DistanceParams, made: dt.date,
                    end: dt.date) -> Since:
    """The distance on the symbol's last day, and whether the claimed one still holds."""
    _, bars = long_bars(source, p.symbol)
    st = record_state(source, p.symbol, bars.index[-1].date(), p.basis)
    tol = tolerance(p.claimed, p.tolerance)
    held, _ = _judge(st["below_record"], p.claimed, tol, "approx")
    return Since(made, end, f"{st['symbol']} {pct(st['below_record'])} from its record on "
                 f"{st['date']} ({'still' if held else 'no longer'} as claimed)", held,
                 {"state_at_end": st})


@dataclass(frozen=True, kw_only=True)
class FirstSinceParams:
    symbol: Symbol = param()
    month: Text = param(help="YYYY-MM: the month of the record the claim speaks of")
    years: float = param(help="the gap claimed before it, in years (\"first in five "
                         "years\": 5)", low=0, high=200)
    op: Op = param("at_least", help="at_least: no record for at least that long; approx: "
                   "a gap of about that length")
    tolerance: float | None = param(None, help="years; default: the figure's precision",
                                    low=0, high=100)
    basis: Basis = param("close", help="a reading when not given")

    def validate(self) -> None:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", self.month):
            raise UsageError(f"'{self.month[:20]}' is not a YYYY-MM month", "e.g. 2024-11",
                             param="month")


@check("first_since", "a record that is the first after a long gap (\"first in five years\")",
       FirstSinceParams, {"basis": BASES},
       window=lambda p: (dt.date(int(p.month[:4]), int(p.month[5:]), 28)))
def first_since(source: DataSource, p: FirstSinceParams) -> Outcome:
    """The first record (on ``basis``) in the claimed month and the gap since the record
    before it, in years of 365.25 days. Supported when there is a record in the month and
    the gap meets the claim (``op``, within ``tolerance``, by default the figure's
    precision: "three years" is 2.5 to 3.5); contradicted otherwise. The basis is a reading
    unless the claim gives it."""
    import pandas as pd

    from comove.records.highs import basis_values
    from comove.records.synchrony import record_days

    sym, bars = long_bars(source, p.symbol)
    values = basis_values(bars, p.basis).dropna()
    days = record_days(values)
    first = pd.Timestamp(p.month + "-01")
    if values.empty or values.index[0] >= first or values.index[-1] < first:
        span = (f"{values.index[0].date()} to {values.index[-1].date()}" if len(values)
                else "nothing")
        raise EmptyRangeError(f"no {sym.symbol} {p.basis}s before and in {p.month}",
                              f"{sym.symbol} data cover {span}")
    inside = days[(days >= first) & (days < first + pd.offsets.MonthBegin(1))]
    tol = tolerance(p.years, p.tolerance)
    claim_text = (f"a record in {p.month}, the first in {'about ' if p.op == 'approx' else ''}"
                  f"{p.years:g} years")
    if not len(inside):
        after = days[days >= first]
        return Outcome(C, f"no record {p.basis} in {p.month}; next: "
                       f"{after[0].date() if len(after) else 'none yet'}", claim_text,
                       {"next_record": after[0].date() if len(after) else None},
                       f"records of the {p.basis}{splice_note(bars)}",
                       [f"no record {p.basis} in {p.month}"])
    day = inside[0]
    earlier = days[days < day]
    if not len(earlier):
        raise EmptyRangeError(f"no {sym.symbol} record before {day.date()} to measure the gap",
                              f"{sym.symbol} data start {values.index[0].date()}")
    gap = (day - earlier[-1]).days / 365.25
    ok, edge = _judge(gap, p.years, tol, p.op)
    evidence: dict[str, Any] = {"record": day.date(), "previous_record": earlier[-1].date(),
                                "gap_years": gap}
    return Outcome(S if ok else C, f"record {p.basis} {day.date()}, {gap:.2f} years after the "
                   f"one on {earlier[-1].date()}", claim_text, evidence,
                   f"records of the {p.basis}; gap in years of 365.25 days; tolerance "
                   f"±{tol:g} years{splice_note(bars)}", marginal=is_marginal(gap, edge))


@dataclass(frozen=True, kw_only=True)
class StreakParams:
    symbol: Symbol = param()
    end: dt.date = param(help="the streak ends on this day (or the last close before it)")
    claimed: float = param(help="the number of trading days in a row", low=1, high=10_000)
    kind: Literal["up", "down", "record"] = param("up", help="closes above the previous "
                                                  "one, below it, or record closes")
    op: Op = param("approx")
    tolerance: float | None = param(None, help="days; default: the figure's precision",
                                    low=0, high=10_000)


@check("streak", "a run of up days, down days or records (\"five days in a row\")",
       StreakParams, window=lambda p: p.end)
def streak(source: DataSource, p: StreakParams) -> Outcome:
    """The number of consecutive trading days, ending on ``end``, whose close was above the
    previous close (``up``), below it (``down``) or a record (``record``). Supported when it
    meets the claim (``op``, within ``tolerance``, by default the figure's precision, so
    "5" means exactly 5); contradicted otherwise."""
    import numpy as np
    import pandas as pd

    from comove.kernels.records import record_mask

    day, _ = close_on(source, p.symbol, p.end)
    _, bars = long_bars(source, p.symbol)
    closes = bars["close"].dropna().loc[: pd.Timestamp(day)]
    values = closes.to_numpy()
    if p.kind == "record":
        hits = record_mask(values)
    else:
        change = np.diff(values, prepend=np.nan)
        hits = change > 0 if p.kind == "up" else change < 0
    run = 0
    for hit in hits[::-1]:
        if not hit:
            break
        run += 1
    tol = tolerance(p.claimed, p.tolerance)
    ok, edge = _judge(run, p.claimed, tol, p.op)
    start = closes.index[len(closes) - run].date() if run else None
    return Outcome(S if ok else C, f"{run} {p.kind} days in a row to {day}"
                   + (f" (from {start})" if start else ""),
                   f"{p.claimed:g} {p.kind} days in a row", {"run": run, "end": day,
                                                             "start": start},
                   f"{p.kind}: {_RULE[p.kind]}{splice_note(bars)}",
                   marginal=is_marginal(run, edge, 0.05) and not ok)


__all__ = ["distance_from_record", "first_since", "streak"]
