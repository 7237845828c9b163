"""Evaluating claims: each test through the as-of view, errors turned into honest verdicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Literal

from comove.claims.checks import CHECKS
from comove.claims.model import Claim, Outcome, TestSpec, Verdict, combine
from comove.claims.result import CheckResult, ClaimResult
from comove.errors import ComoveError

if TYPE_CHECKING:
    from comove.data.asof import AsOfView
    from comove.data.source import DataSource

Judge = Literal["made", "asof"]


def evaluate(
    claims: list[Claim],
    store: DataSource,
    asof: date | None = None,
    on_claim: Callable[[str], None] | None = None,
    judge: Judge = "made",
) -> list[ClaimResult]:
    """Evaluate every claim: the verdict with data up to the day it was made (or ``asof``,
    if earlier), and what happened since, up to ``asof``.

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
        The last date of data anything may see; claims made after it are not evaluated.
    on_claim
        Called with each claim's id before it is evaluated (progress).
    judge
        ``made``: each claim is judged with the data up to its ``made`` date (the verdict a
        careful reader could have given that day); ``asof``: every claim is judged with
        all the data up to ``asof``.

    Raises
    ------
    ClaimFileError
        A claim built in Python names an unknown test or parameters it does not accept.
    """
    from comove.data.asof import AsOfView

    view = store if isinstance(store, AsOfView) and asof in (None, store.asof) else AsOfView(
        store, asof)
    judged = Judged(view, judge)
    results = []
    for claim in prepared(claims):
        if on_claim:
            on_claim(claim.id)
        results.append(judged.one(claim))
    return results


class Judged:
    """Evaluates claims on one as-of view: one nested view per ``made`` date, sharing the
    outer view's reads (each symbol is read from the store once)."""

    def __init__(self, view: AsOfView, judge: Judge = "made") -> None:
        self.view = view
        self.judge = judge
        self._views: dict[date, AsOfView] = {}
        self._end: date | None = None

    def data_end(self) -> date | None:
        """The view's date, or the last stored date when the view shows everything."""
        if self.view.asof is not None:
            return self.view.asof
        if self._end is None:
            last = self.view.last_dates()
            self._end = max(last.values()) if last else None
        return self._end

    def view_at(self, day: date | None) -> AsOfView:
        from comove.data.asof import AsOfView

        if day is None or self.judge == "asof" or (self.view.asof is not None and
                                                   day >= self.view.asof):
            return self.view
        if day not in self._views:
            self._views[day] = AsOfView(self.view, day)
        return self._views[day]

    def one(self, claim: Claim) -> ClaimResult:
        from comove.claims.since import since

        asof = self.view.asof
        if claim.untestable:
            return ClaimResult(claim, Verdict.UNTESTABLE, [], as_of=None)
        if asof is not None and claim.made is not None and claim.made > asof:
            later = Outcome(Verdict.INCONCLUSIVE,
                            f"not evaluated: made on {claim.made}, after the as-of date {asof}",
                            "", {}, "", [])
            return ClaimResult(claim, Verdict.INCONCLUSIVE,
                               [later] * max(1, len(claim.tests)), as_of=asof)
        view = self.view_at(claim.made)
        outcomes = [run_spec(spec, view) for spec in claim.tests]
        result = ClaimResult(claim, combine(outcomes), outcomes,
                             as_of=view.asof if view is not self.view else self.data_end())
        if claim.made is not None and (asof is None or claim.made < asof):
            result.since = since(self.view, claim)
        return result


