"""Validation of imported rows: what is fatal, what is tolerated, and what is done about it.

The decisions (also in docs/data-quality.md):

======================================  ==========  =========================================
problem                                 verdict     what happens
======================================  ==========  =========================================
date not YYYY-MM-DD, or in the future   fatal       file rejected, lines named
text that is not a number               fatal       file rejected, lines named
inf / -inf, or beyond +-1e15            fatal       file rejected, lines named
                                        (volume: 1e18)
price (open/high/low/close) <= 0        fatal       file rejected (levels such as rates may
                                                    be zero or negative)
negative volume                         fatal       file rejected
same date twice, different values       fatal       file rejected, both lines named
same date twice, identical rows         tolerated   one kept, warning
rows not in date order                  tolerated   sorted, warning
blank line                              tolerated   skipped, warning
missing close (empty, NaN, null, .)     tolerated   row skipped, warning (fatal if no row
                                                    has a close)
volume 0                                tolerated   stored as missing (providers write 0
                                                    for "unknown"), warning
high below low                          tolerated   open/high/low cleared, close kept,
                                                    flagged, warning
open or close outside high-low          tolerated   kept as published, flagged, warning
weekend row in an exchange-day series   tolerated   dropped (no exchange session),
                                                    warning
======================================  ==========  =========================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

from comove.errors import DataFileError
from comove.store.schema import (
    FLAG_CLOSE_OUTSIDE_RANGE,
    FLAG_OHLC_CLEARED,
    FLAG_OPEN_OUTSIDE_RANGE,
    ROW_COLUMNS,
)
from comove.store.text import shown

if TYPE_CHECKING:
    import pandas as pd

ISO_DATE = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?$"
MISSING_TOKENS = frozenset({"", "nan", "na", "n/a", "null", "none", "."})
NUMERIC_COLUMNS = ("open", "high", "low", "close", "volume")
PRICE_FIELDS = ("open", "high", "low", "close")
# Allow for float noise in published OHLC when checking that close lies within high-low.
RANGE_TOLERANCE = 1e-9
# No price or level comove handles comes near these (the largest in ../shared/data: WALCL,
# 9e6 USD millions; volume 4e11); 1e308 is a corrupt cell, and would overflow returns.
MAX_VALUE = 1e15
MAX_VOLUME = 1e18


@dataclass
class Problems:
    """Fatal problems of one file, collected so that all are reported at once."""

    label: str
    unit: str
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, lines: np.ndarray, what: str, fix: str) -> None:
        lines = np.asarray(lines)
        if lines.size == 0:
            return
        first = int(lines[0])
        rest = [str(int(x)) for x in lines[1:4]]
        extra = f" (also {self.unit}s {', '.join(rest)}" if rest else ""
        if lines.size > 4:
            extra += f"; {lines.size} {self.unit}s in all"
        if extra:
            extra += ")"
        self.items.append((f"{self.unit} {first}: {what}{extra}", fix))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        message = f"{self.label} {self.items[0][0]}"
        if len(self.items) > 1:
            message += "; " + "; ".join(text for text, _ in self.items[1:3])
            if len(self.items) > 3:
                message += f"; and {len(self.items) - 3} more problems"
        raise DataFileError(message + "; nothing was imported", self.items[0][1])


@dataclass
class Warnings:
    """Tolerated problems, per symbol."""

    by_symbol: dict[str, list[str]] = field(default_factory=dict)

    def add(self, symbols: np.ndarray, lines: np.ndarray, unit: str, what: str) -> None:
        import pandas as pd

        for sym, mine in pd.Series(lines).groupby(pd.Series(symbols, dtype=object)):
            mine = mine.to_numpy()
            shown = ", ".join(str(int(x)) for x in mine[:3])
            more = ", ..." if mine.size > 3 else ""
            self.by_symbol.setdefault(str(sym), []).append(
                f"{mine.size} {what} ({unit}s {shown}{more})"
            )


def _member(values: np.ndarray, members: set[str]) -> np.ndarray:
    import pandas as pd

    return pd.Series(values, dtype=object).isin(members).to_numpy()


def parse_dates(values: pd.Series) -> pd.Series:
    """ISO dates (``YYYY-MM-DD``, optionally followed by a time, which is ignored).

    Unparsable cells become NaT. Datetime columns (Parquet) keep their local date.
    """
    import pandas as pd

    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None).dt.normalize()
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.normalize()
    text = values.astype(str).str.strip()
    iso = text.str.match(ISO_DATE)
    parsed = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    return parsed.where(iso)


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse a column of cells as floats.

    Returns
    -------
    numbers, unparsable
        Floats (NaN where missing) and a mask of cells that are neither numbers nor a
        missing-value token.
    """
    import pandas as pd

    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        return numbers, np.zeros(len(values), dtype=bool)
    text = values.astype(str).str.strip()
    missing = text.str.lower().isin(MISSING_TOKENS).to_numpy()
    numbers = pd.to_numeric(text.where(~missing), errors="coerce").to_numpy(dtype=float)
    unparsable = np.isnan(numbers) & ~missing
    return numbers, unparsable


