"""Claim tests about records: on a date, how many, a divergence between two assets, and
when a symbol broke out above an earlier peak."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from comove.claims.checks.common import MAX_DAYS, C, S, close_on, pct, record_state
from comove.claims.checks.registry import check
from comove.claims.model import Outcome
from comove.claims.params import Symbol, Text, param
from comove.data.source import read_bars
from comove.errors import EmptyRangeError, UsageError

if TYPE_CHECKING:
    from comove.data.source import DataSource

Basis = Literal["close", "high"]


@dataclass(frozen=True, kw_only=True)
class RecordOnDateParams:
    date: dt.date = param()
    records: list[Symbol] = param([], help="expected at a record")
    near: dict[Symbol, float] = param(
        {}, help="symbol: max distance below the record, expected not at one", low=-1, high=1)
    not_records: list[Symbol] = param([])
    basis: Basis = param("close")


@check("record_on_date", "which symbols closed at a record on a date (and which were near one)",
       RecordOnDateParams)
def record_on_date(source: DataSource, p: RecordOnDateParams) -> Outcome:
    """Supported when every expectation holds; contradicted when any fails."""
    states, failures = {}, []
    for sym in p.records:
        st = states[sym] = record_state(source, sym, p.date, p.basis)
        if not st["record"] or st["date"] != p.date:
            failures.append(f"{sym} not at a record ({pct(st['below_record'])} below, last "
                            f"record {st['record_date']})")
    for sym, distance in p.near.items():
        st = states[sym] = record_state(source, sym, p.date, p.basis)
        if st["record"] or st["below_record"] < -abs(distance):
            failures.append(f"{sym} {'at a record' if st['record'] else pct(st['below_record'])}"
                            f", not within {abs(distance):.0%} below it")
    for sym in p.not_records:
        st = states[sym] = record_state(source, sym, p.date, p.basis)
        if st["record"]:
            failures.append(f"{sym} at a record")
    measured = "; ".join(
        f"{s}: {'record' if st['record'] else pct(st['below_record']) + ' below record'}"
        + (f" (close of {st['date']})" if st["date"] != p.date else "")
        for s, st in states.items())
    claimed = "; ".join([f"{s}: record" for s in p.records]
                        + [f"{s}: within {abs(d):.0%}" for s, d in p.near.items()]
                        + [f"{s}: not a record" for s in p.not_records])
    return Outcome(C if failures else S, measured, claimed,
                   {s: dict(st) for s, st in states.items()},
                   f"record = {p.basis} above every earlier {p.basis}; on {p.date}", failures)


@dataclass(frozen=True, kw_only=True)
class RecordCountParams:
    symbol: Symbol = param()
    claimed: float = param(low=0)
    end: dt.date = param()
    start: dt.date | None = param(None)
    days: int = param(365, help="window length if no start", low=1, high=MAX_DAYS)
    tolerance: float = param(0.25, help="relative", low=0, high=100)
    basis: Basis = param("close")


@check("record_count", "how many record closes a symbol set in a window", RecordCountParams)
def record_count(source: DataSource, p: RecordCountParams) -> Outcome:
    """Supported when the count is within ``tolerance`` (relative) of the claim."""
    from comove.records.highs import find_records

    sym, bars = read_bars(source, p.symbol)
    start = p.start or p.end - dt.timedelta(days=p.days)
    report = find_records(bars, sym.symbol, p.basis, start, p.end)
    n = len(report.records)
    ok = abs(n - p.claimed) <= p.tolerance * p.claimed
    return Outcome(S if ok else C, f"{n} record {p.basis}s", f"about {p.claimed:g}",
                   {"count": n, "window": [report.window[0], report.window[1]],
                    "tolerance": p.tolerance},
                   f"records of the {p.basis} from {report.window[0]} to {report.window[1]}"
                   f"; tolerance ±{p.tolerance:.0%} of the claimed count")


@dataclass(frozen=True, kw_only=True)
class DivergenceStateParams:
    date: dt.date = param()
    leader: Symbol = param()
    laggard: Symbol = param()
    claimed_below: float = param(help="e.g. -0.27", low=-1, high=0)
    tolerance: float = param(0.03, help="absolute", low=0, high=1)
    first_in_years: int | None = param(None, help="no such divergence in the N years before",
                                       low=1, high=100)
    threshold: float = param(-0.15, help="what counts as a divergence when checking 'first "
                             "in N years'", low=-1, high=0)


@check("divergence_state", "a leader at a record while a laggard is a claimed distance below "
       "its own", DivergenceStateParams)
def divergence_state(source: DataSource, p: DivergenceStateParams) -> Outcome:
    """Supported when the leader is at a record on the date (or the day before), the
    laggard's distance below its record is within ``tolerance`` of the claim, and (if asked)
    no earlier day in ``first_in_years`` had the leader at a record with the laggard at least
    ``threshold`` below its record."""
    lead = record_state(source, p.leader, p.date)
    lag = record_state(source, p.laggard, p.date)
    lead_recent = lead["record"] or (lead["record_date"] is not None and
                                     (p.date - lead["record_date"]).days <= 1)
    failures = []
    if not lead_recent:
        failures.append(f"{lead['symbol']} not at a record ({pct(lead['below_record'])})")
    if abs(lag["below_record"] - p.claimed_below) > p.tolerance:
        failures.append(f"{lag['symbol']} is {pct(lag['below_record'])} below its record, "
                        f"not {pct(p.claimed_below)}")
    evidence: dict[str, Any] = {"leader": lead, "laggard": lag}
    if p.first_in_years:
        hits = _earlier_divergences(source, p)
        evidence["earlier_divergence_days"] = [d.date() for d in hits.index[-5:]]
        if len(hits):
            failures.append(f"not the first in {p.first_in_years} years: {len(hits)} earlier "
                            f"{lead['symbol']} record days had {lag['symbol']} "
                            f"{abs(p.threshold):.0%}+ below its record, last "
                            f"{hits.index[-1].date()}")
    measured = (f"{lead['symbol']} {'at a record' if lead_recent else pct(lead['below_record'])}"
                f"; {lag['symbol']} {pct(lag['below_record'])} below its {lag['record_date']} "
                "record")
    return Outcome(C if failures else S, measured,
                   f"{p.leader} at a record, {p.laggard} {pct(p.claimed_below)}",
                   evidence, f"closes; distance = close / record close - 1; tolerance "
                   f"±{p.tolerance:.0%} points", failures)


def _earlier_divergences(source: DataSource, p: DivergenceStateParams) -> Any:
    """The laggard's drawdown on the leader's record days in the ``first_in_years`` before
    the date (up to 60 days before it), where it was at or below ``threshold``."""
    import pandas as pd

    from comove.kernels.records import drawdown, record_mask

    _, lb = read_bars(source, p.leader)
    _, gb = read_bars(source, p.laggard)
    lc, gc = lb["close"].dropna(), gb["close"].dropna()
    lead_days = lc.index[record_mask(lc.to_numpy())]
    gdd = pd.Series(drawdown(gc.to_numpy()), index=gc.index).reindex(lead_days, method="ffill")
    since = pd.Timestamp(p.date) - pd.DateOffset(years=p.first_in_years)
    earlier = gdd[(gdd.index >= since) & (gdd.index < pd.Timestamp(p.date) -
                                           pd.Timedelta(days=60))]
    return earlier[earlier <= p.threshold]


@dataclass(frozen=True, kw_only=True)
class BreakoutParams:
    symbol: Symbol = param()
    after: dt.date = param(help="the prior peak is the highest close before this date")
    claimed_month: Text = param(help="YYYY-MM")
    basis: Basis = param("close")
    record_on: dt.date | None = param(None, help="also: at or near a record on this date")
    near: float = param(0.03, low=-1, high=1)

    def validate(self) -> None:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", self.claimed_month):
            raise UsageError(f"'{self.claimed_month[:20]}' is not a YYYY-MM month",
                             "e.g. 2024-11", param="claimed_month")


@check("breakout", "when a symbol first set a new record after a prior peak", BreakoutParams)
def breakout(source: DataSource, p: BreakoutParams) -> Outcome:
    """The first day after ``after`` on which the ``basis`` exceeded the highest ``basis``
    before ``after``. Supported when it falls in the claimed month; contradicted otherwise.
    The other basis is reported too, since commentary often calls an unconfirmed intraday
    high a breakout."""
    import pandas as pd

    from comove.records.highs import basis_values

    sym, bars = read_bars(source, p.symbol)
    found: dict[str, Any] = {}
    for basis in ("close", "high"):
        values = basis_values(bars, basis).dropna()
        before = values[: pd.Timestamp(p.after) - pd.Timedelta(days=1)]
        if before.empty:
            raise EmptyRangeError(f"no {sym.symbol} {basis} before {p.after} to set the prior "
                                  "peak", f"{sym.symbol} data start {bars.index[0].date()}")
        peak_day, peak = before.idxmax(), float(before.max())
        above = values[pd.Timestamp(p.after):]
        above = above[above > peak]
        found[basis] = {"prior_peak": peak_day.date(), "prior_peak_value": peak,
                        "first_break": above.index[0].date() if len(above) else None,
                        "break_value": float(above.iloc[0]) if len(above) else None}
    first = found[p.basis]["first_break"]
    ok = first is not None and first.strftime("%Y-%m") == p.claimed_month
    failures = [] if ok else [f"first {p.basis} above the {found[p.basis]['prior_peak']} "
                              f"peak: {first or 'not yet'}"]
    if p.record_on:
        st = record_state(source, p.symbol, p.record_on, p.basis)
        found["state_on"] = st
        if st["below_record"] < -abs(p.near):
            failures.append(f"on {p.record_on} {pct(st['below_record'])} below the record")
    other = "high" if p.basis == "close" else "close"
    measured = (f"first {p.basis} above the {found[p.basis]['prior_peak']} peak: "
                f"{first or 'none'}; first {other}: {found[other]['first_break'] or 'none'}")
    return Outcome(S if not failures else C, measured, f"broke out in {p.claimed_month}",
                   found, f"breakout = first {p.basis} above the highest {p.basis} before "
                   f"{p.after}", failures)


__all__ = ["breakout", "close_on", "divergence_state", "record_count", "record_on_date"]
