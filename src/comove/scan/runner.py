"""A universe scan, from a data source to its result, here or on a Dask cluster, with
identical numbers whatever the executor or chunk size.

The source is read once for the grid and the reference assets, then once per chunk of
assets (through the caller's one store connection); each chunk becomes plain arrays that
:func:`comove.scan.metrics.chunk_metrics` turns into one table per reference asset.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from comove.errors import UsageError
from comove.scan.chunks import plan_scan, read_chunks
from comove.scan.dask_driver import dask_driver
from comove.scan.executors import run_dask, run_local
from comove.scan.metrics import ScanSpec
from comove.scan.options import ScanOptions
from comove.scan.result import ScanResult
from comove.scan.universe import Universe, resolve_universe
from comove.scan.warm import warming

if TYPE_CHECKING:
    import pandas as pd

    from comove.data.source import DataSource

__all__ = ["ScanOptions", "ScanResult", "resolve_universe", "run_scan", "scan"]


def scan(source: DataSource, universe: Universe, options: ScanOptions | None = None
         ) -> ScanResult:
    """Metrics of every asset of ``universe`` against each reference in ``options.against``.

    Parameters
    ----------
    source
        Where to read (the store, or its as-of view); read through the caller's session.
    universe
        A file (symbols one per line, or a CSV with a Symbol column), ``class:NAME``,
        comma-separated names, or a list of names.
    options
        What to compute and how to run it (:class:`ScanOptions`).

    Returns
    -------
    ScanResult
        The rows, ordered by ``options.sort``, with the universe names that are not stored.
    """
    options = (options or ScanOptions()).checked()
    if options.sort not in options.columns():
        raise UsageError(f"sort='{options.sort}' is not a column of the scan",
                         f"columns: {', '.join(options.columns())}", param="sort")
    background = dask_driver(options) if options.executor == "dask" else nullcontext(None)
    with background as driver:  # a Dask cluster starts while the data are read
        names, missing = resolve_universe(source, universe)
        references = tuple(source.resolve(a).symbol for a in options.against)
        # Here, the kernels warm while the grid and the first chunks are read (once the names
        # are known good: an error need not wait for it).
        warm = driver is None and options.bootstraps
        with warming() if warm else nullcontext():
            plan = plan_scan(source, names, references, options.start, options.end,
                             options.periods)  # type: ignore[arg-type]
            spec = ScanSpec(tuple(options.metrics), options.window, plan.periods,
                            options.sync_days, options.resamples, options.seed)
            chunks = read_chunks(source, plan, options.chunk_size, options.start,
                                 options.end)
            results = (run_dask(spec, chunks, options, driver) if driver is not None
                       else run_local(spec, chunks, options.workers, options.in_flight))
            tables = _collect(results, plan.chunk_count(options.chunk_size))
    rows = _rows(tables, references, options)
    return ScanResult(rows, tuple(options.against), missing, options.sort, options.top,
                      options.executor)


def _collect(results: Iterator[tuple[int, list[dict[str, Any]]]], total: int
             ) -> dict[int, list[dict[str, Any]]]:
    from comove.progress import progress

    return dict(progress(results, total=total, desc="scanning"))


def _rows(tables: dict[int, list[dict[str, Any]]], references: tuple[str, ...],
          options: ScanOptions) -> pd.DataFrame:
    """One frame: each reference's rows in the universe's order, then sorted."""
    import pandas as pd

    frames = []
    for i, name in enumerate(references):
        for index in sorted(tables):
            frame = pd.DataFrame(tables[index][i])
            frame.insert(1, "against", name)
            frames.append(frame)
    rows = pd.concat(frames, ignore_index=True)
    rows = rows.sort_values(options.sort, ascending=False, na_position="last")
    return rows.reset_index(drop=True)


def run_scan(source: DataSource, universe: list[str], options: ScanOptions) -> pd.DataFrame:
    """The rows of :func:`scan` as a frame (kept for callers of the first scan API)."""
    return scan(source, universe, options).to_frame()