def validate_rows(
    long: pd.DataFrame,
    *,
    label: str,
    unit: str,
    price_symbols: set[str],
    exchange_symbols: set[str],
    today: datetime | None = None,
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Check and clean the rows of one file.

    Parameters
    ----------
    long
        Columns ``symbol``, ``line``, ``date`` and any of open/high/low/close/volume, as
        read (strings for CSV).
    label, unit
        File name and ``"line"`` or ``"row"``, for messages.
    price_symbols
        Symbols whose values are prices (must be positive).
    exchange_symbols
        Symbols that trade on exchange days only (weekend rows are dropped).
    today
        The date after which rows are rejected as future (default: now, UTC).

    Returns
    -------
    rows, warnings
        Clean rows in :data:`~comove.store.schema.ROW_COLUMNS`, sorted by symbol and date,
        and the tolerated problems per symbol.

    Raises
    ------
    DataFileError
        Naming the file, the line(s) and the fix, for every fatal problem found.
    """
    import pandas as pd

    problems = Problems(label, unit)
    warnings = Warnings()
    lines = long["line"].to_numpy()
    symbols = long["symbol"].to_numpy(object)

    present = [c for c in NUMERIC_COLUMNS if c in long.columns]
    numbers: dict[str, np.ndarray] = {}
    cells_empty = np.ones(len(long), dtype=bool)
    for column in present:
        parsed, unparsable = parse_numbers(long[column])
        numbers[column] = parsed
        problems.add(
            lines[unparsable],
            f"{column} '{shown(long[column].to_numpy()[unparsable][0])}' is not a number"
            if unparsable.any() else "",
            "fix or remove those rows; leave a cell empty when the value is unknown",
        )
        infinite = np.isinf(parsed)
        problems.add(lines[infinite], f"{column} is infinite", "fix or remove those rows")
        bound = MAX_VOLUME if column == "volume" else MAX_VALUE
        with np.errstate(invalid="ignore"):
            huge = np.isfinite(parsed) & (np.abs(parsed) > bound)
        problems.add(
            lines[huge],
            f"{column} {parsed[huge][0] if huge.any() else 0:.6g} is beyond the largest "
            f"value comove accepts ({bound:.0e})",
            "fix or remove those rows (a corrupt cell, or the wrong unit)",
        )
        cells_empty &= np.isnan(parsed) & ~unparsable
    for column in NUMERIC_COLUMNS:
        numbers.setdefault(column, np.full(len(long), np.nan))

    raw_dates = long["date"]
    dates = parse_dates(raw_dates)
    missing_date = dates.isna().to_numpy()

    def text_of(mask: np.ndarray) -> str:
        """The first masked date cell as written (computed only for messages)."""
        return shown(str(raw_dates.to_numpy()[mask][0]).strip()) if mask.any() else ""

    if pd.api.types.is_datetime64_any_dtype(raw_dates):
        blank = cells_empty & missing_date
    else:
        blank = cells_empty & missing_date & (raw_dates.astype(str).str.strip() == "").to_numpy()
    bad_date = missing_date & ~blank
    problems.add(lines[bad_date], f"date '{text_of(bad_date)}' is not a YYYY-MM-DD date",
                 "write dates as YYYY-MM-DD")
    limit = (today or datetime.now(UTC)).replace(tzinfo=None) + timedelta(days=1)
    future = (dates > pd.Timestamp(limit)).to_numpy()
    problems.add(lines[future], f"date {text_of(future)} is in the future",
                 "check the date column; comove stores history only")

    is_price = _member(symbols, price_symbols)
    for column in PRICE_FIELDS:
        bad = is_price & (numbers[column] <= 0)
        problems.add(
            lines[bad],
            f"{column} {numbers[column][bad][0] if bad.any() else ''} is not positive",
            "a price must be above zero; fix or remove those rows",
        )
    negative_volume = numbers["volume"] < 0
    problems.add(lines[negative_volume], "volume is negative", "fix or remove those rows")

    frame = pd.DataFrame(
        {"symbol": pd.Categorical(long["symbol"]), "date": dates.to_numpy(), "line": lines}
        | {c: numbers[c] for c in NUMERIC_COLUMNS}
    )
    if blank.any():
        warnings.add(symbols[blank], lines[blank], unit, "blank lines skipped")
    frame = frame[~blank]

    _check_duplicates(frame, problems, warnings, unit)
    problems.raise_if_any()
    frame = frame.drop_duplicates(subset=["symbol", "date"], keep="first")

    order = frame.sort_values(["symbol", "date"], kind="stable").index
    if not order.equals(frame.index):
        unsorted = (frame.groupby("symbol")["date"].diff() < pd.Timedelta(0)).to_numpy()
        warnings.add(
            frame["symbol"].to_numpy(object)[unsorted], frame["line"].to_numpy()[unsorted], unit,
            "rows out of date order (sorted)",
        )
        frame = frame.loc[order]

    no_close = np.isnan(frame["close"].to_numpy())
    if no_close.all():
        raise DataFileError(
            f"{label}: no row has a close (or value)", "check that the file holds prices"
        )
    if no_close.any():
        warnings.add(
            frame["symbol"].to_numpy(object)[no_close], frame["line"].to_numpy()[no_close], unit,
            "rows without a close skipped",
        )
        frame = frame[~no_close]

    frame = _apply_row_rules(frame, warnings, unit, exchange_symbols)
    frame["flags"] = frame["flags"].astype("int32")
    return frame.loc[:, list(ROW_COLUMNS)].reset_index(drop=True), warnings.by_symbol


def _check_duplicates(
    frame: pd.DataFrame, problems: Problems, warnings: Warnings, unit: str
) -> None:
    dup = frame.duplicated(subset=["symbol", "date"], keep=False).to_numpy()
    if not dup.any():
        return
    group = frame[dup]
    values = group[list(NUMERIC_COLUMNS)].fillna(-np.inf)
    distinct = values.groupby([group["symbol"], group["date"]]).nunique().max(axis=1)
    conflicting = distinct[distinct > 1]
    if len(conflicting):
        sym, day = conflicting.index[0]
        where = group[(group["symbol"] == sym) & (group["date"] == day)]["line"].to_numpy()
        problems.add(
            where,
            f"date {day.date()} appears {len(where)} times with different values"
            + (f" ({len(conflicting)} dates in all)" if len(conflicting) > 1 else ""),
            "keep one row per date",
        )
        return
    repeats = frame.duplicated(subset=["symbol", "date"], keep="first").to_numpy()
    warnings.add(
        frame["symbol"].to_numpy(object)[repeats], frame["line"].to_numpy()[repeats], unit,
        "identical repeated rows dropped",
    )


def _apply_row_rules(
    frame: pd.DataFrame, warnings: Warnings, unit: str, exchange_symbols: set[str]
) -> pd.DataFrame:
    frame = frame.copy()
    symbols = frame["symbol"].to_numpy(object)
    lines = frame["line"].to_numpy()
    flags = np.zeros(len(frame), dtype=np.int32)

    volume = frame["volume"].to_numpy()
    zero_volume = volume == 0
    if zero_volume.any():
        warnings.add(symbols[zero_volume], lines[zero_volume], unit,
                     "zero volumes stored as missing")
        frame.loc[zero_volume, "volume"] = np.nan

    high, low = frame["high"].to_numpy(), frame["low"].to_numpy()
    inverted = high < low
    if inverted.any():
        warnings.add(symbols[inverted], lines[inverted], unit,
                     "rows with high below low (open/high/low cleared, close kept)")
        frame.loc[inverted, ["open", "high", "low"]] = np.nan
        flags[inverted] |= FLAG_OHLC_CLEARED

    high, low = frame["high"].to_numpy(), frame["low"].to_numpy()
    slack = RANGE_TOLERANCE * np.abs(np.nan_to_num(high))
    for column, flag, name in (
        ("close", FLAG_CLOSE_OUTSIDE_RANGE, "close"),
        ("open", FLAG_OPEN_OUTSIDE_RANGE, "open"),
    ):
        value = frame[column].to_numpy()
        outside = (value > high + slack) | (value < low - slack)
        if outside.any():
            warnings.add(symbols[outside], lines[outside], unit,
                         f"rows with {name} outside high-low (kept, flagged)")
            flags[outside] |= flag
    frame["flags"] = flags

    weekday = frame["date"].dt.day_of_week.to_numpy()
    weekend = _member(symbols, exchange_symbols) & (weekday >= 5)
    if weekend.any():
        warnings.add(symbols[weekend], lines[weekend], unit,
                     "weekend rows in an exchange-day series dropped")
        frame = frame[~weekend]
    return frame
