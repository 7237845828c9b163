"""The store: a folder holding one DuckDB file, read through sessions, written in one
transaction per command.

Nothing is ever written outside a transaction, and comove's tables are created in the same
transaction as the first data, so a failure or a kill leaves the store as it was before
the command (a new store stays empty, and the next command reuses it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comove.errors import EmptyRangeError, StoreError
from comove.store.connection import check_schema, connect, discard_if_blank, failure
from comove.store.model import (
    ConflictPolicy,
    IngestBatch,
    WriteReport,
    default_store_path,
)
from comove.store.schema import DDL, SCHEMA_VERSION, VALUE_COLUMNS
from comove.store.text import shown, shown_path
from comove.store.write import upsert_symbol, write_batch
from comove.symbols import AssetClass, Calendar, Symbol, resolve

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

DB_FILE = "comove.duckdb"


class Store:
    """A comove market-data store in a folder.

    Parameters
    ----------
    path
        The store folder; created on first write.
    lock_timeout
        Seconds to wait for another process to release the store.
    """

    #: Reads see everything stored (the as-of view sets a date here).
    asof: date | None = None

    def __init__(self, path: Path | str | None = None, lock_timeout: float = 10.0) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.lock_timeout = lock_timeout
        self._shared: duckdb.DuckDBPyConnection | None = None

    @property
    def db_path(self) -> Path:
        return self.path / DB_FILE

    def exists(self) -> bool:
        """True if the store holds comove's tables (or a file that is not usable, which
        reading then reports); False for no file, or one that a cut-short first write
        left without tables."""
        try:
            con = self._open_read()
        except StoreError:
            return True
        if con is None:
            return False
        con.close()
        return True

    def _file_is_blank(self) -> bool:
        try:
            return self.db_path.stat().st_size == 0
        except FileNotFoundError:
            return True
        except OSError as exc:  # e.g. --store names a file, not a folder
            raise StoreError(f"cannot open the store {shown_path(self.path)}: {exc.strerror}",
                             "point --store at a folder") from exc

    # -- connections -------------------------------------------------------------------

    def _open_read(self) -> duckdb.DuckDBPyConnection | None:
        """A checked read-only connection, or None when the store holds nothing yet."""
        if self._file_is_blank():
            return None
        con = connect(self.db_path, write=False, lock_timeout=self.lock_timeout)
        try:
            if check_schema(con, self.db_path):
                return con
        except BaseException:
            con.close()
            raise
        con.close()
        return None

    @contextmanager
    def session(self) -> Iterator[Store]:
        """Keep one read-only connection open for every read inside the block.

        A command (or one API call) reads through a session, so it opens the store once
        however many reads it makes. Sessions nest; writes still open their own
        connection, so do not write inside a session.
        """
        if self._shared is not None:
            yield self
            return
        self._shared = self._open_read()
        try:
            yield self
        finally:
            if self._shared is not None:
                self._shared.close()
            self._shared = None

    @contextmanager
    def _maybe_reading(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """Like :meth:`reading`, but yields None for a store that holds nothing yet."""
        import duckdb

        con = self._shared if self._shared is not None else self._open_read()
        try:
            yield con
        except duckdb.Error as exc:
            # A damaged file surfaces as several DuckDB error types, at any query; a
            # mistake in comove's own SQL (parser or binder) stays a bug.
            if isinstance(exc, duckdb.ProgrammingError) and not isinstance(
                exc, duckdb.CatalogException
            ):
                raise
            raise failure(exc, self.db_path, "read") from exc
        finally:
            if con is not None and con is not self._shared:
                con.close()

    def _rows_if_any(self, sql: str) -> list[Any]:
        """The rows of ``sql``, none for a store that holds nothing yet."""
        with self._maybe_reading() as con:
            return [] if con is None else con.execute(sql).fetchall()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection; raises if the store has no data yet."""
        with self._maybe_reading() as con:
            if con is None:
                raise EmptyRangeError(
                    f"the store {shown_path(self.path)} is empty",
                    "import data first: comove data import FILE... (or comove data fetch "
                    "SYMBOL)",
                )
            yield con

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection inside one transaction: committed on success, rolled back on error.

        The tables are created inside the same transaction, so an interrupted first
        write leaves a file with no tables, which the next write reuses.
        """
        import duckdb

        discard_if_blank(self.db_path)
        con = connect(self.db_path, write=True, lock_timeout=self.lock_timeout)
        try:
            check_schema(con, self.db_path)
            con.execute("BEGIN TRANSACTION")
            con.execute(DDL)
            con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                [SCHEMA_VERSION],
            )
            yield con
            con.execute("COMMIT")
        except BaseException as exc:
            # After an I/O failure DuckDB has already aborted the transaction; a failing
            # ROLLBACK must not hide the error that caused it.
            with suppress(Exception):
                con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error) and not (
                isinstance(exc, duckdb.ProgrammingError)
                and not isinstance(exc, duckdb.CatalogException)
            ):
                raise failure(exc, self.db_path, "write") from exc
            raise
        finally:
            with suppress(Exception):
                con.close()

    # -- symbols -----------------------------------------------------------------------

    def symbols(self) -> dict[str, Symbol]:
        """Symbols registered in the store (empty if the store holds nothing)."""
        rows = self._rows_if_any(
            "SELECT symbol, name, asset_class, calendar, currency, providers FROM symbols")
        return {r[0]: self._symbol(r) for r in rows}

    def _symbol(self, row: tuple) -> Symbol:  # type: ignore[type-arg]
        try:
            providers = json.loads(row[5] or "{}")
            if not isinstance(providers, dict):
                raise ValueError("providers is not a JSON object")
            return Symbol(row[0], row[1] or "", AssetClass(row[2]), Calendar(row[3]),
                          row[4] or "", {str(k): str(v) for k, v in providers.items()})
        except (ValueError, TypeError) as exc:
            raise StoreError(
                f"the store {shown_path(self.path)} holds invalid metadata for symbol "
                f"{shown(row[0])} ({shown(exc)})",
                f"register it again: comove data add-symbol {shown(row[0], 32)} --class "
                "CLASS --calendar CALENDAR",
            ) from exc

    def resolve(self, text: str) -> Symbol:
        """Resolve a user-typed name against registered and built-in symbols."""
        return resolve(text, self.symbols())

    def register_symbol(self, symbol: Symbol) -> None:
        """Add or update a user-defined symbol."""
        with self.writing() as con:
            upsert_symbol(con, symbol)

    # -- reading -----------------------------------------------------------------------

    def read(
        self,
        symbol: str,
        start: date | None = None,
        end: date | None = None,
        provenance: bool = False,
    ) -> pd.DataFrame:
        """Stored rows of one symbol, indexed by date, oldest first.

        Returns a frame with columns open, high, low, close, volume, flags (and source,
        ingested_at with ``provenance``). Empty when nothing is stored in the range.
        """
        extra = ", i.source, i.ingested_at" if provenance else ""
        sql = (
            f"SELECT o.date, o.open, o.high, o.low, o.close, o.volume, o.flags{extra} "
            "FROM observations o LEFT JOIN ingests i ON i.id = o.ingest_id "
            "WHERE o.symbol = ? AND (? IS NULL OR o.date >= ?) AND (? IS NULL OR o.date <= ?) "
            "ORDER BY o.date"
        )
        with self.reading() as con:
            frame = con.execute(sql, [symbol, start, start, end, end]).df()
        import pandas as pd

        frame["date"] = pd.to_datetime(frame["date"])
        return frame.set_index("date")

    def read_many(
        self, symbols: list[str], column: str = "close", start: date | None = None,
        end: date | None = None,
    ) -> pd.DataFrame:
        """One column of several symbols as a wide frame (dates by symbols, in the order
        given), unaligned: every date any of them has a row, NaN where one has none.

        Each row comes back with its symbol's position, and is scattered into the array in
        NumPy (a pandas pivot over symbol strings took 3-5 times as long for a scan chunk).
        """
        import numpy as np
        import pandas as pd

        if column not in VALUE_COLUMNS:
            raise ValueError(f"unknown column {column}")
        with self.reading() as con:
            got = con.execute(
                f"SELECT o.date, w.i, o.{column} AS v FROM observations o "
                "JOIN (SELECT unnest(?) AS symbol, generate_subscripts(?, 1) - 1 AS i) w "
                "USING (symbol) WHERE (? IS NULL OR o.date >= ?) AND (? IS NULL OR o.date <= ?)",
                [symbols, symbols, start, start, end, end],
            ).fetchnumpy()
        days, row = np.unique(np.asarray(got["date"], dtype="datetime64[us]"),
                              return_inverse=True)
        wide = np.full((len(days), len(symbols)), np.nan)
        values = got["v"]
        wide[row, np.asarray(got["i"], dtype=np.int64)] = (
            values.filled(np.nan) if np.ma.isMaskedArray(values) else values)
        return pd.DataFrame(wide, index=pd.DatetimeIndex(days, name="date"),
                            columns=pd.Index(list(symbols), name="symbol"))

    def trading_days(
        self, symbols: list[str], start: date | None = None, end: date | None = None
    ) -> pd.DatetimeIndex:
        """Every date on which any of ``symbols`` has a row, oldest first."""
        import pandas as pd

        with self.reading() as con:
            days = con.execute(
                "SELECT DISTINCT date FROM observations WHERE symbol IN (SELECT unnest(?)) "
                "AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?) ORDER BY date",
                [symbols, start, start, end, end],
            ).df()["date"]
        return pd.DatetimeIndex(pd.to_datetime(days))

    def first_last_dates(self) -> dict[str, tuple[date, date]]:
        """First and last stored date of every symbol."""
        rows = self._rows_if_any(
            "SELECT symbol, min(date), max(date) FROM observations GROUP BY symbol")
        return {r[0]: (r[1], r[2]) for r in rows}

    def last_dates(self) -> dict[str, date]:
        """Last stored date of every symbol."""
        return {sym: last for sym, (_, last) in self.first_last_dates().items()}

    def volumes(self, exclude: set[str]) -> pd.DataFrame:
        """Positive volumes of every stored symbol not in ``exclude`` (long frame)."""
        import pandas as pd

        with self._maybe_reading() as con:
            if con is None:
                return pd.DataFrame(columns=["symbol", "date", "volume"])
            frame = con.execute(
                "SELECT symbol, date, volume FROM observations "
                "WHERE volume > 0 AND symbol NOT IN (SELECT unnest(?))",
                [sorted(exclude) or [""]],
            ).df()
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def summary(self) -> pd.DataFrame:
        """One row per stored symbol: metadata, first and last date, rows, sources."""
        with self.reading() as con:
            return con.execute(
                """
                SELECT o.symbol, s.asset_class, s.calendar, min(o.date) AS first,
                       max(o.date) AS last, count(*) AS rows,
                       string_agg(DISTINCT i.source, ', ' ORDER BY i.source) AS sources,
                       s.name, s.notes
                FROM observations o
                JOIN symbols s USING (symbol)
                LEFT JOIN ingests i ON i.id = o.ingest_id
                GROUP BY o.symbol, s.asset_class, s.calendar, s.name, s.notes
                ORDER BY o.symbol
                """
            ).df()

    # -- writing -----------------------------------------------------------------------

    def write(
        self,
        batch: IngestBatch,
        on_conflict: ConflictPolicy = "refuse",
        revise_same_source: bool = False,
    ) -> WriteReport:
        """Write a batch in one transaction.

        Parameters
        ----------
        batch
            Validated rows and the metadata of their symbols.
        on_conflict
            What to do where a new value differs from a stored one: ``"refuse"`` (raise
            :class:`~comove.errors.ConflictError`, write nothing), ``"replace"`` (take the
            new value) or ``"keep"`` (keep the stored value, still add new rows and fill
            empty fields).
        revise_same_source
            Replace values that differ when the stored row came from the same source
            (a provider revising its own recent data); conflicts with other sources still
            follow ``on_conflict``.

        Returns
        -------
        WriteReport
            Counts of new, filled, replaced, unchanged and kept rows per symbol.
        """
        with self.writing() as con:
            report = write_batch(con, batch, on_conflict, revise_same_source)
        return report
