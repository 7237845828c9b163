"""The stationary bootstrap (Politis and Romano, 1994), vectorised.

Resamples are built from blocks whose lengths are geometric with mean ``mean_block``,
starting at uniform random positions and wrapping around the end, so the resampled series
is stationary and keeps the dependence within blocks. ``arch.bootstrap.StationaryBootstrap``
draws the same process one resample at a time; here a whole chunk of resamples is drawn with
array operations, which is what makes 10,000 resamples cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
from numpy.typing import NDArray

from comove.kernels._jit import jit, use_compiled
from comove.kernels._numba_cache import CACHE

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
# Resamples drawn and summed at a time within a chunk (their temporaries fit in L2).
SLICE = 256


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


@jit(cache=CACHE, nogil=True, error_model="numpy")
def _geometric(logs, log_q, n, lengths, totals):  # type: ignore[no-untyped-def]
    """Block lengths ``ceil(log(1 - u) / log(1 - p))`` (at least 1) from ``log(1 - u)``,
    stored cut at ``n`` (in a narrow integer type: less memory to write and read again), and
    their total per row (a row whose blocks fall short of ``n`` rows is drawn again)."""
    for i in range(logs.shape[0]):
        total = 0
        for j in range(logs.shape[1]):
            length = np.int64(max(np.ceil(logs[i, j] / log_q), 1.0))
            lengths[i, j] = min(length, n)
            total += length
        totals[i] = total


@jit(cache=CACHE, nogil=True)
def _block_of_sum(a, lo, n):  # type: ignore[no-untyped-def]
    # A leaf of numpy's pairwise summation: eight accumulators over at most 128 values.
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    for i in range(lo + 8, lo + n - n % 8, 8):
        r0 += a[i]
        r1 += a[i + 1]
        r2 += a[i + 2]
        r3 += a[i + 3]
        r4 += a[i + 4]
        r5 += a[i + 5]
        r6 += a[i + 6]
        r7 += a[i + 7]
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for i in range(lo + n - n % 8, lo + n):
        res += a[i]
    return res


@jit(cache=CACHE, nogil=True)
def _pairwise_sum(a, tasks, partial):  # type: ignore[no-untyped-def]
    """numpy's pairwise summation of ``a`` (halves cut at multiples of 8 down to blocks of
    128), so that the sums are exactly those of ``ndarray.sum(axis=1)``. Written with an
    explicit stack (``tasks``: rows of lo, n, combine; ``partial``: the results) because
    numba cannot cache recursive functions."""
    top, done = 0, 0
    tasks[0, 0], tasks[0, 1], tasks[0, 2] = 0, a.shape[0], 0
    while top >= 0:
        lo, n, combine = tasks[top, 0], tasks[top, 1], tasks[top, 2]
        top -= 1
        if combine:
            partial[done - 2] += partial[done - 1]
            done -= 1
        elif n <= 128:
            partial[done] = _block_of_sum(a, lo, n)
            done += 1
        else:
            half = n // 2
            half -= half % 8
            tasks[top + 1, 0], tasks[top + 1, 1], tasks[top + 1, 2] = 0, 0, 1
            tasks[top + 2, 0], tasks[top + 2, 1], tasks[top + 2, 2] = lo + half, n - half, 0
            tasks[top + 3, 0], tasks[top + 3, 1], tasks[top + 3, 2] = lo, half, 0
            top += 3
    return partial[0]


@jit(cache=CACHE, nogil=True, error_model="numpy")
def _gather_sums(lengths, uniforms, n, prefixes, out):  # type: ignore[no-untyped-def]
    """Per resample (row) and column: the sum of its blocks' sums, each read off the prefix
    sums; blocks are cut at ``n`` rows and start at ``floor(u * n)``."""
    m = lengths.shape[1]
    first, size, parts = np.empty(m, np.int64), np.empty(m, np.int64), np.empty(m)
    tasks, partial = np.empty((192, 3), np.int64), np.empty(64)
    for i in range(lengths.shape[0]):
        end = 0
        for j in range(m):
            begin = min(end, n)
            end += np.int64(lengths[i, j])
            size[j] = min(end, n) - begin
            first[j] = np.int64(uniforms[i, j] * n)
        for c in range(prefixes.shape[0]):
            prefix = prefixes[c]
            for j in range(m):
                parts[j] = prefix[first[j] + size[j]] - prefix[first[j]]
            out[c, i] = _pairwise_sum(parts, tasks, partial)


def _geometric_numpy(logs, log_q, n, lengths, totals):  # type: ignore[no-untyped-def]
    """:func:`_geometric` in NumPy (the same operations in the same order; ``logs`` is
    overwritten). The lengths are int64 and not cut (:func:`_gather_sums_numpy` cuts)."""
    np.divide(logs, log_q, out=logs)
    np.ceil(logs, out=logs)
    np.maximum(logs, 1.0, out=logs)
    lengths[...] = logs  # truncation towards zero, as np.int64() in numba
    lengths.sum(axis=1, out=totals)


def _gather_sums_numpy(lengths, uniforms, n, prefixes, out):  # type: ignore[no-untyped-def]
    """:func:`_gather_sums` in NumPy: a row's block sums are summed by ``ndarray.sum(axis=1)``
    on a C-ordered array, which is the pairwise summation :func:`_pairwise_sum` replicates."""
    ends = np.cumsum(lengths, axis=1)
    np.minimum(ends, n, out=ends)  # a block's size is its cut end less the one before
    first = (uniforms * n).astype(np.int64)
    last = first.copy()
    last[:, 0] += ends[:, 0]
    last[:, 1:] += ends[:, 1:]
    last[:, 1:] -= ends[:, :-1]
    parts = np.empty(lengths.shape)
    for c in range(prefixes.shape[0]):
        np.subtract(prefixes[c].take(last), prefixes[c].take(first), out=parts)
        parts.sum(axis=1, out=out[c])


#: Seconds the NumPy path of :func:`block_sums` takes over the compiled one, per drawn block
#: and per block and column (measured 5.6 to 7.9 ns per block with one to five columns;
#: rounded up): what decides when loading numba pays.
NUMPY_EXTRA_BLOCK, NUMPY_EXTRA_BLOCK_COLUMN = 8e-9, 4e-10


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
    is O(n / mean_block) per resample instead of O(n). The random numbers are drawn with
    ``rng.random`` in a fixed order (per chunk: the block lengths, redraws of the rare rows
    whose blocks fall short, the block starts), so a seed gives the same resamples whatever
    the implementation of the sums.
    """
    n = len(columns[0])
    p = 1.0 / max(float(mean_block), 1.0)
    prefixes = np.stack([np.concatenate([[0.0], np.cumsum(np.concatenate([c, c]))])
                         for c in columns])
    expected = n * p
    m = int(expected + 3 * np.sqrt(expected) + 5)  # enough blocks to cover n rows, nearly always
    log_q = float(np.log1p(-p)) if p < 1 else -np.inf
    done = 0

    # A chunk is drawn and summed a slice of rows at a time, so that its temporaries stay in
    # the cache; the draws are the same (rng.random fills its output in order).
    buffer = np.empty((min(chunk, SLICE), m))
    geometric_kernel: Callable[..., None]
    gather_kernel: Callable[..., None]
    if use_compiled(n_resamples * m * (NUMPY_EXTRA_BLOCK
                                     + NUMPY_EXTRA_BLOCK_COLUMN * len(columns))):
        geometric_kernel, gather_kernel = _geometric, _gather_sums
        narrow = np.uint16 if n < 2**16 else np.int32 if n < 2**31 else np.int64
    else:  # small work: NumPy, the same numbers, without loading numba
        geometric_kernel, gather_kernel, narrow = _geometric_numpy, _gather_sums_numpy, np.int64
    lengths_buffer = np.empty((min(chunk, n_resamples), m), narrow)
    totals_buffer = np.empty(len(lengths_buffer), np.int64)

    def geometric(lengths: IntArray, totals: IntArray) -> None:
        for lo in range(0, len(lengths), SLICE):
            hi = min(lo + SLICE, len(lengths))
            if p >= 1:
                lengths[lo:hi], totals[lo:hi] = 1, m
                continue
            logs = buffer[: hi - lo]
            rng.random(out=logs)
            np.subtract(1.0, logs, out=logs)
            np.log(logs, out=logs)  # numpy's log, so that the lengths do not depend on a libm
            geometric_kernel(logs, log_q, n, lengths[lo:hi], totals[lo:hi])

    while done < n_resamples:
        k = min(chunk, n_resamples - done)
        lengths, totals = lengths_buffer[:k], totals_buffer[:k]
        geometric(lengths, totals)
        while (short := totals < n).any():  # rare: redraw the rows that fall short
            rows = int(short.sum())
            again, again_totals = np.empty((rows, m), narrow), np.empty(rows, np.int64)
            geometric(again, again_totals)
            lengths[short], totals[short] = again, again_totals
        out = np.empty((len(columns), k))
        for lo in range(0, k, SLICE):
            hi = min(lo + SLICE, k)
            starts = buffer[: hi - lo]
            rng.random(out=starts)
            gather_kernel(lengths[lo:hi], starts, n, prefixes, out[:, lo:hi])
        yield list(out)
        done += k


