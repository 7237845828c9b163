"""Rendering helpers shared by result objects: strict JSON values and aligned text tables."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any


def jsonable(value: Any) -> Any:
    """``value`` with dates as ISO text, numpy scalars as Python numbers and NaN as None."""
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
        return jsonable(value.item())
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return jsonable(value.to_pydatetime())
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        if value != value:  # pandas NA / NaT
            return None
    except (TypeError, ValueError):
        return None
    return str(value)


def to_json(payload: Any) -> str:
    """Strict JSON text (NaN and infinities become null), indented."""
    return json.dumps(jsonable(payload), indent=2, allow_nan=False)


def format_cell(value: Any, digits: int = 6) -> str:
    """A value as a table cell: thousands separators, ``digits`` significant digits."""
    value = jsonable(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.{digits}g}" if abs(value) < 1e15 else f"{value:.6e}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def text_table(rows: Sequence[dict[str, Any]], columns: Sequence[str],
               right: Sequence[str] = ()) -> str:
    """Rows as an aligned text table (header line first), without a final newline."""
    cells = [[format_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if columns[i] in right else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(list(columns))] + [line(row) for row in cells])


def pct(value: float, sign: bool = True, digits: int = 1) -> str:
    """A fraction as a percentage (``+9.5%``); empty for NaN."""
    if value != value:
        return ""
    return f"{value:+.{digits}%}" if sign else f"{value:.{digits}%}"
