"""Checks of analysis parameters, with bounds on every resource a caller can ask for.

Errors name the library parameter (``resamples``); the command line shows its option
(``--resamples``) instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from comove.errors import UsageError

MAX_RESAMPLES = 200_000
MAX_HORIZON_DAYS = 3_650
MAX_WINDOW = 10_000
MAX_LAG = 60


def bounded_int(name: str, value: object, low: int, high: int, example: int) -> int:
    """``value`` as an int within ``[low, high]``, else a UsageError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{name} must be a whole number, not {value!r}",
                         f"e.g. {name}={example}", param=name)
    if not low <= value <= high:
        raise UsageError(f"{name}={value} is outside {low:,} to {high:,}",
                         f"e.g. {name}={example}", param=name)
    return value


def bounded_float(name: str, value: object, low: float, high: float, example: float) -> float:
    """``value`` as a finite float within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise UsageError(f"{name} must be a number, not {value!r}", f"e.g. {name}={example}",
                         param=name)
    if not low <= float(value) <= high:
        raise UsageError(f"{name}={value} is outside {low:g} to {high:g}",
                         f"e.g. {name}={example}", param=name)
    return float(value)


def resamples(value: object, name: str = "resamples") -> int:
    """Bootstrap or placebo draws: 100 to :data:`MAX_RESAMPLES`."""
    return bounded_int(name, value, 100, MAX_RESAMPLES, 10_000)


def horizons(values: Sequence[object], name: str = "horizons") -> list[int]:
    """Forward horizons in calendar days, 1 to :data:`MAX_HORIZON_DAYS`, at most 20."""
    if isinstance(values, str | bytes) or not len(values) or len(values) > 20:
        raise UsageError(f"{name} must list 1 to 20 whole numbers of days",
                         f"e.g. {name}=[30, 90, 180]", param=name)
    return [bounded_int(name, v, 1, MAX_HORIZON_DAYS, 90) for v in values]


def period(value: object, name: str = "periods") -> tuple[date, date]:
    """A ``(start, end)`` pair or ``'START:END'`` text as two dates, start before end."""
    if isinstance(value, str):
        start, sep, end = value.partition(":")
        parts: Sequence[object] = (start.strip(), end.strip()) if sep else ()
    elif isinstance(value, tuple | list):
        parts = value
    else:
        parts = ()
    try:
        if len(parts) != 2:
            raise ValueError
        first, last = (p if isinstance(p, date) else date.fromisoformat(str(p)) for p in parts)
    except ValueError:
        raise UsageError(f"{name}: '{value}' is not a START:END period",
                         "e.g. 2017-01-01:2019-12-31", param=name) from None
    if first > last:
        raise UsageError(f"{name}: '{value}' ends before it starts", "swap the dates",
                         param=name)
    return first, last


def periods(values: object, name: str = "periods", most: int = 20) -> list[tuple[date, date]]:
    """Periods from a list, or from ``'A:B,C:D'`` text."""
    if values is None:
        return []
    items = [v for v in values.split(",") if v.strip()] if isinstance(values, str) else values
    if not isinstance(items, list | tuple) or len(items) > most:
        raise UsageError(f"{name} takes at most {most} START:END periods",
                         "e.g. 2017-01-01:2019-12-31,2020-01-01:2021-12-31", param=name)
    return [period(v, name) for v in items]
