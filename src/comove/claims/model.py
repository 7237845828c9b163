"""Claims, their tests and verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal


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
    """One test of a claim: its name and its typed, validated parameters (the test's
    parameter dataclass, see :mod:`comove.claims.checks`)."""

    test: str
    params: Any


@dataclass(frozen=True)
class SourceSpan:
    """Where a drafted claim comes from: character offsets into an article."""

    start: int
    end: int
    article: str | None = None

    def validate(self) -> None:
        from comove.errors import UsageError

        if self.start < 0:
            raise UsageError(f"start {self.start} is negative", "offsets count from 0",
                             param="start")
        if self.end < self.start:
            raise UsageError(f"end {self.end} is before start {self.start}", "swap them",
                             param="end")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.article is not None:
            out["article"] = self.article
        return out


@dataclass
class Claim:
    """A claim from the claims file.

    Attributes
    ----------
    source
        Where it comes from: a text (``"A"``), or a :class:`SourceSpan` into an article.
    status
        ``draft`` (drafted by a machine, not yet read by a person) or ``reviewed``; ``None``
        when the file does not say.
    confidence
        The drafter's confidence, 0 to 1, if given.
    """

    id: str
    text: str
    source: str | SourceSpan = ""
    made: date | None = None
    tests: list[TestSpec] = field(default_factory=list)
    untestable: str | None = None
    note: str = ""
    status: Literal["draft", "reviewed"] | None = None
    confidence: float | None = None


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
