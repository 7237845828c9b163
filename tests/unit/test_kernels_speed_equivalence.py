"""The blocked, vectorised rolling kernels give pandas' numbers in every memory layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from comove.kernels.rolling import WIDTH, rolling_beta, rolling_corr, rolling_cov


def _panel(seed: int, t: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(t) * 0.01
    ys = 0.3 * x[:, None] + rng.standard_normal((t, n)) * 0.01
    ys[rng.random((t, n)) < 0.05] = np.nan  # scattered gaps
    ys[100:170, 3] = np.nan  # a gap longer than the window
    ys[40:120, 5] = 0.02  # a constant stretch
    ys[:, 7] *= 1e6
    ys[:, 7] += 1e9  # price levels
    ys[t // 3, 9] = 1e8  # a spike: the window is recomputed when it leaves
    x[rng.random(t) < 0.02] = np.nan
    x[500:520] = np.nan
    return x, ys


def _pandas(x: np.ndarray, ys: np.ndarray, window: int, minp: int, what: str) -> np.ndarray:
    frame, series = pd.DataFrame(ys), pd.Series(x)
    pairs = frame.notna() & series.notna().to_numpy()[:, None]
    frame, xs = frame.where(pairs), pd.DataFrame({c: series for c in frame}).where(pairs)
    rolled = xs.rolling(window, min_periods=minp)
    if what == "corr":
        return rolled.corr(frame).to_numpy()
    if what == "cov":
        return rolled.cov(frame).to_numpy()
    return (rolled.cov(frame) / rolled.var()).to_numpy()


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
@pytest.mark.parametrize(("window", "minp"), [(60, None), (21, 10), (252, 200)])
def test_every_layout_and_block_equals_pandas_including_gaps(layout, window, minp):
    x, ys = _panel(window, 900, 2 * WIDTH + 37)  # three blocks of columns, the last partial
    if layout == "F":
        ys = np.asfortranarray(ys)
    elif layout == "strided":
        ys = np.repeat(ys, 2, axis=1)[:, ::2]
    for fn, what in [(rolling_corr, "corr"), (rolling_cov, "cov"), (rolling_beta, "beta")]:
        ours = fn(x, ys, window, minp)
        ref = _pandas(x, np.ascontiguousarray(ys), window, window if minp is None else minp,
                      what)
        present = ~np.isnan(ref)
        assert np.array_equal(np.isnan(ours), ~present) or what != "corr"
        scale = np.maximum(1.0, np.abs(ref[present]))
        assert np.max(np.abs(ours[present] - ref[present]) / scale) < 1e-12, what


def test_the_output_takes_the_input_layout_and_the_input_is_not_copied():
    x, ys = _panel(1, 300, 40)
    assert rolling_corr(x, ys, 30).flags.c_contiguous
    assert rolling_corr(x, np.asfortranarray(ys), 30).flags.f_contiguous
    assert np.array_equal(rolling_corr(x, ys, 30), rolling_corr(x, np.asfortranarray(ys), 30),
                          equal_nan=True)


def test_columns_do_not_depend_on_their_neighbours_or_on_the_block_width():
    x, ys = _panel(2, 400, WIDTH + 20)
    together = rolling_corr(x, ys, 40, 30)
    for j in (0, 5, 7, WIDTH - 1, WIDTH, WIDTH + 19):
        alone = rolling_corr(x, ys[:, j], 40, 30)
        assert np.array_equal(together[:, j], alone, equal_nan=True)
