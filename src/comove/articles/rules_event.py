"""Rules for claims about what one asset did after events in another: a pattern ("when A
breaks out, B tends to rally"), named episodes of a rare event ("when A broke out in 2016
and 2020, B started a bull run both times"), a catch-up after a divergence, and what a
handful of episodes can show ("only two samples"). A denied response ("B did not rally")
drafts no rise."""

from __future__ import annotations

import re
from datetime import date

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
# a year that bounds a period ("since 2016") names no episode, nor do the years of a period
# ("between 2016 and 2020", "2016-2020", "2016-20", "2016 through 2020")
BOUND = re.compile(r"\b(?:since|after|from|before|until|through|to|by)\s*$", re.I)
PERIOD = re.compile(r"\bbetween\s+(?:19|20)\d\d\s+and\s+(?:19|20)\d\d\b|"
                    r"\b(?:19|20)\d\d\s*[-–—]\s*(?:(?:19|20)?\d\d)\b(?!\s*%)|"
                    r"\b(?:19|20)\d\d\s+(?:to|through|until|till)\s+(?:19|20)\d\d\b", re.I)
# "In 2016 and 2020, when A broke out, ...": years framing the event clause name its episodes
YEARS_FRAME = re.compile(r"\s*(?:in|during)\s+(?:19|20)\d\d(?:\s*(?:,|and|&)\s*(?:in\s+)?"
                         r"(?:19|20)\d\d)*\s*,?\s*", re.I)
# Events of which a named year holds about one, so that "when A broke out in 2016 and 2020"
# names two episodes: a breakout follows a year without a record. A record close or a level
# crossing comes many times a year (the check takes every declustered one), so "when A set
# a record in 2021" names no single episode and stays a test against chance.
RARE = frozenset({"breakout"})
# A negated response ("did not rally", "few expected bitcoin to rise", "no rally followed",
# "the rally never came") claims nothing that up or each_up can test; idioms that affirm
# ("not only", "no coincidence") are removed before looking for a negation.
NEGATION = re.compile(r"\b(?:not|never|no|nor|neither|hardly|barely|scarcely|rarely|seldom|"
                      r"unlikely|nobody|nothing)\b|\bno one\b|n['’]t\b|"
                      r"\bfail(?:s|ed|ing)?\s+to\b|\bfew\s+(?:\w+\s+)?(?:expected|thought|"
                      r"predicted|believed|foresaw|anticipated)\b", re.I)
AFFIRMING = re.compile(r"\bnot\s+(?:only|just|merely|least|surprisingly)\b|\bno\s+(?:coincidence|"
                       r"doubt|wonder|surprise|less than)\b|\bnot\s+(?:a|by)\s+(?:coincidence|"
                       r"chance|accident)\b|\bnothing short of\b", re.I)
CLAUSE = re.compile(r"[,;:.—–]|\b(?:but|yet|instead|while|whereas)\b", re.I)
NEGATED_AFTER = re.compile(r"\s+(?:(?!and\b|then\b)\w+\s+)?(?:never|failed|did(?:n['’]t|"
                           r"\s+not)|(?:was|were)(?:n['’]t|\s+not))\b", re.I)
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
    catch = s.has(r"catch up|catch-up|follow suit|play catch")
    if catch and prev is not None and prev.test == "divergence_state":
        if not _asserted(s.text, catch):  # "bitcoin may never catch up"
            return None
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


def named_years(s: Sentence, spans: list[tuple[int, int]] | None = None) -> list[int]:
    """Years that name episodes, within ``spans`` of the sentence (all of it by default):
    not part of an asset's name ("Russell 2000"), not a period's bound ("since 2016") nor
    inside a period ("between 2016 and 2020", "2016-2020"), not a figure ("$2020", "2020
    points"), not after the article."""
    text = s.text
    within = spans if spans is not None else [(0, len(text))]
    periods = [(p.start(), p.end()) for p in PERIOD.finditer(text)]
    years = []
    for m in YEAR.finditer(text):
        at = m.start()
        inside = any(a.start <= at < a.end for a in s.assets)
        figure = text[max(0, at - 1):at] == "$" or re.match(
            r"\s*(?:%|points?\b|pts\b|level)", text[m.end():])
        skip = inside or figure or BOUND.search(text[:at]) or any(
            a <= at < b for a, b in periods)
        if any(a <= at < b for a, b in within) and not skip and int(m[0]) <= s.made.year:
            years.append(int(m[0]))
    return sorted(set(years))


