"""What several claim tests share: the close on a date, the record state, interval verdicts."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from comove.claims.model import Outcome, Verdict
from comove.data.source import read_bars
from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    import pandas as pd

    from comove.align import AlignedPrices, AlignedReturns
    from comove.data.source import DataSource

S, UNSURE, C = Verdict.SUPPORTED, Verdict.INCONCLUSIVE, Verdict.CONTRADICTED
MAX_STALE_DAYS = 4  # a price "on" a date may be the last close up to this many days before
MAX_DAYS = 36_500  # day counts in a claim: at most a century
MIN_PAIRS = 20  # fewer observations give no interval worth a verdict

T = TypeVar("T")
# Per source (an as-of view lives for one evaluation): derived values several claims or
# readings ask for (an aligned panel, a record state), built once. The view already reads
# each symbol once, so nothing kept here can differ from a fresh computation.
_MEMO: weakref.WeakKeyDictionary[Any, dict[Hashable, Any]] = weakref.WeakKeyDictionary()


def memo(source: DataSource, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, computed once per ``source`` and ``key`` (every time if ``source`` cannot
    be weakly referenced). Callers must not mutate what it returns."""
    try:
        entries = _MEMO.setdefault(source, {})
    except TypeError:
        return make()
    if key not in entries:
        entries[key] = make()
    return entries[key]  # type: ignore[no-any-return]


def aligned(source: DataSource, names: list[str], policy: str) -> AlignedPrices:
    """:func:`comove.align.load_aligned` of ``names`` under ``policy``, once per source."""
    from comove.align import load_aligned

    return memo(source, ("aligned", tuple(names), policy),
                lambda: load_aligned(source, names, policy))  # type: ignore[arg-type]


def pct(x: float) -> str:
    """``+9.5%``, or ``n/a`` for NaN."""
    return "n/a" if x != x else f"{x:+.1%}"


def close_on(source: DataSource, symbol: str, day: date) -> tuple[date, float]:
    """The close on ``day`` (or the last one before it, at most MAX_STALE_DAYS earlier)."""
    import pandas as pd

    sym, bars = read_bars(source, symbol)
    upto = bars.loc[: pd.Timestamp(day), "close"].dropna()
    if upto.empty or (pd.Timestamp(day) - upto.index[-1]).days > MAX_STALE_DAYS:
        raise EmptyRangeError(f"no {sym.symbol} close on or just before {day}",
                              f"{sym.symbol} data runs {bars.index[0].date()} to "
                              f"{bars.index[-1].date()}")
    return upto.index[-1].date(), float(upto.iloc[-1])


def long_bars(source: DataSource, symbol: str) -> tuple[Any, pd.DataFrame]:
    """A symbol's bars for records and drawdowns: bitcoin on its long history (Bitstamp
    before Yahoo's first day, named in ``attrs["splice"]``), every other symbol as stored."""
    return read_bars(source, symbol, long_history=True)


def splice_note(bars: pd.DataFrame) -> str:
    """``; BTC_BITSTAMP (Bitstamp) before ...`` when the bars are spliced, else empty."""
    splice = bars.attrs.get("splice")
    return f"; {splice}" if splice else ""


def record_state(source: DataSource, symbol: str, day: date, basis: str = "close"
                 ) -> dict[str, Any]:
    """Whether ``symbol`` set a record on ``day`` (on ``basis``) and how far its close was
    below its record (the highest close, or the highest intraday high with ``high``).

    Computed once per source, symbol, day and basis (a fresh dict each call)."""
    return dict(memo(source, ("record_state", symbol, day, basis),
                     lambda: _record_state(source, symbol, day, basis)))


def _record_state(source: DataSource, symbol: str, day: date, basis: str) -> dict[str, Any]:
    import pandas as pd

    from comove.records.highs import basis_values, find_records
    from comove.records.synchrony import record_days

    sym, bars = long_bars(source, symbol)
    bars = bars.loc[: pd.Timestamp(day)]
    used, close = close_on(source, symbol, day)
    values = basis_values(bars, basis).dropna()
    if values.empty:
        find_records(bars, sym.symbol, basis)  # raises its "no prices" error
    # the last record as find_records finds it, without its tables of records and gaps
    days = record_days(values)
    last = days[-1].date() if len(days) else None
    peak = float(values.max())
    return {"symbol": sym.symbol, "date": used, "close": close, "record": last == used,
            "below_record": close / peak - 1, "record_date": last, "record_value": peak,
            "splice": bars.attrs.get("splice", "")}


def between(frame: pd.DataFrame, start: date | None, end: date | None, what: str,
            minimum: int = 1) -> pd.DataFrame:
    """Rows of ``frame`` from ``start`` to ``end`` with no missing value; an EmptyRangeError
    naming ``what`` when none is left, or fewer than ``minimum``."""
    import pandas as pd

    part = frame.loc[pd.Timestamp(start) if start else None:
                     pd.Timestamp(end) if end else None].dropna()
    if part.empty:
        span = (f"{frame.index[0].date()} to {frame.index[-1].date()}" if len(frame)
                else "nothing")
        raise EmptyRangeError(f"no {what} between {start or 'the start'} and "
                              f"{end or 'the end'}", f"the data cover {span}")
    if len(part) < minimum:
        raise EmptyRangeError(f"only {len(part)} {what} between {start} and {end}; at least "
                              f"{minimum} are needed", "widen the period")
    return part


def convention(panel: AlignedPrices, returns: AlignedReturns, start: date | None,
               end: date | None) -> str:
    """The returns' convention, with the notes on where the panel starts or ends only when
    the period asked for reaches past that end (otherwise the cut does not matter)."""
    import dataclasses

    import pandas as pd

    index = panel.prices.index
    keep = []
    for note in returns.notes:
        if note.startswith("the panel starts") and start is not None and len(index) and (
                pd.Timestamp(start) >= index[0]):
            continue
        if note.startswith("the panel ends") and end is not None and len(index) and (
                pd.Timestamp(end) <= index[-1]):
            continue
        keep.append(note)
    return dataclasses.replace(returns, notes=tuple(keep)).convention


def interval_verdict(lo: float, hi: float, direction: str) -> Verdict:
    """``up``/``positive``: supported if the interval is above zero, contradicted if below."""
    if lo != lo or hi != hi:
        return UNSURE
    positive = direction in ("up", "positive", "increase")
    if lo > 0:
        return S if positive else C
    if hi < 0:
        return C if positive else S
    return UNSURE


def interval_outcome(lo: float, hi: float, direction: str, measured: str, claimed: str,
                     evidence: dict[str, Any], conventions: str) -> Outcome:
    """The outcome of a claim on the sign of something measured with a 95% interval: the
    :func:`interval_verdict`, marked marginal by :func:`interval_marginal`."""
    return Outcome(interval_verdict(lo, hi, direction), measured, claimed, evidence,
                   conventions, marginal=interval_marginal(lo, hi))


def interval_marginal(lo: float, hi: float) -> bool:
    """Whether a 95% interval's end nearest zero is within a hair of it (2% of the
    interval's width): the sign verdict would flip with a slightly different sample."""
    if lo != lo or hi != hi or hi <= lo:
        return False
    return min(abs(lo), abs(hi)) <= 0.02 * (hi - lo)
