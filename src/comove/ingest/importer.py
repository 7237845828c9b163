"""Import files into the store: read, validate, cross-check, then write in one transaction.

Every file of one call is read and validated before the store is opened for writing. If any
file has a fatal problem, nothing at all is written.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from comove.errors import DataFileError, UsageError
from comove.ingest.crosscheck import CopiedVolume, find_copied_volumes
from comove.ingest.reader import Layout, RawTable, detect_layout, ignored_columns, read_table
from comove.ingest.validate import validate_rows
from comove.ingest.wide import WideMatrix, wide_dates
from comove.progress import progress
from comove.store import ConflictPolicy, IngestBatch, Store, WriteReport
from comove.store.text import shown, shown_path
from comove.symbols import (
    BUILTIN_SYMBOLS,
    AssetClass,
    Calendar,
    Symbol,
    normalize_name,
    resolve,
)

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class ImportOptions:
    """How to interpret the files of one import.

    Attributes
    ----------
    symbol
        Symbol of a single price or value file (default: from the file name).
    asset_class, calendar
        Metadata for symbols comove does not know yet (default: inferred).
    renames
        Wide-matrix column to symbol, for columns whose names clash.
    keep_copied_volume
        Store a volume column even when it is a copy of another symbol's.
    on_conflict
        What to do with values that differ from stored ones.
    """

    symbol: str | None = None
    asset_class: AssetClass | None = None
    calendar: Calendar | None = None
    renames: dict[str, str] = field(default_factory=dict)
    keep_copied_volume: bool = False
    on_conflict: ConflictPolicy = "refuse"


@dataclass
class FileSummary:
    """What one file held."""

    path: Path
    layout: Layout
    symbols: list[str]
    rows: int
    ignored_columns: list[str]


@dataclass
class ImportResult:
    """The outcome of an import."""

    files: list[FileSummary]
    batch: IngestBatch
    new_symbols: list[Symbol]
    copied_volumes: list[CopiedVolume]
    write: WriteReport | None = None
    seconds: float = 0.0


def import_files(
    store: Store,
    paths: list[Path],
    options: ImportOptions | None = None,
    today: datetime | None = None,
    on_file: Callable[[str], None] | None = None,
) -> ImportResult:
    """Validate ``paths`` and write them to ``store`` in one transaction.

    ``on_file`` is called with each file's name as it is read (for progress display).

    Raises
    ------
    DataFileError
        A file has a fatal problem (nothing is written).
    ConflictError
        New values differ from stored ones and ``on_conflict`` is ``"refuse"``.
    """
    started = time.perf_counter()
    options = options or ImportOptions()
    result = prepare_import(store, paths, options, today, on_file)
    result.write = store.write(result.batch, on_conflict=options.on_conflict)
    result.seconds = time.perf_counter() - started
    return result


def prepare_import(
    store: Store,
    paths: list[Path],
    options: ImportOptions,
    today: datetime | None = None,
    on_file: Callable[[str], None] | None = None,
) -> ImportResult:
    """Read and validate ``paths`` without writing anything."""
    import pandas as pd

    if not paths:
        raise UsageError("no files given", "pass one or more .csv or .parquet files")
    if options.symbol and len(paths) > 1:
        raise UsageError(
            "`symbol` names the symbol of one file, but several files were given",
            "import the files one at a time, or name them after their symbols", param="symbol",
        )
    known = store.symbols()
    summaries: list[FileSummary] = []
    frames: list[pd.DataFrame] = []
    symbols: dict[str, Symbol] = {}
    sources: dict[str, str] = {}
    origin: dict[str, Path] = {}
    warnings: dict[str, list[str]] = {}
    new_symbols: list[Symbol] = []

    for path in progress(paths, desc="reading"):
        if on_file is not None:
            on_file(path.name)
        raw = read_table(path)
        layout, date_column, columns = detect_layout(raw, _hint(path, options))
        matrix: WideMatrix | None = None
        names: list[str] | None = None
        if layout is Layout.WIDE:
            names = _wide_names(raw, columns, options, known, warnings)
            matrix = WideMatrix.build(raw, date_column, columns, names)
        if matrix is not None:
            file_symbols = matrix.names
        else:
            long, file_symbols = _to_long(
                raw, layout, date_column, columns, options, known, names
            )
        infer = functools.cache(functools.partial(_infer_calendar, raw.frame[date_column]))
        for name in file_symbols:
            if name in origin:
                raise DataFileError(
                    f"{shown_path(path.name)} and {shown_path(origin[name].name)} both hold "
                    f"{name}",
                    "import them separately, or name one with `symbol`", param="symbol",
                )
            origin[name] = path
            sources[name] = f"file:{path.resolve()}"
            if name not in symbols:
                symbols[name] = _metadata(name, layout, infer, options, known, new_symbols)
        price_symbols = {s for s in file_symbols if symbols[s].asset_class.is_price}
        exchange_symbols = {s for s in file_symbols if symbols[s].calendar.is_exchange}
        if matrix is not None:
            rows, file_warnings = matrix.validate(
                price_symbols=price_symbols, exchange_symbols=exchange_symbols, today=today
            )
            del matrix
        else:
            rows, file_warnings = validate_rows(
                long, label=raw.label, unit=raw.unit, price_symbols=price_symbols,
                exchange_symbols=exchange_symbols, today=today,
            )
            del long
        for name, items in file_warnings.items():
            warnings.setdefault(name, []).extend(items)
        ignored = ignored_columns(raw, layout, date_column, columns)
        summaries.append(FileSummary(path, layout, file_symbols, len(rows), ignored))
        frames.append(rows)

    # A wide file's rows have no open, high, low or volume columns: concat fills them.
    rows = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    copied, notes = _drop_copied_volumes(store, rows, symbols, options, warnings)
    batch = IngestBatch("import", rows, symbols, sources, warnings, notes)
    return ImportResult(summaries, batch, new_symbols, copied)


def _hint(path: Path, options: ImportOptions) -> str:
    return (options.symbol or path.stem).strip().upper()


def _to_long(
    raw: RawTable,
    layout: Layout,
    date_column: str,
    columns: list[str],
    options: ImportOptions,
    known: dict[str, Symbol],
    names: list[str] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    import pandas as pd

    frame = raw.frame
    line = np.arange(len(frame)) + raw.line_of_first_row
    if layout is not Layout.WIDE:
        name = _file_symbol(raw, options, known)
        long = pd.DataFrame({"symbol": name, "line": line, "date": frame[date_column]})
        if layout is Layout.PRICES:
            for column in columns:
                long[column] = frame[column]
        else:
            long["close"] = frame[columns[0]]
        return long, [name]

    assert names is not None, "a wide matrix's names come from _wide_names"
    cells = frame[columns].to_numpy()
    if cells.dtype == object:
        text = cells.astype(str)
        text = np.char.strip(text)
        present = ~np.isin(np.char.lower(text), ["", "nan", "none", "null"])
    else:
        present = ~pd.isna(cells)
    dates = wide_dates(raw, date_column, line)
    rows, cols = np.nonzero(present & ~np.isnat(dates.to_numpy())[:, None])
    long = pd.DataFrame(
        {
            "symbol": pd.Categorical.from_codes(cols, categories=names),
            "line": line[rows],
            "date": dates.to_numpy()[rows],
            "close": cells[rows, cols],
        }
    )
    if not len(long):
        raise DataFileError(f"{raw.label}: every price cell is empty", "check the file")
    return long, names


def _wide_names(
    raw: RawTable,
    columns: list[str],
    options: ImportOptions,
    known: dict[str, Symbol],
    warnings: dict[str, list[str]],
) -> list[str]:
    """The symbol of each column of a wide matrix (renaming clashes, with a warning)."""
    if options.symbol:
        raise UsageError(
            f"{raw.label} is a wide matrix (one symbol per column); `symbol` does not apply",
            "drop `symbol`; columns are imported under their own names", param="symbol",
        )
    wide_class = options.asset_class or AssetClass.STOCK
    names: list[str] = []
    for column in columns:
        name = options.renames.get(column.upper()) or _column_symbol(raw, column)
        existing = known.get(name) or BUILTIN_SYMBOLS.get(name)
        if existing is not None and existing.asset_class != wide_class and (
            column.upper() not in options.renames
        ):
            renamed = f"{name}_{wide_class.value.upper()}"
            warnings.setdefault(renamed, []).append(
                f"column {column.upper()} imported as {renamed}: {name} is already "
                f"{existing.name} (pass --rename {name}=NEW to choose the name)"
            )
            name = renamed
        names.append(name)
    return names


def _file_symbol(raw: RawTable, options: ImportOptions, known: dict[str, Symbol]) -> str:
    if options.symbol:
        return normalize_name(options.symbol)
    try:
        return resolve(raw.path.stem, known).symbol
    except UsageError:
        pass
    try:
        return normalize_name(raw.path.stem)
    except UsageError as exc:
        raise UsageError(
            f"cannot take a symbol from the file name {raw.label}",
            "name it with `symbol`", param="symbol",
        ) from exc


def _column_symbol(raw: RawTable, column: str) -> str:
    try:
        return normalize_name(column)
    except UsageError as exc:
        raise DataFileError(
            f"{raw.label}: column '{shown(column)}' is not a valid symbol name",
            "rename the column (letters, digits, . _ - ^ =)",
        ) from exc


def _metadata(
    name: str,
    layout: Layout,
    infer: Callable[[AssetClass], Calendar],
    options: ImportOptions,
    known: dict[str, Symbol],
    new_symbols: list[Symbol],
) -> Symbol:
    existing = known.get(name) or BUILTIN_SYMBOLS.get(name)
    if existing is not None:
        for given, current, flag in (
            (options.asset_class, existing.asset_class, "asset_class"),
            (options.calendar, existing.calendar, "calendar"),
        ):
            if given is not None and given != current and layout is not Layout.WIDE:
                raise UsageError(
                    f"{name} is already registered with `{flag}` {current.value}",
                    f"drop `{flag}`, or import under another name", param=flag,
                )
        return existing
    asset_class = options.asset_class or (
        AssetClass.SERIES if layout is Layout.VALUES else AssetClass.STOCK
    )
    calendar = options.calendar or infer(asset_class)
    symbol = Symbol(name, name, asset_class, calendar, "USD" if asset_class.is_price else "")
    new_symbols.append(symbol)
    return symbol


def _infer_calendar(file_dates: pd.Series, asset_class: AssetClass) -> Calendar:
    """A calendar from the spacing of the dates: weekends mean 24/7, a week apart weekly."""
    import pandas as pd

    from comove.ingest.validate import parse_dates

    dates = parse_dates(file_dates).dropna().sort_values()

    if len(dates) < 3:
        return Calendar.US_EXCHANGE if asset_class.is_price else Calendar.BUSINESS
    if (dates.dt.day_of_week >= 5).mean() > 0.2:
        return Calendar.ALWAYS
    if dates.diff().median() >= pd.Timedelta(days=5):
        return Calendar.WEEKLY
    return Calendar.US_EXCHANGE if asset_class.is_price else Calendar.BUSINESS


def _drop_copied_volumes(
    store: Store,
    rows: pd.DataFrame,
    symbols: dict[str, Symbol],
    options: ImportOptions,
    warnings: dict[str, list[str]],
) -> tuple[list[CopiedVolume], dict[str, str]]:
    if "volume" not in rows:
        return [], {}
    with_volume = rows[rows["volume"] > 0]
    if with_volume.empty:
        return [], {}
    new = {
        str(sym): group.set_index("date")["volume"]
        for sym, group in with_volume.groupby("symbol")
    }
    stored_long = store.volumes(exclude=set(symbols))
    stored = {
        str(sym): group.set_index("date")["volume"]
        for sym, group in stored_long.groupby("symbol")
    }
    copied = find_copied_volumes(new, stored)
    notes = {}
    for found in copied:
        if found.copy not in new:
            warnings.setdefault(found.original, []).append(
                f"stored {found.copy} {found.describe()}; consider re-importing {found.copy}"
            )
            continue
        if options.keep_copied_volume:
            warnings.setdefault(found.copy, []).append(f"{found.describe()} (kept as asked)")
            continue
        rows.loc[rows["symbol"] == found.copy, "volume"] = np.nan
        warnings.setdefault(found.copy, []).append(
            f"volume dropped: {found.describe()} (pass --keep-copied-volume to store it)"
        )
        notes[found.copy] = f"volume dropped on import: {found.describe()}"
    return copied, notes
