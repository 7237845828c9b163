"""Sentences of the brief, each built from computed numbers (none typed by hand)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from comove.brief.model import BriefData, Divergence, PairNow, Row, percentile_text
from comove.events.evidence import significant
from comove.events.study import MIN_EVENTS, THIN_EVENTS

if TYPE_CHECKING:
    from comove.events.study import EventStudyResult, HorizonResult


def _headline_result(study: EventStudyResult) -> HorizonResult:
    """The 90-day result of a divergence study (the first horizon if there is none)."""
    return next((r for r in study.results if r.horizon == 90), study.results[0])


def _significant(r: HorizonResult) -> bool:
    """The interval excludes zero and the placebo p-value is below the level."""
    return significant(r.ci_low, r.ci_high, r.placebo_p)


def _money(x: float) -> str:
    return f"{x:,.2f}"


def names(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


CRYPTO = ("BTC", "ETH")


def _short(r: Row) -> str:
    return r.name.removesuffix(" index")


def _story(data: BriefData) -> Divergence | None:
    """The divergence the lede tells: an index leading a crypto laggard first (the source
    articles' story), then the deepest laggard, the leader at its record first."""
    ds = [d for d in data.divergences]
    if not ds:
        return None
    rank = {s: i for i, s in enumerate(["RUT", "SPX", "NDX", "DJI"])}
    return min(ds, key=lambda d: (d.laggard not in CRYPTO, rank.get(d.leader, 9),
                                  d.laggard_distance))


def lede(data: BriefData) -> list[str]:
    """One or two sentences: the most important data-backed finding of the day."""
    rows = {r.symbol: r for r in data.fresh}
    d = _story(data)
    if d is not None and d.leader in rows and d.laggard in rows:
        lead, lag = rows[d.leader], rows[d.laggard]
        where = (f"closed at a record ({_money(lead.last_close)}) on {lead.last_date}"
                 if lead.at_record else
                 f"closed {abs(lead.distance):.1%} below the record it set on "
                 f"{lead.record_date}")
        laggard = _short(lag).lower() if lag.symbol in CRYPTO else f"the {_short(lag)}"
        first = (f"The {_short(lead)} {where}, while {laggard}, "
                 f"which moved with it over the past year (correlation {d.correlation:+.2f}), "
                 f"is {abs(lag.distance):.1%} below its own record of {lag.record_date}.")
        if d.study is None:
            return [first, "There is no earlier episode like it in the data to learn from."]
        res = _headline_result(d.study)
        if res.n < MIN_EVENTS:
            return [first, f"Only {res.n} earlier episodes had a {res.horizon}-day outcome: "
                           "too few to say what usually follows."]
        significant = _significant(res)
        second = (f"After {res.n} earlier such episodes, {laggard}'s {res.horizon}-day return "
                  f"had a mean of {res.mean:+.1%} and a median of {res.median:+.1%}, against "
                  f"a mean of {res.baseline_mean:+.1%} from any day (difference 95% interval "
                  f"{res.ci_low:+.1%} to {res.ci_high:+.1%}, n={res.n}): "
                  + ("unlikely to be chance." if significant else
                     "not distinguishable from chance" +
                     ("; the evidence is thin." if res.n < THIN_EVENTS else ".")))
        return [first, second]
    records = [r for r in data.at_records]
    out = []
    if records:
        out.append(f"{names([_short(r) for r in records])} closed at a record on "
                   f"{names(sorted({str(r.last_date) for r in records}))}.")
    movers = [r for r in data.fresh if not r.is_level
              and r.returns.get("1 week", float("nan")) == r.returns.get("1 week")]
    if movers and not out:
        big = max(movers, key=lambda r: abs(r.returns["1 week"]))
        out.append(f"The biggest move of the week on the watchlist: {_short(big)}, "
                   f"{big.returns['1 week']:+.1%} to {_money(big.last_close)} on {big.last_date}.")
    btc = rows.get("BTC")
    if btc is not None and not btc.at_record:
        out.append(f"Bitcoin is {abs(btc.distance):.1%} below its record close of "
                   f"{btc.record_date}.")
    return out[:2] or [f"No watchlist series has data up to {data.asof}."]


def headline(data: BriefData) -> list[str]:
    """The notable things, most important first."""
    out = []
    fresh = [r for r in data.rows if not r.stale and r.symbol != "VIX"]
    records = [r for r in fresh if r.at_record]
    if records:
        parts = [f"{r.symbol} ({_money(r.last_close)}, its {r.records_last_year} record "
                 f"close{'s' if r.records_last_year != 1 else ''} in the past year)"
                 for r in records]
        on = sorted({r.last_date for r in records})
        out.append(f"Record closes on {names([str(d) for d in on])}: {names(parts)}.")
    near = [r for r in fresh if not r.at_record and r.distance > -0.02]
    if not records and not near:
        out.append(f"No watchlist index closed at or within 2% of a record on its latest day "
                   f"up to {data.asof}.")
    if near:
        out.append("Within 2% of a record: " + names(
            [f"{r.symbol} ({r.distance:+.1%})" for r in near]) + ".")
    for r in fresh:
        if r.symbol in ("BTC", "ETH") and not r.at_record:
            out.append(f"{r.name} closed at {_money(r.last_close)} on {r.last_date}, "
                       f"{abs(r.distance):.1%} below its record close of "
                       f"{_money(r.record_close)} on {r.record_date} "
                       f"({r.calendar_days_since} days earlier).")
    for d in data.divergences:
        out.append(divergence_headline(d))
    for p in data.pairs[:1]:
        out.append(pair_sentence(p))
    stale = [r for r in data.rows if r.stale]
    if stale:
        by_date: dict[str, list[str]] = {}
        for r in stale:
            by_date.setdefault(str(r.last_date), []).append(r.symbol)
        ends = "; ".join(f"{names(symbols)} on {day}" for day, symbols in sorted(by_date.items()))
        out.append(f"Not in this summary because their data end earlier: {ends} "
                   "(shown in the table, marked stale).")
    return out


def pair_sentence(p: PairNow) -> str:
    position = ("unusually high" if p.percentile >= 0.9 else "unusually low"
                if p.percentile <= 0.1 else "within its usual range")
    return (f"The 90-day correlation of {p.a} and {p.b} daily returns is {p.rolling_now:+.2f} "
            f"(as of {p.rolling_date}), at the {percentile_text(p.percentile)} percentile of "
            f"its history (median {p.history_median:+.2f}): {position}. Over the past year it "
            f"was {p.last_year:+.2f} (95% interval {p.last_year_low:+.2f} to "
            f"{p.last_year_high:+.2f}).")


def divergence_headline(d: Divergence) -> str:
    """One line; the full account is in the divergences section."""
    text = (f"Divergence: {d.leader} is at or near a record while {d.laggard} is "
            f"{abs(d.laggard_distance):.1%} below its own")
    if d.study is None:
        return text + "; there is no earlier episode to learn from."
    result = _headline_result(d.study)
    if result.n < MIN_EVENTS:
        return text + f"; only {result.n} earlier episodes, too few to say what follows."
    significant = _significant(result)
    direction = "higher" if result.difference > 0 else "lower"
    finding = (f"was {direction} than usual, unlikely to be chance" if significant
               else "was not distinguishable from its usual return")
    thin = " (thin evidence)" if result.n < THIN_EVENTS else ""
    return (text + f"; after {result.n} earlier episodes, {d.laggard}'s {result.horizon}-day "
            f"return {finding}{thin}; details below.")


def divergence_sentence(d: Divergence) -> str:
    text = (f"Divergence: {d.leader} is at or near a record while {d.laggard}, which moved with "
            f"it over the past year (correlation {d.correlation:+.2f}), is "
            f"{abs(d.laggard_distance):.1%} below its own.")
    if d.study is None:
        return text + f" There is {d.note or 'no earlier episode'}, so history says nothing here."
    n = len(d.study.events[d.study.events["in_sample"]])
    result = _headline_result(d.study)
    if result.n < MIN_EVENTS:
        return (text + f" Only {result.n} earlier episode{'s' if result.n != 1 else ''} had a "
                f"{result.horizon}-day outcome: far too few to say what usually follows.")
    thin = "The evidence is thin. " if result.n < THIN_EVENTS else ""
    running = (f" ({n - result.n} more {'is' if n - result.n == 1 else 'are'} too recent)"
               if n > result.n else "")
    return (text + f" {thin}In the {result.n} earlier episodes with a {result.horizon}-day "
            f"outcome{running}, {d.laggard}'s {result.horizon}-day return had a mean of "
            f"{result.mean:+.1%} and a median of {result.median:+.1%}, against a mean of "
            f"{result.baseline_mean:+.1%} from any day (difference of means 95% interval "
            f"{result.ci_low:+.1%} to {result.ci_high:+.1%}, placebo p={result.placebo_p:.2f}); "
            + ("that is unlikely to be chance."
               if _significant(result)
               else "that is not distinguishable from chance."))
