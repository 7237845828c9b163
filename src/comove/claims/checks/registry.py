"""The registry of claim tests: name, parameter dataclass, run function and summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from datetime import date

    from comove.claims.model import Outcome, Since
    from comove.data.source import DataSource

Readings = dict[str, tuple[tuple[Any, str], ...]]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Check:
    """A test a claim can name.

    Attributes
    ----------
    name
        The name used in the claims file (``test: record_count``).
    params
        The parameter dataclass; the loader decodes ``params:`` into it.
    run
        ``run(source, params) -> Outcome``: the analysis call and the verdict rule.
    summary
        One line for the docs.
    readings
        The plausible readings of a claim where it does not fix them: parameter name ->
        ``((value, label), ...)``, the first being the default. Every combination of the
        parameters the claim does not give is evaluated and reported.
    window
        ``window(params)``: the last date the test's window needs; before it has passed the
        verdict is "not yet measurable".
    since
        ``since(source, params, made, end)``: what happened from ``made`` to ``end`` for a
        state or a forecast (``None``: the claim's assets' moves only).
    applies
        Parameter name -> ``applies(params)``: whether that reading matters for these
        parameters (the window's length does not when the claim gives its start).
    """

    name: str
    params: type
    run: Callable[[DataSource, Any], Outcome]
    summary: str
    readings: Readings = field(default_factory=dict)
    window: Callable[[Any], date | None] | None = None
    since: Callable[[DataSource, Any, date, date], Since | None] | None = None
    applies: dict[str, Callable[[Any], bool]] = field(default_factory=dict)


CHECKS: dict[str, Check] = {}


def check(name: str, summary: str, params: type, readings: Readings | None = None,
          window: Callable[[Any], date | None] | None = None,
          applies: dict[str, Callable[[Any], bool]] | None = None) -> Callable[[F], F]:
    """Register the decorated function as test ``name`` with its parameter dataclass, its
    readings and the end of its window (see :class:`Check`)."""

    def register(fn: F) -> F:
        CHECKS[name] = Check(name, params, fn, summary, dict(readings or {}), window,
                             applies=dict(applies or {}))
        return fn

    return register


def since_of(name: str) -> Callable[[F], F]:
    """Register the decorated function as the ``since`` of test ``name``."""

    def register(fn: F) -> F:
        import dataclasses

        CHECKS[name] = dataclasses.replace(CHECKS[name], since=fn)
        return fn

    return register
