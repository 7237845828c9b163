"""The studentised block bootstrap of Kendall's tau-b (kernels/kendall_t.py) against
independent references: scipy's tau-b, the jackknife and a case by hand for the influence
function, each resample rebuilt from the same draws with O(n^2) sign matrices, and the
asymptotic variance of tau on independent pairs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from comove.comovement.correlation import difference_between, period_correlation
from comove.kernels import _jit
from comove.kernels.correlation_t import t_difference, t_interval
from comove.kernels.kendall_t import kendall_influence, studentized_kendall
from tests.conftest import circular_block_rows


def brute_influence(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """tau-b and its influence function from the n x n sign matrices (ties: pairs tied in
    x or y drop out of tau-b's denominator, as scipy)."""
    sx = np.sign(x[:, None] - x[None, :])
    sy = np.sign(y[:, None] - y[None, :])
    hc, hx, hy = (sx * sy).sum(1), (sx * sx).sum(1), (sy * sy).sum(1)
    c, ux, uy = hc.sum(), hx.sum(), hy.sum()
    tau = c / math.sqrt(ux * uy)
    n = len(x)
    return tau, 2 * n * (hc / math.sqrt(ux * uy) - tau / 2 * (hx / ux + hy / uy))


def pair(n: int, seed: int, ties: bool = False) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    e = rng.standard_t(5, (2, n + 4))
    x = np.convolve(e[0], np.ones(5), "valid")  # overlapping 5-sums: dependent rows
    y = 0.4 * x + np.convolve(e[1], np.ones(5), "valid")
    if ties:
        x, y = np.round(x, 0), np.round(y, 1)
    return x, y


def test_influence_by_hand():
    # Pairs (1,2) (1,3) (1,4) (2,4) (3,4) concordant, (2,3) discordant: tau = 4/6, and
    # h1 = mean over the others of sign(dx) sign(dy) = 1, 1/3, 1/3, 1.
    tau, psi = kendall_influence(np.array([1.0, 2, 3, 4]), np.array([1.0, 3, 2, 4]))
    assert tau == pytest.approx(2 / 3, abs=1e-15)
    assert psi == pytest.approx(2 * (np.array([1, 1 / 3, 1 / 3, 1]) - 2 / 3), abs=1e-15)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("n", [5, 97, 3000])
def test_tau_is_scipy_s_tau_b(n, ties):
    x, y = pair(n, n, ties)
    tau, psi = kendall_influence(x, y)
    assert tau == pytest.approx(stats.kendalltau(x, y).statistic, abs=1e-14)
    assert abs(psi.mean()) < 1e-12  # the influence function has mean zero
    if n < 1000:
        ref_tau, ref_psi = brute_influence(x, y)
        assert tau == pytest.approx(ref_tau, abs=1e-14)
        assert psi == pytest.approx(ref_psi, abs=1e-12)


def test_influence_is_the_jackknife():
    """tau-a is a U-statistic of degree 2: exactly psi_i = (n - 2)(tau - tau_(-i)). With
    ties (tau-b) the jackknife (n - 1)(tau - tau_(-i)) agrees up to O(1/n)."""
    x, y = pair(150, 1)
    tau, psi = kendall_influence(x, y)
    left_out = np.array([stats.kendalltau(np.delete(x, i), np.delete(y, i)).statistic
                         for i in range(150)])
    assert psi == pytest.approx(148 * (tau - left_out), abs=1e-11)
    x, y = pair(400, 2, ties=True)
    assert len(np.unique(x)) < 100 and len(np.unique(y)) < 300
    tau, psi = kendall_influence(x, y)
    left_out = np.array([stats.kendalltau(np.delete(x, i), np.delete(y, i)).statistic
                         for i in range(400)])
    jackknife = 399 * (tau - left_out)
    assert np.abs(jackknife - psi).max() < 0.02 < 0.5 < np.abs(psi).max()


def test_sample_se_is_a_bartlett_window_of_circular_autocovariances():
    x, y = pair(300, 3, ties=True)
    x[7] = np.nan
    d = studentized_kendall(x, y, 50, 12, np.random.default_rng(0))
    keep = ~np.isnan(x)
    _, psi = brute_influence(x[keep], y[keep])
    gamma = [np.mean(psi * np.roll(psi, k)) for k in range(12)]
    lrv = gamma[0] + 2 * sum((1 - k / 12) * gamma[k] for k in range(1, 12))
    assert d.corr == pytest.approx(stats.kendalltau(x[keep], y[keep]).statistic, abs=1e-14)
    assert d.se == pytest.approx(math.sqrt(lrv / len(psi)), rel=1e-10)
    assert d.block == 12


@pytest.mark.parametrize("ties", [False, True])
def test_each_resample_is_rebuilt_from_the_same_draws(ties):
    """tau-b* is scipy's on the resampled rows (a row drawn twice is a pair tied in x and
    y) and se* comes from the block sums of the resample's own influence function."""
    x, y = pair(103, 4, ties)  # 103 rows in blocks of 10: the last block has 3
    block, resamples = 10, 7
    d = studentized_kendall(x, y, resamples, block, np.random.default_rng(5))
    assert len(d.boot_corr) == resamples
    for i, idx in enumerate(circular_block_rows(103, block, resamples, 5)):
        tau, psi = brute_influence(x[idx], y[idx])
        sums = np.add.reduceat(psi, np.arange(0, 103, block))
        assert d.boot_corr[i] == pytest.approx(stats.kendalltau(x[idx], y[idx]).statistic,
                                               abs=1e-13)
        assert d.boot_corr[i] == pytest.approx(tau, abs=1e-13)
        assert d.boot_se[i] == pytest.approx(math.sqrt(np.sum(sums ** 2)) / 103, rel=1e-9)


@pytest.mark.parametrize("rho", [0.0, 0.5])
def test_iid_pairs_have_the_asymptotic_variance_and_a_normal_interval(rho):
    """Independent normal pairs, blocks of one row: n var(tau) -> 4 (1/9 - 4/pi^2
    asin(rho/2)^2) (for rho = 0 scipy's null variance 2 (2n + 5) / (9 n (n - 1))), and the
    bootstrap-t interval is near tanh(z ± 1.96 se / (1 - tau^2))."""
    n = 2000
    g = np.random.default_rng(6).multivariate_normal([0, 0], [[1, rho], [rho, 1]], n)
    d = studentized_kendall(g[:, 0], g[:, 1], 4000, 1, np.random.default_rng(7))
    asymptotic = math.sqrt(4 * (1 / 9 - 4 / math.pi ** 2 * math.asin(rho / 2) ** 2) / n)
    assert d.se == pytest.approx(asymptotic, rel=0.05)
    if rho == 0:
        assert d.se == pytest.approx(math.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1))), rel=0.05)
    assert np.median(d.boot_se) == pytest.approx(asymptotic, rel=0.05)
    assert np.std(d.boot_corr) == pytest.approx(asymptotic, rel=0.08)
    lo, hi = t_interval(d)
    z, half = math.atanh(d.corr), 1.959964 * asymptotic / (1 - d.corr ** 2)
    assert lo == pytest.approx(math.tanh(z - half), abs=0.002)
    assert hi == pytest.approx(math.tanh(z + half), abs=0.002)


