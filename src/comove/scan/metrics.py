"""Per-asset metrics of a universe scan, for one chunk of assets (pure: arrays in, arrays out).

A chunk task gets plain numpy arrays, not a store, so that the same function runs in this
process or on a Dask worker on another machine, and gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from comove.kernels.records import drawdown, record_mask
from comove.kernels.rolling import rolling_beta, rolling_corr

FloatArray = NDArray[np.float64]
METRICS = ("corr", "beta", "records", "drawdown", "sync")


@dataclass(frozen=True)
class ScanSpec:
    """What to compute; the same for every chunk."""

    metrics: tuple[str, ...]
    window: int = 252
    periods: tuple[tuple[int, int], tuple[int, int]] | None = None  # row ranges on the grid
    sync_days: int = 5
    resamples: int = 1000
    seed: int = 0


@dataclass
class ChunkInput:
    """One chunk's data on the common grid (rows = dates, columns = assets)."""

    names: list[str]
    day_numbers: NDArray[np.int64]  # the grid's dates as days since 1970-01-01
    prices: FloatArray  # (T, k)
    against: FloatArray  # (T,)
    against_record_days: NDArray[np.int64]  # the against asset's own record days
    chunk_index: int


def _pearson_columns(x: FloatArray, ys: FloatArray) -> tuple[FloatArray, NDArray[np.int64]]:
    """Pearson of x with each column of ys over complete pairs (two-pass, centred)."""
    out = np.full(ys.shape[1], np.nan)
    counts = np.zeros(ys.shape[1], dtype=np.int64)
    for j in range(ys.shape[1]):
        keep = ~np.isnan(x) & ~np.isnan(ys[:, j])
        counts[j] = keep.sum()
        if counts[j] < 3:
            continue
        a, b = x[keep] - x[keep].mean(), ys[keep, j] - ys[keep, j].mean()
        denom = np.sqrt((a @ a) * (b @ b))
        if denom > 0:
            out[j] = np.clip((a @ b) / denom, -1, 1)
    return out, counts


def _boot_corr(a: FloatArray, b: FloatArray, resamples: int, rng: np.random.Generator
               ) -> FloatArray:
    from comove.comovement.correlation import bootstrap_correlations, default_block

    keep = ~np.isnan(a) & ~np.isnan(b)
    if keep.sum() < 10:
        return np.full(resamples, np.nan)
    return bootstrap_correlations(a, b, resamples, default_block(int(keep.sum())), rng)


def chunk_metrics(spec: ScanSpec, data: ChunkInput) -> dict[str, Any]:
    """Every requested metric for the chunk's assets against the reference asset.

    Each asset's random generator is seeded from ``spec.seed`` and its name, so its
    intervals are the same whoever computes it, in whatever chunk or order.
    """
    prices, against = data.prices, data.against
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.diff(np.log(prices), axis=0)
        ra = np.diff(np.log(against))
    out: dict[str, Any] = {"symbol": list(data.names)}
    k = prices.shape[1]
    if "corr" in spec.metrics:
        full, n = _pearson_columns(ra, r)
        out["corr_full"], out["n_full"] = full, n
        recent = rolling_corr(ra, r, spec.window, int(spec.window * 0.8))
        out["corr_recent"] = _at_last_row(recent, r)
        if spec.periods is not None:
            (a0, a1), (b0, b1) = spec.periods
            first, _ = _pearson_columns(ra[a0:a1], r[a0:a1])
            second, _ = _pearson_columns(ra[b0:b1], r[b0:b1])
            out["corr_period1"], out["corr_period2"] = first, second
            out["corr_change"] = second - first
            lo, hi = np.full(k, np.nan), np.full(k, np.nan)
            for j in range(k):
                rng = np.random.default_rng(
                    np.random.SeedSequence([spec.seed, _stable([data.names[j]])]))
                d = (_boot_corr(ra[b0:b1], r[b0:b1, j], spec.resamples, rng)
                     - _boot_corr(ra[a0:a1], r[a0:a1, j], spec.resamples, rng))
                if np.isfinite(d).any():
                    lo[j], hi[j] = np.nanquantile(d, [0.025, 0.975])
            out["change_ci_low"], out["change_ci_high"] = lo, hi
    if "beta" in spec.metrics:
        beta = rolling_beta(ra, r, len(ra), 30)  # one window spanning everything
        out["beta_full"] = beta[-1] if len(beta) else np.full(k, np.nan)
        recent_beta = rolling_beta(ra, r, spec.window, int(spec.window * 0.8))
        out["beta_recent"] = _at_last_row(recent_beta, r)
    if "drawdown" in spec.metrics or "records" in spec.metrics or "sync" in spec.metrics:
        dd = np.full(k, np.nan)
        records_recent = np.zeros(k, dtype=np.int64)
        at_record = np.zeros(k, dtype=bool)
        sync = np.full(k, np.nan)
        for j in range(k):
            col = prices[:, j]
            present = ~np.isnan(col)
            if present.sum() < 2:
                continue
            values = col[present]
            days = data.day_numbers[present]
            mask = record_mask(values)
            dd[j] = drawdown(values)[-1]
            recent = days >= days[-1] - 365
            records_recent[j] = int((mask & recent).sum())
            at_record[j] = bool(mask[-1])
            record_days = days[mask]
            if len(record_days) and len(data.against_record_days):
                pos = np.searchsorted(data.against_record_days, record_days)
                before = data.against_record_days[np.clip(pos - 1, 0, None)]
                after = data.against_record_days[np.clip(pos, None,
                                                         len(data.against_record_days) - 1)]
                gap = np.minimum(np.abs(record_days - before), np.abs(after - record_days))
                sync[j] = float((gap <= spec.sync_days).mean())
        if "drawdown" in spec.metrics:
            out["drawdown"] = dd
        if "records" in spec.metrics:
            out["records_1y"] = records_recent
            out["at_record"] = at_record
        if "sync" in spec.metrics:
            out["sync_share"] = sync
    return out


def _at_last_row(values: FloatArray, returns: FloatArray) -> FloatArray:
    """Each column's value on its own last row with a return (assets end on different days)."""
    out = np.full(values.shape[1], np.nan)
    for j in range(values.shape[1]):
        rows = np.flatnonzero(~np.isnan(returns[:, j]))
        if len(rows):
            out[j] = values[rows[-1], j]
    return out


def _stable(names: list[str]) -> int:
    """A seed from the chunk's names that does not change between processes (unlike hash)."""
    import zlib

    return zlib.crc32(",".join(names).encode())
