"""The embedded DuckDB store: one file per store folder, one transaction per write.

Concurrency: DuckDB lets one process open a database file for writing, or several for
reading. comove opens the file only for the duration of one command step, and when another
process holds it, waits up to ``lock_timeout`` seconds before reporting that the store is
busy. Nothing is ever written outside a transaction, so a failure or a kill leaves the
store as it was before the command.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from comove.errors import (
    ConflictError,
    EmptyRangeError,
    StoreBusyError,
    StoreError,
)
from comove.store.schema import DDL, ROW_COLUMNS, SCHEMA_VERSION, VALUE_COLUMNS
from comove.symbols import AssetClass, Calendar, Symbol, resolve

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

DB_FILE = "comove.duckdb"
ConflictPolicy = Literal["refuse", "replace", "keep"]

# Two stored values are "the same" within half a unit of the sixth decimal (the precision
# of most published files) plus a relative part for large levels.
ABS_TOLERANCE = 1e-6
REL_TOLERANCE = 1e-9


def default_store_path() -> Path:
    """``$COMOVE_HOME`` if set, else the per-user data directory."""
    env = os.environ.get("COMOVE_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("comove", appauthor=False))


@dataclass
class IngestBatch:
    """Everything one command writes, committed together or not at all.

    Attributes
    ----------
    action
        ``"import"`` or ``"fetch"``.
    rows
        Columns :data:`~comove.store.schema.ROW_COLUMNS`.
    symbols
        Metadata of every symbol in ``rows``.
    sources
        Symbol to source description (``file:/path`` or ``yahoo:^GSPC``).
    warnings
        Symbol to the warnings raised while validating its rows.
    notes
        Symbol to a note kept in its metadata (e.g. why its volume was dropped).
    """

    action: str
    rows: pd.DataFrame
    symbols: dict[str, Symbol]
    sources: dict[str, str]
    warnings: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Conflict:
    """A stored value that differs from the new one."""

    symbol: str
    date: date
    column: str
    stored: float
    new: float

    def describe(self) -> str:
        return f"{self.symbol} {self.date} {self.column}: stored {self.stored!r}, new {self.new!r}"


@dataclass
class SymbolWriteReport:
    """What a write did to one symbol's rows."""

    symbol: str
    source: str
    new: int = 0
    filled: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.filled or self.replaced)


