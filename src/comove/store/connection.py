"""Opening the store file, and telling a comove store from an empty, foreign or damaged file.

DuckDB lets one process open a file for writing, or several for reading. When another
process holds it, :func:`connect` waits up to ``lock_timeout`` seconds before reporting
that the store is busy. Every problem with the file itself becomes a :class:`StoreError`
naming the file and what to do; a file that holds no data is reported as empty (and is
reused, or replaced when it is not a database at all, by the next write).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from comove.errors import StoreBusyError, StoreError
from comove.store.schema import EXPECTED_COLUMNS, SCHEMA_VERSION, TABLES
from comove.store.text import shown, shown_path

if TYPE_CHECKING:
    import duckdb

MOVE_AWAY = "move the store folder away (or use --store NEW) and import your files again"
FULL_DISK = ("no space left", "file too large", "disk quota", "not enough space")


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")


def discard_if_blank(db_path: Path) -> None:
    """Remove a 0-byte store file (and its WAL): a creation cut short, holding no data."""
    try:
        if db_path.is_file() and db_path.stat().st_size == 0:
            db_path.unlink()
            wal_path(db_path).unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(
            f"the store file {shown_path(db_path)} is empty and cannot be removed: {exc.strerror}",
            "delete it by hand and run the command again",
        ) from exc


def connect(db_path: Path, write: bool, lock_timeout: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting for another process's lock; DuckDB errors become StoreError."""
    import duckdb

    if write:
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the store folder {shown_path(db_path.parent)}: {exc.strerror}",
                "choose another folder with --store or COMOVE_HOME",
            ) from exc
    if db_path.exists() and not db_path.is_file():
        raise StoreError(f"the store file {shown_path(db_path)} is not a regular file",
                         "point --store at a folder holding a comove store")
    deadline = time.monotonic() + lock_timeout
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=not write)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower():
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"the store {shown_path(db_path.parent)} is busy: another comove process "
                        "is using it",
                        "wait for it to finish and run the command again",
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
                continue
            raise failure(exc, db_path, "open") from exc
        except duckdb.Error as exc:
            raise failure(exc, db_path, "open") from exc


def failure(exc: BaseException, db_path: Path, doing: str) -> StoreError:
    """The user-facing error for a DuckDB failure while opening, reading or writing."""
    text = str(exc)
    first = text.splitlines()[0] if text else type(exc).__name__
    lower = text.lower()
    full = [lower.index(marker) for marker in FULL_DISK if marker in lower]
    if full:
        reason = text[full[0]:].splitlines()[0].strip(' ".')
        return StoreError(
            f"cannot write the store {shown_path(db_path)}: the disk is full ({shown(reason)})",
            "free some space and run the command again; nothing was written",
        )
    if "not a valid duckdb database" in lower:
        return StoreError(
            f"the store file {shown_path(db_path)} is not a DuckDB database (damaged, or another "
            "program's file)",
            MOVE_AWAY,
        )
    if "version" in lower and "storage" in lower:
        return StoreError(f"the store file {shown_path(db_path)} was written by another DuckDB "
                          f"version ({shown(first)})", MOVE_AWAY)
    if doing == "write":
        return StoreError(f"cannot write the store {shown_path(db_path)}: {shown(first)}",
                          "nothing was written; check the disk and the file's permissions")
    return StoreError(
        f"cannot {doing} the store {shown_path(db_path)}: {shown(first)} (the file may be damaged)",
        MOVE_AWAY,
    )


def check_schema(con: duckdb.DuckDBPyConnection, db_path: Path) -> bool:
    """Check that the file is a comove store this version can use.

    Returns
    -------
    bool
        True if it holds comove's tables, False if it holds no table at all (a new file,
        or a first write that never committed).

    Raises
    ------
    StoreError
        For another program's database, another schema version, or a damaged store.
    """
    import duckdb

    try:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() AND NOT internal "
            "ORDER BY table_name, column_index"
        ).fetchall()
        views = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() "
            "AND NOT internal"
        ).fetchone()
    except duckdb.Error as exc:
        raise failure(exc, db_path, "read") from exc
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        found.setdefault(table, []).append((column, kind))
    if not found and not (views and views[0]):
        return False
    if "meta" not in found:
        names = ", ".join(sorted(found)[:5]) or "views only"
        raise StoreError(
            f"{shown_path(db_path)} is a DuckDB file but not a comove store (it holds "
            f"{shown(names)})",
            "point --store at another folder; comove does not write into other databases",
        )
    try:
        version_row = con.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        ).fetchone()
    except duckdb.Error as exc:
        raise StoreError(f"the store {shown_path(db_path)} is damaged: its meta table cannot be "
                         "read", MOVE_AWAY) from exc
    if version_row is None:
        raise StoreError(f"{shown_path(db_path)} has no schema_version: it is not a comove store, "
                         "or it is damaged", MOVE_AWAY)
    if version_row[0] != SCHEMA_VERSION:
        raise StoreError(
            f"the store {shown_path(db_path)} has schema version '{shown(version_row[0])}'; this "
            f"comove reads version {SCHEMA_VERSION}",
            "use the comove version that wrote it, or import your files into a new store",
        )
    expected = EXPECTED_COLUMNS
    for table in TABLES:
        if table not in found:
            raise StoreError(f"the store {shown_path(db_path)} is damaged: table {table} is "
                             "missing", MOVE_AWAY)
        if found[table] != expected[table]:
            have = ", ".join(f"{c} {k}" for c, k in found[table])
            raise StoreError(
                f"the store {shown_path(db_path)} is damaged: table {table} has columns "
                f"({shown(have)}), not comove's",
                MOVE_AWAY,
            )
    return True
