"""Reading CSV and Parquet files into a long table of raw cells.

Three layouts are recognised from the header:

- price file: ``date, open, high, low, close, volume`` (any of open/high/low/volume may be
  absent; ``close`` may not);
- value file: ``date, value`` (or ``date`` and one column named after the symbol, as FRED
  writes it);
- wide matrix: ``date`` and one column per symbol holding closes (empty cells are days on
  which the symbol has no price, e.g. before it listed).

Cells stay as read (strings for CSV) until :mod:`comove.ingest.validate` parses them, so
that every problem can be reported with its line number.
"""

from __future__ import annotations

import csv
import os
import stat
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from comove.errors import DataFileError
from comove.store.text import shown, shown_path

if TYPE_CHECKING:
    import pandas as pd

DATE_ALIASES = ("date", "observation_date", "datetime", "timestamp")
PRICE_COLUMNS = ("open", "high", "low", "close", "volume")
IGNORED_COLUMNS = ("adj_close", "adjclose", "dividends", "stock_splits", "capital_gains")
# The largest file read (2 GiB, 100 times the whole shared data set); COMOVE_MAX_FILE_BYTES
# overrides it.
MAX_FILE_BYTES = 2 << 30
MAX_HEADER_BYTES = 1 << 20


class Layout(StrEnum):
    PRICES = "prices"
    VALUES = "values"
    WIDE = "wide"


@dataclass
class RawTable:
    """A file's cells, with where each row stood in the file.

    Attributes
    ----------
    path
        The file.
    frame
        One column per header name (lower-cased, spaces as underscores).
    line_of_first_row
        The file line (CSV) or row number (Parquet) of ``frame``'s first row.
    unit
        ``"line"`` for CSV, ``"row"`` for Parquet, used in messages.
    """

    path: Path
    frame: pd.DataFrame
    line_of_first_row: int
    unit: str

    @property
    def label(self) -> str:
        return shown_path(self.path.name)


def check_file(path: Path) -> int:
    """Accept only an existing regular file of bounded size; return its size in bytes.

    Devices (``/dev/zero``), named pipes and sockets never end or block forever, so they
    are refused before anything is opened (symbolic links are followed).
    """
    name = shown_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataFileError(f"{name}: no such file", "check the path") from None
    except OSError as exc:
        raise DataFileError(f"{name}: cannot read: {exc.strerror}", "check the file") from exc
    if stat.S_ISDIR(info.st_mode):
        raise DataFileError(f"{name} is a folder", "pass the files in it, e.g. folder/*.csv")
    if not stat.S_ISREG(info.st_mode):
        raise DataFileError(
            f"{name} is not a regular file (a device, pipe or socket)",
            "save the data to a .csv or .parquet file and import that",
        )
    limit = int(os.environ.get("COMOVE_MAX_FILE_BYTES") or MAX_FILE_BYTES)
    if info.st_size > limit:
        raise DataFileError(
            f"{name} is {info.st_size / 2**20:,.0f} MiB, more than the {limit / 2**20:,.0f} "
            "MiB comove reads",
            "split the file, or raise the limit with COMOVE_MAX_FILE_BYTES",
        )
    if info.st_size == 0:
        raise DataFileError(f"{name}: the file is empty", "check the file")
    return info.st_size


def read_table(path: Path) -> RawTable:
    """Read a CSV or Parquet file without interpreting its cells.

    Raises
    ------
    DataFileError
        If the file is missing, unreadable, empty, or not well-formed CSV/Parquet.
    """
    check_file(path)
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        raw = _read_parquet(path)
    elif suffix in (".csv", ".txt", ""):
        raw = _read_csv(path)
    else:
        raise DataFileError(
            f"{shown_path(path.name)}: unsupported file type '{shown(suffix)}'",
            "comove imports .csv and .parquet files",
        )
    raw.frame.columns = _normalised_header(raw)
    return raw


def _csv_header(path: Path) -> list[str]:
    """The header line's names as written: pandas renames a repeated name (``close.1``),
    which would hide that the file has two columns of that name."""
    label = shown_path(path.name)
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            line = handle.readline(MAX_HEADER_BYTES + 1)
    except OSError as exc:
        raise DataFileError(f"{label}: cannot read: {exc.strerror}", "check the file") from exc
    if len(line) > MAX_HEADER_BYTES:
        raise DataFileError(f"{label}: the header line is longer than 1 MiB",
                            "check that the file is CSV with one header line")
    try:
        return next(csv.reader([line]), [])
    except csv.Error as exc:
        raise DataFileError(f"{label}: not well-formed CSV header: {shown(exc)}",
                            "check the first line of the file") from exc


