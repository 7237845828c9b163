"""The command line: help, start-up cost, exit codes, one-line errors, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import fingerprint, run_cli, write_csv

HEADER = "date,open,high,low,close,volume\n"


def test_help_does_not_import_pandas_or_duckdb():
    code = (
        "import sys, io, contextlib\n"
        "from comove.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('pandas', 'duckdb', 'numpy', 'httpx') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_python_dash_m_and_every_command_has_help():
    for args in ([], ["data"], ["data", "import"], ["data", "fetch"], ["data", "list"],
                 ["data", "show"], ["data", "symbols"], ["data", "add-symbol"]):
        out = subprocess.run([sys.executable, "-m", "comove", *args, "--help"],
                             capture_output=True, text=True)
        assert out.returncode == 0, args
        assert "usage: comove" in out.stdout


def test_usage_errors_exit_2():
    assert run_cli("data", "show").code == 2
    assert run_cli("nonsense").code == 2
    assert run_cli("data", "show", "BTC", "--start", "2021-13-01").code == 2


@pytest.fixture
def filled(tmp_path):
    store = tmp_path / "s"
    path = write_csv(tmp_path / "btc.csv",
                     HEADER + "2021-11-07,61527,63257,61.0,63326.99,1\n"
                     "2021-11-08,63344.07,67673.74,63344.07,67566.83,41125608330\n")
    assert run_cli("--store", store, "data", "import", path).code == 0
    return store


def test_show_json_prints_the_stored_bar(filled):
    result = run_cli("data", "show", "btc", "--start", "2021-11-08", "--end", "2021-11-08",
                     "--json", "--store", filled)
    assert result.code == 0
    rows = json.loads(result.out)["rows"]
    assert rows == [{"date": "2021-11-08", "open": 63344.07, "high": 67673.74,
                     "low": 63344.07, "close": 67566.83, "volume": 41125608330.0,
                     "flags": ""}]


def test_show_csv_and_list_json(filled):
    csv = run_cli("--store", filled, "data", "show", "BTC", "--csv")
    assert csv.out.splitlines()[0] == "date,open,high,low,close,volume,flags"
    listed = json.loads(run_cli("--store", filled, "data", "list", "--json").out)["series"]
    assert listed[0]["symbol"] == "BTC" and listed[0]["rows"] == 2
    assert listed[0]["calendar"] == "24/7"


def test_empty_range_unknown_symbol_each_one_line_nonzero_store_unchanged(filled):
    from comove.store import Store

    before = fingerprint(Store(filled))
    empty = run_cli("--store", filled, "data", "show", "BTC", "--start", "2030-01-01")
    assert empty.code == 1 and empty.err.count("\n") == 1
    assert "no rows between 2030-01-01" in empty.err and "2021-11-07 to 2021-11-08" in empty.err
    unknown = run_cli("--store", filled, "data", "show", "BTCC")
    assert unknown.code == 2 and unknown.err.count("\n") == 1
    assert "did you mean BTC" in unknown.err
    assert fingerprint(Store(filled)) == before


def test_empty_store_says_how_to_fill_it(tmp_path):
    result = run_cli("--store", tmp_path / "empty", "data", "list")
    assert result.code == 1 and "import data first" in result.err


def test_comove_home_is_the_default_store(tmp_path, filled):
    env = {**os.environ, "COMOVE_HOME": str(filled)}
    out = subprocess.run([sys.executable, "-m", "comove", "data", "list", "--json"],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0 and json.loads(out.stdout)["series"][0]["symbol"] == "BTC"


def test_add_symbol_then_resolve(tmp_path):
    store = tmp_path / "s"
    assert run_cli("--store", store, "data", "add-symbol", "MSTR", "--class", "stock",
                   "--calendar", "us-exchange", "--yahoo", "MSTR").code == 0
    listed = json.loads(run_cli("--store", store, "data", "symbols", "--json").out)["symbols"]
    assert any(r["symbol"] == "MSTR" and r["providers"] == "yahoo:MSTR" for r in listed)


def test_readme_cli_reference_is_current():
    from comove.cli.reference import BEGIN, END, reference
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text()
    current = readme[readme.index(BEGIN): readme.index(END) + len(END)]
    assert current == reference(), "regenerate: python -m comove.cli.reference --write README.md"


def test_the_console_entry_flushes_everything_and_keeps_the_exit_code(tmp_path):
    """``run`` ends the process with os._exit after main: the whole output must still
    arrive, and the exit code be main's (a success, and a data error)."""
    from tests.unit.test_api_records import build_store

    store = build_store(tmp_path / "synthetic")
    done = subprocess.run([sys.executable, "-m", "comove", "--store", str(store.path), "highs",
                           "BTC", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["records"]
    failed = subprocess.run([sys.executable, "-m", "comove", "--store", str(tmp_path / "none"),
                             "corr", "BTC", "SPX"], capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1
    assert "is empty" in failed.stderr and failed.stdout == ""
