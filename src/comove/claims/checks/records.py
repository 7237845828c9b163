"""Claim tests about records: on a date, how many, a divergence between two assets, and
when a symbol broke out above an earlier peak."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from comove.claims.checks.common import (
    MAX_DAYS,
    C,
    S,
    long_bars,
    pct,
    record_state,
    splice_note,
)
from comove.claims.checks.registry import check, since_of
from comove.claims.model import Outcome, Since
from comove.claims.params import Symbol, Text, param
from comove.claims.verdicts import described, is_marginal, tolerance
from comove.errors import EmptyRangeError, UsageError

if TYPE_CHECKING:
    from comove.data.source import DataSource

Basis = Literal["close", "high"]
BASES = (("close", "close"), ("high", "intraday high"))
NEAR_RECORD = 0.05  # a leader this close to its record still "hits record highs"
WINDOWS = ((365, "the last 365 days"), (182, "the last 6 months"), (90, "the last 90 days"))


@dataclass(frozen=True, kw_only=True)
class RecordOnDateParams:
    date: dt.date = param()
    records: list[Symbol] = param([], help="expected at a record")
    near: dict[Symbol, float] = param(
        {}, help="symbol: max distance below the record, expected not at one", low=-1, high=1)
    not_records: list[Symbol] = param([])
    basis: Basis = param("close")


@check("record_on_date", "which symbols closed at a record on a date (and which were near one)",
       RecordOnDateParams, {"basis": BASES})
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
    splice = "".join(f"; {st['splice']}" for st in states.values() if st.get("splice"))
    return Outcome(C if failures else S, measured, claimed,
                   {s: dict(st) for s, st in states.items()},
                   f"record = {p.basis} above every earlier {p.basis}; on {p.date}{splice}",
                   failures)


@dataclass(frozen=True, kw_only=True)
class RecordCountParams:
    symbol: Symbol = param()
    claimed: float = param(low=0, help='e.g. 40, or "about 40"')
    end: dt.date = param()
    start: dt.date | None = param(None)
    days: int = param(365, help="window length if no start (a reading when not given: 365, "
                      "182 or 90 days)", low=1, high=MAX_DAYS)
    tolerance: float | None = param(None, help="relative; default: the claimed figure's "
                                    "precision", low=0, high=100)
    basis: Basis = param("close")


@check("record_count", "how many record closes a symbol set in a window", RecordCountParams,
       {"days": WINDOWS}, window=lambda p: p.end, applies={"days": lambda p: p.start is None})
def record_count(source: DataSource, p: RecordCountParams) -> Outcome:
    """Supported when the count is within ``tolerance`` (relative) of the claim: by default
    the claimed figure's own precision ("40" is 35 to 45, "about 40" 30 to 50). Without a
    ``start`` the window's length is a reading: 365, 182 and 90 days are evaluated."""
    from comove.records.highs import find_records

    sym, bars = long_bars(source, p.symbol)
    start = p.start or p.end - dt.timedelta(days=p.days)
    report = find_records(bars, sym.symbol, p.basis, start, p.end)
    n = len(report.records)
    tol = tolerance(p.claimed, p.tolerance, relative=True)
    width = tol * p.claimed
    ok = abs(n - p.claimed) <= width + 1e-9
    edge = p.claimed + width if n > p.claimed else p.claimed - width
    return Outcome(S if ok else C, f"{n} record {p.basis}s", described(p.claimed, tol, True),
                   {"count": n, "window": [report.window[0], report.window[1]],
                    "tolerance": tol},
                   f"records of the {p.basis} from {report.window[0]} to {report.window[1]}"
                   f"; tolerance ±{tol:.0%} of the claimed count{splice_note(bars)}",
                   marginal=is_marginal(n, edge, 0.05) and n != p.claimed)


@dataclass(frozen=True, kw_only=True)
class DivergenceStateParams:
    date: dt.date = param()
    leader: Symbol = param()
    laggard: Symbol = param()
    claimed_below: float | None = param(None, help='e.g. -0.27 or "-27%"; without it the '
                                        "laggard must be at least threshold below its record",
                                        low=-1, high=0)
    tolerance: float | None = param(None, help="absolute; default: the claimed figure's "
                                    "precision", low=0, high=1)
    basis: Basis = param("close", help="the record the distance is measured from")
    first_in_years: int | None = param(None, help="no such divergence in the N years before",
                                       low=1, high=100)
    threshold: float = param(-0.15, help="what counts as a divergence when checking 'first "
                             "in N years'", low=-1, high=0)


@check("divergence_state", "a leader at a record while a laggard is a claimed distance below "
       "its own", DivergenceStateParams, {"basis": BASES})
