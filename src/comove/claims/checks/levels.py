"""Claim tests about prices: a return between two dates, a level on a date."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from comove.claims.checks.common import C, S, close_on, pct
from comove.claims.checks.registry import check, since_of
from comove.claims.model import Outcome, Since
from comove.claims.params import Symbol, param
from comove.claims.verdicts import is_marginal, stated_range, tolerance
from comove.data.source import read_bars
from comove.errors import EmptyRangeError, UsageError

if TYPE_CHECKING:
    from comove.data.source import DataSource


@dataclass(frozen=True, kw_only=True)
class ReturnPeriodParams:
    symbol: Symbol = param()
    start: dt.date = param(help="the close on or before this date is the base")
    end: dt.date = param()
    claimed: float = param(help='e.g. 0.09 or "9%" for +9%', low=-1, high=1e6)
    op: Literal["approx", "above", "below"] = param("approx")
    tolerance: float | None = param(None, help="absolute, for approx; default: the claimed "
                                    "figure's precision (9% is 8.5% to 9.5%)", low=0, high=1e6)
    above_level: float | None = param(None, help="also: the end close above this level")


@check("return_period", "a symbol's return between two dates", ReturnPeriodParams,
       window=lambda p: p.end)
def return_period(source: DataSource, p: ReturnPeriodParams) -> Outcome:
    """approx: supported within ``tolerance`` (by default the claimed figure's precision);
    above/below: supported when the return is on the claimed side. A level, if given, must
    hold too. Marginal when the return is within 1% (relative) of the edge it is judged
    against."""
    d0, p0 = close_on(source, p.symbol, p.start)
    d1, p1 = close_on(source, p.symbol, p.end)
    r = p1 / p0 - 1
    if p.op == "approx":
        tol = tolerance(p.claimed, p.tolerance)
        ok = abs(r - p.claimed) <= tol + 1e-12
        edge = p.claimed + tol if r > p.claimed else p.claimed - tol
        claim_text = f"about {pct(p.claimed)} ({pct(p.claimed - tol)} to {pct(p.claimed + tol)})"
    elif p.op == "above":
        edge = p.claimed
        ok, claim_text = r > p.claimed, f"over {pct(p.claimed)}"
    else:
        edge = p.claimed
        ok, claim_text = r < p.claimed, f"under {pct(p.claimed)}"
    marginal = is_marginal(r, edge)
    failures = [] if ok else [f"return {pct(r)}"]
    measured = f"{pct(r)} ({d0} close {p0:,.2f} to {d1} close {p1:,.2f})"
    if p.above_level is not None:
        claim_text += f", close above {p.above_level:,}"
        if p1 <= p.above_level:
            failures.append(f"close {p1:,.2f} not above {p.above_level:,}")
        marginal = marginal or is_marginal(p1, p.above_level)
    return Outcome(S if not failures else C, measured, claim_text,
                   {"start": d0, "start_close": p0, "end": d1, "end_close": p1, "return": r},
                   "simple return of closes", failures, marginal=marginal)


@dataclass(frozen=True, kw_only=True)
class LevelOnDateParams:
    symbol: Symbol = param()
    date: dt.date = param()
    op: Literal["below", "above", "between"] = param()
    value: float | None = param(None, help="the level, for below and above")
    low: float | None = param(None, help="the range, for between")
    high: float | None = param(None)
    tolerance: float | None = param(None, help="relative, widens the range; default: the "
                                    "precision of low and high ($55,000 is ±$500; \"about "
                                    '$55,000" ±$1,000)', low=0, high=10)
    basis: Literal["close", "low", "high"] = param(
        "close", help="low or high: the intraday extreme of the day")

    def validate(self) -> None:
        if self.op == "between" and (self.low is None or self.high is None):
            raise UsageError("op: between needs low and high", "e.g. low: 55000, high: 60000")
        if self.op == "between" and self.low > self.high:  # type: ignore[operator]
            raise UsageError(f"low {self.low:,} is above high {self.high:,}", "swap them")
        if self.op != "between" and self.value is None:
            raise UsageError(f"op: {self.op} needs value", "e.g. value: 15")


@check("level_on_date", "a symbol's close on a date against a level or a range",
       LevelOnDateParams, window=lambda p: p.date)
def level_on_date(source: DataSource, p: LevelOnDateParams) -> Outcome:
    """Supported when the close (or the day's intraday low or high, with ``basis``) is on the
    claimed side of the level (or inside the range, widened by ``tolerance``, by default the
    precision of its ends); contradicted otherwise. Marginal when the value is within 1% of
    the level or edge."""
    import pandas as pd

    day, close = close_on(source, p.symbol, p.date)
    if p.basis != "close":
        _, bars = read_bars(source, p.symbol)
        extreme = bars.loc[pd.Timestamp(day), p.basis]
        if extreme != extreme:
            raise EmptyRangeError(f"no intraday {p.basis} for {p.symbol} on {day}",
                                  "use basis: close")
        close = float(extreme)
    if p.op == "between":
        assert p.low is not None and p.high is not None  # validate() made sure
        if p.tolerance is not None:
            lo, hi = p.low * (1 - p.tolerance), p.high * (1 + p.tolerance)
            widened = f"tolerance {p.tolerance:.0%}"
        else:
            lo, hi = stated_range(p.low, p.high)
            widened = "range ends read as rounded figures"
        ok = lo <= close <= hi
        claim_text = (f"{_shown(p.low)} ({lo:,.6g} to {hi:,.6g})" if p.low == p.high else
                      f"between {_shown(p.low)} and {_shown(p.high)} ({lo:,.6g} to {hi:,.6g})")
        edge = lo if close < lo else hi
    elif p.op == "below":
        assert p.value is not None
        ok, claim_text, edge, widened = close < p.value, f"below {p.value:,g}", p.value, ""
    else:
        assert p.value is not None
        ok, claim_text, edge, widened = close > p.value, f"above {p.value:,g}", p.value, ""
    return Outcome(S if ok else C, f"{p.basis} {close:,.2f} on {day}", claim_text,
                   {"date": day, p.basis: close}, f"{p.basis} of {day}"
                   + (f"; {widened}" if widened else ""), marginal=is_marginal(close, edge))


def _shown(value: float) -> str:
    """A level as the claim wrote it (``about 5,000``), else as a number."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) and not text[:1].isdigit() else f"{value:,g}"


@since_of("level_on_date")
def _level_since(source: DataSource, p: LevelOnDateParams, made: dt.date,
                 end: dt.date) -> Since:
    """Whether the level still holds on the symbol's last day."""
    import dataclasses

    _, bars = read_bars(source, p.symbol)
    last = bars.index[-1].date()
    again = level_on_date(source, dataclasses.replace(p, date=last))
    held = again.verdict is S
    return Since(made, end, f"{'still holds' if held else 'does not hold'} on {last}: "
                 f"{again.measured}", held, {"state_at_end": again.evidence})


__all__ = ["level_on_date", "return_period"]
