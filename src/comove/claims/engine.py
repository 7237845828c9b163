"""Evaluating claims: each test through the as-of view, errors turned into honest verdicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from comove.data.asof import AsOfView as AsOfStore
from comove.claims.checks import CHECKS
from comove.claims.model import Claim, Outcome, Verdict, combine
from comove.errors import ComoveError

if TYPE_CHECKING:
    from comove.store import Store


@dataclass
class ClaimResult:
    claim: Claim
    verdict: Verdict
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def measured(self) -> str:
        return " | ".join(o.measured for o in self.outcomes)

    @property
    def claimed(self) -> str:
        return " | ".join(o.claimed for o in self.outcomes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.claim.id,
            "text": self.claim.text,
            "source": self.claim.source,
            "made": self.claim.made,
            "verdict": self.verdict.value,
            "measured": self.measured,
            "claimed": self.claimed,
            "untestable_reason": self.claim.untestable,
            "tests": [
                {"test": spec.test, "verdict": o.verdict.value, "measured": o.measured,
                 "claimed": o.claimed, "evidence": o.evidence, "conventions": o.conventions,
                 "notes": o.notes}
                for spec, o in zip(self.claim.tests, self.outcomes, strict=True)
            ],
            "note": self.claim.note,
        }


def evaluate(
    claims: list[Claim],
    store: Store,
    asof: date | None = None,
    on_claim: Callable[[str], None] | None = None,
) -> list[ClaimResult]:
    """Evaluate every claim using only data up to ``asof``.

    A test that cannot run on the data (a date outside the stored range, a symbol not
    stored) is inconclusive with the reason; it never stops the other claims.
    """
    view = AsOfStore(store, asof)
    results = []
    for claim in claims:
        if on_claim:
            on_claim(claim.id)
        if claim.untestable:
            results.append(ClaimResult(claim, Verdict.UNTESTABLE, []))
            continue
        if asof is not None and claim.made is not None and claim.made > asof:
            later = Outcome(Verdict.INCONCLUSIVE,
                            f"not evaluated: made on {claim.made}, after the as-of date {asof}",
                            "", {}, "", [])
            results.append(ClaimResult(claim, Verdict.INCONCLUSIVE,
                                       [later] * max(1, len(claim.tests))))
            continue
        outcomes = []
        for spec in claim.tests:
            try:
                outcome = CHECKS[spec.test].run(view, spec.params)
            except ComoveError as exc:
                outcome = Outcome(Verdict.INCONCLUSIVE, f"not measurable: {exc.message}",
                                  "", {"error": str(exc)}, "", [str(exc)])
            outcomes.append(outcome)
        results.append(ClaimResult(claim, combine(outcomes), outcomes))
    return results