def _asserted(text: str, hit: re.Match[str]) -> bool:
    """Whether the word at ``hit`` is stated, not denied: no negation earlier in its clause
    ("did not rally", "few expected bitcoin to rise") nor right after it ("the rally never
    came")."""
    before = text[:hit.start()]
    clause = before[max((c.end() for c in CLAUSE.finditer(before)), default=0):]
    return not (NEGATION.search(AFFIRMING.sub(" ", clause)) or NEGATED_AFTER.match(
        text, hit.end()))


def _response(b_part: str, frame: str) -> str | None:
    """What B's part claims B did: "up", "down" ("fell", "did not rally but fell") or
    ``None`` (no response, or only a negated one: "bitcoin did not rally"). ``frame`` is the
    text just before the condition word: a negation in its last clause ("it is not true
    that when ...", "does not signal") denies the whole response."""
    last = frame[max((c.end() for c in CLAUSE.finditer(frame)), default=0):]
    if not re.search(RESPONSE_UP + "|" + RESPONSE_DOWN, last, re.I) and NEGATION.search(
            AFFIRMING.sub(" ", last)):
        return None
    up = any(_asserted(b_part, h) for h in re.finditer(RESPONSE_UP, b_part, re.I))
    down = any(_asserted(b_part, h) for h in re.finditer(RESPONSE_DOWN, b_part, re.I))
    return "up" if up else "down" if down else None


def _episodes(s: Sentence, m: Mapped, how: str, years: list[int]) -> Mapped:
    """An event claim that names its episodes ("when A broke out in 2016 and 2020, B
    rallied"; "... in both cases" after such a claim) describes each of them: ``each_up``
    with their years (the years of A's event clause, not of B's response), the events
    taken from January 1 of the first of them when that is before the common history. Only
    for a rare event (``RARE``: a breakout, about one in a named
    year): a record or a level crossing comes many times a year, so a year names no single
    episode and the claim stays a test against chance (claimed up), as does a pattern
    ("tends to", "as in 2016") or a fall."""
    p = m.params
    b, horizons = p["b"], ", ".join(map(str, p["horizons"]))
    against_chance = (f"{how}; {b}'s return over {horizons} days after events from "
                      f"{p['start']} is compared with its usual return")
    frequent = p["event"]["kind"] not in RARE
    if p["claimed"] != "up" or s.has(PATTERN) or frequent:
        m.assumptions.append(against_chance)
        if years:
            m.assumptions.append(f"all such events since {p['start']} count, not only "
                                 f"{', '.join(map(str, years))}" + (
                                     f" (a {p['event']['kind']} event comes many times a "
                                     "year: a year names no single episode)"
                                     if frequent else ""))
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
    first = date(years[0], 1, 1)
    if first < p["start"]:
        m.assumptions.append(f"{years[0]} is before the common history from {p['start']}: "
                             f"the events are taken from {first}")
        p["start"] = first
    m.assumptions.append(
        f"{how}; the episodes named ({', '.join(map(str, years))}) are each described, not "
        f"tested against chance: {b} up " + ("at least 20% (a 'bull run' or rally)" if bull
                                             else "at all") + f" over {horizons} days after "
        f"the event of each year")
    return m


