"""Per-asset metrics of a universe scan, for one chunk of assets (pure: arrays in, arrays out).

A chunk task gets plain numpy arrays, not a store, so that the same function runs in this
process or on a Dask worker on another machine, and gives the same numbers. One chunk holds
the assets' closes once and every reference asset (``against``), so several references cost
one read of the chunk. Nothing here imports pandas: a Dask worker imports only numpy.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from comove.kernels.correlation_t import (
    StudentizedDraws,
    block_length,
    studentized_correlations,
    t_difference,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
METRICS = ("corr", "beta", "records", "drawdown", "sync")


@dataclass(frozen=True)
class ScanSpec:
    """What to compute; the same for every chunk."""

    metrics: tuple[str, ...]
    window: int = 252
    periods: tuple[tuple[int, int], tuple[int, int]] | None = None  # return-row ranges
    sync_days: int = 5
    resamples: int = 1000
    seed: int = 0


@dataclass(frozen=True)
class Reference:
    """A reference asset on the scan's grid."""

    name: str
    closes: FloatArray  # (T,): its close on each grid date
    record_days: IntArray  # its own record days (whole stored history), as day numbers


@dataclass
class ChunkInput:
    """One chunk's data on the common grid (rows = dates, columns = assets)."""

    names: list[str]
    day_numbers: IntArray  # the grid's dates as days since 1970-01-01
    prices: FloatArray  # (T, k)
    references: tuple[Reference, ...]
    chunk_index: int


def chunk_metrics(spec: ScanSpec, data: ChunkInput) -> list[dict[str, Any]]:
    """Every requested metric for the chunk's assets, one table (dict of columns) per
    reference asset, in the order of ``data.references``.

    A reference is left out of its own table. Each asset's random generator is seeded from
    ``spec.seed`` and its name, so its intervals are the same whoever computes it, in
    whatever chunk or order, against whichever reference.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        returns = np.diff(np.log(data.prices), axis=0)
    own = _asset_metrics(spec, data) if _wants_own(spec) else {}
    tables = []
    for ref in data.references:
        cols = np.array([name != ref.name for name in data.names], dtype=bool)
        names = [n for n, c in zip(data.names, cols, strict=True) if c]
        out: dict[str, Any] = {"symbol": names}
        with np.errstate(divide="ignore", invalid="ignore"):
            ra = np.diff(np.log(ref.closes))
        r = returns[:, cols]
        if "corr" in spec.metrics:
            out.update(_correlations(spec, ra, r, names))
        if "beta" in spec.metrics:
            out.update(_betas(spec, ra, r))
        if "drawdown" in spec.metrics:
            out["drawdown"] = own["drawdown"][cols]
        if "records" in spec.metrics:
            out["records_1y"] = own["records_1y"][cols]
            out["at_record"] = own["at_record"][cols]
        if "sync" in spec.metrics:
            out["sync_share"] = _sync(spec, own["record_days"], ref.record_days)[cols]
        tables.append(out)
    return tables


def _wants_own(spec: ScanSpec) -> bool:
    return bool({"drawdown", "records", "sync"} & set(spec.metrics))


def _last_rows(returns: FloatArray) -> IntArray:
    """Each column's last row with a return (-1 if none): assets end on different days."""
    present = ~np.isnan(returns)
    last = len(returns) - 1 - np.argmax(present[::-1], axis=0)
    return np.where(present.any(axis=0), last, -1).astype(np.int64)


def _recent_bounds(spec: ScanSpec, r: FloatArray) -> tuple[IntArray, IntArray]:
    """Row range of each column's recent window: ``window`` rows up to its last return."""
    last = _last_rows(r)
    return np.maximum(last - spec.window + 1, 0), last + 1


