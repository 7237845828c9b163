"""Dependence-robust inference (issue 10): circular shifts, Holm, rank-correlation bootstraps,
the bootstrap p of a correlation difference, against plain loops, scipy and statsmodels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from comove.comovement.correlation import (
    bootstrap_difference_p,
    difference_between,
    kendall_fisher_interval,
    period_correlation,
)
from comove.events.conditional import conditional_summary
from comove.events.study import event_study
from comove.kernels.bootstrap import stationary_indices
from comove.kernels.resample import (
    _rows,
    bootstrap_kendall,
    bootstrap_spearman,
    holm,
    kendall_tau_b,
    shift_differences,
    shift_share_test,
    shift_sums,
    shift_test,
)


def loop_differences(x: np.ndarray, positions: np.ndarray, versus_rest: bool = False
                     ) -> np.ndarray:
    """The shifted differences by a plain loop over every shift."""
    n = len(x)
    out = []
    for s in range(n):
        moved = (positions + s) % n
        flags = np.zeros(n, dtype=bool)
        flags[moved] = True
        other = x[~flags].mean() if versus_rest else x.mean()
        out.append(x[moved].mean() - other)
    return np.array(out)


def test_shift_sums_equal_a_plain_loop_with_repeated_positions():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(97)
    positions = np.array([0, 3, 3, 50, 96])
    loop = np.array([x[(positions + s) % 97].sum() for s in range(97)])
    np.testing.assert_allclose(shift_sums(x, positions), loop, atol=1e-12)


@pytest.mark.parametrize("versus_rest", [False, True])
def test_shift_p_value_and_interval_equal_a_plain_loop(versus_rest):
    rng = np.random.default_rng(1)
    x = np.cumsum(rng.standard_normal(120)) * 0.1 + rng.standard_normal(120)
    positions = np.array([10, 11, 12, 40, 41, 90])
    d = loop_differences(x, positions, versus_rest)
    np.testing.assert_allclose(shift_differences(x, positions, versus_rest), d, atol=1e-12)
    test = shift_test(shift_differences(x, positions, versus_rest), d[0])
    # by hand: equal-tailed p over the 120 shifts, the 3rd smallest and 3rd largest shift
    p = min(1.0, 2 * min(np.sum(d >= d[0]), np.sum(d <= d[0])) / 120)
    ordered = np.sort(d)
    assert test.p == pytest.approx(p)
    assert (test.ci_low, test.ci_high) == pytest.approx((d[0] - ordered[-3], d[0] - ordered[2]))
    assert test.shifts == 120


def test_interval_excludes_zero_exactly_when_p_is_below_five_percent():
    rng = np.random.default_rng(2)
    for _ in range(300):
        x = rng.standard_normal(int(rng.integers(45, 300)))
        positions = np.sort(rng.choice(len(x), int(rng.integers(1, 12)), replace=False))
        x[positions] += rng.normal(0, 1.5)
        t = shift_test(shift_differences(x, positions), x[positions].mean() - x.mean())
        assert (t.ci_low > 0 or t.ci_high < 0) == (t.p < 0.05)


def test_event_study_circular_placebo_equals_a_plain_loop_and_holm():
    days = pd.date_range("2020-01-01", periods=200)
    rng = np.random.default_rng(3)
    prices = pd.Series(100 * np.exp(np.cumsum(rng.normal(0.001, 0.02, 200))), index=days)
    events = days[[20, 21, 22, 100, 101, 150]]
    result = event_study(events, days, prices, [5, 10], description="x", event_symbol="A",
                         response_symbol="B")
    ps = []
    for h, r in zip([5, 10], result.results, strict=True):
        base = (prices.shift(-h) / prices - 1).dropna().to_numpy()
        positions = np.array([20, 21, 22, 100, 101, 150])
        d = loop_differences(base, positions)
        p = min(1.0, 2 * min(np.sum(d >= d[0] - 1e-12), np.sum(d <= d[0] + 1e-12)) / len(d))
        assert r.placebo_p == pytest.approx(p)
        assert r.difference == pytest.approx(d[0], abs=1e-12)
        assert r.shifts == 200 - h
        joint = shift_test(d, d[0], 0.025)  # two horizons: Bonferroni level 97.5%
        assert (r.simultaneous_low, r.simultaneous_high) == pytest.approx(
            (joint.ci_low, joint.ci_high), abs=1e-12)
        ps.append(p)
    from statsmodels.stats.multitest import multipletests

    expected = multipletests(ps, method="holm")[1]
    assert [r.placebo_p_holm for r in result.results] == pytest.approx(list(expected))
    assert "circular shift of the event set" in result.convention
    assert "Holm" in result.convention
    old = event_study(events, days, prices, [5], description="x", event_symbol="A",
                      response_symbol="B", n_resamples=500, n_placebo=500, placebo="random")
    assert "drawn independently" in old.convention


def test_circular_placebo_holds_its_size_on_dependent_data():
    """Fixed clustered event days, a fresh persistent series each time (no effect): the
    circular placebo rejects at 5% within a binomial band of 5%."""
    rng = np.random.default_rng(4)
    n, reps = 600, 400
    positions = np.array([50, 51, 52, 53, 200, 201, 202, 420, 421, 422, 423, 424])
    rejections = 0
    for _ in range(reps):
        shocks = rng.standard_normal(n + 200)
        x = np.empty(n + 200)
        x[0] = shocks[0]
        for t in range(1, n + 200):
            x[t] = 0.95 * x[t - 1] + shocks[t]  # strongly persistent, like h-day returns
        x = x[200:]
        test = shift_test(shift_differences(x, positions), x[positions].mean() - x.mean())
        rejections += test.p < 0.05
    rate = rejections / reps
    band = 3 * np.sqrt(0.05 * 0.95 / reps)
    assert 0.05 - band <= rate <= 0.05 + band


def test_conditional_circular_placebo_equals_a_plain_loop():
    days = pd.date_range("2021-01-01", periods=150)
    rng = np.random.default_rng(5)
    bars = pd.DataFrame({"close": 100 * np.exp(np.cumsum(rng.normal(0, 0.02, 150))),
                         "volume": np.nan}, index=days)
    state = days[[5, 6, 7, 60, 61, 100]]
    s = conditional_summary(state, days, bars, "return", 3)
    values = (bars["close"].shift(-3) / bars["close"] - 1).dropna().to_numpy()
    d = loop_differences(values, np.array([5, 6, 7, 60, 61, 100]), versus_rest=True)
    assert s.placebo_p == pytest.approx(
        min(1.0, 2 * min(np.sum(d >= d[0] - 1e-12), np.sum(d <= d[0] + 1e-12)) / len(d)))
    assert s.shifts == 147 and "circular shifts of the state days" in s.convention


def test_holm_equals_statsmodels():
    from statsmodels.stats.multitest import multipletests

    p = [0.01, 0.04, 0.03, 0.5, 0.002]
    np.testing.assert_allclose(holm(p), multipletests(p, method="holm")[1])
    assert np.isnan(holm([0.01, np.nan])[1]) and holm([0.01, np.nan])[0] == 0.01


def test_shift_share_test_equals_a_plain_loop():
    rng = np.random.default_rng(6)
    hits = rng.random(80) < 0.3
    positions = np.array([3, 4, 5, 30, 31, 70])
    observed, p, shifts = shift_share_test(hits, positions)
    shares = np.array([hits[(positions + s) % 80].mean() for s in range(80)])
    assert observed == shares[0] and shifts == 80
    assert p == pytest.approx(np.mean(shares >= shares[0]))


def test_kendall_fhp_interval_by_hand():
    lo, hi = kendall_fisher_interval(0.3, 104)
    z, se = np.arctanh(0.3), np.sqrt(0.437 / 100)
    assert (lo, hi) == pytest.approx((np.tanh(z - 1.959964 * se), np.tanh(z + 1.959964 * se)))
    fit = period_correlation(*np.random.default_rng(7).standard_normal((2, 104)), 0, 1,
                             "kendall", n_resamples=200)
    z = np.arctanh(fit.corr)
    assert fit.fisher_low == pytest.approx(np.tanh(z - 1.959963984540054 * se))
    assert "Fieller-Hartley-Pearson" in fit.as_dict()["fisher"]


def test_rank_bootstraps_recompute_scipy_on_each_resample():
    rng = np.random.default_rng(8)
    x = np.round(rng.standard_normal(300), 1)  # ties
    y = 0.4 * x + np.round(rng.standard_normal(300), 1)
    indices = next(stationary_indices(300, 6, 7.0, np.random.default_rng(9), chunk=_rows(300)))
    kendall = bootstrap_kendall(x, y, 6, 7.0, np.random.default_rng(9))
    spearman = bootstrap_spearman(x, y, 6, 7.0, np.random.default_rng(9))
    for i, idx in enumerate(indices):
        assert kendall[i] == pytest.approx(stats.kendalltau(x[idx], y[idx]).statistic,
                                           abs=1e-13)
        assert spearman[i] == pytest.approx(stats.spearmanr(x[idx], y[idx]).statistic,
                                            abs=1e-13)
    assert kendall_tau_b(x, y) == pytest.approx(stats.kendalltau(x, y).statistic, abs=1e-14)


def test_period_correlation_bootstraps_kendall_and_spearman():
    rng = np.random.default_rng(10)
    x = rng.standard_normal(400)
    y = 0.5 * x + rng.standard_normal(400)
    for method in ("kendall", "spearman"):
        fit = period_correlation(x, y, 0, 1, method, n_resamples=500)
        assert fit.ci_low < fit.corr < fit.ci_high
        assert "recomputed per resample" in fit.as_dict()["ci"]


def test_difference_bootstrap_p_by_hand_and_fisher_is_labelled():
    draws = np.array([-0.1, 0.2, 0.3, 0.4, np.nan])
    assert bootstrap_difference_p(draws) == pytest.approx(2 * (1 + 1) / 5)
    rng = np.random.default_rng(11)
    # ranks keep the percentile difference (Pearson's is the bootstrap-t: test_interval_*)
    a = period_correlation(*rng.standard_normal((2, 300)), "a", "b", "spearman",
                           n_resamples=400)
    b = period_correlation(*rng.standard_normal((2, 300)), "c", "d", "spearman",
                           n_resamples=400)
    d = difference_between(a, b)
    assert d.p == pytest.approx(bootstrap_difference_p(b.boot - a.boot))
    assert "assumes independent days" in d.as_dict()["fisher_convention"]


def test_the_bitcoin_splice_by_hand(tmp_path: Path):
    """read_bars(long_history=True) and long_bitcoin (one splice) against the splice written
    out: Bitstamp's value of d+1 as the close of d before Yahoo's first day, Yahoo after."""
    from datetime import date

    from comove.data import read_bars
    from comove.events.halvings import long_bitcoin
    from comove.ingest import import_files
    from comove.store import Store

    early = pd.date_range("2012-01-01", "2014-09-20")
    late = pd.date_range("2014-09-17", "2015-03-31")
    value = np.linspace(5, 400, len(early)).round(2)
    pd.DataFrame({"date": early.strftime("%Y-%m-%d"), "value": value}).to_csv(
        tmp_path / "btc_bitstamp.csv", index=False)
    close = np.linspace(450, 250, len(late))
    pd.DataFrame({"date": late.strftime("%Y-%m-%d"), "open": close, "high": close,
                  "low": close, "close": close, "volume": 1e6}).to_csv(
        tmp_path / "btc.csv", index=False)
    store = Store(tmp_path / "store")
    import_files(store, [tmp_path / "btc.csv", tmp_path / "btc_bitstamp.csv"])
    head = pd.date_range("2011-12-31", "2014-09-16")  # Bitstamp's 2012-01-01 .. 2014-09-17
    expected = pd.Series(np.r_[value[: len(head)], close], index=head.append(late))
    splice = ("BTC_BITSTAMP (Bitstamp), the value of d+1 as the close of d before 2014-09-17 "
              "(2011-12-31 to 2014-09-16)")

    _, bars = read_bars(store, "BTC", long_history=True)
    pd.testing.assert_series_equal(bars["close"].astype(float), expected, check_names=False,
                                   check_freq=False, check_index_type=False)
    assert bars.attrs["splice"] == splice
    assert bars["open"][: len(head)].isna().all() and (bars["flags"][: len(head)] == 0).all()
    assert bars["open"].iloc[len(head)] == close[0]

    yahoo, bitstamp = store.read("BTC")["close"], store.read("BTC_BITSTAMP")["close"]
    joined = long_bitcoin(yahoo, bitstamp)
    pd.testing.assert_series_equal(joined, expected, check_names=False, check_freq=False,
                                   check_index_type=False)
    assert joined.attrs["splice"] == splice
    assert [s[:2] for s in joined.attrs["sources"]] == [
        (date(2011, 12, 31), date(2014, 9, 16)), (date(2014, 9, 17), date(2015, 3, 31))]
    alone = long_bitcoin(None, bitstamp)  # Bitstamp only: all of it, shifted, no splice
    assert alone.index[-1] == pd.Timestamp("2014-09-19") and alone.iloc[-1] == value[-1]
    assert "splice" not in alone.attrs and len(alone.attrs["sources"]) == 1
    assert long_bitcoin(yahoo, None).equals(yahoo.astype(float))


def test_bitcoin_records_and_events_use_the_long_history(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    import comove
    from comove.ingest import import_files
    from tests.unit.test_api_records import ConnectionCount

    early = pd.date_range("2012-01-01", "2014-09-20")
    late = pd.date_range("2014-09-17", "2016-12-31")
    weekdays = pd.bdate_range("2012-01-02", "2016-12-30")
    # Bitstamp peaks at 1,000 in 2013; Yahoo starts at 400 and climbs to 900: no record.
    values = np.r_[np.linspace(5, 1000, 700), np.linspace(1000, 400, len(early) - 700)]
    pd.DataFrame({"date": early.strftime("%Y-%m-%d"), "value": values.round(2)}).to_csv(
        tmp_path / "btc_bitstamp.csv", index=False)
    close = np.linspace(400, 900, len(late))
    pd.DataFrame({"date": late.strftime("%Y-%m-%d"), "open": close, "high": close,
                  "low": close, "close": close, "volume": 1e6}).to_csv(
        tmp_path / "btc.csv", index=False)
    spx = np.linspace(1000, 2000, len(weekdays))
    pd.DataFrame({"date": weekdays.strftime("%Y-%m-%d"), "open": spx, "high": spx,
                  "low": spx, "close": spx, "volume": 1e9}).to_csv(
        tmp_path / "spx.csv", index=False)
    from comove.store import Store

    import_files(Store(tmp_path / "store"), sorted(tmp_path.glob("*.csv")))
    market = comove.open(tmp_path / "store")
    connections = ConnectionCount(monkeypatch)
    highs = market.highs("BTC", start="2015-01-01")
    assert connections.count == 1  # BTC and its stand-in read on one connection
    assert len(highs.report.records) == 0
    assert "BTC_BITSTAMP" in highs.report.convention
    study = market.event("BTC", "SPX", "record", start="2015-01-01", horizons=[30])
    assert study.raw_event_count == 0 and "BTC history: BTC_BITSTAMP" in study.convention
    report = market.sync("SPX", "BTC", within=5, start="2015-01-01")
    assert "BTC_history" in report.conventions and report.share_within == 0
    assert connections.count == 3  # highs, event, sync: one connection each
