"""A wide matrix of closes validated as a matrix, not as a long table of cells.

A 5,000 x 5,000 matrix is 22 million cells; turning it into a long table of raw cells
before validation cost about 400 bytes per cell. Here the rules of
:func:`comove.ingest.validate.validate_rows` that can apply to a numeric matrix with
distinct symbols and dates in increasing order (infinite, too large, future, not positive,
weekend rows of exchange-day series) are checked on the matrix itself, with the same
messages, lines in the same order and the same rows out. Any other matrix (text cells,
repeated or unsorted dates, two columns under one symbol) goes the long way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

from comove.errors import DataFileError
from comove.ingest.validate import MAX_VALUE, Problems, parse_dates
from comove.store.text import shown

if TYPE_CHECKING:
    import pandas as pd

    from comove.ingest.reader import RawTable

# The tokens the long way treats as an empty cell of a text matrix.
_EMPTY_TEXT = ["", "nan", "none", "null"]


def wide_dates(raw: RawTable, date_column: str, line: np.ndarray) -> pd.Series:
    """Parse a wide matrix's date column once (not once per cell); blank dates are NaT."""
    dates = parse_dates(raw.frame[date_column])
    text = raw.frame[date_column].astype(str).str.strip().to_numpy(object)
    bad = dates.isna().to_numpy() & (text != "")
    problems = Problems(raw.label, raw.unit)
    if bad.any():
        problems.add(line[bad], f"date '{shown(text[bad][0])}' is not a YYYY-MM-DD date",
                     "write dates as YYYY-MM-DD")
    blank = text == ""
    if blank.any():
        cells = raw.frame.loc[blank, [c for c in raw.frame.columns if c != date_column]]
        has_values = np.zeros(len(text), dtype=bool)
        has_values[blank] = row_has_values(cells)
        problems.add(line[blank & has_values], "a row with prices but no date",
                     "add the date, or remove the row")
    problems.raise_if_any()
    return dates


def row_has_values(cells: pd.DataFrame) -> np.ndarray:
    """Rows holding at least one cell that is not empty."""
    import pandas as pd

    values = cells.to_numpy()
    if values.dtype != object:
        return np.asarray(~np.asarray(pd.isna(values)).all(axis=1))
    text = np.char.lower(np.char.strip(values.astype(str)))
    return np.asarray((~np.isin(text, _EMPTY_TEXT)).any(axis=1))


def numeric_cells(frame: pd.DataFrame, columns: list[str]) -> bool:
    """Whether every symbol column was read as numbers (the reader's fast path)."""
    import pandas as pd

    return all(
        pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
        for t in frame.dtypes[columns]
    )


