"""Evaluating claims: each test through the as-of view, errors turned into honest verdicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from comove.claims.checks import CHECKS
from comove.claims.model import Claim, Outcome, Verdict, combine
from comove.claims.result import CheckResult, ClaimResult
from comove.errors import ComoveError

if TYPE_CHECKING:
    from comove.data.source import DataSource


def evaluate(
    claims: list[Claim],
    store: DataSource,
    asof: date | None = None,
    on_claim: Callable[[str], None] | None = None,
) -> list[ClaimResult]:
    """Evaluate every claim using only data up to ``asof``.

    A test that cannot run on the data (a date outside the stored range, a symbol not
    stored, a period without data) is inconclusive with the reason; it never stops the
    other claims.

    Parameters
    ----------
    claims
        Claims from :func:`comove.claims.loader.load_claims`.
    store
        The store, or any :class:`~comove.data.DataSource` (read through an as-of view, so
        each symbol is read once).
    asof
        The last date of data a test may see; claims made after it are not evaluated.
    on_claim
        Called with each claim's id before it is evaluated (progress).
    """
    from comove.data.asof import AsOfView

    view = store if isinstance(store, AsOfView) and asof in (None, store.asof) else AsOfView(
        store, asof)
    asof = view.asof
    results = []
    for claim in claims:
        if on_claim:
            on_claim(claim.id)
        results.append(_evaluate_one(claim, view, asof))
    return results


def _evaluate_one(claim: Claim, view: DataSource, asof: date | None) -> ClaimResult:
    if claim.untestable:
        return ClaimResult(claim, Verdict.UNTESTABLE, [])
    if asof is not None and claim.made is not None and claim.made > asof:
        later = Outcome(Verdict.INCONCLUSIVE,
                        f"not evaluated: made on {claim.made}, after the as-of date {asof}",
                        "", {}, "", [])
        return ClaimResult(claim, Verdict.INCONCLUSIVE, [later] * max(1, len(claim.tests)))
    outcomes = []
    for spec in claim.tests:
        try:
            outcome = CHECKS[spec.test].run(view, spec.params)
        except ComoveError as exc:
            outcome = Outcome(Verdict.INCONCLUSIVE, f"not measurable: {exc.message}",
                              "", {"error": str(exc)}, "", [str(exc)])
        outcomes.append(outcome)
    return ClaimResult(claim, combine(outcomes), outcomes)


def check_claims(
    source: DataSource,
    claims: list[Claim],
    *,
    file: str | None = None,
    asof: date | None = None,
    progress: bool | None = None,
) -> CheckResult:
    """Evaluate ``claims`` on ``source`` and return the verdicts as a :class:`CheckResult`.

    Parameters
    ----------
    progress
        Show a progress bar on stderr; ``None``: only when stderr is a terminal.
    """
    from comove.data.asof import AsOfView

    view = AsOfView(source, asof)
    with _progress_bar(len(claims), progress) as step:
        results = evaluate(claims, view, view.asof, on_claim=step)
    return CheckResult(results, file=file, asof=view.asof)


class _progress_bar:  # noqa: N801  (used as a context manager, like a function)
    """A tqdm bar on stderr while claims are checked (shown only on a terminal)."""

    def __init__(self, total: int, show: bool | None) -> None:
        import sys

        if show is None:
            show = sys.stderr.isatty() and total > 1
        self.bar = None
        if show:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="checking", unit="claim", leave=False,
                            file=sys.stderr)

    def __enter__(self) -> Callable[[str], None]:
        return self.step

    def step(self, label: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(label[:20], refresh=False)
            self.bar.update(1)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


__all__ = ["check_claims", "evaluate"]
