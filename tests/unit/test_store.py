"""Store writes: idempotent re-import, conflicts, fills, revisions, transactions, locking."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from comove.errors import ConflictError, StoreBusyError
from comove.ingest import ImportOptions, import_files
from comove.store import IngestBatch
from comove.symbols import BUILTIN_SYMBOLS
from tests.conftest import fingerprint, write_csv

HEADER = "date,open,high,low,close,volume\n"
ROWS = "2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n"


def test_reimport_changes_nothing(tmp_path, store):
    path = write_csv(tmp_path / "spx.csv", HEADER + ROWS)
    first = import_files(store, [path])
    assert first.write.rows_new == 2
    before = fingerprint(store)
    again = import_files(store, [path])
    assert again.write.rows_new == 0 and again.write.rows_changed == 0
    assert again.write.symbols[0].unchanged == 2
    assert fingerprint(store) == before


def test_rounding_noise_is_not_a_conflict(tmp_path, store):
    import_files(store, [write_csv(tmp_path / "spx.csv", HEADER + ROWS)])
    noisy = ROWS.replace("10.5,100", "10.5000004,100")
    report = import_files(store, [write_csv(tmp_path / "spx.csv", HEADER + noisy)])
    assert report.write.rows_changed == 0


def test_conflict_is_refused_then_kept_or_replaced(tmp_path, store):
    import_files(store, [write_csv(tmp_path / "spx.csv", HEADER + ROWS)])
    before = fingerprint(store)
    changed = write_csv(tmp_path / "spx.csv",
                        HEADER + ROWS.replace("10.5,100", "10.7,100") + "2024-01-04,1,2,1,2,3\n")
    with pytest.raises(ConflictError, match=r"SPX 2024-01-02 close: stored 10.5, new 10.7"):
        import_files(store, [changed])
    assert fingerprint(store) == before

    kept = import_files(store, [changed], ImportOptions(on_conflict="keep"))
    assert kept.write.symbols[0].kept == 1 and kept.write.rows_new == 1
    assert store.read("SPX").loc["2024-01-02", "close"] == 10.5

    replaced = import_files(store, [changed], ImportOptions(on_conflict="replace"))
    assert replaced.write.symbols[0].replaced == 1
    assert store.read("SPX").loc["2024-01-02", "close"] == 10.7


def test_missing_fields_are_filled_without_a_flag(tmp_path, store):
    import_files(store, [write_csv(tmp_path / "spx.csv", "date,close\n2024-01-02,10.5\n")])
    result = import_files(store, [write_csv(tmp_path / "spx.csv", HEADER + ROWS)])
    assert result.write.symbols[0].filled == 1
    assert store.read("SPX").loc["2024-01-02", "high"] == 11


def _batch(close: float, source: str) -> IngestBatch:
    rows = pd.DataFrame({"symbol": ["BTC"], "date": [pd.Timestamp("2024-01-02")],
                         "open": [None], "high": [None], "low": [None], "close": [close],
                         "volume": [None], "flags": [0]}).astype(
        {"open": float, "high": float, "low": float, "volume": float, "flags": "int32"})
    return IngestBatch("fetch", rows, {"BTC": BUILTIN_SYMBOLS["BTC"]}, {"BTC": source})


def test_same_source_revisions_are_applied_other_sources_refused(store):
    store.write(_batch(100.0, "yahoo:BTC-USD"))
    report = store.write(_batch(101.0, "yahoo:BTC-USD"), revise_same_source=True)
    assert report.symbols[0].replaced == 1
    with pytest.raises(ConflictError):
        store.write(_batch(102.0, "coinbase:BTC-USD"), revise_same_source=True)
    assert store.read("BTC")["close"].iloc[0] == 101.0


def test_failure_inside_the_transaction_rolls_back(store, monkeypatch):
    store.write(_batch(100.0, "yahoo:BTC-USD"))
    before = fingerprint(store)
    import comove.store.write as module

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, "register_new_symbols", explode)
    bad = _batch(100.0, "yahoo:BTC-USD")
    bad.rows.loc[0, "date"] = pd.Timestamp("2024-01-03")
    with pytest.raises(RuntimeError):
        store.write(bad)
    assert fingerprint(store) == before


def test_a_second_process_gets_store_is_busy(tmp_path, store):
    store.write(_batch(100.0, "yahoo:BTC-USD"))
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(store.db_path)!r})
            con.execute("BEGIN TRANSACTION")
            print("locked", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusyError, match="is busy"):
            store.write(_batch(101.0, "yahoo:BTC-USD"))
        with pytest.raises(StoreBusyError):
            store.read("BTC")
    finally:
        holder.communicate("\n", timeout=10)
    assert store.read("BTC")["close"].iloc[0] == 100.0


def test_the_expected_columns_are_those_of_the_ddl():
    import duckdb

    from comove.store.schema import DDL, EXPECTED_COLUMNS

    con = duckdb.connect(":memory:")
    con.execute(DDL)
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = current_database() AND NOT internal "
        "ORDER BY table_name, column_index"
    ).fetchall():
        found.setdefault(table, []).append((column, kind))
    assert found == EXPECTED_COLUMNS


def test_read_many_equals_a_pandas_pivot_of_the_rows(tmp_path, store):
    import numpy as np

    rng = np.random.default_rng(3)
    days = pd.bdate_range("2023-01-02", periods=60)
    paths = []
    for name in ("spx", "btc", "ndx"):
        keep = np.sort(rng.choice(len(days), 40, replace=False))
        lines = [f"{days[i].date()},1,{2 + i},0.5,{1 + i * 0.25 + rng.random():.4f},"
                 f"{'' if i % 7 == 0 else int(rng.integers(1, 1000))}" for i in keep]
        paths.append(write_csv(tmp_path / f"{name}.csv", HEADER + "\n".join(lines) + "\n"))
    import_files(store, paths)
    names = ["NDX", "NOPE", "BTC", "SPX"]
    for column, start, end in (("close", None, None), ("volume", None, days[30].date()),
                               ("high", days[10].date(), days[50].date())):
        with store.reading() as con:
            long = con.execute(f"SELECT date, symbol, {column} AS v FROM observations",
                               ).df()
        long["date"] = pd.to_datetime(long["date"])
        expected = long.pivot(index="date", columns="symbol", values="v").sort_index()
        expected = expected.loc[pd.Timestamp(start) if start else None:
                                pd.Timestamp(end) if end else None].reindex(columns=names)
        got = store.read_many(names, column, start, end)
        pd.testing.assert_frame_equal(got, expected, check_freq=False)
