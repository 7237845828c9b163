"""The tests a claim can name, each turning parameters into a measured verdict.

Each test is registered with its declared parameters (so the claims file can be validated
before anything runs) and documented in docs/claims.md. Every verdict rule is written out in
the test's docstring; tolerances are parameters with stated defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from comove.claims.model import Outcome, Param, Verdict
from comove.data.source import read_bars
from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    import pandas as pd

    from comove.data.asof import AsOfView as AsOfStore

S, UNSURE, C = Verdict.SUPPORTED, Verdict.INCONCLUSIVE, Verdict.CONTRADICTED
MAX_STALE_DAYS = 4  # a price "on" a date may be the last close up to this many days before


@dataclass(frozen=True)
class Check:
    name: str
    params: dict[str, Param]
    run: Callable[[AsOfStore, dict[str, Any]], Outcome]
    summary: str


CHECKS: dict[str, Check] = {}


def check(name: str, summary: str, **params: Param):  # type: ignore[no-untyped-def]
    def register(fn):  # type: ignore[no-untyped-def]
        CHECKS[name] = Check(name, params, fn, summary)
        return fn

    return register


# -- helpers ------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{x:+.1%}"


def close_on(view: AsOfStore, symbol: str, day: date) -> tuple[date, float]:
    """The close on ``day`` (or the last one before it, at most MAX_STALE_DAYS earlier)."""
    import pandas as pd

    sym, bars = read_bars(view, symbol)
    upto = bars.loc[: pd.Timestamp(day), "close"].dropna()
    if upto.empty or (pd.Timestamp(day) - upto.index[-1]).days > MAX_STALE_DAYS:
        raise EmptyRangeError(f"no {sym.symbol} close on or just before {day}",
                              f"{sym.symbol} data runs {bars.index[0].date()} to "
                              f"{bars.index[-1].date()}")
    return upto.index[-1].date(), float(upto.iloc[-1])


def record_state(view: AsOfStore, symbol: str, day: date, basis: str = "close") -> dict[str, Any]:
    """Whether ``symbol`` set a record on ``day`` and how far below its record it was."""
    import pandas as pd

    from comove.records.highs import basis_values, find_records

    sym, bars = read_bars(view, symbol)
    bars = bars.loc[: pd.Timestamp(day)]
    used, close = close_on(view, symbol, day)
    report = find_records(bars, sym.symbol, basis)
    at_record = report.last_record is not None and report.last_record[0] == used
    peak = float(basis_values(bars, basis).max())
    return {"symbol": sym.symbol, "date": used, "close": close, "record": at_record,
            "below_record": close / peak - 1, "record_date": report.last_record[0]
            if report.last_record else None, "record_value": peak}


def series_of(view: AsOfStore, name: str) -> tuple[str, pd.Series, Any]:
    """Closes of a symbol, or of a ratio ``A/B`` (on the dates both have)."""
    from comove.symbols import Calendar

    if "/" in name:
        left, right = name.split("/", 1)
        a, a_bars = read_bars(view, left)
        b, b_bars = read_bars(view, right)
        ratio = (a_bars["close"] / b_bars["close"]).dropna()
        calendar = a.calendar if a.calendar == b.calendar else Calendar.US_EXCHANGE
        return f"{a.symbol}/{b.symbol}", ratio, calendar
    sym, bars = read_bars(view, name)
    return sym.symbol, bars["close"].dropna(), sym.calendar


def aligned_returns(view: AsOfStore, names: list[str], policy: str, kind: str,
                    horizon: int = 1):  # type: ignore[no-untyped-def]
    from comove.align import align_prices

    series, calendars, levels = {}, {}, set()
    for name in names:
        label, values, calendar = series_of(view, name)
        series[label], calendars[label] = values, calendar
        if "/" not in name and not view.resolve(name).asset_class.is_price:
            levels.add(label)
    return align_prices(series, calendars, policy, levels).returns(kind, horizon)


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


# -- tests --------------------------------------------------------------------------------


@check(
    "record_on_date",
    "which symbols closed at a record on a date (and which were near one)",
    date=Param("date"),
    records=Param("symbols", required=False, default=[], help="expected at a record"),
    near=Param("mapping", required=False, default={},
               help="symbol: max distance below the record, expected not at one"),
    not_records=Param("symbols", required=False, default=[]),
    basis=Param("choice", required=False, default="close", choices=("close", "high")),
)
def record_on_date(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Supported when every expectation holds; contradicted when any fails."""
    states, failures = {}, []
    for sym in p["records"]:
        st = states[sym] = record_state(view, sym, p["date"], p["basis"])
        if not st["record"] or st["date"] != p["date"]:
            failures.append(f"{sym} not at a record ({_pct(st['below_record'])} below, last "
                            f"record {st['record_date']})")
    for sym, distance in p["near"].items():
        st = states[sym] = record_state(view, sym, p["date"], p["basis"])
        if st["record"] or st["below_record"] < -abs(float(distance)):
            failures.append(f"{sym} {'at a record' if st['record'] else _pct(st['below_record'])}"
                            f", not within {abs(float(distance)):.0%} below it")
    for sym in p["not_records"]:
        st = states[sym] = record_state(view, sym, p["date"], p["basis"])
        if st["record"]:
            failures.append(f"{sym} at a record")
    measured = "; ".join(
        f"{s}: {'record' if st['record'] else _pct(st['below_record']) + ' below record'}"
        + (f" (close of {st['date']})" if st["date"] != p["date"] else "")
        for s, st in states.items())
    claimed = "; ".join([f"{s}: record" for s in p["records"]]
                        + [f"{s}: within {abs(float(d)):.0%}" for s, d in p["near"].items()]
                        + [f"{s}: not a record" for s in p["not_records"]])
    return Outcome(C if failures else S, measured, claimed,
                   {s: {k: v for k, v in st.items()} for s, st in states.items()},
                   f"record = {p['basis']} above every earlier {p['basis']}; on {p['date']}",
                   failures)