@dataclass
class WideMatrix:
    """The dated rows of a numeric wide matrix.

    Attributes
    ----------
    label, unit
        File name and ``"line"`` or ``"row"``, for messages.
    names
        Symbol of each column (distinct).
    lines
        File line of each row.
    dates
        Date of each row, strictly increasing.
    cells
        Closes, rows by columns; NaN where empty.
    """

    label: str
    unit: str
    names: list[str]
    lines: np.ndarray
    dates: np.ndarray
    cells: np.ndarray

    @classmethod
    def build(
        cls, raw: RawTable, date_column: str, columns: list[str], names: list[str]
    ) -> WideMatrix | None:
        """The matrix of ``raw``, or None when it must go the long way (see module doc).

        Raises
        ------
        DataFileError
            A date that is not YYYY-MM-DD, a row with prices but no date, or no price at all.
        """
        frame = raw.frame
        if len(set(names)) != len(names) or not numeric_cells(frame, columns):
            return None
        line = np.arange(len(frame)) + raw.line_of_first_row
        parsed = wide_dates(raw, date_column, line).to_numpy()
        dated = ~np.isnat(parsed)
        dates = parsed[dated]
        if np.any(dates[1:] <= dates[:-1]):
            return None
        cells = frame[columns].to_numpy(dtype=np.float64, na_value=np.nan)
        if not dated.all():
            cells = cells[dated]
        if np.isnan(cells).all():
            raise DataFileError(f"{raw.label}: every price cell is empty", "check the file")
        return cls(raw.label, raw.unit, names, line[dated], dates, cells)

    def validate(
        self,
        *,
        price_symbols: set[str],
        exchange_symbols: set[str],
        today: datetime | None = None,
    ) -> tuple[pd.DataFrame, dict[str, list[str]]]:
        """Check and clean the cells, as :func:`~comove.ingest.validate.validate_rows` would.

        Returns
        -------
        rows, warnings
            Columns ``symbol``, ``date``, ``close`` and ``flags`` (no open, high, low or
            volume: a wide matrix holds none), sorted by symbol (column order) and date.
        """
        import pandas as pd

        cells, lines = self.cells, self.lines
        problems = Problems(self.label, self.unit)
        present = ~np.isnan(cells)
        infinite = np.isinf(cells)
        problems.add(self._cell_lines(infinite), "close is infinite", "fix or remove those rows")
        with np.errstate(invalid="ignore"):
            huge = np.isfinite(cells) & (np.abs(cells) > MAX_VALUE)
        problems.add(
            self._cell_lines(huge),
            f"close {_first(cells, huge) if huge.any() else 0:.6g} is beyond the largest "
            f"value comove accepts ({MAX_VALUE:.0e})",
            "fix or remove those rows (a corrupt cell, or the wrong unit)",
        )
        limit = (today or datetime.now(UTC)).replace(tzinfo=None) + timedelta(days=1)
        future_row = self.dates > np.datetime64(pd.Timestamp(limit))
        future = present & future_row[:, None]
        problems.add(
            self._cell_lines(future),
            f"date {self._date_text(future)} is in the future",
            "check the date column; comove stores history only",
        )
        is_price = np.array([name in price_symbols for name in self.names])
        with np.errstate(invalid="ignore"):
            bad = (cells <= 0) & is_price[None, :]
        problems.add(
            self._cell_lines(bad),
            f"close {_first(cells, bad) if bad.any() else ''} is not positive",
            "a price must be above zero; fix or remove those rows",
        )
        problems.raise_if_any()

        keep = present
        weekday = pd.DatetimeIndex(self.dates).day_of_week.to_numpy()
        is_exchange = np.array([name in exchange_symbols for name in self.names])
        weekend = present & (weekday >= 5)[:, None] & is_exchange[None, :]
        warnings: dict[str, list[str]] = {}
        if weekend.any():
            keep = present & ~weekend
            for column in sorted(np.flatnonzero(weekend.any(axis=0)).tolist(), key=self._name):
                mine = lines[weekend[:, column]]
                listed = ", ".join(str(int(x)) for x in mine[:3])
                more = ", ..." if mine.size > 3 else ""
                warnings.setdefault(self.names[column], []).append(
                    f"{mine.size} weekend rows in an exchange-day series dropped "
                    f"({self.unit}s {listed}{more})"
                )
        return self._rows(keep), warnings

    def _name(self, column: int) -> str:
        return self.names[column]

    def _cell_lines(self, mask: np.ndarray) -> np.ndarray:
        """Lines of the masked cells in row-major order (the order of the long table)."""
        return np.repeat(self.lines, mask.sum(axis=1))

    def _date_text(self, mask: np.ndarray) -> str:
        rows = np.flatnonzero(mask.any(axis=1))
        return shown(str(self.dates[rows[0]]).strip()) if rows.size else ""

    def _rows(self, keep: np.ndarray) -> pd.DataFrame:
        """The kept cells as rows, column by column (symbol order), dates increasing."""
        import pandas as pd

        counts = keep.sum(axis=0)
        codes = np.repeat(np.arange(len(self.names), dtype=np.int32), counts)
        by_column = keep.T
        close = np.ascontiguousarray(self.cells.T)[by_column]
        dates = np.broadcast_to(self.dates, by_column.shape)[by_column]
        return pd.DataFrame(
            {
                "symbol": pd.Categorical.from_codes(codes, categories=self.names),
                "date": dates,
                "close": close,
                "flags": np.zeros(len(close), dtype=np.int32),
            }
        )


def _first(cells: np.ndarray, mask: np.ndarray) -> np.floating:
    """The first masked cell in row-major order."""
    row, column = np.argwhere(mask)[0]
    return cells[row, column]  # type: ignore[no-any-return]