def bootstrap_mean_difference(
    values: FloatArray, flags: NDArray[np.bool_], n_resamples: int, mean_block: float,
    rng: np.random.Generator, versus_rest: bool = False,
) -> FloatArray:
    """Stationary-bootstrap distribution of ``mean(values[flags]) - mean(values)``, or with
    ``versus_rest`` of ``mean(values[flags]) - mean(values[~flags])``.

    The pairs (value, flag) are resampled together, so the dependence of the series and the
    position of the flagged days in it are kept. A resample with an empty group gives NaN.
    """
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


def bootstrap_group_difference(values: FloatArray, flags: NDArray[np.bool_], n_resamples: int,
                               mean_block: float, rng: np.random.Generator) -> FloatArray:
    """:func:`bootstrap_mean_difference` with ``versus_rest``: flagged against unflagged."""
    return bootstrap_mean_difference(values, flags, n_resamples, mean_block, rng, True)


def bootstrap_means(
    values: FloatArray, n_resamples: int, mean_block: float, rng: np.random.Generator
) -> FloatArray:
    """Stationary-bootstrap distribution of the mean of ``values``."""
    values = np.asarray(values, dtype=float)
    sums = [s[0] for s in block_sums([values], n_resamples, mean_block, rng)]
    return np.concatenate(sums) / len(values)
