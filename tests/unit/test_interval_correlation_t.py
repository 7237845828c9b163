"""The studentised block bootstrap of Pearson's r (kernels/correlation_t.py) against plain
numpy: the influence function, circular block sums, each resample rebuilt from the same
draws, the interval and the p-value by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from comove.comovement.correlation import difference_between, period_correlation
from comove.kernels.correlation_t import (
    block_length,
    studentized_correlations,
    t_difference,
    t_interval,
)
from tests.conftest import circular_block_rows


def influence(a: np.ndarray, b: np.ndarray) -> tuple[float, np.ndarray]:
    """Pearson's r and its influence function at the sample's own moments."""
    u, v = a - a.mean(), b - b.mean()
    us, vs = u / np.sqrt(np.mean(u * u)), v / np.sqrt(np.mean(v * v))
    r = float(np.corrcoef(a, b)[0, 1])
    return r, us * vs - r / 2 * (us * us + vs * vs)


def pair(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    e = rng.standard_t(5, (2, n + 4))
    x = np.convolve(e[0], np.ones(5), "valid")  # overlapping 5-sums: dependent rows
    y = 0.4 * x + np.convolve(e[1], np.ones(5), "valid")
    return x, y


def test_block_length_rule():
    assert block_length(750, 5) == 15 and block_length(750, 1) == 9
    assert block_length(2000, 1) == 13 and block_length(30, 5) == 10  # at most n // 3


def test_sample_se_is_a_bartlett_window_of_circular_autocovariances():
    """sum over all n circular blocks of (block sum of psi)^2 / (n l) equals
    sum_{|k|<l} (1 - |k|/l) gamma_k with circular autocovariances of psi."""
    x, y = pair(300, 1)
    x[7] = np.nan
    d = studentized_correlations(x, y, 50, 12, np.random.default_rng(0))
    keep = ~np.isnan(x)
    r, psi = influence(x[keep], y[keep])
    n = len(psi)
    q = psi - psi.mean()
    gamma = [np.mean(q * np.roll(q, k)) for k in range(12)]
    lrv = gamma[0] + 2 * sum((1 - k / 12) * gamma[k] for k in range(1, 12))
    assert d.corr == pytest.approx(r, abs=1e-13)
    assert d.se == pytest.approx(math.sqrt(lrv / n), rel=1e-10)
    assert d.block == 12


def test_each_resample_is_rebuilt_from_the_same_draws():
    x, y = pair(103, 2)  # 103 rows in blocks of 10: the last block has 3
    block, resamples = 10, 7
    d = studentized_correlations(x, y, resamples, block, np.random.default_rng(5))
    assert len(d.boot_corr) == resamples
    for i, idx in enumerate(circular_block_rows(103, block, resamples, 5)):
        r, psi = influence(x[idx], y[idx])
        sums = np.add.reduceat(psi, np.arange(0, 103, block))
        assert d.boot_corr[i] == pytest.approx(r, abs=1e-12)
        assert d.boot_se[i] == pytest.approx(math.sqrt(np.sum(sums ** 2) / 103 / 103),
                                             rel=1e-9)


def test_interval_is_the_symmetric_bootstrap_t_by_hand():
    x, y = pair(400, 3)
    d = studentized_correlations(x, y, 999, 15, np.random.default_rng(6))
    z = np.arctanh(d.corr)
    t = np.sort(np.abs(np.arctanh(d.boot_corr) - z) / (d.boot_se / (1 - d.boot_corr ** 2)))
    q = t[950 - 1]  # ceil(0.95 * 1000)-th smallest
    half = q * d.se / (1 - d.corr ** 2)
    assert t_interval(d) == pytest.approx((np.tanh(z - half), np.tanh(z + half)), abs=1e-14)
    lo, hi = t_interval(d)
    assert lo < d.corr < hi


def test_difference_interval_excludes_zero_exactly_when_p_is_at_most_five_percent():
    seen = set()
    for seed in range(40):
        x1, y1 = pair(250, 100 + seed)
        x2, y2 = pair(250, 200 + seed)
        y2 = y2 + (seed % 4) * 0.4 * x2  # some periods differ, some do not
        rng = np.random.default_rng(seed)
        a = studentized_correlations(x1, y1, 199, 15, rng)
        b = studentized_correlations(x2, y2, 199, 15, rng)
        diff, lo, hi, p = t_difference(a, b)
        t = np.abs(b.boot_corr - a.boot_corr - diff) / np.hypot(a.boot_se, b.boot_se)
        se = np.hypot(a.se, b.se)
        assert diff == pytest.approx(b.corr - a.corr)
        assert p == pytest.approx((1 + np.sum(t >= abs(diff) / se)) / 200)
        assert (lo > 0 or hi < 0) == (p <= 0.05)
        seen.add(p <= 0.05)
    assert seen == {True, False}


def test_coverage_on_independent_normal_pairs():
    """A loose check that can fail: 95% intervals cover between 88% and 99% of 300 samples."""
    rng = np.random.default_rng(12)
    covered = 0
    for _ in range(300):
        x = rng.standard_normal(200)
        y = 0.5 * x + np.sqrt(0.75) * rng.standard_normal(200)
        lo, hi = t_interval(studentized_correlations(x, y, 199, 6, rng))
        covered += lo <= 0.5 <= hi
    assert 0.88 <= covered / 300 <= 0.99


def test_degenerate_samples_give_no_interval():
    d = studentized_correlations(np.ones(50), np.arange(50.0), 100, 5,
                                 np.random.default_rng(0))
    assert math.isnan(d.corr) and all(math.isnan(v) for v in t_interval(d))
    d = studentized_correlations(np.arange(3.0), np.arange(3.0), 100, 1,
                                 np.random.default_rng(0))
    assert all(math.isnan(v) for v in t_interval(d))


def test_period_correlation_names_the_bootstrap_t():
    x, y = pair(500, 4)
    a = period_correlation(x[:250], y[:250], 0, 1, n_resamples=300, horizon=5)
    b = period_correlation(x[250:], y[250:], 2, 3, n_resamples=300, horizon=5)
    assert a.block == 15 and "bootstrap-t" in a.as_dict()["ci"]
    assert "15 rows" in a.as_dict()["ci"] and a.ci_name == "bootstrap-t"
    assert a.ci_low < a.corr < a.ci_high
    d = difference_between(a, b)
    assert "bootstrap-t" in d.as_dict()["p_convention"]
    assert "bootstrap-t" in d.as_dict()["ci_convention"]
    assert d.ci_low < d.difference < d.ci_high and 0 < d.p <= 1


def test_the_bootstrap_t_runs_without_numba(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "numba", None)  # importing it would now fail
    x = np.random.default_rng(0).standard_normal((2, 500))
    lo, hi = t_interval(studentized_correlations(x[0], x[1], 2000, 8, np.random.default_rng(1)))
    assert -0.2 < lo < hi < 0.2