def _read_csv(path: Path) -> RawTable:
    import pandas as pd

    label = shown_path(path.name)
    _check_names(label, _csv_header(path))
    fast = _read_wide_numeric(path)
    if fast is not None:
        return RawTable(path, fast, line_of_first_row=2, unit="line")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                encoding="utf-8-sig",
                index_col=False,
            )
    except pd.errors.ParserWarning as exc:
        raise DataFileError(
            f"{label}: not well-formed CSV: lines have more fields than the header",
            "every line must have as many comma-separated fields as the header",
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise DataFileError(f"{label}: the file is empty", "check the file") from exc
    except pd.errors.ParserError as exc:
        detail = str(exc).strip().rstrip(".")
        raise DataFileError(
            f"{label}: not well-formed CSV: {shown(detail)}",
            "every line must have as many comma-separated fields as the header",
        ) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"{label}: not UTF-8 text (byte {exc.start})", "save the file as UTF-8 CSV"
        ) from exc
    except OSError as exc:
        raise DataFileError(f"{label}: cannot read: {exc.strerror}", "check the file") from exc
    return RawTable(path, frame.fillna(""), line_of_first_row=2, unit="line")


def _read_wide_numeric(path: Path) -> pd.DataFrame | None:
    """Fast path for a clean wide matrix: numbers parsed by pandas' C reader.

    Returns None (and the caller reads every cell as text, to name bad lines) unless the
    header looks like a wide matrix and every cell parses as a number or is empty.
    """
    import pandas as pd

    try:
        original = list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns)
    except Exception:
        return None
    header = [str(c).strip().lower() for c in original]
    date_columns = [c for c in header if c in DATE_ALIASES]
    others = [c for c in header if c not in DATE_ALIASES]
    wide = len(date_columns) == 1 and len(others) >= 3 and "close" not in others
    if not wide or "value" in others:
        return None
    try:
        frame = pd.read_csv(
            path, encoding="utf-8-sig", skip_blank_lines=False,
            dtype={original[header.index(date_columns[0])]: str},
            na_values=[""], keep_default_na=False, index_col=False,
        )
    except Exception:
        return None
    date_name = frame.columns[header.index(date_columns[0])]
    numeric = frame.drop(columns=[date_name]).dtypes.map(
        lambda t: pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
    )
    if not numeric.all():
        return None
    frame[date_name] = frame[date_name].astype(str).where(frame[date_name].notna(), "")
    return frame


def _read_parquet(path: Path) -> RawTable:
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise DataFileError(
            f"{shown_path(path.name)}: not a readable Parquet file ({type(exc).__name__}: "
            f"{shown(str(exc).splitlines()[0]) if str(exc) else ''})",
            "check that the file is Parquet, or export it as CSV",
        ) from exc
    if frame.index.name is not None and frame.index.name.lower() in DATE_ALIASES:
        frame = frame.reset_index()
    return RawTable(path, frame.reset_index(drop=True), line_of_first_row=1, unit="row")


def _normalised_header(raw: RawTable) -> list[str]:
    names = _check_names(raw.label, [str(c) for c in raw.frame.columns])
    if any(name.startswith("unnamed:") for name in names):
        raise DataFileError(
            f"{raw.label}: the header has an empty column name",
            "give every column a name (date, open, high, low, close, volume or value)",
        )
    return names


def _check_names(label: str, header: list[str]) -> list[str]:
    """Normalised column names; a name given twice, or an empty one, is fatal."""
    names = [c.strip().lower().replace(" ", "_") for c in header]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DataFileError(
                f"{label}: column '{shown(name)}' appears twice in the header",
                "rename or remove one of them",
            )
        seen.add(name)
    if any(not name for name in names):
        raise DataFileError(
            f"{label}: the header has an empty column name",
            "give every column a name (date, open, high, low, close, volume or value)",
        )
    return names


def detect_layout(raw: RawTable, symbol_hint: str | None) -> tuple[Layout, str, list[str]]:
    """Decide the file's layout.

    Returns
    -------
    layout, date_column, value_columns
        For prices, the price columns present; for values, the one value column; for a
        wide matrix, the symbol columns.
    """
    columns = list(raw.frame.columns)
    date_column = next((c for c in columns if c in DATE_ALIASES), None)
    if date_column is None:
        raise DataFileError(
            f"{raw.label}: no date column (header: {shown(', '.join(columns[:8]))})",
            "name the date column 'date' (YYYY-MM-DD)",
        )
    others = [c for c in columns if c != date_column]
    if "close" in others:
        return Layout.PRICES, date_column, [c for c in others if c in PRICE_COLUMNS]
    # One price-like name among many is a ticker (Lowe's trades as LOW); two or more
    # without a close is a price file missing its close.
    if sum(c in PRICE_COLUMNS for c in others) >= 2:
        raise DataFileError(
            f"{raw.label}: has price columns but no 'close' column",
            "a price file needs at least date and close",
        )
    if "value" in others:
        return Layout.VALUES, date_column, ["value"]
    if not others:
        raise DataFileError(
            f"{raw.label}: has a date column and nothing else", "add close or value columns"
        )
    if len(others) == 1 and symbol_hint is not None and others[0].upper() == symbol_hint:
        return Layout.VALUES, date_column, others
    return Layout.WIDE, date_column, others


def ignored_columns(raw: RawTable, layout: Layout, date_column: str, used: list[str]) -> list[str]:
    """Columns of a price or value file that comove does not store."""
    if layout is Layout.WIDE:
        return []
    return [c for c in raw.frame.columns if c != date_column and c not in used]
