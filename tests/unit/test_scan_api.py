"""``Market.scan`` and ``comove scan``: the CLI prints the API's result, several references
share one read of each chunk, one store connection per scan, and the numbers do not depend
on the chunk size."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import comove
from comove.errors import UsageError
from comove.results.render import jsonable
from comove.scan import ScanOptions, ScanResult, scan
from tests.conftest import run_cli, store_connections

PERIODS = "2020-01-01:2020-08-31,2020-09-01:2021-07-31"
ARGS = dict(window=100, periods=PERIODS, resamples=300)


def build_store(folder: Path) -> Path:
    """BTC and ETH every day, 12 stocks on business days (S05 listed later, S07 ending
    early), and a universe file that also names a symbol that is not stored."""
    from comove.ingest import import_files
    from comove.store import Store

    rng = np.random.default_rng(23)
    days = pd.bdate_range("2020-01-01", periods=400)
    crypto_days = pd.date_range("2019-12-01", "2021-12-31")
    crypto = {}
    for name in ("btc", "eth"):
        crypto[name] = 100 * np.exp(np.cumsum(rng.normal(0.001, 0.03, len(crypto_days))))
        pd.DataFrame({"date": crypto_days.strftime("%Y-%m-%d"), "close": crypto[name]}).to_csv(
            folder / f"{name}.csv", index=False)
    btc = pd.Series(crypto["btc"], index=crypto_days).reindex(days).to_numpy()
    wide = {"date": days.strftime("%Y-%m-%d")}
    for k in range(12):
        noise = np.cumsum(rng.normal(0, 0.02, len(days)))
        wide[f"S{k:02d}"] = 50 * np.exp(noise + 0.05 * k * np.log(btc / btc[0]))
    frame = pd.DataFrame(wide)
    frame.loc[:30, "S05"] = np.nan
    frame.loc[350:, "S07"] = np.nan
    frame.to_csv(folder / "members.csv", index=False)
    import_files(Store(folder / "store"), [folder / "btc.csv", folder / "eth.csv",
                                           folder / "members.csv"])
    (folder / "universe.csv").write_text(
        "Symbol,Security\n" + "".join(f"S{k:02d},x\n" for k in range(12)) + "GONE,y\n")
    return folder


@pytest.fixture(scope="module")
def scan_folder(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("scanapi"))


@pytest.fixture(scope="module")
def market(scan_folder):
    return comove.open(scan_folder / "store")


def test_cli_json_and_text_are_the_api_result(scan_folder, market):
    universe = scan_folder / "universe.csv"
    result = market.scan(str(universe), against="BTC", **ARGS)
    assert isinstance(result, ScanResult)
    run = run_cli("--store", scan_folder / "store", "scan", "--universe", universe,
                  "--against", "BTC", "--window", "100", "--periods", PERIODS,
                  "--resamples", "300", "--json")
    assert run.code == 0, run.err
    assert json.loads(run.out) == jsonable(result.to_dict())
    assert "note: 1 universe symbols are not stored and are left out: GONE" in run.err
    text = run_cli("--store", scan_folder / "store", "scan", "--universe", universe,
                   "--window", "100", "--periods", PERIODS, "--resamples", "300")
    assert text.out == result.summary() + "\n"
    assert text.out.startswith("12 assets against BTC, daily log returns on the equity "
                               "calendar; change interval: 95% symmetric block bootstrap-t, "
                               "as in comove corr --periods; sorted by corr_full\n"
                               "symbol  against  corr_full")
    assert result.missing == ["GONE"]
    rows = result.to_frame()
    assert list(rows["symbol"]) == [r["symbol"] for r in result.to_dict()["rows"]]
    assert rows["corr_full"].is_monotonic_decreasing
    assert "<table" in result._repr_html_()


def test_universe_forms_agree(scan_folder, market):
    by_file = market.scan(scan_folder / "universe.csv", **ARGS).to_frame()
    by_class = market.scan("class:stock", **ARGS).to_frame()
    by_list = market.scan([f"s{k:02d}" for k in range(12)], **ARGS).to_frame()
    pd.testing.assert_frame_equal(by_file, by_class, check_exact=True)
    pd.testing.assert_frame_equal(by_file, by_list, check_exact=True)


def test_several_references_share_each_chunk_read(scan_folder):
    from comove.store import Store

    store = Store(scan_folder / "store")
    reads: list[list[str]] = []
    original = store.read_many

    def counting(symbols, *args, **kwargs):
        reads.append(list(symbols))
        return original(symbols, *args, **kwargs)

    store.read_many = counting  # type: ignore[method-assign]
    options = ScanOptions(against=("BTC", "ETH", "S03"), window=100, resamples=300,
                          periods=PERIODS, chunk_size=5)
    with store.session():
        both = scan(store, "class:stock", options).to_frame()
    assert len(reads) == 3  # 12 assets in chunks of 5, whatever the number of references
    assert sorted(s for chunk in reads for s in chunk) == [f"S{k:02d}" for k in range(12)]
    with store.session():
        for name in ("BTC", "ETH", "S03"):
            alone = scan(store, "class:stock", ScanOptions(
                against=name, window=100, resamples=300, periods=PERIODS)).to_frame()
            mine = both[both["against"] == name].reset_index(drop=True)
            pd.testing.assert_frame_equal(mine, alone, check_exact=True)
    assert "S03" not in set(both.loc[both["against"] == "S03", "symbol"])
    assert len(both) == 12 + 12 + 11


def test_numbers_do_not_depend_on_chunk_size_or_threads(market):
    frames = [market.scan("class:stock", chunk_size=size, workers=workers, **ARGS).to_frame()
              for size, workers in ((1, 1), (1, 2), (5, 3), (12, 1), (50, 2))]
    for other in frames[1:]:
        pd.testing.assert_frame_equal(frames[0], other, check_exact=True)
    row = frames[0].set_index("symbol").loc["S07"]  # ends early: its own last 100 rows
    assert np.isfinite(row["corr_recent"]) and np.isfinite(row["change_ci_low"])


def test_one_store_connection_per_scan(scan_folder, market, monkeypatch):
    opened = store_connections(monkeypatch)
    market.scan("class:stock", against=("BTC", "ETH"), chunk_size=2, **ARGS)
    assert len(opened) == 1
    opened.clear()
    run = run_cli("--store", scan_folder / "store", "scan", "--universe", "class:stock",
                  "--against", "BTC,ETH", "--chunk-size", "3", "--resamples", "300")
    assert run.code == 0, run.err
    assert len(opened) == 1


def test_as_of_view_cuts_the_scan(market):
    cut = market.asof("2020-12-31").scan("class:stock", window=100, resamples=300)
    full = market.scan("class:stock", end=date(2020, 12, 31), window=100, resamples=300)
    pd.testing.assert_frame_equal(cut.to_frame(), full.to_frame(), check_exact=True)


@pytest.mark.parametrize(("kwargs", "param"), [
    (dict(sort="nope"), "sort"),
    (dict(periods="2020-01-01:2020-06-30"), "periods"),
    (dict(metrics=("corr", "vol")), "metrics"),
    (dict(executor="spark"), "executor"),
    (dict(chunk_size=0), "chunk_size"),
    (dict(resamples=5), "resamples"),
    (dict(universe=[1, 2]), "universe"),
])
def test_bad_arguments_name_the_parameter(market, kwargs, param):
    universe = kwargs.pop("universe", "class:stock")
    with pytest.raises(UsageError) as info:
        market.scan(universe, **kwargs)
    assert info.value.param == param


def test_cli_errors_name_the_option(scan_folder):
    run = run_cli("--store", scan_folder / "store", "scan", "--universe", "class:stock",
                  "--sort", "nope")
    assert run.code == 2
    assert run.err.startswith("comove: error: --sort='nope' is not a column of the scan")
    run = run_cli("--store", scan_folder / "store", "scan", "--universe", "class:stock",
                  "-o", scan_folder / "rows.txt")
    assert run.code == 2 and "use .parquet or .csv" in run.err


def test_write_and_plot(scan_folder, market, tmp_path):
    result = market.scan("class:stock", against=("BTC", "ETH"), **ARGS)
    assert result.write(tmp_path / "rows.csv") == 24
    back = pd.read_csv(tmp_path / "rows.csv")
    assert list(back["symbol"]) == list(result.to_frame()["symbol"])
    ax = result.plot()
    assert len(ax.patches) == 80  # 40 bins per reference
    run = run_cli("--store", scan_folder / "store", "scan", "--universe", "class:stock",
                  "--resamples", "300", "--plot", tmp_path / "hist.png",
                  "-o", tmp_path / "rows.parquet")
    assert run.code == 0, run.err
    assert (tmp_path / "hist.png").stat().st_size > 0
    assert len(pd.read_parquet(tmp_path / "rows.parquet")) == 12


def test_threads_make_chunks_only_when_there_is_room(scan_folder):
    from comove.scan.chunks import plan_scan, read_chunks
    from comove.scan.executors import run_local
    from comove.scan.metrics import ScanSpec
    from comove.store import Store

    store = Store(scan_folder / "store")
    names = [f"S{k:02d}" for k in range(12)]
    made: list[int] = []
    received: list[int] = []
    with store.session():
        plan = plan_scan(store, names, ("BTC",), None, None, None)

        def chunks():
            for chunk in read_chunks(store, plan, 1, None, None):
                made.append(chunk.chunk_index)
                yield chunk

        for index, tables in run_local(ScanSpec(("corr",), 100), chunks(), 2, 3):
            assert len(made) - len(received) <= 3
            received.append(index)
            assert list(tables[0]["symbol"]) == [names[index]]
    assert sorted(received) == list(range(12)) and made == list(range(12))


def test_a_scan_never_loads_numba(scan_folder):
    import subprocess
    import sys

    code = ("import sys, comove\n"
            "comove.open(sys.argv[1]).scan('class:stock', window=100, resamples=300, "
            "periods=sys.argv[2] or None)\n"
            "print('numba' in sys.modules)")
    loaded = [subprocess.run([sys.executable, "-c", code, str(scan_folder / "store"), periods],
                             capture_output=True, text=True, check=True).stdout.strip()
              for periods in ("", PERIODS)]
    assert loaded == ["False", "False"]  # the change interval's bootstrap-t is NumPy
