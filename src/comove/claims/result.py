"""The verdicts of a claims file: per claim, and as one result object."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from comove.claims.model import Claim, Outcome, Since, SourceSpan, Verdict
from comove.results.base import Result

if TYPE_CHECKING:
    import pandas as pd

@dataclass
class ClaimResult:
    """One claim's verdict and the outcome of each of its tests (its parts).

    Attributes
    ----------
    as_of
        The last date of data the verdict used (the claim's ``made`` date by default).
    since
        What happened from ``made`` to the end of the data, if the claim is dated.
    """

    claim: Claim
    verdict: Verdict
    outcomes: list[Outcome] = field(default_factory=list)
    as_of: date | None = None
    since: Since | None = None

    @property
    def measured(self) -> str:
        return " | ".join(o.measured for o in self.outcomes)

    @property
    def claimed(self) -> str:
        return " | ".join(o.claimed for o in self.outcomes if o.claimed)

    @property
    def marginal(self) -> bool:
        """Whether the verdict rests on a measurement within a hair of its threshold."""
        return any(o.marginal and o.verdict is self.verdict for o in self.outcomes)

    @property
    def shown_verdict(self) -> str:
        return self.verdict.value + (" (marginal)" if self.marginal else "")

    def readings(self) -> list[dict[str, Any]]:
        """Every reading of every part: part, reading, measured, verdict."""
        out = []
        for spec, o in zip(self.claim.tests, self.outcomes, strict=True):
            for r in o.readings:
                out.append({"part": spec.part or spec.test, **r.as_dict()})
        return out

    def disagreeing(self) -> str:
        """The readings of the parts whose readings disagree, as one short text."""
        texts = []
        for spec, o in zip(self.claim.tests, self.outcomes, strict=True):
            if len({r.verdict for r in o.readings}) > 1:
                texts.append((f"{spec.part}: " if spec.part else "") + "; ".join(
                    f"{r.reading}: {r.verdict.value}" for r in o.readings))
        return " | ".join(texts)

    def parts(self) -> list[tuple[str, Outcome]]:
        """(part, outcome) for a claim of several parts."""
        return [(spec.part or spec.test, o)
                for spec, o in zip(self.claim.tests, self.outcomes, strict=True)]

    def as_dict(self) -> dict[str, Any]:
        """The claim's JSON: fields of the claim, verdict, readings, as_of, since, and each
        test's (part's) evidence.

        ``status`` and ``confidence`` appear when the file gives them (drafted claims).
        """
        c = self.claim
        out: dict[str, Any] = {
            "id": c.id,
            "text": c.text,
            "source": c.source.as_dict() if isinstance(c.source, SourceSpan) else c.source,
            "made": c.made,
            "verdict": self.verdict.value,
            "marginal": self.marginal,
            "as_of": self.as_of,
            "measured": self.measured,
            "claimed": self.claimed,
            "readings": self.readings(),
            "since": self.since.as_dict() if self.since else None,
            "untestable_reason": c.untestable,
            "tests": [
                {"test": spec.test, "part": spec.part, "verdict": o.verdict.value,
                 "marginal": o.marginal, "measured": o.measured, "claimed": o.claimed,
                 "readings": [r.as_dict() for r in o.readings], "evidence": o.evidence,
                 "conventions": o.conventions, "notes": o.notes}
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
        The last date of data used (``None``: everything stored); the *since* sections run
        to it.
    judge
        ``made``: each verdict uses the data up to its claim's ``made`` date; ``asof``: all
        the data up to ``asof``.
    """

    claims: list[ClaimResult]
    file: str | None = None
    asof: date | None = None
    judge: str = "made"

    def counts(self) -> dict[str, int]:
        """How many claims got each verdict, in order of first appearance."""
        counts: dict[str, int] = {}
        for r in self.claims:
            counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
        return counts

    def summary(self) -> str:
        lines = []
        for r in self.claims:
            lines.append(f"{r.claim.id:<4} {r.shown_verdict.upper():<13} {r.claim.text}")
            if r.claim.untestable:
                lines.append(f"     why: {r.claim.untestable}")
                continue
            if r.as_of is not None:
                lines.append(f"     as of: {r.as_of}")
            several = len(r.outcomes) > 1
            for part, o in r.parts():
                head = f"     [{part}: {o.verdict.value}] " if several else "     "
                lines.append(f"{head}measured: {o.measured}")
                if o.claimed:
                    lines.append(f"     claimed:  {o.claimed}")
                lines.extend(f"       reading {x.reading}: {x.verdict.value}"
                             f"{' (marginal)' if x.marginal else ''}: {x.measured}"
                             for x in o.readings)
                if o.conventions:
                    lines.append(f"     convention: {o.conventions}")
                lines.extend(f"     - {note}" for note in o.notes)
            if r.since is not None:
                lines.append(f"     since {r.since.start} (to {r.since.end}): "
                             f"{r.since.outcome}")
            if r.claim.note:
                lines.append(f"     note: {r.claim.note}")
        total = ", ".join(f"{n} {v}" for v, n in self.counts().items())
        verdicts = ("Verdicts with the data up to the day each claim was made."
                    if self.judge == "made" else "Verdicts with all the data.")
        return "\n".join(lines) + f"\n\n{verdicts}\n" + total + (
            f" (data up to {self.asof})" if self.asof else "")

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "asof": self.asof,
                "claims": [r.as_dict() for r in self.claims]}

    def to_frame(self) -> pd.DataFrame:
        """One row per claim: id, verdict, measured, claimed, as_of, the readings that
        disagree and since."""
        import pandas as pd

        return pd.DataFrame(
            [{"id": r.claim.id, "verdict": r.verdict.value,
              "measured": r.claim.untestable or r.measured, "claimed": r.claimed,
              "as_of": r.as_of, "readings": r.disagreeing(),
              "since": r.since.outcome if r.since else ""} for r in self.claims],
            columns=["id", "verdict", "measured", "claimed", "as_of", "readings", "since"])

    def markdown(self) -> str:
        """The verdict table as Markdown (as in the README and the brief): the as-made
        verdict, the readings that disagree, and what happened since."""

        def cell(text: str) -> str:
            return str(text).replace("|", "\\|").replace("\n", " ")

        lines = ["| id | verdict (as made) | claim | measured | claimed | readings that "
                 "disagree | since |", "|---|---|---|---|---|---|---|"]
        for r in self.claims:
            measured = r.claim.untestable if r.claim.untestable else r.measured
            if len(r.outcomes) > 1:
                measured = " | ".join(f"*{part}* ({o.verdict.value}): {o.measured}"
                                      for part, o in r.parts())
            since = (f"to {r.since.end}: {r.since.outcome}" if r.since else "")
            lines.append(f"| {r.claim.id} | **{r.shown_verdict}** | {cell(r.claim.text)} | "
                         f"{cell(measured)} | {cell(r.claimed)} | {cell(r.disagreeing())} | "
                         f"{cell(since)} |")
        when = ("Verdicts as made: with the data up to the day each claim was made; since: "
                "from that day to the end of the data." if self.judge == "made" else
                "Verdicts with all the data.")
        lines.append(f"\n{when}" + (f" Data up to {self.asof}." if self.asof else ""))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(r.claim.id)}</td><td><b>{r.shown_verdict}</b></td>"
            f"<td>{html.escape(r.claim.text)}</td>"
            f"<td>{html.escape(r.claim.untestable or r.measured)}</td>"
            f"<td>{html.escape(r.claimed)}</td></tr>" for r in self.claims)
        cut = f"<p>Data up to {self.asof}.</p>" if self.asof else ""
        return ('<div class="comove-result"><table><thead><tr><th>id</th><th>verdict</th>'
                "<th>claim</th><th>measured</th><th>claimed</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>{cut}</div>")


__all__ = ["CheckResult", "ClaimResult"]
