"""Dates and periods in article text, resolved against the article's date.

"on Thursday", "Nov. 21", "last November", "mid October", "in 2025", "since 2020",
"three weeks into 2026", "the end of 2021", "Q3 2025", "for the first time in five years":
each becomes a :class:`TimeRef` with a start and end date and, when the reading involved a
choice, a note saying which.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from comove.articles.matches import FirstMatches

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1}
_NUMW = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_PART = r"(?:(?:the\s+)?(?:early|mid|late|end\s+of|start\s+of|beginning\s+of)[\s-]*)"


@dataclass(frozen=True)
class TimeRef:
    """A date or period named in a sentence.

    Attributes
    ----------
    kind
        ``day``, ``month``, ``year``, ``period`` (two ends), ``since`` (from start to the
        article), ``years`` (a count of years in ``count``), ``recent``.
    start, end
        The first and last day meant.
    text, at
        The words and their offset in the sentence.
    note
        The reading chosen, when there was a choice ("'Thursday' read as 2025-12-11").
    """

    kind: str
    start: date
    end: date
    text: str
    at: int
    note: str = ""
    count: int = 0


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def last_session(made: date) -> date:
    """The last weekday before ``made``: the latest close an article dated ``made`` can
    describe as the present state (holidays are not known offline)."""
    day = made - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _part(part: str, first: date, last: date) -> tuple[date, date, str]:
    """The early / mid / late / end part of a month or year."""
    p = re.sub(r"\s+", " ", part.lower()).replace("the ", "").strip(" -")
    span = (last - first).days + 1
    if p in ("early", "start of", "beginning of"):
        return first, first + timedelta(days=span // 2 - 1), "first half"
    if p in ("late", "end of"):
        return first + timedelta(days=span // 2), last, "second half"
    return first, last, "whole period (a record in the same period counts)"


def find_times(sentence: str, made: date) -> list[TimeRef]:
    """Every date or period in ``sentence``, resolved against the article date ``made``."""
    found: FirstMatches[TimeRef] = FirstMatches()
    add = found.add

    s = sentence
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", s):
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
        add(m, TimeRef("day", d, d, m[0], m.start()))
    for m in re.finditer(rf"\b({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b|"
                         rf"\b(\d{{1,2}})\s+({_MON})\s+(\d{{4}})\b", s, re.I):
        mon, day, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
        try:
            d = date(int(year), MONTHS[mon.lower().rstrip(".")], int(day))
        except (ValueError, KeyError):
            continue
        add(m, TimeRef("day", d, d, m[0], m.start()))
    for m in re.finditer(rf"\b(?:in|over)\s+the\s+({_NUMW})\s+(?:trading\s+)?days\s+"
                         rf"(?:to|through|ending(?:\s+on)?)\s+({_MON})\s+(\d{{1,2}})\b", s, re.I):
        try:
            end = date(made.year, MONTHS[m[2].lower().rstrip(".")], int(m[3]))
        except ValueError:
            continue
        if end > made:
            end = end.replace(year=end.year - 1)
        first, n = end, _number(m[1])
        while n:
            first -= timedelta(days=1)
            n -= first.weekday() < 5
        add(m, TimeRef("period", first, end, m[0], m.start(),
                       f"'{m[0]}' read as from the close of {first} to {end} (weekdays)"))
    for m in re.finditer(rf"\b{_NUMW}\s+(days?|weeks?|months?)\s+into\s+(\d{{4}})\b", s, re.I):
        year = int(m[2])
        add(m, TimeRef("period", date(year - 1, 12, 31), min(last_session(made), made),
                       m[0], m.start(), f"'{m[0]}' read as from the {year - 1} year-end close "
                       f"to the last session before the article"))
    for m in re.finditer(r"\bsince the (?:start|beginning) of (\d{4})\b", s, re.I):
        year = int(m[1])
        add(m, TimeRef("period", date(year - 1, 12, 31), made, m[0], m.start(),
                       f"'{m[0]}' read as from the {year - 1} year-end close"))
    for m in re.finditer(rf"\b(since\s+)?({_PART})?({_MON})\s+(\d{{4}})\b", s, re.I):
        month, year = MONTHS[m[3].lower().rstrip(".")], int(m[4])
        first, last = date(year, month, 1), month_end(year, month)
        if m[1]:
            add(m, TimeRef("since", first, made, m[0], m.start()))
            continue
        note = ""
        if m[2]:
            first, last, how = _part(m[2], first, last)
            note = f"'{m[0].strip()}' read as the {how}"
        add(m, TimeRef("month", first, last, m[0].strip(), m.start(), note))
    for m in re.finditer(rf"\b({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})", s, re.I):
        month, day = MONTHS[m[1].lower().rstrip(".")], int(m[2])
        try:
            d = date(made.year, month, day)
        except ValueError:
            continue
        if d > made:
            d = date(made.year - 1, month, day)
        add(m, TimeRef("day", d, d, m[0], m.start(),
                       f"'{m[0]}' (no year) read as {d}, the latest before the article"))
    for m in re.finditer(rf"\b(last\s+|this\s+|in\s+|since\s+)?({_PART})?({_MON})(?![\w.]*\s+\d)"
                         r"(?!\w)", s, re.I):
        word = m[3].lower().rstrip(".")
        if word == "may" and not m[1] and not m[2]:
            continue  # the verb
        month = MONTHS[word]
        year = made.year if month <= made.month else made.year - 1
        if m[1] and m[1].strip().lower() == "last" and month == made.month:
            year -= 1
        first, last = date(year, month, 1), month_end(year, month)
        how = ""
        if m[2]:
            first, last, how = _part(m[2], first, last)
            how = f", the {how}"
        since = bool(m[1]) and m[1].strip().lower() == "since"
        words = m[0].strip().rstrip(".") if len(word) > 4 else m[0].strip()
        add(m, TimeRef("since" if since else "month", first, made if since else last,
                       words, m.start(), f"'{words}' (no year) read as {first:%B %Y}{how}"))
    for m in re.finditer(r"\bQ([1-4])\s+(\d{4})\b", s):
        q, year = int(m[1]), int(m[2])
        add(m, TimeRef("period", date(year, 3 * q - 2, 1), month_end(year, 3 * q), m[0],
                       m.start()))
    for m in re.finditer(rf"\b({_PART})(\d{{4}})\b", s, re.I):
        year = int(m[2])
        first, last, how = _part(m[1], date(year, 1, 1), date(year, 12, 31))
        if how.startswith("second"):
            first = date(year, 10, 1)
            how = "last quarter"
        add(m, TimeRef("period", first, last, m[0], m.start(), f"'{m[0]}' read as the {how}"
                       f" of {year}"))
    for m in re.finditer(r"\b(since|after|from|before|until|in|during|by|of)\s+(\d{4})\b(?!-)",
                         s, re.I):
        year = int(m[2])
        if not 1900 < year <= made.year + 1:
            continue
        word = m[1].lower()
        if word in ("since", "after", "from"):
            add(m, TimeRef("since", date(year, 1, 1), made, m[0], m.start()))
        elif word in ("before", "until"):
            add(m, TimeRef("period", date(1900, 1, 1), date(year - 1, 12, 31), m[0], m.start()))
        else:
            add(m, TimeRef("year", date(year, 1, 1), date(year, 12, 31), m[0], m.start()))
    for m in re.finditer(r"(?<![\w$,.])(19[5-9]\d|20\d\d)(?![\w%,.]|\s*(?:points|pts))", s):
        year = int(m[1])
        before = s[max(0, m.start() - 10):m.start()].lower()
        if year > made.year + 1 or "russell" in before:
            continue
        add(m, TimeRef("year", date(year, 1, 1), date(year, 12, 31), m[0], m.start()))
    for m in re.finditer(r"\b(on\s+|later\s+|earlier\s+|last\s+)?(monday|tuesday|wednesday|"
                         r"thursday|friday|saturday|sunday)\b", s, re.I):
        back = (made.weekday() - WEEKDAYS[m[2].lower()]) % 7
        if m[1] and m[1].strip().lower() == "last" and back == 0:
            back = 7
        d = made - timedelta(days=back)
        add(m, TimeRef("day", d, d, m[0].strip(), m.start(),
                       f"'{m[0].strip()}' read as {d:%A} {d}"))
    for m in re.finditer(rf"\b(?:in|past|last|over)\s+(?:the\s+)?(?:past\s+|last\s+)?"
                         rf"({_NUMW})\s+years\b", s, re.I):
        n = _number(m[1])
        add(m, TimeRef("years", made.replace(year=made.year - n), made, m[0], m.start(),
                       count=n))
    simple = {
        r"\byear[- ]to[- ]date\b|\bytd\b|\bthis year\b": (date(made.year - 1, 12, 31), made),
        r"\blast year\b": (date(made.year - 1, 1, 1), date(made.year - 1, 12, 31)),
        r"\btoday\b": (made, made),
        r"\byesterday\b": (made - timedelta(days=1), made - timedelta(days=1)),
        # a week's move is from the previous Friday's close
        r"\bthis week\b": (made - timedelta(days=made.weekday() + 3), made),
        r"\b(?:since the (?:start|beginning) of the year|so far this year)\b":
            (date(made.year - 1, 12, 31), made),
        r"\bthis month\b": (made.replace(day=1), made),
        r"\blast month\b": ((made.replace(day=1) - timedelta(days=1)).replace(day=1),
                             made.replace(day=1) - timedelta(days=1)),
        r"\b(?:the|over the|in the)\s+(?:past|last)\s+(?:year|12 months|twelve months)\b":
            (_year_before(made), made),
        r"\b(?:the|over the|in the)\s+(?:past|last)\s+month\b":
            ((made.replace(day=1) - timedelta(days=1)).replace(day=min(made.day, 28)), made),
        r"\b(?:the|over the|in the)\s+(?:past|last)\s+week\b": (made - timedelta(days=7), made),
    }
    for pattern, (first, last) in simple.items():
        for m in re.finditer(pattern, s, re.I):
            add(m, TimeRef("period", first, last, m[0], m.start()))
    for m in re.finditer(rf"\b(?:past|last|previous)\s+({_NUMW})\s+(day|week|month)s\b", s, re.I):
        n = _number(m[1])
        if m[2].lower() == "month":
            months = made.year * 12 + made.month - 1 - n
            first = date(months // 12, months % 12 + 1, min(made.day, 28))
        else:
            first = made - timedelta(days=n * (7 if m[2].lower() == "week" else 1))
        add(m, TimeRef("period", first, made, m[0], m.start()))
    for m in re.finditer(r"\b(recently|lately|of late|in recent (?:weeks|months))\b", s, re.I):
        add(m, TimeRef("recent", made - timedelta(days=365), made, m[0], m.start(),
                       f"'{m[0]}' read as the 365 days to the article date"))
    refs = sorted(found.items, key=lambda r: r.at)
    # "since its record close on Oct. 30", "from its Feb. 19 record": a starting point
    return [replace(r, kind="from", end=made) if r.kind == "day" and re.search(
        r"\b(?:since|from)\s+(?:[\w.'’]+\s+){0,4}$", s[:r.at], re.I) else r for r in refs]


_HEADER_DATE = [
    re.compile(rf"\b({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
    re.compile(rf"\b(\d{{1,2}})\s+({_MON})\s+(\d{{4}})\b", re.I),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
]


def article_date(text: str, name: str = "") -> tuple[date, str] | None:
    """The article's date and where it was found: the first full date in the first 2,000
    characters, else a YYYY-MM-DD date in the file name; ``None`` if neither has one."""
    head = text[:2000]
    best: tuple[int, date, str] | None = None
    for k, pattern in enumerate(_HEADER_DATE):
        for m in pattern.finditer(head):
            try:
                if k == 0:
                    d = date(int(m[3]), MONTHS[m[1].lower().rstrip(".")], int(m[2]))
                elif k == 1:
                    d = date(int(m[3]), MONTHS[m[2].lower().rstrip(".")], int(m[1]))
                else:
                    d = date(int(m[1]), int(m[2]), int(m[3]))
            except (ValueError, KeyError):
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), d, f"'{m[0]}' at character {m.start()} of the text")
            break
    if best:
        return best[1], best[2]
    named = re.search(r"(\d{4})-(\d{2})-(\d{2})", name)
    if named:
        try:
            return date(int(named[1]), int(named[2]), int(named[3])), f"the file name '{name}'"
        except ValueError:
            return None
    return None


__all__ = ["TimeRef", "article_date", "find_times", "last_session", "month_end"]