def _coinciding_breakout(s: Sentence) -> Mapped | None:
    """ "Breakouts in A coincided with (preceded) rallies in B", without a "when"."""
    syms = s.symbols()
    breakout = s.has(r"\bbreakouts?\b|\bbroke out\b")
    link = s.has(r"coincid|align|preceded|followed by|in both cases")
    rally = s.has(r"rall(?:y|ies)|bull (?:run|market)|surge|takeoff")
    if len(syms) < 2 or not (breakout and link and rally) or not (
            _asserted(s.text, link) and _asserted(s.text, rally)):
        return None
    a = next((x for x in syms if not is_crypto(x)), syms[0])
    b = next((x for x in syms if is_crypto(x) and x != a), None)
    if b is None:
        return None
    start = s.history_start(b, a)
    m = Mapped("event_study", base_confidence=0.6)
    m.params = {"a": a, "b": b, "event": {"kind": "breakout", "min_days": 252},
                "horizons": [180, 365], "claimed": "up", "start": start}
    # the breakouts' years, on their side of the link ("breakouts in 2016 and 2020
    # coincided with rallies in 2017": 2016 and 2020)
    side = (0, link.start()) if breakout.start() < link.start() else (link.end(), len(s.text))
    return _episodes(s, m, "a breakout is the first record close after at least 252 "
                     "trading days without one; a rally is a rise after it",
                     named_years(s, [side]))


def _conditional_event(s: Sentence) -> Mapped | None:
    """ "When A does X, B tends to rise": what B did after A's events. A negated response
    ("bitcoin did not rally") drafts nothing; a stated fall ("bitcoin fell") is claimed
    down."""
    cond = s.has(r"\b(?:when|whenever|each time|every time|after|signal(?:s|ing|ed)?)\b")
    syms = s.symbols()
    if cond is None or len(syms) < 2:
        return None
    spans: list[tuple[int, int]]
    if cond[0].lower().startswith("signal"):
        a_part, b_part = s.text[:cond.start()], s.text[cond.end():]
        spans = [(0, cond.start())]
    else:
        end = s.text.find(",", cond.end())
        end = end if end > 0 else len(s.text)
        a_part = s.text[cond.end():end]
        b_part = s.text[:cond.start()] + s.text[end:]
        # the event clause runs on to the comma before the response ("when A broke out,
        # as in 2016 and 2020, B rallied"; "in 2016, 2020 and 2024, B rallied")
        response = re.compile(RESPONSE_UP + "|" + RESPONSE_DOWN, re.I).search(s.text, end)
        spans = [(cond.end(), s.text.rfind(",", end, response.start()) if response else end)]
        if YEARS_FRAME.fullmatch(s.text[:cond.start()]):  # "In 2016 and 2020, when ..."
            spans.append((0, cond.start()))
    vocab = s.vocabulary
    a_syms = [x.symbol for x in vocab.find(a_part) if x.symbol != "ES"]
    b_syms = [x.symbol for x in vocab.find(b_part) if x.symbol not in ("ES", *a_syms[:1])]
    if not a_syms or not b_syms:
        return None
    if not re.search(RESPONSE_UP + "|" + RESPONSE_DOWN, b_part, re.I):
        return None
    claimed = _response(b_part, s.text[:cond.start()])
    if claimed is None:
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
    spans_of = {"month": 30, "three months": 90, "quarter": 90, "six months": 180,
                "year": 365}
    stated = re.search(r"(?:following|next|subsequent)\s+(month|three months|quarter|"
                       r"six months|year)|(?:a|one)\s+(month|year)\s+later|(three months|six "
                       r"months)\s+later", s.text, re.I)
    if stated:
        horizons = [spans_of[next(g for g in stated.groups() if g).lower()]]
    elif re.search(r"bull run|bull market", b_part, re.I):
        horizons = [180, 365]
    b = b_syms[0]
    m = Mapped("event_study", base_confidence=0.7)
    m.params = {"a": a_syms[0], "b": b, "event": event, "horizons": horizons,
                "claimed": claimed, "start": s.history_start(b, a_syms[0])}
    return _episodes(s, m, how, named_years(s, spans))


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
