"""The column kernels (Pearson and beta of one series against each column) against pandas,
numpy and comove's single-pair Pearson."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from comove.kernels.columns import beta_columns, pearson_columns
from comove.kernels.correlation import pearson

RNG = np.random.default_rng(5)


def panel(t: int = 300, k: int = 9) -> tuple[np.ndarray, np.ndarray]:
    x = RNG.standard_normal(t)
    ys = 0.3 * x[:, None] + RNG.standard_normal((t, k))
    ys[RNG.random((t, k)) < 0.1] = np.nan
    ys[:120, 2] = np.nan  # listed later
    ys[:, 3] = 1e9 + ys[:, 3]  # price-level values: two passes keep the digits
    ys[:, 4] = np.where(np.isnan(ys[:, 4]), np.nan, 7.0)  # constant
    ys[:, 5] = np.nan  # never present
    x[RNG.random(t) < 0.05] = np.nan
    return x, ys


def test_pearson_and_beta_match_single_pair_references():
    x, ys = panel()
    corr, n = pearson_columns(x, ys)
    beta, _ = beta_columns(x, ys)
    for j in range(ys.shape[1]):
        keep = ~np.isnan(x) & ~np.isnan(ys[:, j])
        assert n[j] == keep.sum()
        expected = pearson(x, ys[:, j])
        if np.isnan(expected):
            assert np.isnan(corr[j])
            continue
        assert corr[j] == pytest.approx(expected, abs=1e-13)
        assert corr[j] == pytest.approx(pd.Series(x).corr(pd.Series(ys[:, j])), abs=1e-12)
        slope = np.polyfit(x[keep], ys[keep, j] - ys[keep, j][0], 1)[0]  # shifted: exact
        assert beta[j] == pytest.approx(slope, rel=1e-9)
    assert np.isnan(corr[4]) and np.isnan(corr[5]) and n[5] == 0
    assert beta[4] == pytest.approx(0, abs=1e-12)  # a constant column has no slope on x


def test_row_ranges_per_column_and_min_count():
    x, ys = panel()
    first = np.array([0, 10, 150, 200, 0, 0, 250, 40, 299])
    last = np.array([300, 60, 300, 260, 300, 300, 300, 41, 300])
    corr, n = pearson_columns(x, ys, first, last, min_count=20)
    for j in range(ys.shape[1]):
        part = pd.DataFrame({"x": x[first[j]:last[j]], "y": ys[first[j]:last[j], j]}).dropna()
        assert n[j] == len(part)
        if len(part) < 20 or part["y"].nunique() < 2:
            assert np.isnan(corr[j])
        else:
            assert corr[j] == pytest.approx(part["x"].corr(part["y"]), abs=1e-12)
    # One bound for all columns is the same as that bound for each.
    same, _ = pearson_columns(x, ys, 50, 250)
    each, _ = pearson_columns(x, ys, np.full(9, 50), np.full(9, 250))
    assert np.array_equal(same, each, equal_nan=True)


def test_a_columns_result_does_not_depend_on_the_other_columns():
    """Bit for bit: a scan must give the same numbers whatever its chunk size."""
    x, ys = panel(t=3000, k=7)
    corr, _ = pearson_columns(x, ys, min_count=3)
    beta, _ = beta_columns(x, ys, 100, 2900)
    for j in range(ys.shape[1]):
        alone, _ = pearson_columns(x, ys[:, [j]])
        assert np.array_equal(alone, corr[[j]], equal_nan=True)
        subset = [j, (j + 3) % 7]
        assert np.array_equal(beta_columns(x, ys[:, subset], 100, 2900)[0][0], beta[j],
                              equal_nan=True)


def test_constant_reference_gives_nan_and_shapes_are_checked():
    x = np.full(50, 0.1)
    ys = RNG.standard_normal((50, 2))
    assert np.isnan(pearson_columns(x, ys)[0]).all()
    assert np.isnan(beta_columns(x, ys)[0]).all()
    with pytest.raises(ValueError, match="shape"):
        pearson_columns(x, ys[:40])
