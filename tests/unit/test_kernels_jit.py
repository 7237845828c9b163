"""Kernels compiled on first use, or run without numba: the same numbers bit for bit, and
numba loaded only when the work pays for it."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

from comove.kernels import _jit, rolling
from comove.kernels.bootstrap import block_sums
from comove.kernels.rolling import (
    WIDTH,
    rolling_beta,
    rolling_corr,
    rolling_cov,
    rolling_mean,
    rolling_var,
)


def _bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64).view(np.int64)


def _sums(columns: list[np.ndarray], resamples: int, block: float, seed: int, chunk: int,
          compiled: bool) -> np.ndarray:
    with _jit.forced(compiled):
        parts = block_sums(columns, resamples, block, np.random.default_rng(seed), chunk)
        return np.concatenate([np.stack(part) for part in parts], axis=1)


# (n, mean block, columns, resamples, chunk): a resample's blocks m from under 8 (numpy's
# plain loop) through 8-128 (one leaf of its pairwise sum) to over 1,000 (nested halves),
# slices of rows cut short, p = 1 (every block one row), a block longer than the series.
CASES = [
    (1, 3.0, 1, 300, 2048), (2, 1.0, 2, 257, 2048), (5, 1000.0, 3, 600, 128),
    (7, 3.0, 5, 1000, 64), (50, 1.5, 4, 513, 2048), (129, 1.0, 1, 700, 300),
    (300, 5.5, 5, 2100, 2048), (1000, 2.0, 6, 400, 2048), (2999, 14.0, 5, 3000, 2048),
    (2520, 20.0, 1, 2500, 1024), (4000, 1.2, 2, 300, 2048),
]


@pytest.mark.parametrize(("n", "block", "width", "resamples", "chunk"), CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bootstrap_sums_in_numpy_equal_the_compiled_ones_bit_for_bit(n, block, width,
                                                                     resamples, chunk, seed):
    rng = np.random.default_rng(seed + 10 * n)
    scales = [1.0, 1e9, 1e-7, 3.0, 1e3, 1.0]  # price levels and tiny values: rounding shows
    columns = [rng.standard_normal(n) * scales[c] + (1e9 if c == 1 else 0.0)
               for c in range(width)]
    compiled = _sums(columns, resamples, block, seed, chunk, True)
    numpy = _sums(columns, resamples, block, seed, chunk, False)
    assert compiled.shape == (width, resamples)
    assert np.array_equal(_bits(compiled), _bits(numpy))


def test_bootstrap_sums_with_a_missing_value_agree_too():
    x = np.random.default_rng(3).standard_normal(200)
    x[77] = np.nan  # poisons the prefix sums from there on, so every resample's sum
    a, b = (_sums([x, np.ones(200)], 1000, 6.0, 0, 2048, c) for c in (True, False))
    assert np.isnan(a[0]).all() and np.array_equal(a[1], np.full(1000, 200.0))
    assert np.array_equal(a, b, equal_nan=True)


def _panel(seed: int, t: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(t) * 0.01
    ys = 0.3 * x[:, None] + rng.standard_normal((t, n)) * 0.01
    ys[rng.random((t, n)) < 0.05] = np.nan
    ys[40:70, 0] = np.nan  # a gap longer than the window
    ys[20:90, min(1, n - 1)] = 0.02  # a constant stretch
    ys[:, -1] = ys[:, -1] * 1e6 + 1e9  # price levels
    ys[t // 3, n // 2] = 1e8  # a spike: its window is recomputed when it leaves
    x[rng.random(t) < 0.02] = np.nan
    x[100:104] = 5.0  # x constant for a while
    return x, ys


def _both(fn, *args):  # type: ignore[no-untyped-def]
    with _jit.forced(True):
        compiled = fn(*args)
    with _jit.forced(False):
        interpreted = fn(*args)
    return compiled, interpreted


@pytest.mark.parametrize(("t", "n", "window", "minp"), [
    (240, 1, 30, None), (240, 3, 21, 10), (300, 6, 60, 40), (120, 2, 2, None),
    (200, WIDTH + 5, 25, None),  # two blocks of columns compiled, one interpreted
])
@pytest.mark.parametrize("order", ["C", "F"])
def test_rolling_kernels_run_as_python_give_the_compiled_numbers(t, n, window, minp, order):
    x, ys = _panel(n + window, t, n)
    if order == "F":
        ys = np.asfortranarray(ys)
    fns = [rolling_corr] if n > WIDTH else [rolling_corr, rolling_cov, rolling_beta]
    for fn in fns:
        compiled, interpreted = _both(fn, x, ys, window, minp)
        assert np.isfinite(compiled).any(axis=0).mean() > 0.8  # values, not only NaN
        assert np.array_equal(_bits(compiled), _bits(interpreted)), fn.__name__
    for fn in (rolling_mean, rolling_var):
        compiled, interpreted = _both(fn, ys[:, :8], window, minp)
        assert np.array_equal(_bits(compiled), _bits(interpreted)), fn.__name__
    compiled, interpreted = _both(rolling_corr, x, ys[:, 0], window, minp)  # one series
    assert np.array_equal(_bits(compiled), _bits(interpreted))


def test_interpreted_kernels_really_run_as_python(monkeypatch):
    x, ys = _panel(0, 50, 2)
    with _jit.forced(True):
        compiled = rolling_corr(x, ys, 10)  # compiled before the Python source is watched
    calls = []
    step = rolling._step.py_func
    monkeypatch.setattr(rolling._step, "py_func", lambda *a: calls.append(1) or step(*a))
    with _jit.forced(False):
        interpreted = rolling_corr(x, ys, 10)
    assert len(calls) == 50  # once a row
    with _jit.forced(True):
        rolling_corr(x, ys, 10)
    assert len(calls) == 50  # the compiled kernel does not call the Python source
    assert np.array_equal(_bits(compiled), _bits(interpreted))


def test_a_kernel_pickles_as_a_reference():
    assert pickle.loads(pickle.dumps(rolling._step)) is rolling._step


CHILD = """
import importlib, pkgutil, sys
import numpy as np
import comove.kernels
for module in pkgutil.iter_modules(comove.kernels.__path__):
    importlib.import_module("comove.kernels." + module.name)
assert "numba" not in sys.modules, "importing the kernels imported numba"
from comove.kernels import rolling
from comove.kernels.bootstrap import block_sums
rng = np.random.default_rng(0)
x, y = rng.standard_normal(3000), rng.standard_normal(3000)
small = rolling.rolling_corr(x, y, 90), list(block_sums([x, y, x * x, y * y, x * y], 10_000,
                                                         14.0, rng))
print("numba" in sys.modules)
big = rolling.rolling_corr(x, rng.standard_normal((3000, 200)), 90)  # about 9 s as Python
print("numba" in sys.modules, bool(np.isfinite(big[89:]).all()))
"""


def test_numba_is_loaded_only_when_the_work_pays_for_it():
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_DISABLE_JIT"}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True"]
