"""The stationary bootstrap (Politis and Romano, 1994), vectorised.

Resamples are built from blocks whose lengths are geometric with mean ``mean_block``,
starting at uniform random positions and wrapping around the end, so the resampled series
is stationary and keeps the dependence within blocks. ``arch.bootstrap.StationaryBootstrap``
draws the same process one resample at a time; here a whole chunk of resamples is drawn with
array operations, which is what makes 10,000 resamples cheap.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def stationary_indices(
    n: int,
    n_resamples: int,
    mean_block: float,
    rng: np.random.Generator,
    chunk: int = 512,
) -> Iterator[IntArray]:
    """Yield index arrays of shape ``(k, n)`` (``k <= chunk``), ``n_resamples`` rows in all.

    Parameters
    ----------
    n
        Length of the series.
    mean_block
        Expected block length (at least 1).
    rng
        The random generator (seed it for reproducible results).
    """
    if n < 1:
        raise ValueError("cannot resample an empty series")
    p = 1.0 / max(float(mean_block), 1.0)
    positions = np.arange(n)
    done = 0
    while done < n_resamples:
        k = min(chunk, n_resamples - done)
        new_block = rng.random((k, n)) < p
        new_block[:, 0] = True
        starts = rng.integers(0, n, size=(k, n))
        block_start = np.maximum.accumulate(np.where(new_block, positions, 0), axis=1)
        first = np.take_along_axis(starts, block_start, axis=1)
        yield (first + positions - block_start) % n
        done += k


def block_sums(
    columns: list[FloatArray],
    n_resamples: int,
    mean_block: float,
    rng: np.random.Generator,
    chunk: int = 2048,
) -> Iterator[list[FloatArray]]:
    """Sums of each column over each resample, from block sums of prefix sums.

    A resample is a run of blocks (geometric lengths, uniform circular starts) cut at ``n``
    rows; its sum is the sum of its blocks' sums, each read off a prefix sum in O(1). The cost
    is O(n / mean_block) per resample instead of O(n).
    """
    n = len(columns[0])
    p = 1.0 / max(float(mean_block), 1.0)
    prefixes = [np.concatenate([[0.0], np.cumsum(np.concatenate([c, c]))]) for c in columns]
    expected = n * p
    m = int(expected + 3 * np.sqrt(expected) + 5)  # enough blocks to cover n rows, nearly always
    log_q = np.log1p(-p) if p < 1 else -np.inf
    done = 0

    def geometric(size: tuple[int, int]) -> NDArray[np.int64]:
        if p >= 1:
            return np.ones(size, dtype=np.int64)
        return np.ceil(np.log(1.0 - rng.random(size)) / log_q).clip(1).astype(np.int64)

    while done < n_resamples:
        k = min(chunk, n_resamples - done)
        lengths = geometric((k, m))
        ends = np.cumsum(lengths, axis=1)
        while (short := ends[:, -1] < n).any():  # rare: redraw the rows that fall short
            lengths[short] = geometric((int(short.sum()), m))
            ends = np.cumsum(lengths, axis=1)
        begins = ends - lengths
        lengths = np.clip(np.minimum(ends, n) - begins, 0, n)
        starts = (rng.random((k, m)) * n).astype(np.int64)
        yield [(prefix[starts + lengths] - prefix[starts]).sum(axis=1) for prefix in prefixes]
        done += k


def _flagged_mean_difference(
    values: FloatArray, flags: NDArray[np.bool_], n_resamples: int, mean_block: float,
    rng: np.random.Generator, versus_rest: bool,
) -> FloatArray:
    """Mean of flagged values minus the mean of all values (or of the unflagged ones), per
    resample. The pairs (value, flag) are resampled together, so the dependence of the series
    and the position of the flagged days in it are kept. An empty group gives NaN."""
    values = np.asarray(values, dtype=float)
    flag_values = np.asarray(flags, dtype=float)
    n = len(values)
    out = []
    for total, flagged, count in block_sums(
        [values, values * flag_values, flag_values], n_resamples, mean_block, rng
    ):
        with np.errstate(invalid="ignore", divide="ignore"):
            inside = np.where(count > 0.5, flagged / np.maximum(count, 1), np.nan)
            if versus_rest:
                rest = n - count
                other = np.where(rest > 0.5, (total - flagged) / np.maximum(rest, 1), np.nan)
            else:
                other = total / n
        out.append(inside - other)
    return np.concatenate(out)


def bootstrap_mean_difference(
    values: FloatArray,
    flags: NDArray[np.bool_],
    n_resamples: int,
    mean_block: float,
    rng: np.random.Generator,
) -> FloatArray:
    """Stationary-bootstrap distribution of ``mean(values[flags]) - mean(values)``.

    Resamples that draw no flagged day give NaN.
    """
    return _flagged_mean_difference(values, flags, n_resamples, mean_block, rng, False)


def bootstrap_group_difference(
    values: FloatArray,
    flags: NDArray[np.bool_],
    n_resamples: int,
    mean_block: float,
    rng: np.random.Generator,
) -> FloatArray:
    """Stationary-bootstrap distribution of ``mean(values[flags]) - mean(values[~flags])``.

    Resamples with no flagged or no unflagged day give NaN.
    """
    return _flagged_mean_difference(values, flags, n_resamples, mean_block, rng, True)


def bootstrap_means(
    values: FloatArray, n_resamples: int, mean_block: float, rng: np.random.Generator
) -> FloatArray:
    """Stationary-bootstrap distribution of the mean of ``values``."""
    values = np.asarray(values, dtype=float)
    sums = [s[0] for s in block_sums([values], n_resamples, mean_block, rng)]
    return np.concatenate(sums) / len(values)
