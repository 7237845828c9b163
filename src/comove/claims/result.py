"""The verdicts of a claims file: per claim, and as one result object."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from comove.claims.model import Claim, Outcome, SourceSpan, Verdict
from comove.results.base import Result

if TYPE_CHECKING:
    import pandas as pd

@dataclass
class ClaimResult:
    """One claim's verdict and the outcome of each of its tests."""

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
        """The claim's JSON: fields of the claim, verdict, and each test's evidence.

        ``status`` and ``confidence`` appear when the file gives them (drafted claims).
        """
        c = self.claim
        out: dict[str, Any] = {
            "id": c.id,
            "text": c.text,
            "source": c.source.as_dict() if isinstance(c.source, SourceSpan) else c.source,
            "made": c.made,
            "verdict": self.verdict.value,
            "measured": self.measured,
            "claimed": self.claimed,
            "untestable_reason": c.untestable,
            "tests": [
                {"test": spec.test, "verdict": o.verdict.value, "measured": o.measured,
                 "claimed": o.claimed, "evidence": o.evidence, "conventions": o.conventions,
                 "notes": o.notes}
                for spec, o in zip(c.tests, self.outcomes, strict=True)
            ],
            "note": c.note,
        }
        if c.status is not None:
            out["status"] = c.status
        if c.confidence is not None:
            out["confidence"] = c.confidence
        return out


@dataclass
class CheckResult(Result):
    """The verdicts of a set of claims, evaluated with data up to ``asof``.

    Attributes
    ----------
    claims
        One :class:`ClaimResult` per claim, in the order of the file.
    file
        The claims file, as given (``None`` for claims passed as objects).
    asof
        The last date of data used (``None``: everything stored).
    """

    claims: list[ClaimResult]
    file: str | None = None
    asof: date | None = None

    def counts(self) -> dict[str, int]:
        """How many claims got each verdict, in order of first appearance."""
        counts: dict[str, int] = {}
        for r in self.claims:
            counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
        return counts

    def summary(self) -> str:
        lines = []
        for r in self.claims:
            lines.append(f"{r.claim.id:<4} {r.verdict.value.upper():<13} {r.claim.text}")
            if r.claim.untestable:
                lines.append(f"     why: {r.claim.untestable}")
                continue
            lines.append(f"     measured: {r.measured}")
            lines.append(f"     claimed:  {r.claimed}")
            for o in r.outcomes:
                if o.conventions:
                    lines.append(f"     convention: {o.conventions}")
                lines.extend(f"     - {note}" for note in o.notes)
            if r.claim.note:
                lines.append(f"     note: {r.claim.note}")
        total = ", ".join(f"{n} {v}" for v, n in self.counts().items())
        return "\n".join(lines) + "\n\n" + total + (
            f" (data up to {self.asof})" if self.asof else "")

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "asof": self.asof,
                "claims": [r.as_dict() for r in self.claims]}

    def to_frame(self) -> pd.DataFrame:
        """One row per claim: id, verdict, measured and claimed."""
        import pandas as pd

        return pd.DataFrame(
            [{"id": r.claim.id, "verdict": r.verdict.value,
              "measured": r.claim.untestable or r.measured, "claimed": r.claimed}
             for r in self.claims], columns=["id", "verdict", "measured", "claimed"])

    def markdown(self) -> str:
        """The verdict table as Markdown (as in the README and the brief)."""

        def cell(text: str) -> str:
            return str(text).replace("|", "\\|").replace("\n", " ")

        lines = ["| id | verdict | claim | measured | claimed |", "|---|---|---|---|---|"]
        for r in self.claims:
            measured = r.claim.untestable if r.claim.untestable else r.measured
            lines.append(f"| {r.claim.id} | **{r.verdict.value}** | {cell(r.claim.text)} | "
                         f"{cell(measured)} | {cell(r.claimed)} |")
        if self.asof:
            lines.append(f"\nData up to {self.asof}.")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(r.claim.id)}</td><td><b>{r.verdict.value}</b></td>"
            f"<td>{html.escape(r.claim.text)}</td>"
            f"<td>{html.escape(r.claim.untestable or r.measured)}</td>"
            f"<td>{html.escape(r.claimed)}</td></tr>" for r in self.claims)
        cut = f"<p>Data up to {self.asof}.</p>" if self.asof else ""
        return ('<div class="comove-result"><table><thead><tr><th>id</th><th>verdict</th>'
                "<th>claim</th><th>measured</th><th>claimed</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>{cut}</div>")


__all__ = ["CheckResult", "ClaimResult"]
