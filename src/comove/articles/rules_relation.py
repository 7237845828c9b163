"""Rules for claims about how two assets relate: correlation, lead and lag, sensitivity,
volume on event days, records together and bottoms together (what follows events:
:mod:`comove.articles.rules_event`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from comove.articles.context import Mapped, Sentence, is_crypto
from comove.articles.dates import find_times

PAIR = re.compile(r"\b(BTC|ETH|SOL)/(BTC|ETH|SOL)\b")


def _pair(s: Sentence) -> tuple[str, str] | None:
    syms = s.symbols()
    if len(syms) >= 2:
        return syms[0], syms[1]
    if len(syms) == 1 and s.previous_assets:
        other = next((p for p in reversed(s.previous_assets) if p != syms[0]), None)
        if other:
            return syms[0], other
    return None


def _near_pair(s: Sentence) -> tuple[str, str] | None:
    """"X's correlation with Y", "correlation between X and Y": the assets around the
    word, when the sentence names more than two."""
    m = s.has(r"correlat\w*\s+(?:with|between|to)\b")
    if m is None:
        return None
    before = [a.symbol for a in s.assets if a.end <= m.start() and m.start() - a.end < 40]
    after = [a.symbol for a in s.assets if a.start >= m.end()]
    if before and after and before[-1] != after[0]:
        return before[-1], after[0]
    if len(after) >= 2 and after[0] != after[1]:
        return after[0], after[1]
    return None


def _crypto_last(a: str, b: str) -> tuple[str, str]:
    return (b, a) if is_crypto(a) and not is_crypto(b) else (a, b)


def correlation(s: Sentence) -> Mapped | None:
    if not s.has(r"correlat|co-?move|in sync|(?:move|moved|moving|trade[ds]?|trading)\s+"
                 r"(?:more\s+|less\s+)?(?:closely\s+)?(?:together|in tandem|in step)|mirror|"
                 r"(?:positive|negative|inverse) relationship|decoupl|benefits? from|"
                 r"lockstep|opposite directions?|inversely"):
        return None
    if re.search(r"\b(?:could|might|may|would|will)\b", s.text):
        return None  # a forecast (case-sensitive: "since May" is a month)
    if s.has(r"\bhighest correlation|\bcorrelates? most|correlated most|discussion|debate|"
             r"speculat|question|whether|wonder"):
        return None
    ratio = PAIR.search(s.text)
    pair = _near_pair(s) or _pair(s)
    if ratio:
        a = f"{ratio[1]}/{ratio[2]}"
        others = [x for x in s.symbols() if x not in (ratio[1], ratio[2])]
        if not others:
            return None
        b = others[0]
    elif pair:
        a, b = _crypto_last(*pair)
        a, b = b, a  # crypto first, as in the claims file (BTC with SPX)
    else:
        return None
    m = Mapped("correlation_period", base_confidence=0.75)
    negative = s.has(r"negative|inverse|decoupl|diverg|opposite direction")
    shift = s.has(r"(?:rose|risen|increased|grown|grew|strengthened|tightened|higher|fell|"
                  r"weakened|declined|dropped|broke down|more closely|less closely|closer)\b"
                  r".{0,40}\b(?:after|since)\s+(\d{4})|\b(?:after|since)\s+(\d{4}),?.{0,60}"
                  r"\b(?:more|less) closely\b")
    if shift:
        year = int(shift[1] or shift[2])
        cited = [t for t in find_times(s.text[shift.end():], s.made) if t.kind in ("month",
                                                                                  "day")]
        end = s.made
        if cited:
            end = cited[-1].start - timedelta(days=1)
            m.assumptions.append(f"the cited source's date ({cited[-1].text}) ends the "
                                 f"'after' period on {end}")
        up = not re.search(r"fell|weakened|declined|dropped|broke|less closely", shift[0], re.I)
        m.test = "correlation_shift"
        m.params = {"a": a, "b": b, "before": f"{year - 3}-01-01:{year - 1}-12-31",
                    "after": f"{year}-01-01:{end}",
                    "claimed": "increase" if up else "decrease"}
        m.assumptions.append(f"'before' is the three years {year - 3}-{year - 1}")
        return m
    since = s.times_of("since", "year", "period", "years", "month")
    start = since[0].start if since else s.history_start(a.split("/")[0], b)
    if not since:
        m.assumptions.append(f"no period given: the common history from {start} to the "
                             "article date")
    if s.has(r"bull (?:phase|market|run)s?|rall(?:y|ies)"):
        m.assumptions.append("bull phases are not identified: the whole period is used")
    params: dict[str, object] = {"a": a, "b": b, "start": start, "end": s.made,
                                 "claimed": "negative" if negative else "positive"}
    if ratio or s.has(r"\bweekly\b"):
        params["policy"] = "weekly"
        m.assumptions.append("weekly returns (a ratio of two 24/7 series against an index)")
    m.params = params
    return m


def leadlag(s: Sentence) -> Mapped | None:
    seq = s.has(r"\bfirst\b.*\bthen\b.*\b(?:finally|then)\b|\bfollowed by\b|\bleads?\b|"
                r"\blags?\b|\bprecede[sd]?\b")
    syms = s.symbols()
    if not seq or len(syms) < 2 or s.has(r"leading signal|\bbreak ?out"):
        return None
    a, b = syms[-2], syms[-1]
    if s.has(r"\blags?\b") and not s.has(r"\bleads?\b"):
        a, b = syms[0], syms[1]
        a, b = b, a
    elif s.has(r"\bleads?\b"):
        a, b = syms[0], syms[1]
    m = Mapped("leadlag", base_confidence=0.7)
    start = s.history_start(a, b)
    m.params = {"a": a, "b": b, "claimed": "a_leads_b", "start": start, "policy": "weekly"}
    m.assumptions.append(f"an ordering is tested as {a} leading {b} (Granger, weekly returns "
                         f"from {start})")
    if re.match(r"(?:First|Then|Finally|This|That|These|Such|It)\b", s.text) and \
            s.previous_text and not s.previous_claimed:
        m.absorb_previous = 1
    return m


def beta(s: Sentence) -> Mapped | None:
    hit = s.has(r"more (?:sensitive|exposed|responsive|reactive) to (.+?) than\b")
    if not hit:
        return None
    before = [a for a in s.assets if a.start < hit.start()]
    inside = [a for a in s.assets if hit.start(1) <= a.start < hit.end(1)]
    after = [a for a in s.assets if a.start >= hit.end()]
    if not before or not after:
        return None
    driver = inside[0].symbol if inside else "DGS10"
    m = Mapped("beta_comparison", base_confidence=0.75)
    start = date(s.made.year - 3, 1, 1)
    m.params = {"more": before[-1].symbol, "less": after[0].symbol, "driver": driver,
                "start": start, "end": s.now}
    m.assumptions.append(f"sensitivity is the beta of daily returns on daily changes of "
                         f"{driver}, from {start} to {s.now}")
    return m


def volume(s: Sentence) -> Mapped | None:
    if not s.has(r"\bvolumes?\b") or not s.has(r"spike|surge|jump|rise|rises|higher|increase|"
                                               r"soar|swell"):
        return None
    crypto = [x for x in s.symbols() if is_crypto(x)]
    other = [x for x in s.symbols() if not is_crypto(x)]
    if not crypto or not (other or s.has(r"equity|stock")):
        return None
    m = Mapped("conditional_volume", base_confidence=0.7)
    rng = [q for q in s.quantities_of("percent") if q.high is not None]
    pct = s.quantities_of("percent")
    params: dict[str, object] = {"a": other[0] if other else "SPX", "b": crypto[0],
                                 "event": {"kind": "record"}}
    if rng:
        params["claimed_low"] = round(1 + rng[0].value / 100, 4)
        params["claimed_high"] = round(1 + (rng[0].high or rng[0].value) / 100, 4)
    elif pct:
        params["claimed_low"] = round(1 + pct[0].value / 100, 4)
    else:
        params["claimed_low"] = 1.0
        m.assumptions.append("no size given: any rise in volume (ratio above 1) counts")
    if not s.has(r"all-time high|ATH|record"):
        m.assumptions.append("'rallies' are read as record closes of the equity index")
    m.assumptions.append("volume is measured against its own 30-day median")
    m.params = params
    return m


def synchrony(s: Sentence) -> Mapped | None:
    if not s.has(r"coincid|in tandem|in sync|together|alongside|at the same time") or \
            not s.has(r"highs?|records?|peaks?|tops?"):
        return None
    pair = _pair(s)
    if pair is None or s.has(r"below|out of sync"):
        return None
    episodes, absorb = [], 0
    for t in s.times_of("month"):
        episodes.append(f"{t.start}:{t.end}")
    for k, nxt in enumerate(s.next_texts[:3], start=1):
        if re.search(r"\bbottom|\blow(?:s|ed)?\b", nxt, re.I):
            break
        months = [t for t in find_times(nxt, s.made) if t.kind == "month"]
        if not months:
            break
        episodes += [f"{t.start}:{t.end}" for t in months]
        absorb = k
    if not episodes:
        return None
    m = Mapped("synchrony", base_confidence=0.75, absorb_next=absorb)
    params: dict[str, object] = {"a": pair[0], "b": pair[1], "episodes": episodes}
    since = s.times_of("since")
    if since:
        params["since"] = since[0].start
    if absorb:
        m.assumptions.append(f"the episodes come from the next {absorb} sentence(s)")
    m.params = params
    return m


def co_bottom(s: Sentence) -> Mapped | None:
    if not s.has(r"\bbottom(?:ed|s)?\b|\bhit (?:a |their )?lows?\b") or s.day() is None:
        return None
    pair = _pair(s)
    if pair is None or (len(s.symbols()) < 2 and s.has(r"\bboth\b")):
        pair = None
        for p in reversed(s.previous):
            keys = [str(p.params.get(k)) for k in ("a", "b", "leader", "laggard")
                    if p.params.get(k)]
            if len(keys) >= 2:
                pair = (keys[0], keys[1])
                break
        if pair is None and len(set(s.previous_assets)) >= 2:
            uniq = list(dict.fromkeys(reversed(s.previous_assets)))
            pair = (uniq[1], uniq[0])
    if pair is None:
        return None
    day = s.day()
    assert day is not None
    m = Mapped("co_bottom", base_confidence=0.8)
    m.params = {"a": pair[0], "b": pair[1], "date": day.start, "within_days": 3,
                "window_days": 30}
    if day.note:
        m.assumptions.append(day.note)
    if len(s.symbols()) < 2:
        m.assumptions.append(f"'both' is read as {pair[0]} and {pair[1]}, named just before")
    return m


__all__ = ["beta", "co_bottom", "correlation", "leadlag", "synchrony", "volume"]
