"""The numpy Granger kernel against statsmodels and scipy: the lag each criterion picks, the
criteria themselves, the F-tests (classic and HC3) and the F distribution's tail."""

from __future__ import annotations

import numpy as np
import pytest

from comove.kernels.granger import (
    CRITERIA,
    f_sf,
    granger_f,
    information_criteria,
    lag_order,
)


def simulated_var(seed: int, n: int, lead: float) -> np.ndarray:
    """Two series, the first leading the second by ``lead`` at lag 2, with GARCH-like
    clustered volatility (so HC3 and classic differ)."""
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((n, 2))
    vol = np.exp(0.5 * np.convolve(rng.standard_normal(n), np.ones(20) / 5, "same"))
    x = np.zeros((n, 2))
    for t in range(2, n):
        x[t, 0] = 0.1 * x[t - 1, 0] + vol[t] * e[t, 0]
        x[t, 1] = -0.05 * x[t - 1, 1] + lead * x[t - 2, 0] + e[t, 1]
    return x


CASES = [(seed, n, lead) for seed, (n, lead) in enumerate(
    [(80, 0.0), (150, 0.3), (400, 0.0), (400, 0.1), (1200, 0.05), (3000, 0.0)])]


@pytest.mark.parametrize(("seed", "n", "lead"), CASES)
@pytest.mark.parametrize("max_lag", [1, 4, 8])
def test_criteria_and_lag_equal_statsmodels_select_order(seed, n, lead, max_lag):
    from statsmodels.tsa.api import VAR

    data = simulated_var(seed, n, lead)
    order = VAR(data).select_order(max_lag)
    ics = information_criteria(data, max_lag)
    for name in CRITERIA:
        assert lag_order(data, max_lag, name) == getattr(order, name)
        np.testing.assert_allclose(ics[name], order.ics[name], rtol=1e-10)


def real_weekly_returns() -> np.ndarray:
    """Weekly log returns of BTC and SPX from ../shared/data (the C7 claim's alignment)."""
    from pathlib import Path

    import pandas as pd

    folder = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    if not (folder / "btc.csv").exists():
        pytest.skip("../shared/data is not there")
    closes = {}
    for name in ("btc", "spx", "rut"):
        frame = pd.read_csv(folder / f"{name}.csv")
        day = next(c for c in frame.columns if c.lower() in ("date", "day", "time"))
        close = next(c for c in frame.columns if c.lower() in ("close", "adj close"))
        closes[name] = frame.set_index(pd.to_datetime(frame[day]))[close].astype(float)
    weekly = pd.DataFrame(closes).resample("W-FRI").last()
    return np.log(weekly).diff().dropna().to_numpy()


@pytest.mark.parametrize("pair", [(0, 1), (0, 2), (2, 1)])
@pytest.mark.parametrize("max_lag", [4, 10])
def test_lag_and_p_values_equal_statsmodels_on_real_data(pair, max_lag):
    import statsmodels.api as sm
    from statsmodels.tsa.api import VAR

    data = real_weekly_returns()[:, list(pair)]
    order = VAR(data).select_order(max_lag)
    for name in CRITERIA:
        assert lag_order(data, max_lag, name) == getattr(order, name)
    lag = max(1, order.aic)
    effect, cause = data[:, 1], data[:, 0]
    design = np.column_stack([np.ones(len(effect) - lag)]
                             + [effect[lag - k: len(effect) - k] for k in range(1, lag + 1)]
                             + [cause[lag - k: len(cause) - k] for k in range(1, lag + 1)])
    restriction = np.zeros((lag, design.shape[1]))
    restriction[:, 1 + lag:] = np.eye(lag)
    for covariance, kwargs in (("HC3", {"cov_type": "HC3"}), ("classic", {})):
        ref = sm.OLS(effect[lag:], design).fit(**kwargs).f_test(restriction)
        f, p = granger_f(effect, cause, lag, covariance)
        assert f == pytest.approx(float(np.squeeze(ref.fvalue)), rel=1e-10)
        assert p == pytest.approx(float(ref.pvalue), rel=1e-10)


@pytest.mark.parametrize(("seed", "n", "lead"), CASES)
@pytest.mark.parametrize("lag", [1, 3])
def test_classic_f_equals_grangercausalitytests(seed, n, lead, lag):
    from statsmodels.tsa.stattools import grangercausalitytests

    data = simulated_var(seed, n, lead)
    ref = grangercausalitytests(data[:, [1, 0]], [lag])[lag][0]["ssr_ftest"]
    f, p = granger_f(data[:, 1], data[:, 0], lag, "classic")
    assert f == pytest.approx(ref[0], rel=1e-10)
    assert p == pytest.approx(ref[1], rel=1e-10)


def test_f_tail_equals_scipy_to_1e_11():
    from scipy import stats

    rng = np.random.default_rng(3)
    for _ in range(5000):
        dfn, dfd = int(rng.integers(1, 30)), float(rng.integers(5, 6000))
        f = float(np.exp(rng.uniform(-8, 5)))
        ref = stats.f.sf(f, dfn, dfd)
        if ref > 1e-250:
            assert f_sf(f, dfn, dfd) == pytest.approx(ref, rel=1e-11, abs=0)


def test_f_tail_edges_and_bad_arguments():
    assert f_sf(0.0, 3, 50) == 1.0
    assert f_sf(float("inf"), 3, 50) == 0.0
    assert np.isnan(f_sf(float("nan"), 3, 50))
    with pytest.raises(ValueError, match="criterion"):
        lag_order(simulated_var(0, 100, 0.0), 2, "aicc")
    with pytest.raises(ValueError, match="covariance"):
        granger_f(np.arange(50.0), np.ones(50), 1, "HC1")


def test_granger_imports_neither_statsmodels_nor_scipy_stats():
    """The point of the kernel: ``comove check`` (claim C7) and ``leadlag`` start without
    statsmodels.tsa and scipy.stats, about a second of imports."""
    import subprocess
    import sys

    code = ("import sys, numpy as np, pandas as pd\n"
            "from comove.comovement.leadlag import lead_lag\n"
            "rng = np.random.default_rng(0)\n"
            "x, y = (pd.Series(rng.standard_normal(300)) for _ in range(2))\n"
            "lead_lag('X', x, 'Y', y, 4)\n"
            "print(sorted(m for m in ('statsmodels', 'scipy.stats', 'scipy.special', "
            "'matplotlib') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
