"""One batch written in one transaction: new rows, fills, conflicts and revisions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from comove.errors import ConflictError
from comove.store.model import (
    Conflict,
    ConflictPolicy,
    IngestBatch,
    SymbolWriteReport,
    WriteReport,
)
from comove.store.schema import ROW_COLUMNS, VALUE_COLUMNS
from comove.symbols import Symbol

if TYPE_CHECKING:
    import duckdb

# Two stored values are "the same" within half a unit of the sixth decimal (the precision
# of most published files) plus a relative part for large levels.
ABS_TOLERANCE = 1e-6
REL_TOLERANCE = 1e-9


def upsert_symbol(con: duckdb.DuckDBPyConnection, symbol: Symbol) -> None:
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


def register_new_symbols(con: duckdb.DuckDBPyConnection, symbols: list[Symbol]) -> None:
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


def write_batch(
    con: duckdb.DuckDBPyConnection,
    batch: IngestBatch,
    on_conflict: ConflictPolicy,
    revise_same_source: bool,
) -> WriteReport:
    import pandas as pd

    sources = pd.DataFrame({"symbol": list(batch.sources), "source": list(batch.sources.values())})
    con.register("staged_rows", batch.rows)
    con.register("batch_sources", sources)
    stored, staged = _staged_columns(batch.rows.columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE staged_data AS SELECT {stored} FROM staged_rows")
    con.execute(f"CREATE OR REPLACE TEMP VIEW staged AS SELECT {staged} FROM staged_data")
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
        -- Only rows that differ or fill: a re-import of a big file matches every row.
        CREATE OR REPLACE TEMP TABLE matched AS
        SELECT s.*, ({conflict}) AS conflict, ({fill}) AS fill,
               coalesce(i.source = ss.source, false) AS same_source,
               {", ".join(f"{differs(c)} AS d_{c}" for c in VALUE_COLUMNS)},
               {", ".join(f"o.{c} AS o_{c}" for c in VALUE_COLUMNS)}
        FROM staged s
        JOIN observations o ON o.symbol = s.symbol AND o.date = s.date
        JOIN staged_sources ss ON ss.symbol = s.symbol
        LEFT JOIN ingests i ON i.id = o.ingest_id
        WHERE ({conflict}) OR ({fill})
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
               count(o.symbol) AS matched,
               count(*) FILTER (WHERE m.take_new) AS replaced,
               count(*) FILTER (WHERE m.fill AND NOT m.take_new) AS filled,
               count(*) FILTER (WHERE {blocking} AND NOT m.take_new) AS kept
        FROM staged s
        LEFT JOIN observations o ON o.symbol = s.symbol AND o.date = s.date
        LEFT JOIN matched m ON m.symbol = s.symbol AND m.date = s.date
        GROUP BY s.symbol ORDER BY s.symbol
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
    next_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM ingests").fetchall()[0][0]
    _insert_ingests(con, batch, changed, next_id)
    register_new_symbols(con, [batch.symbols[sym] for sym in reports])
    for sym, note in batch.notes.items():
        con.execute("UPDATE symbols SET notes = ? WHERE symbol = ?", [note, sym])

    if changed:
        ids = pd.DataFrame(
            {"symbol": [r.symbol for r in changed],
             "ingest_id": [next_id + k for k in range(len(changed))]}
        )
        con.register("ingest_ids", ids)
        # With no staged row already stored (a first import), the anti-join is skipped: on
        # 22 million rows it held about half a gigabyte.
        any_matched = any(row[2] for row in counts)
        new_only = (
            "WHERE NOT EXISTS (SELECT 1 FROM observations o "
            "WHERE o.symbol = s.symbol AND o.date = s.date)" if any_matched else ""
        )
        con.execute(
            f"""
            INSERT INTO observations
            SELECT s.symbol, s.date, s.open, s.high, s.low, s.close, s.volume, s.flags,
                   m.ingest_id
            FROM staged s JOIN ingest_ids m USING (symbol)
            {new_only}
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
    con.execute("DROP VIEW staged; DROP TABLE staged_data; DROP TABLE staged_sources; "
                "DROP TABLE matched")
    return WriteReport(list(reports.values()))


def _insert_ingests(
    con: duckdb.DuckDBPyConnection, batch: IngestBatch, changed: list[SymbolWriteReport],
    next_id: int,
) -> None:
    """One ``ingests`` row per changed symbol, ids from ``next_id`` in order, in one
    statement (one statement per symbol took seconds for thousands of symbols)."""
    import pandas as pd

    if not changed:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = pd.DataFrame(
        {
            "id": [next_id + offset for offset in range(len(changed))],
            "action": batch.action,
            "source": [r.source for r in changed],
            "symbol": [r.symbol for r in changed],
            "rows_new": [r.new for r in changed],
            "rows_filled": [r.filled for r in changed],
            "rows_replaced": [r.replaced for r in changed],
            "rows_unchanged": [r.unchanged for r in changed],
            "warnings": ["\n".join(batch.warnings.get(r.symbol, [])) or None for r in changed],
        }
    )
    con.register("new_ingests", rows)
    con.execute(
        "INSERT INTO ingests SELECT CAST(id AS BIGINT), CAST(? AS TIMESTAMP), "
        "CAST(action AS VARCHAR), CAST(source AS VARCHAR), CAST(symbol AS VARCHAR), "
        "CAST(rows_new AS BIGINT), CAST(rows_filled AS BIGINT), CAST(rows_replaced AS BIGINT), "
        "CAST(rows_unchanged AS BIGINT), CAST(warnings AS VARCHAR) FROM new_ingests ORDER BY id",
        [now],
    )
    con.unregister("new_ingests")


def _staged_columns(present: Iterable[object]) -> tuple[str, str]:
    """Select lists staging ``ROW_COLUMNS`` from a frame: the columns it has (a wide
    matrix's rows hold closes only), then all of them, absent value columns as NULL."""
    have = set(present)
    for required in ("symbol", "date", "close", "flags"):
        if required not in have:
            raise ValueError(f"batch rows lack the column {required}")
    stored = [c for c in ROW_COLUMNS if c in have]
    staged = [c if c in have else f"CAST(NULL AS DOUBLE) AS {c}" for c in ROW_COLUMNS]
    return (", ".join(stored).replace("date", "CAST(date AS DATE) AS date", 1),
            ", ".join(staged))


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
