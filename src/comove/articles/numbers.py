"""Quantities in article text, with the precision they were stated with.

Percentages (and ranges "20-30%"), basis points, dollar levels ("$69,000", "$8.2 billion",
"$100k"), index points ("2,700 points"), multiples ("5x", "27-fold"), counts of records
("40 record closes", "40th all-time high") and plain numbers. ``half_unit`` is half of the
last stated digit, so "9%" can later be read as 8.5% to 9.5%.

:func:`figure_text` writes a quantity the way the claims file reads a claimed figure
(``"9%"``, ``"roughly 40"``, ``"-27%"``, ``"about 5x"``): the claims engine takes the
tolerance from the written precision and the hedge, so a draft needs no explicit one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from comove.articles.matches import FirstMatches
from comove.claims.verdicts import HEDGES as FIGURE_HEDGES
from comove.claims.verdicts import parse_figure

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
    digits
        The number as written ("69,000", "2.5", "27"); empty for words ("doubled", "five").
    hedge_word
        The words of an ``approx`` hedge as written ("roughly", "close to"), else empty.
    """

    kind: str
    value: float
    text: str
    at: int
    half_unit: float = 0.5
    high: float | None = None
    hedge: str = ""
    noun: str = ""
    digits: str = ""
    hedge_word: str = ""

    @property
    def step(self) -> float:
        """One unit of the last significant digit, as the claims file reads a figure ("9%":
        1, "40": 10, "2,700": 100, "$8.2 billion": 1e8), in the units of ``value``; a word
        ("doubled", "tenfold", "five") is a whole number: 1."""
        read = parse_figure(self.digits) if self.digits else None
        if read is None or not read:
            return 1.0
        return read.step * abs(self.value / read) if self.value else read.step

    def figure(self, value: float | None = None, step: float | None = None, unit: str = "",
               to_param: float = 1.0, relative: bool = False) -> Claimed:
        """The quantity (or ``value``, a number derived from it with precision ``step``) as
        a claimed figure: written with its precision and hedge (``unit``: ``%``, ``x`` or
        none), so that the claims engine derives the tolerance itself. Where no text is
        read back with that precision, the number (times ``to_param``, the factor from the
        written units to the parameter's) and an explicit tolerance (``relative`` to it,
        or absolute) that says the same."""
        value = self.value if value is None else value
        step = self.step if step is None else step
        hedge = self.hedge_word if self.hedge == "approx" else ""
        text = figure_text(value, step, unit, hedge)
        if text is not None:
            return Claimed(text, None, f"'{text}' is read at its precision: "
                           f"{figure_range(text)}")
        half = step * (1.0 if hedge else 0.5) * to_param
        number = round(value * to_param, 10)
        tol = round(half / abs(number) if relative and number else half, 10)
        return Claimed(number, tol, f"'{self.text}' cannot be written with its precision in "
                       f"the claims file: tolerance {tol:g}" + (" (relative)" if relative
                                                                 else "") + " given")


@dataclass(frozen=True)
class Claimed:
    """A figure for a claims file: the text (or number) to write, the explicit tolerance it
    needs (``None`` when the written precision says it), and the note on how it is read."""

    value: str | float
    tolerance: float | None
    note: str


def _value(text: str) -> tuple[float, float]:
    clean = text.replace(",", "")
    decimals = len(clean.split(".")[1]) if "." in clean else 0
    return float(clean), 0.5 * 10 ** -decimals


def _hedge(sentence: str, at: int) -> str:
    return HEDGES.get(_hedge_word(sentence, at), "")


# the hedge that ends the text before a number; the longest first ("just over", not "over")
_HEDGE_BEFORE = re.compile(r"(?:^|\W)(" + "|".join(
    re.escape(w) for w in sorted(HEDGES, key=len, reverse=True)) + r")\W*(?:the\s+)?$")


def _hedge_word(sentence: str, at: int) -> str:
    before = sentence[max(0, at - 16):at].lower()
    found = _HEDGE_BEFORE.search(before)
    if found:
        return found[1]
    return "~" if before.endswith("~") else ""


def _hedged(word: str, text: str) -> str:
    if not word:
        return text
    return f"{word if word in FIGURE_HEDGES else 'about'} {text}"


def figure_text(value: float, step: float, unit: str = "", hedge: str = "") -> str | None:
    """``value`` written so that the claims file reads it back with precision ``step`` (one
    unit of its last significant digit, in the units of ``value``), after ``hedge``:
    ``figure_text(400, 100, "%")`` is ``"400%"`` (350% to 450%, as "5x" is 4.5x to 5.5x),
    ``figure_text(1.5, 0.1, "x", "around")`` is ``"around 1.5x"``. ``None`` when no plain
    decimal is read back with that step (``1000%`` with a step of 100): the caller then
    gives an explicit tolerance."""
    if not (math.isfinite(value) and step > 0):
        return None
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    text = _hedged(hedge, f"{value:,.{decimals}f}{unit}")
    read = parse_figure(text)
    scale = 0.01 if unit == "%" else 1.0
    if read is None or not math.isclose(read / scale, value, rel_tol=1e-9, abs_tol=1e-12) \
            or not math.isclose(read.step / scale, step, rel_tol=1e-6):
        return None
    return text


def figure_range(text: str) -> str:
    """The range the claims file reads a claimed figure as: ``"-27%"`` -> ``-27.5% to
    -26.5%``, ``"roughly 40"`` -> ``30 to 50``, ``"5x"`` -> ``4.5x to 5.5x``."""
    read = parse_figure(text)
    if read is None:
        return text
    unit = text.strip()[-1] if text.strip()[-1] in "%x" else ""
    scale = 100.0 if unit == "%" else 1.0
    lo, hi = (read - read.half_width) * scale, (read + read.half_width) * scale
    decimals = max(0, -math.floor(math.log10(read.half_width * scale) + 1e-9))
    return f"{lo:,.{decimals}f}{unit} to {hi:,.{decimals}f}{unit}"


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
    return [replace(q, digits=_digits(q), hedge_word=_approx_word(s, q.at))
            for q in sorted(found.items, key=lambda q: q.at)]


def _approx_word(sentence: str, at: int) -> str:
    word = _hedge_word(sentence, at)
    return word if HEDGES.get(word) == "approx" else ""


def _digits(q: Quantity) -> str:
    m = re.search(_NUM, q.text)
    return m[0] if m and not q.text[:1].isalpha() else ""


__all__ = ["Claimed", "Quantity", "figure_range", "figure_text", "find_quantities"]