def divergence_state(source: DataSource, p: DivergenceStateParams) -> Outcome:
    """Supported when the leader is at a record on the date (or the day before), the
    laggard's distance below its record is within ``tolerance`` of the claim (by default the
    figure's precision; without a claimed distance, at least ``threshold``), and (if asked)
    no earlier day in ``first_in_years`` had the leader at a record with the laggard at least
    ``threshold`` below its record."""
    lead = record_state(source, p.leader, p.date)
    lag = record_state(source, p.laggard, p.date, p.basis)
    claimed = p.claimed_below if p.claimed_below is not None else p.threshold
    tol = tolerance(claimed, p.tolerance) if p.claimed_below is not None else 0.0
    lead_recent = lead["record"] or (lead["record_date"] is not None and
                                     (p.date - lead["record_date"]).days <= 1)
    failures = []
    if not lead_recent:
        failures.append(f"{lead['symbol']} not at a record ({pct(lead['below_record'])})")
    if p.claimed_below is not None and abs(lag["below_record"] - claimed) > tol + 1e-12:
        failures.append(f"{lag['symbol']} is {pct(lag['below_record'])} below its record, "
                        f"not {pct(claimed)}")
    if p.claimed_below is None and lag["below_record"] > p.threshold:
        failures.append(f"{lag['symbol']} is only {pct(lag['below_record'])} below its record")
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
    gap = lag["below_record"] - claimed
    return Outcome(C if failures else S, measured,
                   f"{p.leader} at a record, {p.laggard} "
                   + (described(claimed, tol, percent=True) if p.claimed_below is not None
                      else f"at least {abs(p.threshold):.0%} below its record"),
                   evidence, f"closes; distance = close / record {p.basis} - 1; tolerance "
                   f"±{tol:.1%} points{'; ' + lag['splice'] if lag['splice'] else ''}",
                   failures, marginal=is_marginal(abs(gap), tol, 0.05))


def _earlier_divergences(source: DataSource, p: DivergenceStateParams) -> Any:
    """The laggard's drawdown on the leader's record days in the ``first_in_years`` before
    the date (up to 60 days before it), where it was at or below ``threshold``."""
    import pandas as pd

    from comove.kernels.records import drawdown
    from comove.records.synchrony import record_days

    _, lb = long_bars(source, p.leader)
    _, gb = long_bars(source, p.laggard)
    gc = gb["close"].dropna()
    lead_days = record_days(lb["close"])
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


@check("breakout", "when a symbol first set a new record after a prior peak", BreakoutParams,
       {"basis": BASES})
def breakout(source: DataSource, p: BreakoutParams) -> Outcome:
    """The first day after ``after`` on which the ``basis`` exceeded the highest ``basis``
    before ``after``. Supported when it falls in the claimed month; contradicted otherwise.
    The other basis is reported too, since commentary often calls an unconfirmed intraday
    high a breakout; unless the claim gives ``basis``, both are readings."""
    import pandas as pd

    from comove.records.highs import basis_values

    sym, bars = long_bars(source, p.symbol)
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
                   f"{p.after}{splice_note(bars)}", failures)


@since_of("divergence_state")
def _divergence_since(source: DataSource, p: DivergenceStateParams, made: dt.date,
                      end: dt.date) -> Since:
    """Whether the divergence still holds at each symbol's last close: the leader within
    NEAR_RECORD of its record, the laggard at least ``threshold`` below its own."""
    states = {}
    for name in (p.leader, p.laggard):
        _, bars = long_bars(source, name)
        states[name] = record_state(source, name, bars.index[-1].date(), p.basis)
    lead, lag = states[p.leader], states[p.laggard]
    held = lead["below_record"] >= -NEAR_RECORD and lag["below_record"] <= p.threshold
    text = (f"{lead['symbol']} {pct(lead['below_record'])} from its record on {lead['date']}, "
            f"{lag['symbol']} {pct(lag['below_record'])} on {lag['date']}: the divergence "
            f"{'still holds' if held else 'has ended'}")
    return Since(made, end, text, held, {"leader_at_end": lead, "laggard_at_end": lag})


@since_of("breakout")
def _breakout_since(source: DataSource, p: BreakoutParams, made: dt.date,
                    end: dt.date) -> Since | None:
    """With ``record_on`` (a claim of price discovery): whether it is still near a record."""
    if p.record_on is None:
        return None
    _, bars = long_bars(source, p.symbol)
    st = record_state(source, p.symbol, bars.index[-1].date(), p.basis)
    held = st["below_record"] >= -abs(p.near)
    return Since(made, end, f"{st['symbol']} {pct(st['below_record'])} from its record on "
                 f"{st['date']}: {'still' if held else 'no longer'} in price discovery",
                 held, {"state_at_end": st})


__all__ = ["breakout", "divergence_state", "record_count", "record_on_date"]
