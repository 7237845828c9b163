"""Rules for claims about a state or a move: records, distances from records, levels and
returns (breakouts and halving cycles: :mod:`comove.articles.rules_cycle`)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from comove.articles.context import Mapped, Sentence, is_crypto
from comove.articles.dates import month_end
from comove.articles.numbers import Quantity
from comove.articles.vocabulary import AssetMention

RECORD = (r"(?:all-time highs?|ATHs?\b|records?(?:\s+(?:highs?|closes?|levels?|territory))?\b|"
          r"new highs?|fresh highs?|peaks?\b|new peak|price discovery)")
NEAR = r"(?:just below|just under|near|shy of|within|close to|a whisker from|below)"
CONDITIONAL = r"\b(?:when|whenever|each time|every time|during such|if|after)\b"


def record_count(s: Sentence) -> Mapped | None:
    counts = [q for q in s.quantities_of("count")
              if re.search(r"high|ath|record", q.noun)]
    symbol = s.subject()
    if not counts or symbol is None:
        return None
    q = counts[0]
    before = [a.symbol for a in s.assets if a.end <= q.at and a.symbol != "ES"]
    if before:
        symbol = before[-1]
    elif s.previous_assets:
        symbol = s.previous_assets[-1]
    m = Mapped("record_count")
    window = [t for t in s.times if t.kind in ("recent", "years", "year", "period", "since")]
    claimed = q.figure(relative=True)
    params: dict[str, object] = {"symbol": symbol, "claimed": claimed.value, "end": s.made}
    if window:
        t = window[0]
        params["start"] = t.start
        params["end"] = min(t.end, s.made)
        if t.note:
            m.assumptions.append(t.note)
    else:
        params["days"] = 365
        m.assumptions.append("no window given: counted over the 365 days to the article date")
    if q.hedge in ("above", "below"):
        m.assumptions.append(f"the bound before '{q.text}' is not tested: record_count "
                             "tests the count itself")
    m.claim(params, claimed, chosen=False)
    if not s.symbols():
        m.assumptions.append(f"the index is read as {symbol}, named just before")
    m.params = params
    return m


def divergence(s: Sentence) -> Mapped | None:
    below = s.has(r"(\d+(?:\.\d+)?)\s?%\s+(?:below|under|off|beneath|short of)\s+(?:its|their|"
                  r"the)?\s*(?:\w+(?:'s|’s)?\s+)?" + RECORD)
    syms = s.symbols()
    if not below or len(syms) < 2 or not s.has(r"\b(?:at|hitting|hits|hit|set|sets|printed|"
                                               r"making|made)\s+(?:a\s+)?(?:new\s+)?"
                                               r"(?:record|all-time|fresh)"):
        return None
    at = below.start()
    before = [a for a in s.assets if a.start < at]
    laggard = before[-1].symbol if before else syms[1]
    leader = next((x for x in syms if x != laggard), syms[0])
    value = float(below[1])
    m = Mapped("divergence_state")
    date_ = s.state_date(m.assumptions)
    threshold = -max(0.1, int(value / 10) / 10)
    q = next((q for q in s.quantities if q.kind == "percent" and q.high is None
              and q.at <= below.start(1) < q.at + len(q.text)),
             Quantity("percent", value, below[0], below.start(1), digits=below[1]))
    params: dict[str, object] = {"date": date_, "leader": leader, "laggard": laggard}
    m.claim(params, q.figure(-abs(q.value), to_param=0.01, unit="%"), "claimed_below",
            chosen=False)
    m.assumptions[-1] += (" from the record (the record close and the record intraday high "
                          "are both readings)")
    years = s.times_of("years")
    if years and s.has(r"first time"):
        params["first_in_years"] = years[0].count
        params["threshold"] = threshold
        m.assumptions.append(f"'first time in {years[0].count} years' checked for days with "
                             f"{leader} at a record and {laggard} at least "
                             f"{abs(threshold):.0%} below its record")
    m.params = params
    return m


def _record_events(s: Sentence) -> list[re.Match[str]]:
    """Record words that report a record, not a reference point ("27% from its record")
    or a record low."""
    out = []
    for m in re.finditer(RECORD, s.text, re.I):
        before = s.text[max(0, m.start() - 40):m.start()]
        if re.search(r"within\s+\d+(?:\.\d+)?\s?%\s+of\s+(?:its|their|the)\s+(?:[\w.']+\s+){0,3}$",
                     before, re.I):
            out.append(m)
            continue
        if re.match(r"\s+lows?\b", s.text[m.end():]) or re.search(
                r"\b(?:from|off|since|of)\s+(?:its|their|the)\s+(?:[\w.']+\s+){0,3}$",
                before, re.I):
            continue
        out.append(m)
    return out


def records_on_date(s: Sentence) -> Mapped | None:
    events = _record_events(s)
    if not events or s.has(CONDITIONAL + r".{0,40}" + RECORD) or s.has(r"\bsince\b"):
        return None
    if s.has(r"\b(?:records?|highs?)\s+in\s+(?:both|\w+\s+\d{4})"):
        return None
    if s.times_of("month", "year") and not s.day():
        return None
    syms = [a for a in s.assets if a.symbol not in ("ES",)]
    if not syms and s.continues():
        syms = [AssetMention(s.previous_assets[-1], "", 0, 0)]
    if not syms:
        return None
    states: list[str] = []
    for k, a in enumerate(syms):
        nxt = syms[k + 1].start if k + 1 < len(syms) else len(s.text)
        predicate = s.text[a.end:nxt]
        if re.search(NEAR + r".{0,25}" + RECORD, predicate, re.I):
            states.append("near")
        elif re.search(RECORD, predicate, re.I):
            states.append("record")
        else:
            states.append("")
    for k, a in enumerate(syms):
        if states[k]:
            continue
        later = next((j for j in range(k + 1, len(syms)) if states[j]), None)
        # a list ("the Dow, the S&P 500 and the Nasdaq hit records") shares the state; an
        # asset before a possessive ("crypto markets, the S&P 500's records") does not
        if later is not None and syms[later].start - a.end < 45 and not re.match(
                r"['’]s\b", s.text[syms[later].end:]):
            states[k] = states[later]
        else:
            earlier = next((j for j in range(k - 1, -1, -1) if states[j]), None)
            if earlier is not None:
                states[k] = states[earlier]
            elif any(e.start() > a.start for e in events):
                states[k] = "record"
    syms = [a for a, state in zip(syms, states, strict=True) if state]
    states = [state for state in states if state]
    if not syms:
        return None
    records: list[str] = []
    near: dict[str, float] = {}
    for a, state in zip(syms, states, strict=True):
        if state == "near":
            within = re.search(r"within\s+(\d+(?:\.\d+)?)\s?%", s.text[a.end:], re.I)
            near.setdefault(a.symbol, float(within[1]) / 100 if within else 0.03)
        else:
            records.append(a.symbol)
    records = list(dict.fromkeys(r for r in records if r not in near))
    if not records and not near:
        return None
    m = Mapped("record_on_date", base_confidence=0.85)
    days = s.times_of("day")
    if days:
        day = min(days, key=lambda t: abs(t.at - events[0].start()))
        if day.note:
            m.assumptions.append(day.note)
        params: dict[str, object] = {"date": day.start}
    else:
        params = {"date": s.state_date(m.assumptions, syms[0].symbol if len(
            {a.symbol for a in syms}) == 1 else None)}
    if records:
        params["records"] = records
    if near:
        params["near"] = near
        m.assumptions.append("'just below' or 'near' a record is read as within 3% of it")
    if s.has(r"\bintraday\b|\btouched\b"):
        params["basis"] = "high"
    m.params = params
    return m


def level(s: Sentence) -> Mapped | None:
    symbol = s.subject()
    levels = s.quantities_of("dollars", "points") or (
        s.quantities_of("number") if s.has(r"\bVIX\b|yields?\b") else []) or (
        s.quantities_of("percent") if symbol in ("DGS10", "DFF") else [])
    if not levels or symbol is None or s.has(r"\bhalving\b|\bcycles?\b"):
        return None
    q = levels[0]
    if (q.kind == "dollars" and q.value >= 1e8) or s.has(r"\bfrom\s+(?:over\s+|about\s+|"
                                                       r"around\s+)?\$[\d,.]+\w*\s+to\b"):
        return None  # flows and programme sizes; "from $X to $Y" is a move, not a level
    word = s.text[max(0, q.at - 40):q.at].lower()
    m = Mapped("level_on_date", base_confidence=0.75)
    params: dict[str, object] = {"symbol": _level_symbol(s, q.at) or symbol}
    month = s.times_of("month")
    if not s.times and s.has(r"\b(?:was|were|had been)\b") and s.previous_text:
        from comove.articles.dates import find_times

        month = [t for t in find_times(s.previous_text, s.made) if t.kind == "month"]
        if month:
            m.assumptions.append(f"past tense: the time is taken from the sentence before "
                                 f"('{month[0].text}')")
    if month and not s.day():
        params["date"] = month_end(month[0].start.year, month[0].start.month)
        m.assumptions.append(f"'{month[0].text}' is tested on its last day, {params['date']}")
    else:
        params["date"] = s.state_date(m.assumptions, str(params["symbol"]))
    exact = re.search(r"(?:\blow|\bhigh|\blevel|\bclose|\bpeak) of\s*$|\bat\s*$|\bnear\s*$", word)
    if re.search(r"\b(resistance|support)\b", word) or exact:
        _between(m, params, q, "" if exact else "support and resistance are trading notions: "
                 "tested as the close near the level; ")
    elif re.search(r"below|under|beneath|dropped|fell|slipped|sank", word):
        params.update(op="below", value=q.value)
    elif re.search(r"above|over|topped|crossed|broke|breaking|past|beyond|reached|hit|"
                   r"surged to|rose to|climbed to", word):
        params.update(op="above", value=q.value)
        if re.search(r"reached|hit|surged to|rose to|climbed to|peaked", word):
            params["basis"] = "high"
            m.assumptions.append("'reached' is tested on the intraday high")
    else:
        _between(m, params, q)
    if params.get("op") == "below" and s.has(r"\bduring\b|\bintraday\b|\bbriefly\b"):
        params["basis"] = "low"
        m.assumptions.append("'during' the session is tested on the intraday low")
    m.params = params
    return m


def _between(m: Mapped, params: dict[str, object], q: Quantity, why: str = "") -> None:
    """A level read as a range around the figure: its precision and hedge ("around
    $60,000": 50,000 to 70,000), as the claims file reads ``low`` and ``high``."""
    claimed = q.figure(relative=True)
    params.update(op="between", low=claimed.value, high=claimed.value)
    m.claim(params, claimed, "", why)


def _level_symbol(s: Sentence, at: int) -> str | None:
    before = [a for a in s.assets if a.start < at]
    return before[-1].symbol if before else None


MOVE_UP = (r"\b(?:rose|risen|rise|rises|gained|gains?|up|climbed|jumped|surged|soared|rallied|"
           r"advanced?|added|doubled|tripled|rebounded|spiked|rising|gaining|climbing|jumping|"
           r"surging|soaring|rallying|advancing|adding|rebounding)\b")
MOVE_DOWN = (r"\b(?:fell|fallen|falls?|dropped|declined|lost|down|slid|slipped|plunged|tumbled|"
             r"sank|shed|slumped|crashed|plummeted|retreated|eased|dipped|sunk|off|falling|"
             r"dropping|declining|losing|sliding|slipping|plunging|tumbling|sinking|shedding|"
             r"slumping|crashing|plummeting|retreating|decline|losses|loss)\b")
FROM_POINT = r"\b(?:since|from|off|below|under)\s+(?:its|their|the)?\s*"


def return_move(s: Sentence) -> Mapped | None:
    """A move over a period: "rose 9% in 2025", "fell 14% on Wednesday", "has gained about
    45% since Nov. 5", "more than doubled in 2024", "down 27% from its Feb. 19 record"."""
    pcts = [q for q in s.quantities_of("percent") if q.high is None]
    mults = [q for q in s.quantities_of("multiple") if q.text.lower().endswith(("ed", "fold"))]
    if s.has(r"\bhalving\b|\bvolume|\bcorrelat|\brecord low"):
        return None
    up, down = s.has(MOVE_UP), s.has(MOVE_DOWN)
    down = down or s.has(r"%\s+(?:below|under|beneath)\s+(?:its|their)\b")
    if not (pcts or mults) or not (up or down):
        return None
    q = pcts[0] if pcts else mults[0]
    # the nearest asset before the number, passing over possessives ("gold, bitcoin's
    # rival, has fallen 5%")
    before = [a.symbol for a in s.assets if a.end <= q.at and a.symbol != "ES"
              and not re.match(r"['’]s\s+(?!price|value|shares)", s.text[a.end:a.end + 9])]
    symbol = before[-1] if before else s.subject()
    if symbol in ("DGS10", "DFF"):
        return None  # a yield's move is in points, not a return (level_on_date takes it)
    if symbol is None or (not s.assets and not s.continues() and not s.has(
            r"\b(?:it|the (?:index|benchmark|token|coin|gauge|measure|cryptocurrency))\b")):
        return None
    m = Mapped("return_period")
    times = [t for t in s.times if t.kind in ("period", "year", "since", "month", "day",
                                              "years", "from")]
    if s.has(r"\bwithin (?:hours|minutes)\b|\bintraday\b"):
        return None
    if not times and s.has(r"\b(?:the|that|same) (?:session|day)\b") and s.previous_text:
        from comove.articles.dates import find_times

        times = [t for t in find_times(s.previous_text, s.made) if t.kind == "day"]
        if times:
            m.assumptions.append(f"'the same session' is {times[0].start}, named in the "
                                 "sentence before")
            times = [replace(times[0], at=q.at)]
    point = s.has(FROM_POINT + r"(?:[\w.]+\s+){0,3}" + RECORD.replace("(?:", "(?:", 1))
    if not times and point:
        start = s.made.replace(year=s.made.year - 1)
        m.assumptions.append("the date of the peak is not stated: 'start' is a placeholder "
                             f"({start}); set it to the peak's date")
        m.base_confidence = 0.5
        times = []
        t_start, t_end = start, s.now
    elif not times:
        return None
    else:
        t = min(times, key=lambda r: abs(r.at - q.at))
        if t.note:
            m.assumptions.append(t.note)
        anchored = re.search(FROM_POINT + r"(?:[\w.']+\s+){0,4}$", s.text[:t.at], re.I)
        if t.kind == "from" or (t.kind == "day" and anchored):
            t_start, t_end = t.start, s.now_for(symbol)
            m.assumptions.append(f"measured from the close of {t.start} to {t_end}")
        elif t.kind == "day":
            if is_crypto(symbol):  # trades every day
                t_start = t.start - timedelta(days=1)
                how = "the day before: crypto trades every day"
            else:
                t_start = t.start - timedelta(days=3 if t.start.weekday() == 0 else 1)
                how = "the weekday before; holidays are not known offline"
            t_end = t.start
            m.assumptions.append(f"a one-day move: the close of {t_start} ({how}) to the "
                                 f"close of {t.start}")
        elif t.kind == "month" and anchored:
            t_start, t_end = t.start, s.now
            m.assumptions.append(f"the peak's day in {t.text} is not stated: measured from "
                                 f"{t.start}")
        elif t.kind in ("year", "month"):
            t_start, t_end = t.start - timedelta(days=1), min(t.end, s.now_for(symbol))
        elif t.kind == "since":
            t_start, t_end = t.start - timedelta(days=1), s.now_for(symbol)
            m.assumptions.append(f"'{t.text}' is measured from the close of {t_start} to "
                                 f"{t_end}")
        else:
            t_start, t_end = t.start, min(t.end, s.now_for(symbol))
    sign = -1.0 if down and (not up or down.start() < up.start()) else 1.0
    value = (q.value - 1) * 100 if q.kind == "multiple" else abs(q.value)
    hedge = q.hedge
    if q.kind == "multiple" and s.has(r"more than (?:doubled|tripled)"):
        hedge = "above"
    op = {"above": "above", "below": "below"}.get(hedge, "approx")
    if sign < 0 and op in ("above", "below"):
        op = "below" if op == "above" else "above"  # "fell more than 20%": below -20%
    step = q.step * 100 if q.kind == "multiple" else q.step
    claimed = q.figure(sign * value, step, "%", to_param=0.01)
    params: dict[str, object] = {"symbol": symbol, "start": t_start, "end": t_end,
                                 "claimed": claimed.value, "op": op}
    if op == "approx":
        m.claim(params, claimed)
    through = s.has(r"(?:break(?:ing|s)?|broke(?:n)?|crossing|crossed|topp(?:ing|ed))\s+"
                    r"(?:through|above|over)?\s*(\d[\d,]*)")
    if through:
        params["above_level"] = float(through[1].replace(",", ""))
    m.params = params
    return m


__all__ = ["CONDITIONAL", "RECORD", "divergence", "level", "record_count", "records_on_date",
           "return_move"]
