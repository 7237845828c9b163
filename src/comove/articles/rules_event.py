"""Rules for claims about what one asset did after events in another: a pattern ("when A
breaks out, B tends to rally"), named episodes ("when A broke out in 2016 and 2020, B
started a bull run both times"), a catch-up after a divergence, and what a handful of
episodes can show ("only two samples")."""

from __future__ import annotations

import re

from comove.articles.context import Mapped, Sentence, is_crypto
from comove.articles.rules_state import RECORD

RESPONSE_UP = r"bull run|bull market|rall(?:y|ies|ied)|took off|takeoff|surge[ds]?|followed|rise|" \
    r"rose|gain(?:ed|s)?|climb(?:ed|s)?|outperform\w*|catch up|jump(?:ed|s)?|higher"
RESPONSE_DOWN = r"\b(?:fall|fell|drop(?:ped|s)?|decline[ds]?|slump(?:ed|s)?|sell-offs?|crash\w*|" \
    r"lower)\b"
BULL = r"bull run|bull market|rall(?:y|ies|ied)|took off|takeoff|surge[ds]?"
# a pattern, not a description: the years it names are examples of it ("as in 2016")
PATTERN = r"\b(?:tends?|tended|usually|typically|often|generally|whenever)\b|" \
    r"\bas (?:in|during|seen in)\b"
BOTH_TIMES = r"\b(?:both|each of the|all (?:two|three|four)) (?:times|cases|episodes|" \
    r"occasions|instances)\b|\bin both\b|\bboth times\b"
YEAR = re.compile(r"\b(?:19[89]\d|20\d\d)\b")
# a year that bounds a period ("since 2016") names no episode
BOUND = re.compile(r"\b(?:since|after|from|before|until|through|to|by)\s*$", re.I)
SAMPLES = r"(?:samples|instances|cases|episodes|data points|observations|examples)"
FEW = r"(?:two|three|four|a few|a handful of|\d)"
NOT = r"(?:can(?:no|['’])t|cannot|aren['’]t|are not|isn['’]t|is not|don['’]t|do not|" \
    r"doesn['’]t|won['’]t|are too few)"
SMALL_SAMPLE = (rf"\b(?:only|just|mere)\s+(?P<few>{FEW})\s+(?:historical\s+|past\s+)?"
                rf"(?P<what>{SAMPLES})\b|\b(?P<few2>two|three|\d)\s+(?:historical\s+)?"
                rf"(?P<what2>{SAMPLES})\s+{NOT}\b|\btoo few\s+(?P<what3>{SAMPLES})\b|"
                r"\bsmall sample\b")
INFERENCE = r"caus|statistic|establish|prove|conclusive|significan|speculative|enough|" \
    rf"anecdot|coinciden|too few|{NOT}"


def event_study(s: Sentence) -> Mapped | None:
    prev = s.previous[-1] if s.previous else None
    if s.has(r"catch up|catch-up|follow suit|play catch") and prev is not None and \
            prev.test == "divergence_state":
        p = prev.params
        m = Mapped("event_study", base_confidence=0.7)
        m.params = {"a": p["leader"], "b": p["laggard"],
                    "event": {"kind": "divergence", "other": p["laggard"],
                              "threshold": p.get("threshold", -0.2)},
                    "horizons": [90, 180], "claimed": "up",
                    "start": s.history_start(str(p["laggard"]))}
        m.assumptions.append("the history is every record close of the leader with the "
                             "laggard well below its own record; 'catch up' is read as the "
                             "laggard rising over the next 90 and 180 days")
        return m
    return _conditional_event(s) or _coinciding_breakout(s)


def named_years(s: Sentence) -> list[int]:
    """Years that name episodes: not part of an asset's name ("Russell 2000"), not a
    period's bound ("since 2016"), not a figure ("$2020", "2020 points"), not after the
    article."""
    text = s.text
    years = []
    for m in YEAR.finditer(text):
        inside = any(a.start <= m.start() < a.end for a in s.assets)
        figure = text[max(0, m.start() - 1):m.start()] == "$" or re.match(
            r"\s*(?:%|points?\b|pts\b|level)", text[m.end():])
        if not (inside or figure or BOUND.search(text[:m.start()])) and \
                int(m[0]) <= s.made.year:
            years.append(int(m[0]))
    return sorted(set(years))


def _episodes(s: Sentence, m: Mapped, how: str) -> Mapped:
    """An event claim that names its episodes ("when A broke out in 2016 and 2020, B
    rallied"; "... in both cases" after such a claim) describes each of them: ``each_up``
    with their years. A pattern ("tends to", "as in 2016") stays a test against chance."""
    p = m.params
    years = named_years(s)
    b, horizons = p["b"], ", ".join(map(str, p["horizons"]))
    against_chance = (f"{how}; {b}'s return over {horizons} days after events from "
                      f"{p['start']} is compared with its usual return")
    if p["claimed"] != "up" or s.has(PATTERN):
        m.assumptions.append(against_chance)
        if years:
            m.assumptions.append(f"all such events since {p['start']} count, not only "
                                 f"{', '.join(map(str, years))}")
        return m
    if not years and s.has(BOTH_TIMES):
        named = [q for q in s.previous if q.test == "event_study" and q.params.get("years")
                 and (q.params["a"], q.params["b"]) == (p["a"], b)]
        if named:
            years = list(named[-1].params["years"])
            m.assumptions.append(f"'both' are the episodes named before: "
                                 f"{', '.join(map(str, years))}")
    if not years:
        m.assumptions.append(against_chance)
        return m
    bull = s.has(BULL)
    p.update(claimed="each_up", years=years, rise=0.2 if bull else 0.0)
    m.assumptions.append(
        f"{how}; the episodes named ({', '.join(map(str, years))}) are each described, not "
        f"tested against chance: {b} up " + ("at least 20% (a 'bull run' or rally)" if bull
                                             else "at all") + f" over {horizons} days after "
        f"the event of each year")
    return m