def test_the_kernels_run_as_python_give_the_same_numbers():
    x, y = pair(61, 12, ties=True)
    compiled = studentized_kendall(x, y, 30, 7, np.random.default_rng(13))
    with _jit.interpreted():
        python = studentized_kendall(x, y, 30, 7, np.random.default_rng(13))
    assert python.corr == compiled.corr and python.se == compiled.se
    assert np.array_equal(python.boot_corr, compiled.boot_corr)
    assert np.array_equal(python.boot_se, compiled.boot_se)


def test_degenerate_samples_give_no_interval():
    d = studentized_kendall(np.ones(50), np.arange(50.0), 100, 5, np.random.default_rng(0))
    assert math.isnan(d.corr) and len(d.boot_corr) == 0
    assert all(math.isnan(v) for v in t_interval(d))
    d = studentized_kendall(np.arange(3.0), np.arange(3.0), 100, 1, np.random.default_rng(0))
    assert math.isnan(d.se)


def test_period_correlation_uses_the_kendall_bootstrap_t():
    x, y = pair(400, 8, ties=True)
    fit = period_correlation(x, y, 0, 1, "kendall", n_resamples=999,
                             rng=np.random.default_rng(9), horizon=5)
    d = studentized_kendall(x, y, 999, 15, np.random.default_rng(9))
    assert fit.corr == pytest.approx(stats.kendalltau(x, y).statistic, abs=1e-15)
    assert (fit.ci_low, fit.ci_high) == t_interval(d)
    assert fit.ci_low < fit.corr < fit.ci_high
    assert fit.ci_name == "bootstrap-t" and fit.block == 15
    label = fit.as_dict()["ci"]
    assert "bootstrap-t" in label and "15 rows" in label and "tau-b" in label
    other = period_correlation(*pair(300, 10), 2, 3, "kendall", n_resamples=999,
                               rng=np.random.default_rng(11), horizon=5)
    change = difference_between(fit, other)
    assert fit.draws is not None and other.draws is not None
    assert (change.difference, change.ci_low, change.ci_high, change.p) == t_difference(
        fit.draws, other.draws)
    assert change.ci_name == "bootstrap-t"
    assert "bootstrap-t of tau2 - tau1" in change.ci_convention


def test_a_perfectly_ordered_sample_gets_the_degenerate_interval():
    """Every resample of a monotone sample has |tau*| = 1 and is set aside: the interval is
    tau itself (as the percentile interval gave), not missing."""
    x = np.arange(60.0)
    for y, tau in ((2 * x + 1, 1.0), (-x, -1.0)):
        d = studentized_kendall(x, y, 999, 5, np.random.default_rng(0))
        assert d.corr == tau and t_interval(d) == (tau, tau)
