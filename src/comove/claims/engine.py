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

    Raises
    ------
    ClaimFileError
        A claim built in Python names an unknown test or parameters it does not accept.
    """
    from comove.data.asof import AsOfView

    view = store if isinstance(store, AsOfView) and asof in (None, store.asof) else AsOfView(
        store, asof)
    asof = view.asof
    results = []
    for claim in prepared(claims):
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


def prepared(claims: list[Claim]) -> list[Claim]:
    """``claims`` with every test's parameters as its typed dataclass.

    Claims built in Python may give parameters as a plain mapping (as in the file); they are
    decoded and checked here, before anything is evaluated.

    Raises
    ------
    ClaimFileError
        An unknown test, or parameters that the test does not accept.
    """
    import dataclasses

    from comove.claims.model import TestSpec
    from comove.claims.params import ClaimFileError, decode
    from comove.claims.text import shown

    out = []
    for claim in claims:
        specs = []
        for spec in claim.tests:
            where = f"claim {shown(claim.id, 40)}"
            if spec.test not in CHECKS:
                raise ClaimFileError(f"{where}, test: unknown test '{shown(spec.test)}'",
                                     f"known tests: {', '.join(sorted(CHECKS))}")
            kind = CHECKS[spec.test].params
            params = spec.params
            if params is None or isinstance(params, dict):
                params = decode(kind, params, f"{where}, params", f"test {spec.test}")
            elif not isinstance(params, kind):
                raise ClaimFileError(f"{where}, params: a {type(params).__name__} is not the "
                                     f"parameters of test {spec.test}",
                                     f"give a mapping or a {kind.__name__}")
            specs.append(TestSpec(spec.test, params))
        out.append(dataclasses.replace(claim, tests=specs))
    return out


def check_claims(
    source: DataSource,
    claims: list[Claim],
    *,
    file: str | None = None,
    asof: date | None = None,
    progress: bool = True,
) -> CheckResult:
    """Evaluate ``claims`` on ``source`` and return the verdicts as a :class:`CheckResult`.

    Parameters
    ----------
    source
        The store or a view of it; one as-of view on top reads each symbol once.
    file
        The claims file, as given (kept in the result).
    asof
        The last date of data a test may see (also cut by ``source.asof``).
    progress
        Draw a progress bar on stderr when it is a terminal (:mod:`comove.progress`).
    """
    from comove.data.asof import AsOfView
    from comove.progress import progress as bar

    claims = prepared(claims)
    view = AsOfView(source, asof)
    items = bar(claims, total=len(claims), desc="checking") if progress else claims
    results = [_evaluate_one(claim, view, view.asof) for claim in items]
    return CheckResult(results, file=file, asof=view.asof)


__all__ = ["check_claims", "evaluate"]
