"""From a data source to chunk inputs: the scan's date grid, its reference assets, and
the assets' closes read one chunk at a time (lazily, so memory stays bounded by the chunk
size whatever the universe size)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from comove.errors import EmptyRangeError, UsageError
from comove.scan.metrics import ChunkInput, IntArray, Reference

if TYPE_CHECKING:
    import pandas as pd

    from comove.data.source import DataSource

MIN_DAYS = 30


@dataclass(frozen=True)
class ScanPlan:
    """Everything a scan needs before reading the assets themselves."""

    names: list[str]  # the assets, in the universe's order (references may be among them)
    grid: pd.DatetimeIndex  # the universe's trading days in the range
    day_numbers: IntArray
    references: tuple[Reference, ...]
    periods: tuple[tuple[int, int], tuple[int, int]] | None

    def chunk_count(self, chunk_size: int) -> int:
        return max(1, -(-len(self.names) // chunk_size))


def plan_scan(source: DataSource, names: list[str], references: Sequence[str],
              start: date | None, end: date | None,
              periods: Sequence[tuple[date, date]] | None) -> ScanPlan:
    """The grid (equity calendar: every date on which an asset of the universe has a close)
    and each reference's close on it, with the reference's own record days."""
    from comove.kernels.records import day_numbers

    assets = [n for n in names if n not in set(references)]
    if not assets:
        raise UsageError("the universe holds nothing but the reference asset(s)",
                         "add other symbols to the universe", param="universe")
    grid = source.trading_days(assets, start, end)
    if len(grid) < MIN_DAYS:
        raise EmptyRangeError(f"fewer than {MIN_DAYS} trading days in the scan range",
                              "widen it")
    days = day_numbers(grid.values)
    refs = tuple(_reference(source, name, grid, end) for name in references)
    return ScanPlan(list(names), grid, days, refs, period_rows(days, periods))


def _reference(source: DataSource, name: str, grid: pd.DatetimeIndex, end: date | None
               ) -> Reference:
    from comove.data.source import read_bars
    from comove.kernels.records import day_numbers, record_mask

    _, bars = read_bars(source, name, end)  # the whole history: records need it
    closes = bars["close"].dropna()
    if closes.empty:
        raise EmptyRangeError(f"nothing stored for {name}", f"import or fetch {name}")
    record_days = closes.index[record_mask(closes.to_numpy(dtype=float))]
    # The reference as of each grid date: its close on that day (crypto trades every day).
    return Reference(name, closes.reindex(grid).to_numpy(dtype=float),
                     day_numbers(record_days.values))


def period_rows(grid_days: IntArray, periods: Sequence[tuple[date, date]] | None
                ) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Row ranges of the two periods on the grid's return rows (one shorter than the grid)."""
    if not periods:
        return None
    out = []
    for first, last in periods:
        a = int(np.searchsorted(grid_days, np.datetime64(first, "D").astype(np.int64)))
        b = int(np.searchsorted(grid_days, np.datetime64(last, "D").astype(np.int64),
                                side="right"))
        out.append((max(a - 1, 0), max(b - 1, 0)))
    return out[0], out[1]


def read_chunks(source: DataSource, plan: ScanPlan, chunk_size: int, start: date | None,
                end: date | None) -> Iterator[ChunkInput]:
    """The chunks of the universe, each read from the source only when it is asked for."""
    for index, first in enumerate(range(0, len(plan.names), chunk_size)):
        names = plan.names[first: first + chunk_size]
        wide = source.read_many(names, "close", start, end)
        prices = wide.reindex(index=plan.grid, columns=names).to_numpy(dtype=float)
        yield ChunkInput(names, plan.day_numbers, prices, plan.references, index)
