"""Quantities in article text, with the precision they were stated with.

Percentages (and ranges "20-30%"), basis points, dollar levels ("$69,000", "$8.2 billion",
"$100k"), index points ("2,700 points"), multiples ("5x", "27-fold"), counts of records
("40 record closes", "40th all-time high") and plain numbers. ``half_unit`` is half of the
last stated digit, so "9%" can later be read as 8.5% to 9.5%.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from comove.articles.matches import FirstMatches

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9,
          "bn": 1e9, "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12}
HEDGES = {"about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx",
          "nearly": "approx", "almost": "approx", "some": "approx", "near": "approx",
          "close to": "approx", "~": "approx", "over": "above", "above": "above",
          "more than": "above", "at least": "above", "beyond": "above", "exceeding": "above",
          "under": "below", "below": "below", "less than": "below", "at most": "below",
          "just over": "above", "just under": "below"}
WORD_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10}


@dataclass(frozen=True)
class Quantity:
    """A number as stated.

    Attributes
    ----------
    kind
        ``percent``, ``bps``, ``dollars``, ``points``, ``multiple``, ``count``, ``number``.
    value
        The number in natural units (9% -> 9.0, $8.2 billion -> 8.2e9, 5x -> 5.0).
    high
        Upper end of a range ("20-30%"), else ``None``.
    half_unit
        Half of the last stated digit, in the same units as ``value``.
    hedge
        ``approx``, ``above``, ``below`` or ``""`` from the words before it.
    text, at
        The words and their offset in the sentence.
    """

    kind: str
    value: float
    text: str
    at: int
    half_unit: float = 0.5
    high: float | None = None
    hedge: str = ""
    noun: str = ""


def _value(text: str) -> tuple[float, float]:
    clean = text.replace(",", "")
    decimals = len(clean.split(".")[1]) if "." in clean else 0
    return float(clean), 0.5 * 10 ** -decimals


def _hedge(sentence: str, at: int) -> str:
    before = sentence[max(0, at - 16):at].lower()
    for words in sorted(HEDGES, key=len, reverse=True):
        if re.search(rf"(?:^|\W){re.escape(words)}\W*(?:the\s+)?$", before) or \
                (words == "~" and before.endswith("~")):
            return HEDGES[words]
    return ""


def find_quantities(sentence: str) -> list[Quantity]:
    """Every quantity in ``sentence`` (see the module docstring), in order."""
    found: FirstMatches[Quantity] = FirstMatches()
    add = found.add

    s = sentence
    for m in re.finditer(rf"(?<![\w.])([+\-−]?)({_NUM})\s?(?:%|percent|per\s?cent)?\s?"
                         rf"(?:-|–|to)\s?({_NUM})\s?(%|percent|per\s?cent)", s):
        low, half = _value(m[2])
        high, _ = _value(m[3])
        add(m, Quantity("percent", low, m[0], m.start(), half, high, _hedge(s, m.start())))
    for m in re.finditer(rf"(?<![\w.])([+\-−]?)({_NUM})\s?(%|percent\b|per\s?cent\b)", s):
        value, half = _value(m[2])
        if m[1] in ("-", "−"):
            value = -value
        add(m, Quantity("percent", value, m[0], m.start(), half, None, _hedge(s, m.start())))
    for m in re.finditer(rf"(?<![\w.])({_NUM})[\s-]?(?:bps|bp|basis[\s-]points?)\b", s, re.I):
        value, half = _value(m[1])
        add(m, Quantity("bps", value, m[0], m.start(), half, None, _hedge(s, m.start())))
    for m in re.finditer(rf"\$\s?({_NUM})\s?(k|thousand|mn|million|bn|billion|tn|trillion|"
                         r"[mbt])?\b", s, re.I):
        value, half = _value(m[1])
        scale = SCALES.get((m[2] or "").lower(), 1.0)
        add(m, Quantity("dollars", value * scale, m[0], m.start(), half * scale, None,
                        _hedge(s, m.start())))
    for m in re.finditer(rf"(?<![\w.$])({_NUM})\s?(?:points|pts|point)\b", s, re.I):
        value, half = _value(m[1])
        add(m, Quantity("points", value, m[0], m.start(), half, None, _hedge(s, m.start())))
    for m in re.finditer(rf"(?<![\w.$])({_NUM})\s?(?:x|×)(?!\w)|(?<![\w.$])({_NUM})-fold\b", s):
        value, half = _value(m[1] or m[2])
        add(m, Quantity("multiple", value, m[0], m.start(), half, None, _hedge(s, m.start())))
    folds = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "twofold": 2.0,
             "threefold": 3.0, "fourfold": 4.0, "fivefold": 5.0, "sixfold": 6.0,
             "tenfold": 10.0, "hundredfold": 100.0}
    for m in re.finditer(r"\b(" + "|".join(folds) + r")\b", s, re.I):
        value = folds[m[1].lower()]
        add(m, Quantity("multiple", value, m[0], m.start(), 0.25, None, "approx"))
    for m in re.finditer(rf"(?<![\w.$])({_NUM}|two|three|four|five|six|seven|eight|nine|ten)"
                         r"(?:st|nd|rd|th)?\s+((?:new\s+|fresh\s+)?(?:all-time\s+highs?|"
                         r"ath'?s?|records?(?:\s+(?:closes|highs|high))?|record\s+closing"
                         r"\s+highs|new\s+highs|highs|samples?|instances|episodes|times))\b",
                         s, re.I):
        if re.search(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$",
                     s[:m.start()], re.I):
            continue  # "its Feb. 19 record" is a date, not a count
        word = m[1].lower()
        value = float(WORD_COUNTS[word]) if word in WORD_COUNTS else _value(m[1])[0]
        add(m, Quantity("count", value, m[0], m.start(), 0.5, None, _hedge(s, m.start()),
                        m[2].lower()))
    for m in re.finditer(rf"(?<![\w.$\-/])({_NUM})(?![\w%$]|\.\d|-\d|\s?(?:%|bps?\b|x\b))", s):
        value, half = _value(m[1])
        if 1900 < value < 2100 and "," not in m[1] and "." not in m[1]:
            continue  # a year
        add(m, Quantity("number", value, m[0], m.start(), half, None, _hedge(s, m.start())))
    return sorted(found.items, key=lambda q: q.at)


__all__ = ["Quantity", "find_quantities"]
