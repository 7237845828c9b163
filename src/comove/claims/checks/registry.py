"""The registry of claim tests: name, parameter dataclass, run function and summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from comove.claims.model import Outcome
    from comove.data.source import DataSource

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
    """

    name: str
    params: type
    run: Callable[[DataSource, Any], Outcome]
    summary: str


CHECKS: dict[str, Check] = {}


def check(name: str, summary: str, params: type) -> Callable[[F], F]:
    """Register the decorated function as test ``name`` with its parameter dataclass."""

    def register(fn: F) -> F:
        CHECKS[name] = Check(name, params, fn, summary)
        return fn

    return register
