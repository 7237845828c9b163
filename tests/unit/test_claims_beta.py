"""The beta kernel behind the beta_comparison claim test, against numpy on each resample."""

from __future__ import annotations

import numpy as np
import pytest

from comove.kernels import beta as beta_kernel
from comove.kernels.beta import betas, bootstrap_betas
from comove.kernels.bootstrap import stationary_indices


def data(n: int = 300, seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 0.05, n) + 4.0  # an offset: slopes must not depend on it
    return x, 0.8 * x + rng.normal(0, 0.01, n), -0.3 * x + rng.normal(0, 0.02, n)


def slope(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.polyfit(x, y, 1)[0])


def test_betas_are_least_squares_slopes():
    x, y1, y2 = data()
    np.testing.assert_allclose(betas(x, [y1, y2]), [slope(x, y1), slope(x, y2)], rtol=1e-10)


def test_every_resample_gives_the_slopes_of_its_rows(monkeypatch):
    """Drive the kernel with explicit resamples (stationary-bootstrap indices) and compare
    each resample's betas with numpy's fit on the resampled rows."""
    x, y1, y2 = data()
    indices = np.concatenate(list(stationary_indices(len(x), 64, 7.0,
                                                     np.random.default_rng(1), chunk=16)))

    def sums_of(columns, n_resamples, mean_block, rng, chunk=2048):
        for start in range(0, n_resamples, 16):
            rows = indices[start:start + 16]
            yield [c[rows].sum(axis=1) for c in columns]

    monkeypatch.setattr(beta_kernel, "block_sums", sums_of)
    boot = bootstrap_betas(x, [y1, y2], 64, 7.0, np.random.default_rng(0))
    assert boot.shape == (64, 2)
    for k, rows in enumerate(indices):
        np.testing.assert_allclose(boot[k], [slope(x[rows], y1[rows]),
                                             slope(x[rows], y2[rows])], rtol=1e-8)


def test_the_real_bootstrap_is_seeded_and_centred_on_the_estimate():
    x, y1, y2 = data()
    first = bootstrap_betas(x, [y1, y2], 2000, 7.0, np.random.default_rng(0))
    again = bootstrap_betas(x, [y1, y2], 2000, 7.0, np.random.default_rng(0))
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(first.mean(axis=0), betas(x, [y1, y2]), atol=0.01)


def test_too_short():
    with pytest.raises(ValueError, match="at least two"):
        bootstrap_betas(np.array([1.0]), [np.array([2.0])], 10, 1.0, np.random.default_rng(0))