def _correlations(spec: ScanSpec, ra: FloatArray, r: FloatArray, names: list[str]
                  ) -> dict[str, Any]:
    from comove.comovement.rolling import default_min_periods
    from comove.kernels.columns import pearson_columns

    out: dict[str, Any] = {}
    out["corr_full"], out["n_full"] = pearson_columns(ra, r)
    first, last = _recent_bounds(spec, r)
    out["corr_recent"], _ = pearson_columns(ra, r, first, last,
                                            min_count=default_min_periods(spec.window))
    if spec.periods is None:
        return out
    (a0, a1), (b0, b1) = spec.periods
    before, _ = pearson_columns(ra, r, a0, a1)
    after, _ = pearson_columns(ra, r, b0, b1)
    out["corr_period1"], out["corr_period2"] = before, after
    out["corr_change"] = after - before
    k = r.shape[1]
    lo, hi = np.full(k, np.nan), np.full(k, np.nan)
    for j in range(k):
        rng = np.random.default_rng(np.random.SeedSequence([spec.seed, _stable(names[j])]))
        # The second period is drawn first: the order fixes which draws each period gets.
        later = _draws(ra[b0:b1], r[b0:b1, j], spec.resamples, rng)
        earlier = _draws(ra[a0:a1], r[a0:a1, j], spec.resamples, rng)
        if later is not None and earlier is not None:
            _, lo[j], hi[j], _ = t_difference(earlier, later)
    out["change_ci_low"], out["change_ci_high"] = lo, hi
    return out


def _draws(a: FloatArray, b: FloatArray, resamples: int, rng: np.random.Generator
           ) -> StudentizedDraws | None:
    """The studentised block-bootstrap draws of a period's correlation (as ``comove corr``
    --periods draws them), or None with fewer than 10 pairs."""
    n = int((~np.isnan(a) & ~np.isnan(b)).sum())
    if n < 10:
        return None
    return studentized_correlations(a, b, resamples, block_length(n), rng)


def _betas(spec: ScanSpec, ra: FloatArray, r: FloatArray) -> dict[str, Any]:
    from comove.comovement.rolling import default_min_periods
    from comove.kernels.columns import beta_columns

    full, _ = beta_columns(ra, r, min_count=30)
    first, last = _recent_bounds(spec, r)
    recent, _ = beta_columns(ra, r, first, last, min_count=default_min_periods(spec.window))
    return {"beta_full": full, "beta_recent": recent}


def _asset_metrics(spec: ScanSpec, data: ChunkInput) -> dict[str, Any]:
    """Drawdown, records and record days of each asset (the same against any reference)."""
    from comove.kernels.records import drawdown, record_mask

    k = data.prices.shape[1]
    dd = np.full(k, np.nan)
    records_recent = np.zeros(k, dtype=np.int64)
    at_record = np.zeros(k, dtype=bool)
    record_days: list[IntArray | None] = [None] * k
    for j in range(k):
        col = data.prices[:, j]
        present = ~np.isnan(col)
        if present.sum() < 2:
            continue
        values, days = col[present], data.day_numbers[present]
        mask = record_mask(values)
        dd[j] = drawdown(values)[-1]
        records_recent[j] = int((mask & (days >= days[-1] - 365)).sum())
        at_record[j] = bool(mask[-1])
        record_days[j] = days[mask]
    return {"drawdown": dd, "records_1y": records_recent, "at_record": at_record,
            "record_days": record_days}


def _sync(spec: ScanSpec, record_days: list[IntArray | None], reference_days: IntArray
          ) -> FloatArray:
    """Share of each asset's records with a reference record within ``sync_days`` days
    (NaN for an asset without records, or a reference without any)."""
    from comove.kernels.records import share_within

    out = np.full(len(record_days), np.nan)
    if not len(reference_days):
        return out
    for j, days in enumerate(record_days):
        if days is not None and len(days):
            out[j] = share_within(days, reference_days, spec.sync_days)
    return out


def _stable(name: str) -> int:
    """A seed from an asset's name that does not change between processes (unlike hash)."""
    return zlib.crc32(name.encode())