def _coinciding_breakout(s: Sentence) -> Mapped | None:
    """ "Breakouts in A coincided with (preceded) rallies in B", without a "when"."""
    syms = s.symbols()
    if len(syms) < 2 or not s.has(r"\bbreakouts?\b|\bbroke out\b") or not s.has(
            r"coincid|align|preceded|followed by|in both cases") or not s.has(
            r"rall(?:y|ies)|bull (?:run|market)|surge|takeoff"):
        return None
    a = next((x for x in syms if not is_crypto(x)), syms[0])
    b = next((x for x in syms if is_crypto(x) and x != a), None)
    if b is None:
        return None
    start = s.history_start(b, a)
    m = Mapped("event_study", base_confidence=0.6)
    m.params = {"a": a, "b": b, "event": {"kind": "breakout", "min_days": 252},
                "horizons": [180, 365], "claimed": "up", "start": start}
    return _episodes(s, m, "a breakout is the first record close after at least 252 "
                     "trading days without one; a rally is a rise after it")


def _conditional_event(s: Sentence) -> Mapped | None:
    """ "When A does X, B tends to rise": what B did after A's events."""
    cond = s.has(r"\b(?:when|whenever|each time|every time|after|signal(?:s|ing|ed)?)\b")
    syms = s.symbols()
    if cond is None or len(syms) < 2:
        return None
    if cond[0].lower().startswith("signal"):
        a_part, b_part = s.text[:cond.start()], s.text[cond.end():]
    else:
        end = s.text.find(",", cond.end())
        a_part = s.text[cond.end():end if end > 0 else len(s.text)]
        b_part = s.text[:cond.start()] + (s.text[end:] if end > 0 else "")
    vocab = s.vocabulary
    a_syms = [x.symbol for x in vocab.find(a_part) if x.symbol != "ES"]
    b_syms = [x.symbol for x in vocab.find(b_part) if x.symbol not in ("ES", *a_syms[:1])]
    if not a_syms or not b_syms:
        return None
    up, down = re.search(RESPONSE_UP, b_part, re.I), re.search(RESPONSE_DOWN, b_part, re.I)
    if not (up or down):
        return None
    level = re.search(r"\b(below|under|above|over)\s+(\d+(?:\.\d+)?)\b", a_part, re.I)
    event: dict[str, object]
    if re.search(r"\bbr(?:oke|eaks?|eaking)\s+out|\bbreakouts?\b", a_part, re.I):
        event = {"kind": "breakout", "min_days": 252}
        horizons = [180, 365]
        how = ("a breakout is the first record close after at least 252 trading days "
               "without one")
    elif level:
        event = {"kind": "level", "threshold": float(level[2])}
        if level[1].lower() in ("above", "over"):
            event["above"] = True
        horizons = [30, 90]
        how = f"an event is a day {a_syms[0]} crosses {level[1].lower()} {level[2]}"
    elif re.search(RECORD, a_part, re.I):
        event = {"kind": "record"}
        horizons = [30, 90]
        how = f"an event is a record close of {a_syms[0]}"
    else:
        return None
    spans = {"month": 30, "three months": 90, "quarter": 90, "six months": 180, "year": 365}
    stated = re.search(r"(?:following|next|subsequent)\s+(month|three months|quarter|"
                       r"six months|year)|(?:a|one)\s+(month|year)\s+later|(three months|six "
                       r"months)\s+later", s.text, re.I)
    if stated:
        horizons = [spans[next(g for g in stated.groups() if g).lower()]]
    elif re.search(r"bull run|bull market", b_part, re.I):
        horizons = [180, 365]
    b = b_syms[0]
    m = Mapped("event_study", base_confidence=0.7)
    m.params = {"a": a_syms[0], "b": b, "event": event, "horizons": horizons,
                "claimed": "down" if down and not up else "up",
                "start": s.history_start(b, a_syms[0])}
    return _episodes(s, m, how)


def small_sample(s: Sentence) -> Mapped | None:
    """ "Only two historical samples", "two samples can't establish causality": what so
    few episodes can show is a statement of logic, untestable, when it follows a claim
    about episodes or speaks of inference."""
    hit = s.has(SMALL_SAMPLE)
    if hit is None:
        return None
    earlier = [p for p in s.previous if p.test in ("event_study", "synchrony")]
    if not earlier and not s.has(INFERENCE):
        return None
    few = (hit["few"] or hit["few2"] or "so few").lower()
    what = hit["what"] or hit["what2"] or hit["what3"]
    reason = (f"A statement of logic (what {few} {what} can establish); no data can "
              "support or contradict it." if what else "A statement of logic (what a small "
              "sample can establish); no data can support or contradict it.")
    m = Mapped(None, untestable=reason, base_confidence=0.7)
    if earlier:
        m.assumptions.append("the number of episodes behind the claim before it is in that "
                             "claim's evidence")
        m.free_notes = 1
    return m


__all__ = ["event_study", "named_years", "small_sample"]
