"""Claims, their tests and verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal


class Verdict(StrEnum):
    """The graded verdicts; their rules are in :mod:`comove.claims.verdicts`."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    DEPENDS = "depends on convention"
    PARTLY = "partly supported"
    INCONCLUSIVE = "inconclusive"
    UNTESTABLE = "untestable"
    NOT_YET = "not yet measurable"


@dataclass
class Reading:
    """One plausible reading of a claim (close or intraday, a baseline, a window) and what
    the data say under it."""

    reading: str
    measured: str
    verdict: Verdict
    marginal: bool = False
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"reading": self.reading, "measured": self.measured,
                "verdict": self.verdict.value, "marginal": self.marginal}


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
    marginal: bool = False
    readings: list[Reading] = field(default_factory=list)


@dataclass
class Since:
    """What happened from the day a claim was made to the end of the data.

    Attributes
    ----------
    start, end
        The claim's ``made`` date and the last date of data used.
    outcome
        One line: for a forecast whether it came true so far, for a state whether it still
        holds, otherwise the moves of the claim's assets.
    holds
        ``True``/``False`` when the claim's state or forecast can be judged at ``end``,
        ``None`` otherwise.
    numbers
        The moves behind ``outcome`` (per symbol: close at ``start``, at ``end``, return).
    """

    start: date
    end: date
    outcome: str
    holds: bool | None = None
    numbers: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "outcome": self.outcome,
                "holds": self.holds, "numbers": self.numbers}


@dataclass
class TestSpec:
    """One test of a claim: its name and its typed, validated parameters (the test's
    parameter dataclass, see :mod:`comove.claims.checks`)."""

    test: str
    params: Any
    part: str = ""
    pinned: frozenset[str] | None = None
    untestable: str | None = None

    def is_pinned(self, name: str) -> bool:
        """Whether the claim fixed parameter ``name`` (given in the file, or, for parameters
        built in Python, different from its default)."""
        if self.pinned is not None:
            return name in self.pinned
        import dataclasses

        for f in dataclasses.fields(self.params):
            if f.name == name:
                default = (f.default if f.default is not dataclasses.MISSING else
                           f.default_factory() if f.default_factory is not dataclasses.MISSING
                           else None)
                return bool(getattr(self.params, name) != default)
        return False


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
    """Verdict of a claim with several tests (its parts): see
    :func:`comove.claims.verdicts.over_parts`."""
    from comove.claims.verdicts import over_parts

    return over_parts([o.verdict for o in outcomes])
