"""Kernels and the universe scan against pandas and comove's own single-pair functions;
the Dask run against the local one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from comove.kernels.rolling import rolling_corr_pairs, rolling_mean, rolling_var
from comove.scan.runner import ScanOptions, resolve_universe, run_scan

RNG = np.random.default_rng(11)


def exact_var(y, window):
    out = np.full(y.shape, np.nan)
    for t in range(window - 1, len(y)):
        for j in range(y.shape[1]):
            a = y[t - window + 1: t + 1, j]
            a = a[~np.isnan(a)]
            if len(a) >= window:
                out[t, j] = np.var(a - a.mean(), ddof=1)
    return out


def test_rolling_mean_and_var_match_pandas_and_an_exact_reference():
    y = np.c_[1e9 + RNG.standard_normal(300), np.r_[np.full(100, 3.0), RNG.standard_normal(200)],
              np.where(RNG.random(300) < 0.1, np.nan, RNG.standard_normal(300))]
    frame = pd.DataFrame(y)
    for window, minp in ((20, None), (60, 30)):
        mean = rolling_mean(y, window, minp)
        ref = frame.rolling(window, min_periods=minp).mean().to_numpy()
        assert np.array_equal(np.isnan(mean), np.isnan(ref))
        assert np.nanmax(np.abs(mean - ref) / np.maximum(1, np.abs(ref))) < 1e-13
        var = rolling_var(y, window, minp)
        ref_var = frame.rolling(window, min_periods=minp).var().to_numpy()
        assert np.nanmax(np.abs(var[:, 1:] - ref_var[:, 1:])) < 1e-12
    # On the 1e9 + noise column pandas loses about six digits; comove matches two passes.
    assert np.nanmax(np.abs(rolling_var(y, 20)[:, :1] - exact_var(y[:, :1], 20))) < 1e-12
    assert (rolling_var(y, 20)[119:, 1] == rolling_var(y, 20)[119:, 1]).all()
    assert (rolling_var(y, 20)[19:100, 1] == 0).all()


def test_all_pairs_blocks_match_pandas():
    y = RNG.standard_normal((200, 7))
    y[:, 3] += y[:, 0]
    seen = set()
    for i, js, corr in rolling_corr_pairs(y, 30, block=3):
        for k, j in enumerate(js):
            ref = pd.Series(y[:, i]).rolling(30).corr(pd.Series(y[:, j])).to_numpy()
            assert np.nanmax(np.abs(corr[:, k] - ref)) < 1e-12
            seen.add((i, int(j)))
    assert len(seen) == 21


@pytest.fixture(scope="module")
def scan_store(tmp_path_factory):
    from comove.ingest import import_files
    from comove.store import Store

    folder = tmp_path_factory.mktemp("scan")
    days = pd.bdate_range("2020-01-01", periods=400)
    crypto_days = pd.date_range("2019-12-01", "2021-12-31")
    btc = 100 * np.exp(np.cumsum(RNG.normal(0.001, 0.03, len(crypto_days))))
    pd.DataFrame({"date": crypto_days.strftime("%Y-%m-%d"), "close": btc}).to_csv(
        folder / "btc.csv", index=False)
    wide = {"date": days.strftime("%Y-%m-%d")}
    btc_on_days = pd.Series(btc, index=crypto_days).reindex(days).to_numpy()
    for k in range(12):
        noise = np.cumsum(RNG.normal(0, 0.02, len(days)))
        wide[f"S{k:02d}"] = 50 * np.exp(noise + 0.05 * k * np.log(btc_on_days / btc_on_days[0]))
    frame = pd.DataFrame(wide)
    frame.loc[:30, "S05"] = np.nan  # listed later
    frame.to_csv(folder / "members.csv", index=False)
    store = Store(folder / "store")
    import_files(store, [folder / "btc.csv", folder / "members.csv"])
    return store


OPTIONS = dict(against="BTC", window=100,
               periods=[(pd.Timestamp("2020-01-01").date(), pd.Timestamp("2020-08-31").date()),
                        (pd.Timestamp("2020-09-01").date(), pd.Timestamp("2021-07-31").date())],
               resamples=300)


def test_scan_metrics_match_single_pair_computations(scan_store):
    universe, missing = resolve_universe(scan_store, "class:stock")
    assert len(universe) == 12 and missing == []
    result = run_scan(scan_store, universe, ScanOptions(**OPTIONS, chunk_size=5)).set_index(
        "symbol")
    from comove.align import load_aligned
    from comove.records import find_records

    for symbol in ("S00", "S05", "S11"):
        returns = load_aligned(scan_store, ["BTC", symbol], "equity").returns("log").returns
        both = returns.dropna()
        assert result.loc[symbol, "corr_full"] == pytest.approx(
            both["BTC"].corr(both[symbol]), abs=1e-12)
        slope = np.polyfit(both["BTC"], both[symbol], 1)[0]
        assert result.loc[symbol, "beta_full"] == pytest.approx(slope, rel=1e-9)
        closes = scan_store.read(symbol)["close"]
        assert result.loc[symbol, "drawdown"] == pytest.approx(
            closes.iloc[-1] / closes.max() - 1, abs=1e-12)
        report = find_records(scan_store.read(symbol), symbol)
        recent = report.records[report.records["date"] >= closes.index[-1] -
                                pd.Timedelta(days=365)]
        assert result.loc[symbol, "records_1y"] == len(recent)
    assert result.loc["S11", "corr_full"] > result.loc["S00", "corr_full"]


def test_scan_is_independent_of_chunking(scan_store):
    universe, _ = resolve_universe(scan_store, "class:stock")
    a = run_scan(scan_store, universe, ScanOptions(**OPTIONS, chunk_size=5))
    b = run_scan(scan_store, universe, ScanOptions(**OPTIONS, chunk_size=12))
    pd.testing.assert_frame_equal(a, b)


def test_dask_cluster_gives_identical_results(scan_store):
    from distributed import LocalCluster

    universe, _ = resolve_universe(scan_store, "class:stock")
    local = run_scan(scan_store, universe, ScanOptions(**OPTIONS, chunk_size=4))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        remote = run_scan(scan_store, universe, ScanOptions(
            **OPTIONS, chunk_size=4, executor="dask", scheduler=cluster.scheduler_address))
    pd.testing.assert_frame_equal(local, remote)
