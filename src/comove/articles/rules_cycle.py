"""Rules for claims about cycles: breakouts above a previous high, and bitcoin's halving
cycles."""

from __future__ import annotations

import re
from datetime import date, timedelta

from comove.articles.context import Mapped, Sentence
from comove.articles.numbers import Claimed, find_quantities
from comove.articles.rules_state import CONDITIONAL
from comove.claims.verdicts import parse_figure
from comove.events.halvings import HALVINGS


def breakout(s: Sentence) -> Mapped | None:
    hit = s.has(r"\b(?:broke|breaking|break|broken|breaks)\s+(?:out|through|above)\b|"
                r"\bbroke\s+(?:its|the)\s+(?:previous|prior|old)\s+(?:all-time\s+)?high|"
                r"\bbreakout\b")
    month = [t for t in s.times_of("month") if t.end - t.start > timedelta(days=20)]
    symbol = s.subject()
    if not hit or not month or symbol is None or s.has(CONDITIONAL + r".{0,60}broke"):
        return None
    target = month[0]
    m = Mapped("breakout", base_confidence=0.8)
    if target.note:
        m.assumptions.append(target.note)
    prior = s.has(r"(?:since|after|from)\s+(?:its|the)\s+(?:previous|prior|last)?\s*high\s+"
                  r"(?:at\s+)?(?:the\s+)?(?:end|late|early|mid)?\s*(?:of\s+)?(\d{4})|"
                  r"(?:its|the)\s+(\d{4})\s+(?:high|peak|record)|late-(\d{4})\s+high")
    if prior:
        year = int(next(g for g in prior.groups() if g))
        after = date(year + 1, 1, 1)
    else:
        after = date(target.start.year - 1, 1, 1)
        m.assumptions.append(f"the prior peak is taken as the highest close before {after}")
    m.params = {"symbol": symbol, "after": after,
                "claimed_month": f"{target.start:%Y-%m}"}
    if s.has(r"before\s+(?:a|the)\s+halving"):
        nxt = next((h for _, h in HALVINGS if h > target.start), None)
        if nxt is not None:
            m.extra_tests.append(("halving_records", {"claimed_before": [nxt]}))
    return m


def halving(s: Sentence) -> Mapped | None:
    if not s.has(r"\bhalving") or not (s.has(r"\bbitcoin\b|\bBTC\b") or
                                         "BTC" in s.previous_assets[-2:]):
        return None
    claimed: list[Claimed] = []
    pct = [q for q in s.quantities_of("percent") if q.high is None]
    if pct:
        claimed.append(pct[0].figure(1 + pct[0].value / 100, pct[0].step / 100, "x",
                                     relative=True))
    mults = s.quantities_of("multiple")
    absorb = 0
    if not mults and s.next_texts and re.search(r"\d+\s?x\b.*cycle|cycle.*\d+\s?x\b",
                                                s.next_texts[0]):
        mults = [q for q in find_quantities(s.next_texts[0])
                 if q.kind == "multiple" and q.text.lower().endswith("x")]
        absorb = 1
    claimed += [q.figure(unit="x", relative=True) for q in mults]
    if not claimed:
        return None
    m = Mapped("halving_comparison", base_confidence=0.8, absorb_next=absorb)
    m.params = {"date": s.now, "claimed": [c.value for c in claimed]}
    notes = "; ".join(c.note for c in claimed)
    if any(c.tolerance is not None for c in claimed):  # one tolerance holds for every figure
        tol = max(c.tolerance or 0.0 for c in claimed)
        m.params["tolerance"] = tol
        m.params["claimed"] = [float(parse_figure(str(c.value)) or c.value) for c in claimed]
        notes = f"every multiple compared within ±{tol * 100:.2g}% ({notes})"
    m.assumptions.append(f"measured up to {s.now}, the last weekday before the article; "
                         f"{notes}")
    if absorb:
        m.assumptions.append("the earlier cycles' multiples come from the next sentence")
    return m


__all__ = ["breakout", "halving"]