@dataclass
class WriteReport:
    """What a write did, per symbol."""

    symbols: list[SymbolWriteReport]

    @property
    def rows_new(self) -> int:
        return sum(s.new for s in self.symbols)

    @property
    def rows_changed(self) -> int:
        return sum(s.filled + s.replaced for s in self.symbols)


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
        return self.db_path.exists()

    # -- connections -------------------------------------------------------------------

    def _connect(self, write: bool) -> duckdb.DuckDBPyConnection:
        import duckdb

        if write:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the store folder {self.path}: {exc.strerror}",
                    "choose another folder with --store or COMOVE_HOME",
                ) from exc
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.05
        while True:
            try:
                return duckdb.connect(str(self.db_path), read_only=not write)
            except duckdb.IOException as exc:
                text = str(exc)
                if "lock" not in text.lower():
                    raise StoreError(
                        f"cannot open the store {self.db_path}: {text.splitlines()[0]}",
                        "check the path and its permissions",
                    ) from exc
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"the store {self.path} is busy: another comove process is using it",
                        "wait for it to finish and run the command again",
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
            except duckdb.Error as exc:
                raise StoreError(
                    f"cannot open the store {self.db_path}: {str(exc).splitlines()[0]}",
                    "if the file is not a comove store, point --store elsewhere",
                ) from exc

    @contextmanager
    def session(self) -> Iterator[Store]:
        """Keep one read-only connection open for every read inside the block.

        A command (or one API call) reads through a session, so it opens the store once
        however many reads it makes. Sessions nest; writes still open their own
        connection, so do not write inside a session.
        """
        if self._shared is not None or not self.exists():
            yield self
            return
        self._shared = self._connect(write=False)
        try:
            yield self
        finally:
            self._shared.close()
            self._shared = None

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection; raises if the store has no data yet."""
        if self._shared is not None:
            yield self._shared
            return
        if not self.exists():
            raise EmptyRangeError(
                f"the store {self.path} is empty",
                "import data first: comove data import FILE... (or comove data fetch SYMBOL)",
            )
        con = self._connect(write=False)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        con = self._connect(write=True)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(DDL)
            con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                [SCHEMA_VERSION],
            )
            yield con
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    # -- symbols -----------------------------------------------------------------------

    def symbols(self) -> dict[str, Symbol]:
        """Symbols registered in the store (empty if the store does not exist)."""
        if not self.exists():
            return {}
        with self.reading() as con:
            if not _has_table(con, "symbols"):
                return {}
            rows = con.execute(
                "SELECT symbol, name, asset_class, calendar, currency, providers FROM symbols"
            ).fetchall()
        return {
            r[0]: Symbol(
                r[0],
                r[1] or "",
                AssetClass(r[2]),
                Calendar(r[3]),
                r[4] or "",
                json.loads(r[5] or "{}"),
            )
            for r in rows
        }

    def resolve(self, text: str) -> Symbol:
        """Resolve a user-typed name against registered and built-in symbols."""
        return resolve(text, self.symbols())

    def register_symbol(self, symbol: Symbol) -> None:
        """Add or update a user-defined symbol."""
        with self.writing() as con:
            _upsert_symbol(con, symbol)

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
        """One column of several symbols as a wide frame (dates by symbols), unaligned."""
        if column not in VALUE_COLUMNS:
            raise ValueError(f"unknown column {column}")
        with self.reading() as con:
            long = con.execute(
                f"SELECT date, symbol, {column} AS v FROM observations "
                "WHERE symbol IN (SELECT unnest(?)) AND (? IS NULL OR date >= ?) "
                "AND (? IS NULL OR date <= ?)",
                [symbols, start, start, end, end],
            ).df()
        import pandas as pd

        long["date"] = pd.to_datetime(long["date"])
        wide = long.pivot(index="date", columns="symbol", values="v").sort_index()
        return wide.reindex(columns=symbols)

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

    def last_dates(self) -> dict[str, date]:
        """Last stored date of every symbol."""
        if not self.exists():
            return {}
        with self.reading() as con:
            if not _has_table(con, "observations"):
                return {}
            rows = con.execute(
                "SELECT symbol, max(date) FROM observations GROUP BY symbol"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def volumes(self, exclude: set[str]) -> pd.DataFrame:
        """Positive volumes of every stored symbol not in ``exclude`` (long frame)."""
        import pandas as pd

        if not self.exists():
            return pd.DataFrame(columns=["symbol", "date", "volume"])
        with self.reading() as con:
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
            :class:`ConflictError`, write nothing), ``"replace"`` (take the new value) or
            ``"keep"`` (keep the stored value, still add new rows and fill empty fields).
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
            report = _write_batch(con, batch, on_conflict, revise_same_source)
        return report


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()[0]  # type: ignore[index]
    )


def _upsert_symbol(con: duckdb.DuckDBPyConnection, symbol: Symbol) -> None:
    row = con.execute(
        "SELECT name, asset_class, calendar, currency, providers FROM symbols "
        "WHERE symbol = ?",
        [symbol.symbol],
    ).fetchone()
    values = [
        symbol.name,
        symbol.asset_class.value,
        symbol.calendar.value,
        symbol.currency,
        json.dumps(symbol.providers, sort_keys=True),
    ]
    if row is None:
        con.execute(
            "INSERT INTO symbols VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [symbol.symbol, *values, None, datetime.now(UTC).replace(tzinfo=None)],
        )
        return
    if list(row) != values:
        con.execute(
            "UPDATE symbols SET name = ?, asset_class = ?, calendar = ?, currency = ?, "
            "providers = ? WHERE symbol = ?",
            [*values, symbol.symbol],
        )


def _register_new_symbols(con: duckdb.DuckDBPyConnection, symbols: list[Symbol]) -> None:
    import pandas as pd

    existing = {r[0] for r in con.execute("SELECT symbol FROM symbols").fetchall()}
    new = [s for s in symbols if s.symbol not in existing]
    if not new:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    frame = pd.DataFrame(
        {
            "symbol": [s.symbol for s in new],
            "name": [s.name for s in new],
            "asset_class": [s.asset_class.value for s in new],
            "calendar": [s.calendar.value for s in new],
            "currency": [s.currency for s in new],
            "providers": [json.dumps(s.providers, sort_keys=True) for s in new],
            "notes": [None] * len(new),
            "registered_at": [now] * len(new),
        }
    )
    con.register("new_symbols", frame)
    con.execute("INSERT INTO symbols SELECT * FROM new_symbols")
    con.unregister("new_symbols")


def _write_batch(
    con: duckdb.DuckDBPyConnection,
    batch: IngestBatch,
    on_conflict: ConflictPolicy,
    revise_same_source: bool,
) -> WriteReport:
    import pandas as pd

    rows = batch.rows.loc[:, list(ROW_COLUMNS)]
    sources = pd.DataFrame({"symbol": list(batch.sources), "source": list(batch.sources.values())})
    con.register("staged_rows", rows)
    con.register("batch_sources", sources)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged AS "
        "SELECT * REPLACE (CAST(date AS DATE) AS date) FROM staged_rows"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE staged_sources AS SELECT * FROM batch_sources")
    con.unregister("staged_rows")
    con.unregister("batch_sources")

    def differs(c: str) -> str:
        return (f"(o.{c} IS NOT NULL AND s.{c} IS NOT NULL AND "
                f"abs(o.{c} - s.{c}) > {ABS_TOLERANCE} + {REL_TOLERANCE} * abs(o.{c}))")

    conflict = " OR ".join(differs(c) for c in VALUE_COLUMNS)
    fill = " OR ".join(f"(o.{c} IS NULL AND s.{c} IS NOT NULL)" for c in VALUE_COLUMNS)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE matched AS
        SELECT s.*, ({conflict}) AS conflict, ({fill}) AS fill,
               coalesce(i.source = ss.source, false) AS same_source,
               {", ".join(f"{differs(c)} AS d_{c}" for c in VALUE_COLUMNS)},
               {", ".join(f"o.{c} AS o_{c}" for c in VALUE_COLUMNS)}
        FROM staged s
        JOIN observations o ON o.symbol = s.symbol AND o.date = s.date
        JOIN staged_sources ss ON ss.symbol = s.symbol
        LEFT JOIN ingests i ON i.id = o.ingest_id
        """
    )
    revisable = "conflict AND same_source" if revise_same_source else "false"
    blocking = f"(conflict AND NOT ({revisable}))"
    take_new = f"(({revisable}) OR ({blocking} AND {on_conflict == 'replace'}))"
    con.execute(
        f"ALTER TABLE matched ADD COLUMN take_new BOOLEAN; UPDATE matched SET take_new = {take_new}"
    )
    blocked = con.execute(f"SELECT count(*) FROM matched WHERE {blocking}").fetchone()[0]  # type: ignore[index]
    if blocked and on_conflict == "refuse":
        conflicts = _conflicts(con, blocking, limit=5)
        shown = "; ".join(c.describe() for c in conflicts)
        more = f" and {blocked - len(conflicts)} more" if blocked > len(conflicts) else ""
        raise ConflictError(
            f"{blocked} stored rows differ from the new data ({shown}{more}); "
            "nothing was written",
            "re-run with --replace to take the new values, or --keep to keep the stored "
            "ones and add only new rows",
        )

    counts = con.execute(
        f"""
        SELECT s.symbol, count(*) AS staged,
               count(m.symbol) AS matched,
               count(*) FILTER (WHERE m.take_new) AS replaced,
               count(*) FILTER (WHERE m.fill AND NOT m.take_new) AS filled,
               count(*) FILTER (WHERE {blocking} AND NOT m.take_new) AS kept
        FROM staged s LEFT JOIN matched m ON m.symbol = s.symbol AND m.date = s.date
        GROUP BY s.symbol
        """
    ).fetchall()
    reports = {}
    for sym, staged, matched, replaced, filled, kept in counts:
        reports[sym] = SymbolWriteReport(
            sym, batch.sources[sym], new=staged - matched, filled=filled, replaced=replaced,
            unchanged=matched - replaced - filled, kept=kept,
        )
    if any(r.kept for r in reports.values()):
        for conflict_row in _conflicts(con, blocking, limit=100):
            reports[conflict_row.symbol].conflicts.append(conflict_row)

    changed = [r for r in reports.values() if r.changed]
    next_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM ingests").fetchone()[0]  # type: ignore[index]
    now = datetime.now(UTC).replace(tzinfo=None)
    for offset, report in enumerate(changed):
        con.execute(
            "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                next_id + offset, now, batch.action, report.source, report.symbol,
                report.new, report.filled, report.replaced, report.unchanged,
                "\n".join(batch.warnings.get(report.symbol, [])) or None,
            ],
        )
    _register_new_symbols(con, [batch.symbols[sym] for sym in reports])
    for sym, note in batch.notes.items():
        con.execute("UPDATE symbols SET notes = ? WHERE symbol = ?", [note, sym])

    if changed:
        ids = pd.DataFrame(
            {"symbol": [r.symbol for r in changed],
             "ingest_id": [next_id + k for k in range(len(changed))]}
        )
        con.register("ingest_ids", ids)
        con.execute(
            """
            INSERT INTO observations
            SELECT s.symbol, s.date, s.open, s.high, s.low, s.close, s.volume, s.flags,
                   m.ingest_id
            FROM staged s JOIN ingest_ids m USING (symbol)
            WHERE NOT EXISTS (
                SELECT 1 FROM observations o WHERE o.symbol = s.symbol AND o.date = s.date
            )
            """
        )
        merged = ", ".join(
            f"{c} = CASE WHEN u.take_new THEN coalesce(u.{c}, u.o_{c}) "
            f"ELSE coalesce(u.o_{c}, u.{c}) END"
            for c in VALUE_COLUMNS
        )
        con.execute(
            f"""
            UPDATE observations AS o
            SET {merged}, flags = u.flags, ingest_id = m.ingest_id
            FROM matched u JOIN ingest_ids m USING (symbol)
            WHERE o.symbol = u.symbol AND o.date = u.date AND (u.take_new OR u.fill)
            """
        )
        con.unregister("ingest_ids")
    con.execute("DROP TABLE staged; DROP TABLE staged_sources; DROP TABLE matched")
    return WriteReport(list(reports.values()))


def _conflicts(con: duckdb.DuckDBPyConnection, blocking: str, limit: int) -> list[Conflict]:
    out: list[Conflict] = []
    for column in VALUE_COLUMNS:
        rows = con.execute(
            f"SELECT symbol, date, o_{column}, {column} FROM matched "
            f"WHERE {blocking} AND d_{column} ORDER BY symbol, date LIMIT {limit}"
        ).fetchall()
        out.extend(Conflict(r[0], r[1], column, r[2], r[3]) for r in rows)
    out.sort(key=lambda c: (c.symbol, c.date))
    return out[:limit]