@check(
    "record_count",
    "how many record closes a symbol set in a window",
    symbol=Param("symbol"),
    claimed=Param("number"),
    end=Param("date"),
    start=Param("date", required=False),
    days=Param("int", required=False, default=365, help="window length if no start"),
    tolerance=Param("number", required=False, default=0.25, help="relative"),
    basis=Param("choice", required=False, default="close", choices=("close", "high")),
)
def record_count(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Supported when the count is within ``tolerance`` (relative) of the claim."""
    from comove.records.highs import find_records

    sym, bars = read_bars(view, p["symbol"])
    start = p["start"] or p["end"] - timedelta(days=p["days"])
    report = find_records(bars, sym.symbol, p["basis"], start, p["end"])
    n = len(report.records)
    claimed = float(p["claimed"])
    ok = abs(n - claimed) <= p["tolerance"] * claimed
    return Outcome(S if ok else C, f"{n} record {p['basis']}s", f"about {claimed:g}",
                   {"count": n, "window": [report.window[0], report.window[1]],
                    "tolerance": p["tolerance"]},
                   f"records of the {p['basis']} from {report.window[0]} to {report.window[1]}"
                   f"; tolerance ±{p['tolerance']:.0%} of the claimed count")


@check(
    "divergence_state",
    "a leader at a record while a laggard is a claimed distance below its own",
    date=Param("date"),
    leader=Param("symbol"),
    laggard=Param("symbol"),
    claimed_below=Param("number", help="e.g. -0.27"),
    tolerance=Param("number", required=False, default=0.03, help="absolute"),
    first_in_years=Param("int", required=False, help="no such divergence in the N years before"),
    threshold=Param("number", required=False, default=-0.15,
                    help="what counts as a divergence when checking 'first in N years'"),
)
def divergence_state(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Supported when the leader is at a record on the date (or the day before), the
    laggard's distance below its record is within ``tolerance`` of the claim, and (if asked)
    no earlier day in ``first_in_years`` had the leader at a record with the laggard at least
    ``threshold`` below its record."""
    import pandas as pd

    from comove.kernels.records import drawdown, record_mask

    lead = record_state(view, p["leader"], p["date"])
    lag = record_state(view, p["laggard"], p["date"])
    lead_recent = lead["record"] or (lead["record_date"] is not None and
                                     (p["date"] - lead["record_date"]).days <= 1)
    failures = []
    if not lead_recent:
        failures.append(f"{lead['symbol']} not at a record ({_pct(lead['below_record'])})")
    if abs(lag["below_record"] - p["claimed_below"]) > p["tolerance"]:
        failures.append(f"{lag['symbol']} is {_pct(lag['below_record'])} below its record, "
                        f"not {_pct(p['claimed_below'])}")
    evidence: dict[str, Any] = {"leader": lead, "laggard": lag}
    if p["first_in_years"]:
        _, lb = read_bars(view, p["leader"])
        _, gb = read_bars(view, p["laggard"])
        lc, gc = lb["close"].dropna(), gb["close"].dropna()
        lead_days = lc.index[record_mask(lc.to_numpy())]
        gdd = pd.Series(drawdown(gc.to_numpy()), index=gc.index).reindex(lead_days,
                                                                          method="ffill")
        since = pd.Timestamp(p["date"]) - pd.DateOffset(years=p["first_in_years"])
        earlier = gdd[(gdd.index >= since) & (gdd.index < pd.Timestamp(p["date"]) -
                                               pd.Timedelta(days=60))]
        hits = earlier[earlier <= p["threshold"]]
        evidence["earlier_divergence_days"] = [d.date() for d in hits.index[-5:]]
        if len(hits):
            failures.append(f"not the first in {p['first_in_years']} years: {len(hits)} earlier "
                            f"{lead['symbol']} record days had {lag['symbol']} "
                            f"{abs(p['threshold']):.0%}+ below its record, last "
                            f"{hits.index[-1].date()}")
    measured = (f"{lead['symbol']} {'at a record' if lead_recent else _pct(lead['below_record'])}"
                f"; {lag['symbol']} {_pct(lag['below_record'])} below its {lag['record_date']} "
                "record")
    return Outcome(C if failures else S, measured,
                   f"{p['leader']} at a record, {p['laggard']} {_pct(p['claimed_below'])}",
                   evidence, f"closes; distance = close / record close - 1; tolerance "
                   f"±{p['tolerance']:.0%} points", failures)


@check(
    "return_period",
    "a symbol's return between two dates",
    symbol=Param("symbol"),
    start=Param("date", help="the close on or before this date is the base"),
    end=Param("date"),
    claimed=Param("number", help="e.g. 0.09 for +9%"),
    op=Param("choice", required=False, default="approx", choices=("approx", "above", "below")),
    tolerance=Param("number", required=False, default=0.02, help="absolute, for approx"),
    above_level=Param("number", required=False, help="also: the end close above this level"),
)
def return_period(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """approx: supported within ``tolerance``; above/below: supported when the return is on
    the claimed side. A level, if given, must hold too."""
    d0, p0 = close_on(view, p["symbol"], p["start"])
    d1, p1 = close_on(view, p["symbol"], p["end"])
    r = p1 / p0 - 1
    claimed = float(p["claimed"])
    if p["op"] == "approx":
        ok = abs(r - claimed) <= p["tolerance"]
        claim_text = f"about {_pct(claimed)} (±{p['tolerance']:.1%})"
    elif p["op"] == "above":
        ok, claim_text = r > claimed, f"over {_pct(claimed)}"
    else:
        ok, claim_text = r < claimed, f"under {_pct(claimed)}"
    failures = [] if ok else [f"return {_pct(r)}"]
    measured = f"{_pct(r)} ({d0} close {p0:,.2f} to {d1} close {p1:,.2f})"
    if p["above_level"] is not None:
        claim_text += f", close above {p['above_level']:,}"
        if p1 <= p["above_level"]:
            failures.append(f"close {p1:,.2f} not above {p['above_level']:,}")
    return Outcome(S if not failures else C, measured, claim_text,
                   {"start": d0, "start_close": p0, "end": d1, "end_close": p1, "return": r},
                   "simple return of closes", failures)


@check(
    "level_on_date",
    "a symbol's close on a date against a level or a range",
    symbol=Param("symbol"),
    date=Param("date"),
    op=Param("choice", choices=("below", "above", "between")),
    value=Param("number", required=False),
    low=Param("number", required=False),
    high=Param("number", required=False),
    tolerance=Param("number", required=False, default=0.0, help="relative, widens the range"),
    basis=Param("choice", required=False, default="close", choices=("close", "low", "high"),
                help="low or high: the intraday extreme of the day"),
)
def level_on_date(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Supported when the close (or the day's intraday low or high, with ``basis``) is on the
    claimed side of the level (or inside the range, widened by ``tolerance``); contradicted
    otherwise."""
    import pandas as pd

    day, close = close_on(view, p["symbol"], p["date"])
    if p["basis"] != "close":
        _, bars = read_bars(view, p["symbol"])
        extreme = bars.loc[pd.Timestamp(day), p["basis"]]
        if extreme != extreme:
            raise EmptyRangeError(f"no intraday {p['basis']} for {p['symbol']} on {day}",
                                  "use basis: close")
        close = float(extreme)
    if p["op"] == "between":
        lo, hi = p["low"] * (1 - p["tolerance"]), p["high"] * (1 + p["tolerance"])
        ok, claim_text = lo <= close <= hi, f"between {p['low']:,} and {p['high']:,}"
    elif p["op"] == "below":
        ok, claim_text = close < p["value"], f"below {p['value']:,}"
    else:
        ok, claim_text = close > p["value"], f"above {p['value']:,}"
    return Outcome(S if ok else C, f"{p['basis']} {close:,.2f} on {day}", claim_text,
                   {"date": day, p["basis"]: close}, f"{p['basis']} of {day}; tolerance "
                   f"{p['tolerance']:.0%}")


def _period_options() -> dict[str, Param]:
    return {
        "policy": Param("choice", required=False, default="equity",
                        choices=("equity", "calendar", "weekly")),
        "returns": Param("choice", required=False, default="log", choices=("simple", "log")),
        "horizon": Param("int", required=False, default=1),
        "resamples": Param("int", required=False, default=10_000),
    }


@check(
    "correlation_period",
    "the sign of the correlation of two return series in a period",
    a=Param("series", help="symbol or ratio such as ETH/BTC"),
    b=Param("series"),
    start=Param("date"),
    end=Param("date"),
    claimed=Param("choice", choices=("positive", "negative")),
    **_period_options(),
)
def correlation_period(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Supported when the 95% stationary-bootstrap interval is on the claimed side of zero,
    contradicted when it is on the other side, inconclusive when it straddles zero."""
    import pandas as pd

    from comove.comovement.correlation import period_correlation

    r = aligned_returns(view, [p["a"], p["b"]], p["policy"], p["returns"], p["horizon"])
    cols = list(r.returns.columns)
    part = r.returns.loc[pd.Timestamp(p["start"]): pd.Timestamp(p["end"])].dropna()
    pc = period_correlation(part[cols[0]], part[cols[1]], part.index[0].date(),
                            part.index[-1].date(), n_resamples=p["resamples"],
                            horizon=p["horizon"])
    return Outcome(interval_verdict(pc.ci_low, pc.ci_high, p["claimed"]),
                   f"corr {pc.corr:+.3f} (95% {pc.ci_low:+.3f} to {pc.ci_high:+.3f}, n={pc.n})",
                   p["claimed"], pc.as_dict(), r.convention)


@check(
    "correlation_shift",
    "whether the correlation of two return series rose or fell between two periods",
    a=Param("series"),
    b=Param("series"),
    before=Param("period"),
    after=Param("period"),
    claimed=Param("choice", choices=("increase", "decrease")),
    **_period_options(),
)
def correlation_shift(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Supported when the 95% bootstrap interval of the change excludes zero on the claimed
    side; contradicted on the other side; inconclusive otherwise."""
    import pandas as pd

    from comove.comovement.correlation import difference_between, period_correlation

    r = aligned_returns(view, [p["a"], p["b"]], p["policy"], p["returns"], p["horizon"])
    cols = list(r.returns.columns)
    rng = np.random.default_rng(0)
    parts = []
    for start, end in (p["before"], p["after"]):
        part = r.returns.loc[pd.Timestamp(start): pd.Timestamp(end)].dropna()
        parts.append(period_correlation(part[cols[0]], part[cols[1]], part.index[0].date(),
                                        part.index[-1].date(), n_resamples=p["resamples"],
                                        rng=rng, horizon=p["horizon"]))
    d = difference_between(parts[0], parts[1])
    return Outcome(
        interval_verdict(d.ci_low, d.ci_high, p["claimed"]),
        f"{parts[0].corr:+.3f} -> {parts[1].corr:+.3f} (change {d.difference:+.3f}, 95% "
        f"{d.ci_low:+.3f} to {d.ci_high:+.3f}; Fisher p={d.fisher_p:.2g})",
        p["claimed"], {"before": parts[0].as_dict(), "after": parts[1].as_dict(),
                       "change": d.as_dict()}, r.convention)


@check(
    "synchrony",
    "whether two assets set records in the same listed episodes",
    a=Param("symbol"),
    b=Param("symbol"),
    episodes=Param("periods", help="windows in which both are claimed to set records"),
    basis=Param("choice", required=False, default="close", choices=("close", "high")),
    within_days=Param("int", required=False, default=7),
    since=Param("date", required=False),
)
def synchrony_check(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Supported when both assets set a record (on ``basis``) in every listed episode;
    contradicted when either did not in any of them. The share of A's records since
    ``since`` with a B record within ``within_days``, against chance, is evidence."""
    import pandas as pd

    from comove.kernels.records import record_mask
    from comove.records.highs import basis_values
    from comove.records.synchrony import synchrony

    failures, rows = [], []
    complete = 0
    days = {}
    for name in (p["a"], p["b"]):
        _sym, bars = read_bars(view, name)
        values = basis_values(bars, p["basis"]).dropna()
        days[name] = values.index[record_mask(values.to_numpy())]
    for start, end in p["episodes"]:
        row: dict[str, Any] = {"window": f"{start}..{end}"}
        both = True
        for name in (p["a"], p["b"]):
            inside = days[name][(days[name] >= pd.Timestamp(start)) &
                                (days[name] <= pd.Timestamp(end))]
            row[name] = [d.date() for d in inside[:3]] + (["..."] if len(inside) > 3 else [])
            if not len(inside):
                both = False
                failures.append(f"{name} set no record {p['basis']} in {start}..{end}")
        complete += both
        rows.append(row)
    evidence: dict[str, Any] = {"episodes": rows}
    _, a_bars = read_bars(view, p["a"])
    _, b_bars = read_bars(view, p["b"])
    report = synchrony(p["a"], a_bars["close"], p["b"], b_bars["close"], p["within_days"],
                       start=p["since"])
    evidence |= {"share_within": report.share_within, "chance_share": report.chance_share,
                 "a_records": len(report.nearest)}
    measured = (f"{complete} of {len(p['episodes'])} episodes with records of both; since "
                f"{report.sample[0]}: {report.share_within:.0%} of {p['a']} record closes had a "
                f"{p['b']} record within ±{p['within_days']} days (chance: "
                f"{report.chance_share:.0%})")
    return Outcome(C if failures else S, measured,
                   f"records of both in {len(p['episodes'])} episodes", evidence,
                   f"records on the {p['basis']}; windows as listed", failures)


@check(
    "co_bottom",
    "whether two assets bottomed on (about) the same date",
    a=Param("symbol"),
    b=Param("symbol"),
    date=Param("date"),
    within_days=Param("int", required=False, default=3),
    window_days=Param("int", required=False, default=30),
)
def co_bottom(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """For each asset, the lowest close within ±``window_days`` of the date (using only data
    up to the as-of date). Supported when both lows fall within ±``within_days`` of the date;
    contradicted otherwise."""
    import pandas as pd

    day = pd.Timestamp(p["date"])
    lows, failures = {}, []
    for name in (p["a"], p["b"]):
        sym, bars = read_bars(view, name)
        window = bars["close"].loc[day - pd.Timedelta(days=p["window_days"]):
                                   day + pd.Timedelta(days=p["window_days"])].dropna()
        if window.empty:
            raise EmptyRangeError(f"no {sym.symbol} closes around {p['date']}", "check the date")
        low = window.idxmin()
        lows[sym.symbol] = {"date": low.date(), "close": float(window.min()),
                            "days_from_claim": (low - day).days,
                            "window_end": window.index[-1].date()}
        if abs((low - day).days) > p["within_days"]:
            failures.append(f"{sym.symbol}'s lowest close near {p['date']} was on {low.date()}")
    measured = "; ".join(f"{s} low {v['date']} ({v['close']:,.2f})" for s, v in lows.items())
    notes = list(failures)
    if any(v["window_end"] < (day + pd.Timedelta(days=p["window_days"])).date()
           for v in lows.values()):
        notes.append("the window after the date is cut by the as-of date")
    return Outcome(C if failures else S, measured, f"both bottomed on {p['date']}", lows,
                   f"low = lowest close within ±{p['window_days']} days; match within "
                   f"±{p['within_days']} days", notes)


def _event_spec(p: dict[str, Any]):  # type: ignore[no-untyped-def]
    from comove.events import EventKind, EventSpec

    e = p["event"]
    dates = tuple(date.fromisoformat(str(d)) for d in e.get("dates", []))
    return EventSpec(EventKind(e["kind"]), threshold=e.get("threshold"),
                     min_days=int(e.get("min_days", 252)), basis=e.get("basis", "close"),
                     above=bool(e.get("above", False)), other=e.get("other"), dates=dates)


def _event_days(view: AsOfStore, p: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The event spec of ``p``, A's raw event days and A's trading days from ``start``."""
    import pandas as pd

    from comove.events import raw_event_days

    spec = _event_spec(p)
    a, a_bars = read_bars(view, p["a"])
    other = read_bars(view, spec.other)[1] if spec.other else None
    raw = raw_event_days(spec, a_bars, other)
    calendar = a_bars.index
    if p["start"]:
        raw = raw[raw >= pd.Timestamp(p["start"])]
        calendar = calendar[calendar >= pd.Timestamp(p["start"])]
    return spec, a, raw, calendar


def _run_event_study(view: AsOfStore, p: dict[str, Any]):  # type: ignore[no-untyped-def]
    from comove.events import decluster, event_study

    spec, a, raw, calendar = _event_days(view, p)
    b, b_bars = read_bars(view, p["b"])
    days, _ = decluster(raw, p["decluster"])
    return event_study(days, calendar, b_bars["close"], p["horizons"],
                       description=spec.describe(a.symbol), event_symbol=a.symbol,
                       response_symbol=b.symbol, raw_event_count=len(raw),
                       decluster_days=p["decluster"], n_resamples=p["resamples"],
                       n_placebo=p["resamples"])


@check(
    "event_study",
    "what B did after events in A, against B's usual returns",
    a=Param("symbol"),
    b=Param("symbol"),
    event=Param("mapping", help="kind, and threshold/min_days/basis/other/dates as needed"),
    horizons=Param("ints", required=False, default=[90, 180, 365]),
    claimed=Param("choice", choices=("up", "down", "insufficient")),
    start=Param("date", required=False),
    decluster=Param("int", required=False, default=30),
    resamples=Param("int", required=False, default=10_000),
)
def event_study_check(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """up/down: supported when at some horizon B's mean return after events differs from its
    usual return in the claimed direction (95% bootstrap interval excludes zero and placebo
    p < 0.05) and at no horizon in the other; contradicted when the opposite holds;
    inconclusive otherwise, and always when there are fewer than 3 events.
    insufficient (a claim that the sample cannot show anything): supported when every
    horizon has fewer than 3 events."""
    from comove.events.study import MIN_EVENTS

    result = _run_event_study(view, p)
    per = {r.horizon: r for r in result.results}
    events = result.events[result.events["in_sample"]]
    n = max((r.n for r in result.results), default=0)
    if len(events) <= 4:
        listed = "; ".join(
            f"{row['date'].date()}: " + ", ".join(
                f"{h}d {_pct(row[f'return_{h}d'])}" for h in result.horizons)
            for _, row in events.iterrows())
        measured = f"n={n} ({listed})"
    else:
        measured = f"n={n}; " + "; ".join(
            f"{r.horizon}d mean {_pct(r.mean)} vs usual {_pct(r.baseline_mean)} (difference "
            f"95% {_pct(r.ci_low)} to {_pct(r.ci_high)})" for r in result.results)
    evidence = result.as_dict()
    if p["claimed"] == "insufficient":
        few = all(r.n < MIN_EVENTS for r in result.results)
        return Outcome(S if few else C, measured, "too few events to establish anything",
                       evidence, result.convention)
    ups = [h for h, r in per.items() if r.n >= MIN_EVENTS and r.ci_low > 0 and r.placebo_p < .05]
    downs = [h for h, r in per.items() if r.n >= MIN_EVENTS and r.ci_high < 0 and
             r.placebo_p < .05]
    want, other = (ups, downs) if p["claimed"] == "up" else (downs, ups)
    verdict = S if want and not other else C if other and not want else UNSURE
    notes = [f"{h}d: {r.verdict}" for h, r in per.items()]
    return Outcome(verdict, measured, f"{p['b']} {p['claimed']} after: {result.description}",
                   evidence, result.convention, notes)


@check(
    "conditional_volume",
    "whether B's volume is higher on days A is in a state",
    a=Param("symbol"),
    b=Param("symbol"),
    event=Param("mapping"),
    claimed_low=Param("number", help="claimed ratio of volume, low end (1.2 = +20%)"),
    claimed_high=Param("number", required=False),
    start=Param("date", required=False),
    resamples=Param("int", required=False, default=10_000),
)
def conditional_volume(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """The ratio of B's relative volume on state days to other days, with a 95% interval.
    Supported when the interval overlaps the claimed range and is above 1; contradicted when
    it lies wholly below the claimed low (or above the claimed high); inconclusive
    otherwise."""
    from comove.events.conditional import conditional_summary

    spec, a, days, calendar = _event_days(view, p)
    _, b_bars = read_bars(view, p["b"])
    s = conditional_summary(days, calendar, b_bars, "volume", description=spec.describe(a.symbol),
                            n_resamples=p["resamples"])
    ratio, lo, hi = np.exp(s.difference), np.exp(s.ci_low), np.exp(s.ci_high)
    claimed_high = p["claimed_high"] or np.inf
    if hi < p["claimed_low"] or lo > claimed_high:
        verdict = C
    elif lo > 1 and hi >= p["claimed_low"]:
        verdict = S
    else:
        verdict = UNSURE
    return Outcome(verdict, f"{ratio:.3f}x (95% {lo:.3f} to {hi:.3f}; n={s.n_state} state days)",
                   f"{p['claimed_low']:g}x" + (f" to {p['claimed_high']:g}x"
                                              if p["claimed_high"] else "+"),
                   s.as_dict(), s.convention)


@check(
    "breakout",
    "when a symbol first set a new record after a prior peak",
    symbol=Param("symbol"),
    after=Param("date", help="the prior peak is the highest close before this date"),
    claimed_month=Param("text", help="YYYY-MM"),
    basis=Param("choice", required=False, default="close", choices=("close", "high")),
    record_on=Param("date", required=False, help="also: at or near a record on this date"),
    near=Param("number", required=False, default=0.03),
)
def breakout(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """The first day after ``after`` on which the ``basis`` exceeded the highest ``basis``
    before ``after``. Supported when it falls in the claimed month; contradicted otherwise.
    The other basis is reported too, since commentary often calls an unconfirmed intraday
    high a breakout."""
    import pandas as pd

    from comove.records.highs import basis_values

    _sym, bars = read_bars(view, p["symbol"])
    found = {}
    for basis in ("close", "high"):
        values = basis_values(bars, basis).dropna()
        before = values[: pd.Timestamp(p["after"]) - pd.Timedelta(days=1)]
        peak_day, peak = before.idxmax(), float(before.max())
        above = values[pd.Timestamp(p["after"]):]
        above = above[above > peak]
        found[basis] = {"prior_peak": peak_day.date(), "prior_peak_value": peak,
                        "first_break": above.index[0].date() if len(above) else None,
                        "break_value": float(above.iloc[0]) if len(above) else None}
    first = found[p["basis"]]["first_break"]
    ok = first is not None and first.strftime("%Y-%m") == p["claimed_month"]
    failures = [] if ok else [f"first {p['basis']} above the {found[p['basis']]['prior_peak']} "
                              f"peak: {first or 'not yet'}"]
    if p["record_on"]:
        st = record_state(view, p["symbol"], p["record_on"], p["basis"])
        found["state_on"] = st
        if st["below_record"] < -abs(p["near"]):
            failures.append(f"on {p['record_on']} {_pct(st['below_record'])} below the record")
    other = "high" if p["basis"] == "close" else "close"
    measured = (f"first {p['basis']} above the {found[p['basis']]['prior_peak']} peak: "
                f"{first or 'none'}; first {other}: {found[other]['first_break'] or 'none'}")
    return Outcome(S if not failures else C, measured, f"broke out in {p['claimed_month']}",
                   found, f"breakout = first {p['basis']} above the highest {p['basis']} before "
                   f"{p['after']}", failures)


@check(
    "halving_comparison",
    "bitcoin's return since the latest halving against the same span of earlier cycles",
    date=Param("date", help="measure up to this date"),
    claimed=Param("numbers", help="multiples (end/start), latest cycle first"),
    tolerance=Param("number", required=False, default=0.25, help="relative"),
)
def halving_comparison(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Elapsed days = date - latest halving before it; each cycle's multiple over the same
    elapsed days. Supported when every claimed multiple is within ``tolerance`` (relative);
    contradicted otherwise."""
    import pandas as pd

    from comove.events.halvings import HALVINGS, long_bitcoin
    from comove.events.study import forward_returns

    yahoo = view.read("BTC")["close"] if not view.read("BTC").empty else None
    bitstamp = view.read("BTC_BITSTAMP")["close"]
    prices = long_bitcoin(yahoo, bitstamp if not bitstamp.empty else None)
    day = pd.Timestamp(p["date"])
    past = [h for _, h in HALVINGS if pd.Timestamp(h) <= day]
    elapsed = (day - pd.Timestamp(past[-1])).days
    cycles = list(reversed(past))[: len(p["claimed"])]
    rows, failures = [], []
    for halving, claimed in zip(cycles, p["claimed"], strict=False):
        multiple = 1 + float(forward_returns(prices, pd.DatetimeIndex([halving]), elapsed)[0])
        rows.append({"halving": halving, "days": elapsed, "multiple": multiple,
                     "claimed": claimed})
        if not abs(multiple / claimed - 1) <= p["tolerance"]:
            failures.append(f"{halving} cycle: {multiple:.2f}x, not about {claimed:g}x")
    measured = "; ".join(f"{r['halving']}: {r['multiple']:.2f}x" for r in rows)
    return Outcome(S if not failures else C, measured,
                   "; ".join(f"{c:g}x" for c in p["claimed"]), {"cycles": rows},
                   f"close at halving + {elapsed} days over close at halving; BTC_BITSTAMP "
                   f"before 2014-09-17; tolerance ±{p['tolerance']:.0%}", failures)


@check(
    "halving_records",
    "in which cycles bitcoin beat its previous record before the halving",
    claimed_before=Param("dates", help="halvings before which the record was beaten"),
)
def halving_records(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """For each halving with at least two years of data before it: the previous peak is the
    highest close up to one year before the halving (the last bull market's top, not the
    run-up into the halving); then the first close above it, and whether that came before the
    halving. Supported when exactly the claimed halvings had it before; contradicted
    otherwise."""
    import pandas as pd

    from comove.events.halvings import HALVINGS, long_bitcoin

    prices = long_bitcoin(view.read("BTC")["close"], view.read("BTC_BITSTAMP")["close"])
    rows, notes = [], []
    claimed = set(p["claimed_before"])
    failures = []
    for _, halving in HALVINGS:
        h = pd.Timestamp(halving)
        if h > prices.index[-1]:
            continue
        if (h - prices.index[0]).days < 2 * 365:
            notes.append(f"{halving}: the previous peak may predate the data; not checked")
            continue
        earlier = prices[: h - pd.DateOffset(years=1)]
        peak_day, peak = earlier.idxmax(), float(earlier.max())
        later = prices[peak_day + pd.Timedelta(days=1):]
        above = later[later > peak]
        first = above.index[0] if len(above) else None
        before = first is not None and first < h
        rows.append({"halving": halving, "previous_peak": peak_day.date(), "peak": peak,
                     "first_close_above": first.date() if first is not None else None,
                     "before_halving": before})
        if before != (halving in claimed):
            failures.append(f"{halving}: record {'before' if before else 'after'} the halving")
    measured = "; ".join(f"{r['halving']}: {'before' if r['before_halving'] else 'after'} "
                         f"({r['first_close_above']})" for r in rows)
    return Outcome(S if not failures else C, measured,
                   "before: " + ", ".join(str(d) for d in sorted(claimed)), {"cycles": rows},
                   "previous peak = highest close up to a year before the halving", notes
                   + failures)


@check(
    "leadlag",
    "whether A leads B (Granger causality one way, not the other)",
    a=Param("symbol"),
    b=Param("symbol"),
    claimed=Param("choice", choices=("a_leads_b", "b_leads_a")),
    start=Param("date", required=False),
    max_lag=Param("int", required=False, default=4),
    policy=Param("choice", required=False, default="weekly",
                 choices=("equity", "calendar", "weekly")),
)
def leadlag_check(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Supported when the claimed direction is Granger-significant (p < 0.05) and the other
    is not; contradicted when only the other is; inconclusive otherwise. Weekly returns by
    default, which removes the crypto/equity closing-time overlap."""
    import pandas as pd

    from comove.comovement.leadlag import lead_lag

    r = aligned_returns(view, [p["a"], p["b"]], p["policy"], "log")
    frame = r.returns
    if p["start"]:
        frame = frame.loc[pd.Timestamp(p["start"]):]
    cols = list(frame.columns)
    rep = lead_lag(cols[0], frame[cols[0]], cols[1], frame[cols[1]], p["max_lag"])
    forward, backward = rep.x_causes_y_p, rep.y_causes_x_p
    if p["claimed"] == "b_leads_a":
        forward, backward = backward, forward
    verdict = S if forward < .05 <= backward else C if backward < .05 <= forward else UNSURE
    return Outcome(verdict, f"Granger p: {cols[0]}->{cols[1]} {rep.x_causes_y_p:.3f}, "
                   f"{cols[1]}->{cols[0]} {rep.y_causes_x_p:.3f} (lag {rep.granger_lag})",
                   p["claimed"].replace("_", " "), rep.as_dict(), r.convention, rep.warnings)


@check(
    "beta_comparison",
    "whether one asset's returns respond more to a driver than another's",
    more=Param("symbol", help="claimed more sensitive"),
    less=Param("symbol"),
    driver=Param("symbol", help="e.g. DGS10 (changes)"),
    start=Param("date"),
    end=Param("date"),
    resamples=Param("int", required=False, default=10_000),
)
def beta_comparison(view: AsOfStore, p: dict[str, Any]) -> Outcome:
    """Betas of daily log returns on the driver's daily changes (equity calendar). Supported
    when |beta(more)| - |beta(less)| has a 95% stationary-bootstrap interval above zero;
    contradicted when below; inconclusive otherwise."""
    import pandas as pd

    from comove.kernels.bootstrap import block_sums

    r = aligned_returns(view, [p["driver"], p["more"], p["less"]], "equity", "log")
    frame = r.returns.loc[pd.Timestamp(p["start"]): pd.Timestamp(p["end"])].dropna()
    x, y1, y2 = (frame.iloc[:, i].to_numpy() for i in range(3))
    x = x - x.mean()
    y1, y2 = y1 - y1.mean(), y2 - y2.mean()

    def betas(sx, sxx, sy1, sxy1, sy2, sxy2, n):  # type: ignore[no-untyped-def]
        var = sxx / n - (sx / n) ** 2
        return (sxy1 / n - sx * sy1 / n**2) / var, (sxy2 / n - sx * sy2 / n**2) / var

    n = len(x)
    b1, b2 = betas(x.sum(), x @ x, y1.sum(), x @ y1, y2.sum(), x @ y2, n)
    diffs = []
    for sums in block_sums([x, x * x, y1, x * y1, y2, x * y2], p["resamples"],
                           float(round(n ** (1 / 3))), np.random.default_rng(0)):
        a1, a2 = betas(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], n)
        diffs.append(np.abs(a1) - np.abs(a2))
    d = np.concatenate(diffs)
    lo, hi = np.quantile(d, [0.025, 0.975])
    verdict = interval_verdict(float(lo), float(hi), "positive")
    return Outcome(verdict, f"beta {p['more']} {b1:+.4f}, {p['less']} {b2:+.4f} per unit of "
                   f"{p['driver']} change (|difference| 95% {lo:+.4f} to {hi:+.4f}, n={n})",
                   f"{p['more']} more sensitive than {p['less']}",
                   {"beta_more": b1, "beta_less": b2, "ci": [float(lo), float(hi)], "n": n},
                   r.convention)
