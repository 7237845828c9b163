"""The verdict rules: over the readings of a test, over the parts of a claim, tolerances from
a claim's own precision, and when a verdict is marginal.

Readings are the plausible ways to read a claim that does not fix them (a close or an
intraday high, a 30- or 365-day volume baseline, "recently" as 90 or 365 days). Parts are
the separate assertions of one claim (its ``tests``). Absence of evidence is never
"contradicted": a test says contradicted only when the data show the opposite.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from comove.claims.model import Verdict

S, C, D, P = Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.DEPENDS, Verdict.PARTLY
Q, U, N = Verdict.INCONCLUSIVE, Verdict.UNTESTABLE, Verdict.NOT_YET
MAX_FIGURE_TEXT = 60  # "approximately -1,234,567.89%" and the like fit
MARGIN = 0.01  # a measured value within 1% (relative) of the threshold it is judged against
HEDGES = ("about", "around", "roughly", "approximately", "nearly", "almost", "some", "~",
          "circa", "near")

RULES = {
    S: "every reading supports the claim (and every part of it holds)",
    C: "the data show the opposite of the claim under every reading",
    D: "the readings disagree: the claim holds under some conventions and not others (the "
       "supporting readings are named)",
    P: "a claim with several parts: some hold, others fail or cannot be judged (each part "
       "is shown)",
    Q: "the data cannot tell: an interval straddles the claim, too few events, or data "
       "missing (the reason is given); absence of evidence lands here, never in contradicted",
    U: "the claim is not about prices, or is a statement of logic that no data can support",
    N: "the window the claim speaks about is not finished at the evaluation date",
}


def over_readings(verdicts: Iterable[Verdict]) -> Verdict:
    """The verdict of one test over its readings.

    All readings agree: their verdict. Some support and some do not: depends on convention.
    None supports: inconclusive if any is, contradicted if every one contradicts. Readings
    whose window is not finished count only when no other reading can be judged.
    """
    found = list(verdicts)
    judged = [v for v in found if v is not N] or found
    if not judged:
        return Q
    if len(set(judged)) == 1:
        return judged[0]
    if S in judged or D in judged:
        return D
    if P in judged:
        return P
    if Q in judged or U in judged:
        return Q
    return C


def over_parts(verdicts: Iterable[Verdict]) -> Verdict:
    """The verdict of a claim over its parts.

    Untestable parts are shown but do not count (unless every part is untestable). All the
    others agree: their verdict. Some hold and some fail or cannot be judged: partly
    supported, except that parts which all hold or depend on convention give depends on
    convention. None holds: contradicted if any fails, else depends on convention if any
    does, else inconclusive.
    """
    found = list(verdicts)
    judged = [v for v in found if v is not U]
    if not judged:
        return U if found else Q
    if len(set(judged)) == 1:
        return judged[0]
    if set(judged) <= {S, D}:
        return D
    if S in judged or P in judged:
        return P
    if C in judged:
        return C
    if D in judged:
        return D
    return Q


def is_marginal(value: float, edge: float, rel: float = MARGIN) -> bool:
    """Whether ``value`` is within ``rel`` (relative to ``edge``) of the threshold ``edge``."""
    if not (math.isfinite(value) and math.isfinite(edge)):
        return False
    scale = abs(edge) if edge else 1.0
    return abs(value - edge) <= rel * scale


# -- a claimed figure and its precision ---------------------------------------------------

_FIGURE = re.compile(r"^\s*(?P<hedge>(?:[a-z]+\s+|~\s*)*)(?P<sign>[+-]?)\s*\$?\s*"
                     r"(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<unit>%|x|k)?\s*$", re.I)


class Figure(float):
    """A number as a claim wrote it: its value, the text it came from, and whether it was
    hedged ("about 40"). ``step`` is one unit of its last significant digit: 0.01 for
    ``9%`` or ``0.09``, 10 for ``40``, 100 for ``2,700``, and 10,000 for ``100,000`` (a
    lone significant 1 is read to the next digit)."""

    text: str
    hedged: bool
    step: float

    def __new__(cls, value: float, text: str | None = None, hedged: bool = False,
                step: float | None = None) -> Figure:
        out = super().__new__(cls, value)
        out.text = text if text is not None else _shortest(float(value))
        out.hedged = hedged
        out.step = step if step is not None else _step(out.text.lstrip("+-"), 1.0)
        return out

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Figure, (float(self), self.text, self.hedged, self.step))

    @property
    def half_width(self) -> float:
        """The tolerance the figure implies: half a unit of its last digit, a whole unit
        when hedged but at most a quarter of the figure (``9%`` is 8.5% to 9.5%; ``about
        40`` is 30 to 50; ``about 20,000`` is 15,000 to 25,000)."""
        if not self.hedged:
            return self.step / 2
        return min(self.step, 0.25 * abs(float(self))) if float(self) else self.step


def _shortest(value: float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _step(digits: str, scale: float) -> float:
    """One unit of the last significant digit of ``digits`` (a plain decimal), times
    ``scale``; trailing zeros of a whole number are not significant."""
    digits = digits.replace(",", "")
    if "e" in digits.lower():
        mantissa, _, exp = digits.lower().partition("e")
        return _step(mantissa, scale * 10.0 ** int(exp))
    if "." in digits:
        return scale * 10.0 ** -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    if stripped == "1" and zeros:
        # "100,000" or "10%" rounded to its one significant digit would span 50,000 to
        # 150,000 or 5% to 15%; such round figures are read to the next digit instead.
        zeros -= 1
    return scale * 10.0 ** zeros


def parse_figure(text: str) -> Figure | None:
    """A :class:`Figure` from text such as ``9%``, ``about 40``, ``-27%``, ``$60,000``,
    ``1.5x`` or ``roughly 2,700``; ``None`` if the text is not one."""
    if len(text) > MAX_FIGURE_TEXT:
        return None
    m = _FIGURE.match(text)
    if not m:
        return None
    words = m["hedge"].lower().split()
    if any(w not in HEDGES for w in words):
        return None
    scale = {"%": 0.01, "k": 1000.0}.get((m["unit"] or "").lower(), 1.0)
    number = float(m["num"].replace(",", "")) * scale
    value = -number if m["sign"] == "-" else number
    return Figure(value, text.strip(), hedged=bool(words), step=_step(m["num"], scale))


def figure(value: float) -> Figure:
    """``value`` as a Figure (a plain float gets the precision of its shortest repr)."""
    return value if isinstance(value, Figure) else Figure(float(value))


def tolerance(claimed: float, explicit: float | None, relative: bool = False) -> float:
    """The explicit tolerance if the claim gives one, else the figure's own precision
    (relative to the figure when ``relative``)."""
    if explicit is not None:
        return float(explicit)
    width = figure(claimed).half_width
    return width / abs(float(claimed)) if relative and claimed else width


def stated_range(low: float, high: float) -> tuple[float, float]:
    """The bounds a stated range ("20-30%", "$55,000 to $60,000") is judged against.

    A range already says how uncertain the claim is, so its ends are read as rounded, not
    hedged: both ends share the finer precision of the two (55,000-60,000 is written to the
    thousand), and a range only one unit of that precision wide is read to the next digit,
    as a lone significant 1 is (rounding the ends of 20-30% to the ten would double the
    range the claim states). Each end is widened by half that unit; an end the claim hedged
    ("about") by a whole unit, at most a quarter of the figure. Equal ends are one figure,
    read by its precision.

    Returns
    -------
    lo, hi
        ``20-30%`` gives 19.5% and 30.5%, ``20-25%`` 19.5% and 25.5%, ``55,000-60,000``
        54,500 and 60,500, ``20-40%`` 15% and 45%.
    """
    a, b = figure(low), figure(high)
    step = min(a.step, b.step)
    if 0 < abs(float(b) - float(a)) <= step * (1 + 1e-9):
        step /= 10
    return (float(a) - Figure(float(a), a.text, a.hedged, step).half_width,
            float(b) + Figure(float(b), b.text, b.hedged, step).half_width)


def described(claimed: float, tol: float, relative: bool = False, percent: bool = False
              ) -> str:
    """``about 40 (30 to 50)``: the claim with the range it is judged against."""
    c = float(claimed)
    width = tol * abs(c) if relative else tol
    lo, hi = c - width, c + width
    if percent:
        return f"{c:+.1%} ({lo:+.1%} to {hi:+.1%})"
    return f"{c:,g} ({lo:,.4g} to {hi:,.4g})"


__all__ = ["RULES", "Figure", "described", "figure", "is_marginal", "over_parts",
           "over_readings", "parse_figure", "stated_range", "tolerance"]
