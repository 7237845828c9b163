"""Claims, verdicts and the parameter declarations that the claims file is checked against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    INCONCLUSIVE = "inconclusive"
    UNTESTABLE = "untestable"


@dataclass
class Outcome:
    """What one test found.

    Attributes
    ----------
    verdict
        The verdict of this test.
    measured, claimed
        The measured value next to the claimed one, as short text.
    evidence
        Numbers behind the verdict (n, intervals, p-values, dates).
    conventions
        How the numbers were produced (close or intraday, calendar policy, tolerance).
    """

    verdict: Verdict
    measured: str
    claimed: str
    evidence: dict[str, Any] = field(default_factory=dict)
    conventions: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class TestSpec:
    """One test of a claim: its type and validated parameters."""

    test: str
    params: dict[str, Any]


@dataclass
class Claim:
    """A claim from the claims file."""

    id: str
    text: str
    source: str = ""
    made: date | None = None
    tests: list[TestSpec] = field(default_factory=list)
    untestable: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Param:
    """A declared parameter of a test.

    ``kind``: symbol, symbols, series (symbol or ratio A/B), date, dates, number, numbers,
    int, ints, text, bool, period, periods, choice, mapping.
    """

    kind: str
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()
    help: str = ""


def combine(outcomes: list[Outcome]) -> Verdict:
    """Verdict of a claim with several tests: contradicted if any test contradicts it,
    supported if all support it, inconclusive otherwise."""
    verdicts = [o.verdict for o in outcomes]
    if Verdict.CONTRADICTED in verdicts:
        return Verdict.CONTRADICTED
    if verdicts and all(v is Verdict.SUPPORTED for v in verdicts):
        return Verdict.SUPPORTED
    if verdicts and all(v is Verdict.UNTESTABLE for v in verdicts):
        return Verdict.UNTESTABLE
    return Verdict.INCONCLUSIVE
