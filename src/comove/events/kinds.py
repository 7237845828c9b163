"""Event kinds and the choices of the records and events analyses (no heavy imports: the
CLI lists them in --help)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Literal, TypedDict, TypeVar, get_args

Kind = Literal["record", "breakout", "drawdown", "move", "level", "divergence", "dates"]
BasisName = Literal["close", "high"]
Measure = Literal["volume", "return"]
Placebo = Literal["circular", "random"]
#: The placebo choices (``--placebo``, ``placebo=``), from :data:`Placebo`.
PLACEBOS: tuple[Placebo, ...] = get_args(Placebo)

T = TypeVar("T", bound=str)


class EventDefinition(TypedDict, total=False):
    """The options that define an event or a state on asset A, as keyword arguments of
    :meth:`~comove.api.Market.event` and :meth:`~comove.api.Market.condition` (each
    kind reads the ones it needs; see ``Market.event``)."""

    threshold: float | None
    min_days: int
    basis: BasisName
    above: bool
    other: str | None
    dates: Sequence[date | str] | str


class EventKind(StrEnum):
    RECORD = "record"
    BREAKOUT = "breakout"
    DRAWDOWN = "drawdown"
    MOVE = "move"
    LEVEL = "level"
    DIVERGENCE = "divergence"
    DATES = "dates"


def choice(name: str, value: object, choices: Sequence[T]) -> T:
    """``value`` if it is one of ``choices``, else a UsageError naming ``name``.

    (It belongs in :mod:`comove.validate`; kept here until it moves.)
    """
    from comove.errors import UsageError

    for option in choices:
        if value == option:
            return option
    listed = ", ".join(repr(str(c)) for c in choices)
    raise UsageError(f"{name}={value!r} is not one of {listed}",
                     f"e.g. {name}={str(choices[0])!r}", param=name)


def placebo_choice(value: object) -> Placebo:
    """``value`` if it is one of :data:`PLACEBOS`, else a UsageError naming them (the one
    check of ``placebo`` for the event study, the conditional comparison and the API)."""
    return choice("placebo", value, PLACEBOS)