def run_spec(spec: TestSpec, view: DataSource) -> Outcome:
    """One test of a claim under every reading the claim leaves open."""
    import dataclasses
    import itertools

    from comove.claims.model import Reading
    from comove.claims.verdicts import over_readings

    if spec.untestable is not None:
        return Outcome(Verdict.UNTESTABLE, spec.untestable, "", {}, "", [])
    check = CHECKS[spec.test]
    open_ = {name: values for name, values in check.readings.items()
             if not spec.is_pinned(name) and check.applies.get(name, _always)(spec.params)}
    cut = _not_yet(check.window(spec.params) if check.window else None, view)
    if cut is not None:
        return cut
    if not open_:
        return _run(spec.test, spec.params, view)
    combos = list(itertools.product(*[[(name, value, label) for value, label in values]
                                      for name, values in open_.items()]))
    readings, outcomes = [], []
    for combo in combos:
        params = dataclasses.replace(spec.params, **{name: value for name, value, _ in combo})
        outcome = _run(spec.test, params, view)
        outcomes.append(outcome)
        readings.append(Reading(", ".join(label for _, _, label in combo), outcome.measured,
                                outcome.verdict, outcome.marginal, outcome.evidence))
    main = outcomes[0]
    main.readings = readings
    main.verdict = over_readings(r.verdict for r in readings)
    main.marginal = main.marginal and all(r.marginal or r.verdict is main.verdict
                                          for r in readings)
    if main.verdict is Verdict.DEPENDS:
        backers = [r.reading for r in readings if r.verdict is Verdict.SUPPORTED]
        main.notes = [*main.notes, "supported on: " + (", ".join(backers) or "no reading")]
    return main


def _always(params: object) -> bool:
    return True


def _run(test: str, params: object, view: DataSource) -> Outcome:
    try:
        return CHECKS[test].run(view, params)
    except ComoveError as exc:
        return Outcome(Verdict.INCONCLUSIVE, f"not measurable: {exc.message}", "",
                       {"error": str(exc)}, "", [str(exc)])


def _not_yet(needed: date | None, view: DataSource) -> Outcome | None:
    """A "not yet measurable" outcome when the test's window ends after the view's date."""
    asof = view.asof
    if needed is None or asof is None or needed <= asof:
        return None
    return Outcome(Verdict.NOT_YET, f"not yet measurable: the window runs to {needed}, the "
                   f"data to {asof}", "", {"window_end": needed, "asof": asof}, "", [])


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

    from comove.claims.params import ClaimFileError, decode
    from comove.claims.text import shown

    out = []
    for claim in claims:
        specs = []
        for spec in claim.tests:
            where = f"claim {shown(claim.id, 40)}"
            if spec.untestable is not None:
                specs.append(spec)
                continue
            if spec.test not in CHECKS:
                raise ClaimFileError(f"{where}, test: unknown test '{shown(spec.test)}'",
                                     f"known tests: {', '.join(sorted(CHECKS))}")
            kind = CHECKS[spec.test].params
            params = spec.params
            pinned = spec.pinned
            if params is None or isinstance(params, dict):
                pinned = frozenset(params or ()) if pinned is None else pinned
                params = decode(kind, params, f"{where}, params", f"test {spec.test}")
            elif not isinstance(params, kind):
                raise ClaimFileError(f"{where}, params: a {type(params).__name__} is not the "
                                     f"parameters of test {spec.test}",
                                     f"give a mapping or a {kind.__name__}")
            specs.append(TestSpec(spec.test, params, spec.part, pinned))
        out.append(dataclasses.replace(claim, tests=specs))
    return out


def check_claims(
    source: DataSource,
    claims: list[Claim],
    *,
    file: str | None = None,
    asof: date | None = None,
    progress: bool = True,
    judge: Judge = "made",
) -> CheckResult:
    """Evaluate ``claims`` on ``source`` and return the verdicts as a :class:`CheckResult`.

    Parameters
    ----------
    source
        The store or a view of it; one as-of view on top reads each symbol once.
    file
        The claims file, as given (kept in the result).
    asof
        The last date of data anything may see (also cut by ``source.asof``); the *since*
        section of each claim runs to it.
    progress
        Draw a progress bar on stderr when it is a terminal (:mod:`comove.progress`).
    judge
        ``made`` (default): each verdict uses the data up to the claim's ``made`` date;
        ``asof``: every verdict uses all the data up to ``asof``.
    """
    from comove.data.asof import AsOfView
    from comove.progress import progress as bar

    view = AsOfView(source, asof)
    ticks = bar(claims, total=len(claims), desc="checking") if progress else iter(claims)

    def tick(_: str) -> None:
        next(ticks)

    results = evaluate(claims, view, on_claim=tick, judge=judge)
    for _ in ticks:  # spent, the bar counts the last claim and clears
        pass
    return CheckResult(results, file=file, asof=view.asof, judge=judge)


__all__ = ["Judged", "check_claims", "evaluate", "run_spec"]
