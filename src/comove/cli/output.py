"""Printing results: aligned text tables, JSON and CSV, and one-line errors."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TextIO


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        if value is not None and not isinstance(value, dict | list | tuple | str) and (
            value != value  # NaN, NaT, pandas NA
        ):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, datetime):
        return value.date().isoformat() if value == datetime(value.year, value.month,
                                                             value.day) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return _jsonable(value.to_pydatetime())
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        if value != value:  # pandas NA / NaT
            return None
    except (TypeError, ValueError):
        return None
    return str(value)


def print_json(payload: Any, out: TextIO | None = None) -> None:
    """Print strict JSON (NaN and infinities become null)."""
    out = out or sys.stdout
    json.dump(_jsonable(payload), out, indent=2, allow_nan=False)
    out.write("\n")


def format_cell(value: Any, digits: int = 6) -> str:
    value = _jsonable(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.{digits}g}" if abs(value) < 1e15 else f"{value:.6e}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def print_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO | None = None,
    right: Sequence[str] = (),
) -> None:
    """Print rows as an aligned text table."""
    out = out or sys.stdout
    cells = [[format_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if columns[i] in right else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out.write(line(list(columns)) + "\n")
    for row in cells:
        out.write(line(row) + "\n")


def say(message: str) -> None:
    """A status or warning line for people, on stderr (stdout stays machine-readable)."""
    sys.stderr.write(message + "\n")


class Progress:
    """A one-line progress indicator on stderr, shown only on a terminal."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.done = total, what, 0
        self.active = sys.stderr.isatty() and total > 1

    def step(self, label: str) -> None:
        self.done += 1
        if self.active:
            sys.stderr.write(f"\r{self.what} {self.done}/{self.total}: {label[:50]:<50}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.active:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()
