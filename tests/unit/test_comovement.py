"""Co-movement statistics against pandas, numpy, scipy, statsmodels and arch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from comove.comovement.breaks import find_breaks
from comove.comovement.correlation import (
    correlation,
    difference_between,
    fisher_interval,
    period_correlation,
)
from comove.comovement.dcc import DCCError, fit_dcc, fit_dcc_residuals, simulate_dcc
from comove.comovement.leadlag import cross_correlation, granger, lead_lag
from comove.kernels.rolling import rolling_beta, rolling_corr, rolling_cov

RNG = np.random.default_rng(42)


def adversarial(n_blocks: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    x = np.r_[1e9 + rng.standard_normal(100), np.full(80, 5.0), rng.standard_normal(100) * 1e-9,
              np.full(30, np.nan), rng.standard_normal(90),
              1e9 * (1 + 0.01 * rng.standard_normal(60))]
    y = np.r_[rng.standard_normal(100), rng.standard_normal(80), rng.standard_normal(100) * 1e-9,
              rng.standard_normal(30), np.where(rng.random(90) < 0.2, np.nan,
                                                rng.standard_normal(90)),
              np.full(30, 3.0), rng.standard_normal(30)]
    return x, y


def pandas_corr(x, y, window, minp):
    return pd.Series(x).rolling(window, min_periods=minp).corr(pd.Series(y)).to_numpy()


@pytest.mark.parametrize(("window", "minp"), [(20, None), (20, 5), (50, 10), (3, 2), (252, 200)])
def test_rolling_corr_equals_pandas_on_adversarial_data(window, minp):
    x, y = adversarial()
    ours = rolling_corr(x, y, window, minp)
    ref = pandas_corr(x, y, window, minp)
    assert np.array_equal(np.isnan(ours), np.isnan(ref))
    assert np.nanmax(np.abs(ours - ref)) < 1e-10
    assert np.nanmax(np.abs(ours)) <= 1.0


def test_rolling_corr_equals_pandas_on_real_returns(shared_data):
    spx = pd.read_csv(shared_data / "spx.csv", index_col="date", parse_dates=True)["close"]
    universe = pd.read_csv(shared_data / "universe" / "sp500_members_close.csv",
                           index_col="date", parse_dates=True)
    returns = universe.iloc[:, :60].pct_change(fill_method=None)
    market = np.log(spx).diff().reindex(returns.index)
    ours = rolling_corr(market.to_numpy(), returns.to_numpy(), 63, 40)
    ref = returns.rolling(63, min_periods=40).corr(market).to_numpy()
    assert np.array_equal(np.isnan(ours), np.isnan(ref))
    assert np.nanmax(np.abs(ours - ref)) < 1e-10
    prices = universe.iloc[:, 0].to_numpy()  # price levels, not returns
    level = rolling_corr(spx.reindex(universe.index).to_numpy(), prices, 252)
    ref_level = pandas_corr(spx.reindex(universe.index).to_numpy(), prices, 252, None)
    assert np.nanmax(np.abs(level - ref_level)) < 1e-10


def exact_corr(x, y, window, minp):
    """Two passes per window (O(T * window)): the reference where pandas itself rounds."""
    out = np.full(len(x), np.nan)
    for t in range(len(x)):
        a, b = x[max(0, t - window + 1): t + 1], y[max(0, t - window + 1): t + 1]
        keep = ~np.isnan(a) & ~np.isnan(b)
        a, b = a[keep], b[keep]
        if len(a) >= max(minp, 2) and np.ptp(a) > 0 and np.ptp(b) > 0:
            da, db = a - a.mean(), b - b.mean()
            out[t] = np.clip(da @ db / np.sqrt((da @ da) * (db @ db)), -1, 1)
    return out


NUMBER = st.floats(-1e6, 1e6).filter(lambda v: v == 0 or abs(v) > 1e-100)  # no underflow



@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.one_of(NUMBER, st.just(float("nan")), st.just(2.0)),
                       st.one_of(NUMBER, st.just(float("nan")), st.just(-1.0))),
             min_size=1, max_size=60),
    st.integers(2, 15), st.integers(0, 15),
)
def test_rolling_corr_random_inputs_match_an_exact_reference(pairs, window, minp):
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    minp = min(minp, window)
    ours = rolling_corr(x, y, window, minp)
    ref = exact_corr(x, y, window, minp)
    assert np.array_equal(np.isnan(ours), np.isnan(ref))
    assert np.allclose(ours, ref, atol=1e-9, equal_nan=True)


def test_rolling_cov_and_beta_match_pandas():
    x, y = RNG.standard_normal(400), RNG.standard_normal((400, 3))
    y[:, 0] += 0.5 * x
    y[50:60, 1] = np.nan
    frame = pd.DataFrame(y)
    cov = rolling_cov(x, y, 30, 20)
    ref = frame.rolling(30, min_periods=20).cov(pd.Series(x)).to_numpy()
    assert np.nanmax(np.abs(cov - ref)) < 1e-12
    b = rolling_beta(x, y, 30, 20)
    var = pd.Series(x).where(frame.notna().all(axis=1) | True).rolling(30, min_periods=20)
    beta_ref = np.column_stack([
        pd.Series(x).rolling(30, min_periods=20).cov(frame[j])
        / pd.Series(x).where(frame[j].notna()).rolling(30, min_periods=20).var()
        for j in range(3)])
    assert np.nanmax(np.abs(b - beta_ref)) < 1e-10
    del var


def test_a_constant_window_gives_nan_not_noise():
    x = np.r_[RNG.standard_normal(30), np.full(40, 0.1 + 0.2)]
    y = RNG.standard_normal(70)
    out = rolling_corr(x, y, 20)
    assert np.isnan(out[49:]).all()
    assert np.isnan(rolling_beta(x, y, 20)[49:]).all()


def test_static_correlations_match_numpy_and_scipy():
    x = RNG.standard_normal(300)
    y = 0.4 * x + RNG.standard_normal(300)
    y[:5] = y[:5].round(0)  # ties
    x_nan = x.copy()
    x_nan[10] = np.nan
    keep = ~np.isnan(x_nan)
    assert correlation(x_nan, y) == pytest.approx(np.corrcoef(x[keep], y[keep])[0, 1], abs=1e-14)
    assert correlation(x_nan, y, "spearman") == pytest.approx(
        stats.spearmanr(x[keep], y[keep]).statistic, abs=1e-14)
    assert correlation(x_nan, y, "kendall") == pytest.approx(
        stats.kendalltau(x[keep], y[keep]).statistic, abs=1e-14)
    assert np.isnan(correlation(np.ones(10), np.arange(10.0)))


def test_fisher_interval_by_hand():
    lo, hi = fisher_interval(0.5, 103)
    z, se = np.arctanh(0.5), 0.1
    assert (lo, hi) == pytest.approx((np.tanh(z - 1.959964 * se), np.tanh(z + 1.959964 * se)))


def test_period_difference_fisher_test_by_hand():
    x1, x2 = RNG.standard_normal((2, 500))
    a = period_correlation(x1, x1 + RNG.standard_normal(500) * 3, "a", "b", n_resamples=500)
    b = period_correlation(x2, x2 + RNG.standard_normal(500), "c", "d", n_resamples=500)
    d = difference_between(a, b)
    z = (np.arctanh(b.corr) - np.arctanh(a.corr)) / np.sqrt(2 / 497)
    assert d.fisher_p == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert d.ci_low < d.difference < d.ci_high
    assert "bootstrap-t of r2 - r1" in d.ci_convention


def test_cross_correlation_matches_pandas_shift():
    x = pd.Series(RNG.standard_normal(500))
    y = x.shift(2).fillna(0) * 0.5 + pd.Series(RNG.standard_normal(500))
    lags, values, _ = cross_correlation(x, y, 3)
    for k, v in zip(lags, values, strict=True):
        assert v == pytest.approx(x.corr(y.shift(-k)), abs=1e-12)
    assert lags[int(np.argmax(values))] == 2


def statsmodels_hc3_p(effect, cause, lag):
    """statsmodels' HC3 F-test of the cause's lags in the Granger regression."""
    import statsmodels.api as sm

    e, c = pd.Series(effect), pd.Series(cause)
    lagged = pd.concat({**{f"e{k}": e.shift(k) for k in range(1, lag + 1)},
                        **{f"c{k}": c.shift(k) for k in range(1, lag + 1)}}, axis=1)
    data = pd.concat([e.rename("e"), lagged], axis=1).dropna()
    fit = sm.OLS(data["e"], sm.add_constant(data.drop(columns="e"))).fit(cov_type="HC3")
    names = list(fit.params.index)
    restriction = np.zeros((lag, len(names)))
    for i in range(lag):
        restriction[i, names.index(f"c{i + 1}")] = 1
    return float(fit.f_test(restriction).pvalue)


@pytest.mark.parametrize("lag", [1, 2, 4])
def test_granger_hc3_equals_statsmodels_ols_hc3_f_test(lag):
    from comove.kernels.granger import granger_f

    rng = np.random.default_rng(lag)
    scale = np.exp(np.cumsum(rng.standard_normal(600)) * 0.05)  # clustered volatility
    cause = rng.standard_normal(600) * scale
    effect = np.r_[0.0, 0.1 * cause[:-1]] + rng.standard_normal(600) * scale
    assert granger_f(effect, cause, lag, "HC3")[1] == pytest.approx(
        statsmodels_hc3_p(effect, cause, lag), rel=1e-8)


def test_granger_matches_statsmodels_and_finds_the_leader():
    from statsmodels.tsa.api import VAR
    from statsmodels.tsa.stattools import grangercausalitytests

    x = pd.Series(RNG.standard_normal(1000))
    y = 0.4 * x.shift(1).fillna(0) + pd.Series(RNG.standard_normal(1000))
    lag, p_xy, p_yx = granger(x, y, 5)
    data = pd.concat([x, y], axis=1).to_numpy()
    assert lag == max(1, VAR(data).select_order(5).aic)
    ref = grangercausalitytests(data[:, [1, 0]], [lag])
    classic = granger(x, y, 5, covariance="classic")
    assert classic[1] == pytest.approx(ref[lag][0]["ssr_ftest"][1], rel=1e-8)
    assert p_xy == pytest.approx(statsmodels_hc3_p(y.to_numpy(), x.to_numpy(), lag), rel=1e-8)
    assert p_xy < 1e-6 and p_yx > 0.01
    report = lead_lag("X", x, "Y", y, 3, mixed_closing_times=True)
    assert report.warnings and report.warnings[0].startswith("warning: crypto closes")


def test_breaks_found_near_a_known_break_and_not_without_one():
    rng = np.random.default_rng(3)
    n = 2000
    z = rng.standard_normal((n, 2))
    index = pd.date_range("2015-01-01", periods=n)
    x = pd.Series(z[:, 0], index=index)
    y = pd.Series(np.where(np.arange(n) < 1200, z[:, 1], 0.6 * z[:, 0] + 0.8 * z[:, 1]),
                  index=index)
    report = find_breaks(x, y)
    assert len(report.breaks) == 1
    assert abs((pd.Timestamp(report.breaks[0].date) - index[1200]).days) <= 60
    assert report.segments[0].corr == pytest.approx(0.0, abs=0.08)
    assert report.segments[1].corr == pytest.approx(0.6, abs=0.08)
    flat = find_breaks(x, pd.Series(0.3 * z[:, 0] + z[:, 1], index=index))
    assert flat.breaks == []


def test_dcc_recovers_simulated_parameters():
    estimates = []
    for seed in range(3):
        r1, r2, rho = simulate_dcc(4000, 0.05, 0.90, 0.4, seed)
        result = fit_dcc(pd.Series(r1 / 100), pd.Series(r2 / 100))
        estimates.append((result.a, result.b))
        assert np.corrcoef(result.correlation, rho)[0, 1] > 0.9
    a, b = np.mean(estimates, axis=0)
    assert a == pytest.approx(0.05, abs=0.02)
    assert b == pytest.approx(0.90, abs=0.05)


def test_dcc_fails_loudly(monkeypatch):
    with pytest.raises(DCCError, match="at least 250"):
        fit_dcc(pd.Series(RNG.standard_normal(100)), pd.Series(RNG.standard_normal(100)))
    import scipy.optimize

    class Failed:
        success = False

    monkeypatch.setattr(scipy.optimize, "minimize", lambda *a, **k: Failed())
    with pytest.raises(DCCError, match="did not converge"):
        fit_dcc_residuals(RNG.standard_normal(500), RNG.standard_normal(500))

    class Boundary:
        success, fun, x = True, 0.0, np.array([0.01, 0.989])

    monkeypatch.setattr(scipy.optimize, "minimize", lambda *a, **k: Boundary())
    with pytest.raises(DCCError, match="boundary"):
        fit_dcc_residuals(RNG.standard_normal(500), RNG.standard_normal(500))


def test_corr_report_names_constant_windows_and_expanding_value():
    from comove.align import align_prices
    from comove.comovement.analysis import analyse_pair
    from comove.symbols import Calendar

    index = pd.bdate_range("2024-01-01", periods=200)
    a = pd.Series(100 * np.exp(np.cumsum(RNG.normal(0, 0.01, 200))), index=index)
    b = pd.Series(50 * np.exp(np.cumsum(RNG.normal(0, 0.01, 200))), index=index)
    b.iloc[100:140] = b.iloc[100]  # a stretch with no price change
    panel = align_prices({"A": a, "B": b}, {"A": Calendar.US_EXCHANGE,
                                            "B": Calendar.US_EXCHANGE}, "equity")
    report = analyse_pair(panel.returns("log"), "A", "B", window=20, n_resamples=200)
    assert any("constant series" in n for n in report.notes)
    assert np.isnan(report.rolling.loc[index[139]])
    r = panel.returns("log").returns
    assert report.latest["expanding_corr"] == pytest.approx(r["A"].corr(r["B"]), abs=1e-12)


def test_kolmogorov_survival_equals_scipy():
    from scipy import stats

    from comove.kernels.breaks import kolmogorov_sf

    grid = np.concatenate([np.linspace(0.01, 3.0, 300), [0.999, 1.0, 1.001, 4.0, 8.0]])
    ours = np.array([kolmogorov_sf(float(x)) for x in grid])
    np.testing.assert_allclose(ours, stats.kstwobign.sf(grid), atol=1e-13)
    assert kolmogorov_sf(0.0) == 1.0 and kolmogorov_sf(-1.0) == 1.0
