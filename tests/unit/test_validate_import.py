"""Import validation: each documented decision, with line numbers, and the store untouched
on every fatal problem."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from comove.errors import DataFileError
from comove.ingest import ImportOptions, import_files
from comove.store import Store
from tests.conftest import fingerprint, run_cli, write_csv

HEADER = "date,open,high,low,close,volume\n"


def good(tmp_path: Path, name: str = "spx.csv") -> Path:
    return write_csv(
        tmp_path / name,
        HEADER + "2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n"
        "2024-01-04,11,11.5,10.5,11.2,150\n",
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("2024-01-02,10,11,9,10.5,100\n2024-13-03,10,11,9,10,1\n", "line 3: date '2024-13-03'"),
        ("2024-01-02,10,11,9,10.5,100\n03/01/2024,10,11,9,10,1\n", "line 3: date '03/01/2024'"),
        ("2024-01-02,10,11,9,abc,100\n", "line 2: close 'abc' is not a number"),
        ("2024-01-02,10,11,9,inf,100\n", "line 2: close is infinite"),
        ("2024-01-02,10,11,9,0,100\n", "line 2: close 0.0 is not positive"),
        ("2024-01-02,10,11,9,-5,100\n", "line 2: close -5.0 is not positive"),
        ("2024-01-02,10,11,9,10,-1\n", "line 2: volume is negative"),
        ("2024-01-02,10,11,9,10,1\n2024-01-02,10,11,9,12,1\n", "appears 2 times with different"),
        ("2099-01-02,10,11,9,10,1\n", "is in the future"),
        ("2024-01-02,10,11,9,10,1,7\n", "not well-formed CSV"),
    ],
)
def test_fatal_problems_reject_the_file_and_leave_the_store(tmp_path, store, body, expected):
    import_files(store, [good(tmp_path, "rut.csv")])
    before = fingerprint(store)
    bad = write_csv(tmp_path / "spx.csv", HEADER + body)
    with pytest.raises(DataFileError) as err:
        import_files(store, [bad])
    assert expected in str(err.value)
    assert "spx.csv" in str(err.value)
    assert fingerprint(store) == before


def test_a_bad_file_among_good_ones_writes_nothing(tmp_path, store):
    bad = write_csv(tmp_path / "ndx.csv", HEADER + "2024-01-02,10,11,9,oops,1\n")
    with pytest.raises(DataFileError):
        import_files(store, [good(tmp_path), bad])
    assert fingerprint(store) == "absent"


def test_error_lists_the_first_lines_and_the_count(tmp_path, store):
    rows = "".join(f"2024-01-{d:02d},1,1,1,x,1\n" for d in range(2, 12))
    with pytest.raises(DataFileError) as err:
        import_files(store, [write_csv(tmp_path / "spx.csv", HEADER + rows)])
    assert "line 2: close 'x' is not a number (also lines 3, 4, 5; 10 lines in all)" in str(
        err.value
    )


def test_tolerated_problems_are_fixed_and_counted(tmp_path, store):
    body = (
        "2024-01-04,11,11.5,10.5,11.2,150\n"   # unsorted
        "2024-01-02,10,11,9,10.5,0\n"          # zero volume
        "2024-01-02,10,11,9,10.5,0\n"          # identical duplicate
        ",,,,,\n"                              # blank
        "2024-01-03,10,9,11,10.2,5\n"          # high below low
        "2024-01-05,10,11,9,12,5\n"            # close outside high-low
        "2024-01-08,,,,,7\n"                   # no close
        "2024-01-06,10,11,9,10,5\n"            # a Saturday in an exchange series
    )
    result = import_files(store, [write_csv(tmp_path / "spx.csv", HEADER + body)])
    warnings = " | ".join(result.batch.warnings["SPX"])
    for text in ("1 blank lines skipped", "identical repeated rows dropped",
                 "rows out of date order", "1 rows without a close skipped (lines 8)",
                 "zero volumes stored as missing", "high below low",
                 "close outside high-low", "weekend rows"):
        assert text in warnings, text
    stored = store.read("SPX")
    assert [d.strftime("%Y-%m-%d") for d in stored.index] == [
        "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]
    assert math.isnan(stored.loc["2024-01-02", "volume"])
    assert stored.loc["2024-01-03", ["open", "high", "low"]].isna().all()
    assert stored.loc["2024-01-03", "close"] == 10.2
    assert stored.loc["2024-01-03", "flags"] == 4
    assert stored.loc["2024-01-05", "flags"] == 1


def test_value_files_allow_negative_levels_but_not_negative_prices(tmp_path, store):
    rates = write_csv(tmp_path / "dgs10.csv", "date,value\n2024-01-02,-0.5\n2024-01-03,0\n")
    import_files(store, [rates])
    assert list(store.read("DGS10")["close"]) == [-0.5, 0.0]
    prices = write_csv(tmp_path / "btc_bitstamp.csv", "date,value\n2024-01-02,-1\n")
    with pytest.raises(DataFileError, match="not positive"):
        import_files(store, [prices])


def test_wide_matrix_one_symbol_per_column_with_collision_renamed(tmp_path, store):
    wide = write_csv(
        tmp_path / "members.csv",
        "date,AAPL,ES,LOW\n2024-01-02,185.5,,150\n2024-01-03,184.2,101.5,151\n",
    )
    result = import_files(store, [wide])
    assert sorted(result.batch.symbols) == ["AAPL", "ES_STOCK", "LOW"]
    assert list(store.read("ES_STOCK")["close"]) == [101.5]
    assert store.symbols()["AAPL"].asset_class == "stock"
    renamed = import_files(store, [wide], ImportOptions(renames={"ES": "EIX2"}, on_conflict="keep"))
    assert "EIX2" in renamed.batch.symbols


def test_parquet_import_matches_csv(tmp_path):
    import pandas as pd

    csv = good(tmp_path)
    frame = pd.read_csv(csv, parse_dates=["date"])
    frame.to_parquet(tmp_path / "ndx.parquet")
    a, b = Store(tmp_path / "a"), Store(tmp_path / "b")
    import_files(a, [csv], ImportOptions(symbol="NDX"))
    import_files(b, [tmp_path / "ndx.parquet"])
    pd.testing.assert_frame_equal(a.read("NDX"), b.read("NDX"))


def test_unknown_file_name_registers_a_symbol_with_inferred_calendar(tmp_path, store):
    days = "".join(f"2024-01-{d:02d},{100 + d}\n" for d in range(1, 15))
    result = import_files(store, [write_csv(tmp_path / "mycoin.csv", "date,close\n" + days)])
    [new] = result.new_symbols
    assert new.symbol == "MYCOIN" and new.calendar == "24/7"


def test_cli_import_malformed_file_one_line_and_exit_1(tmp_path):
    bad = write_csv(tmp_path / "spx.csv", HEADER + "2024-01-02,1,1,1,zz,1\n")
    result = run_cli("--store", tmp_path / "s", "data", "import", bad)
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith("comove: error: spx.csv line 2: close 'zz' is not a number")
    assert not (tmp_path / "s" / "comove.duckdb").exists()


def test_cli_missing_file(tmp_path):
    result = run_cli("--store", tmp_path / "s", "data", "import", tmp_path / "nope.csv")
    assert result.code == 1 and "no such file" in result.err
