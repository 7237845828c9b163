"""The stationary bootstrap: the same distribution as arch's, and the same draws as the plain
numpy version it replaced."""

from __future__ import annotations

import numpy as np
import pytest
from arch.bootstrap import StationaryBootstrap
from scipy import stats

from comove.kernels._jit import forced
from comove.kernels.bootstrap import (
    block_sums,
    bootstrap_group_difference,
    bootstrap_means,
)


def _series(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = noise[0]
    for i in range(1, n):  # AR(1), so that the blocks matter
        x[i] = 0.6 * x[i - 1] + noise[i]
    return x + 0.3 * rng.standard_exponential(n)  # and skewed


def _reference_block_sums(columns, n_resamples, mean_block, rng, chunk=2048):
    """The vectorised numpy implementation the numba kernels replaced (same draws)."""
    n = len(columns[0])
    p = 1.0 / max(float(mean_block), 1.0)
    prefixes = [np.concatenate([[0.0], np.cumsum(np.concatenate([c, c]))]) for c in columns]
    expected = n * p
    m = int(expected + 3 * np.sqrt(expected) + 5)
    log_q = np.log1p(-p) if p < 1 else -np.inf

    def geometric(size):
        if p >= 1:
            return np.ones(size, dtype=np.int64)
        return np.ceil(np.log(1.0 - rng.random(size)) / log_q).clip(1).astype(np.int64)

    done = 0
    while done < n_resamples:
        k = min(chunk, n_resamples - done)
        lengths = geometric((k, m))
        ends = np.cumsum(lengths, axis=1)
        while (short := ends[:, -1] < n).any():
            lengths[short] = geometric((int(short.sum()), m))
            ends = np.cumsum(lengths, axis=1)
        begins = ends - lengths
        lengths = np.clip(np.minimum(ends, n) - begins, 0, n)
        starts = (rng.random((k, m)) * n).astype(np.int64)
        yield [(prefix[starts + lengths] - prefix[starts]).sum(axis=1) for prefix in prefixes]
        done += k


@pytest.mark.parametrize(("n", "block", "chunk"), [
    (2520, 20, 2048), (300, 5.5, 512), (50, 1, 2048), (2000, 0.5, 300), (7, 3, 64),
    (400, 400, 100), (100_000, 100, 2048),  # the last redraws rows whose blocks fall short
])
@pytest.mark.parametrize("compiled", [True, False])  # numba's kernels, or the NumPy path
def test_block_sums_draw_exactly_the_resamples_of_the_numpy_version(n, block, chunk, compiled):
    rng = np.random.default_rng(n)
    columns = [rng.standard_normal(n) * 1e3, rng.standard_normal(n), rng.random(n) < 0.2]
    columns = [np.asarray(c, dtype=float) for c in columns]
    with forced(compiled):
        ours = list(block_sums(columns, 1500, block, np.random.default_rng(7), chunk))
    ref = list(_reference_block_sums(columns, 1500, block, np.random.default_rng(7), chunk))
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref, strict=True):
        for x, y in zip(a, b, strict=True):
            assert np.array_equal(x, y)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_bootstrap_means_have_arch_s_distribution(seed):
    x = _series(seed, 500)
    block = [4, 10, 25, 60][seed]
    ours = bootstrap_means(x, 20_000, block, np.random.default_rng(100 + seed))
    boot = StationaryBootstrap(block, x, seed=200 + seed)
    ref = np.array([data[0][0].mean() for data in boot.bootstrap(4000)])
    assert ours.std() == pytest.approx(ref.std(), rel=0.06)
    for q in (0.025, 0.25, 0.5, 0.75, 0.975):
        assert abs(np.quantile(ours, q) - np.quantile(ref, q)) < 0.2 * ref.std()
    assert stats.ks_2samp(ours, ref).pvalue > 1e-3


@pytest.mark.parametrize("seed", [0, 1])
def test_group_difference_has_the_distribution_of_resampled_pairs(seed):
    x = _series(10 + seed, 400)
    flags = np.zeros(400, dtype=bool)
    flags[np.random.default_rng(seed).choice(400, 60, replace=False)] = True
    ours = bootstrap_group_difference(x, flags, 20_000, 8, np.random.default_rng(seed))
    boot = StationaryBootstrap(8, x, flags, seed=50 + seed)
    ref = np.array([v[flg].mean() - v[~flg].mean()
                    for (v, flg), _ in boot.bootstrap(4000) if flg.any() and (~flg).any()])
    ours = ours[np.isfinite(ours)]
    assert ours.std() == pytest.approx(ref.std(), rel=0.06)
    for q in (0.025, 0.5, 0.975):
        assert abs(np.quantile(ours, q) - np.quantile(ref, q)) < 0.2 * ref.std()
    assert stats.ks_2samp(ours, ref).pvalue > 1e-3
