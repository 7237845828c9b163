"""Running a universe scan in chunks, here or on a Dask cluster, with identical results.

The store is read one chunk of assets at a time (memory stays bounded by the chunk size,
whatever the universe size); each chunk becomes plain arrays that
:func:`comove.scan.metrics.chunk_metrics` turns into metrics, in this process
(``executor="local"``) or on Dask workers (``executor="dask"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from comove.errors import EmptyRangeError, UsageError
from comove.scan.metrics import METRICS, ChunkInput, ScanSpec, chunk_metrics

if TYPE_CHECKING:
    import pandas as pd

    from comove.store import Store


@dataclass
class ScanOptions:
    against: str = "BTC"
    metrics: tuple[str, ...] = METRICS
    window: int = 252
    periods: list[tuple[date, date]] | None = None
    start: date | None = None
    end: date | None = None
    chunk_size: int = 50
    executor: str = "local"
    scheduler: str | None = None
    workers: int = 2
    resamples: int = 1000
    seed: int = 0


def resolve_universe(store: Store, text: str) -> tuple[list[str], list[str]]:
    """Symbols from a file (one per line, or a CSV with a Symbol column), ``class:NAME`` for
    every stored symbol of an asset class, or a comma-separated list.

    Returns the stored symbols and the names that are not stored (tickers are matched as
    written, with ``.`` as ``-``, and as ``NAME_STOCK`` for those renamed on import)."""
    path = Path(text)
    if path.exists():
        if path.suffix.lower() == ".csv":
            import pandas as pd

            frame = pd.read_csv(path)
            column = next((c for c in frame.columns if c.lower() in ("symbol", "ticker")), None)
            if column is None:
                raise UsageError(f"{path.name} has no Symbol column",
                                 "use a CSV with a Symbol column, or one symbol per line")
            names = [str(s) for s in frame[column].dropna()]
        else:
            names = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
        names = [n for n in names if n]
    elif text.startswith("class:"):
        wanted = text.split(":", 1)[1]
        names = sorted(s for s, sym in store.symbols().items()
                       if sym.asset_class.value == wanted)
    else:
        names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise UsageError(f"the universe '{text}' is empty", "name symbols, a file or class:stock")
    stored = set(store.last_dates())
    known, missing = [], []
    for name in names:
        candidate = name.upper().replace(".", "-")
        for option in (f"{candidate}_STOCK", name.upper(), candidate):
            if option in stored:
                known.append(option)
                break
        else:
            missing.append(name)
    if not known:
        raise EmptyRangeError(f"none of the {len(names)} universe symbols is stored",
                              "import them first (e.g. the universe matrix)")
    return list(dict.fromkeys(known)), missing


def _grid(store: Store, symbols: list[str], start: date | None, end: date | None
          ) -> pd.DatetimeIndex:
    import pandas as pd

    with store.reading() as con:
        days = con.execute(
            "SELECT DISTINCT date FROM observations WHERE symbol IN (SELECT unnest(?)) "
            "AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?) ORDER BY date",
            [symbols, start, start, end, end]).df()["date"]
    return pd.DatetimeIndex(pd.to_datetime(days))


def _chunks(store: Store, universe: list[str], options: ScanOptions) -> Iterator[ChunkInput]:

    from comove.kernels.records import record_mask

    grid = _grid(store, universe, options.start, options.end)
    if len(grid) < 30:
        raise EmptyRangeError("fewer than 30 trading days in the scan range", "widen it")
    against_all = store.read(options.against, end=options.end)["close"].dropna()
    if against_all.empty:
        raise EmptyRangeError(f"nothing stored for {options.against}",
                              f"import or fetch {options.against}")
    # The reference asset as of each grid date (its close on that day; crypto trades daily).
    against = against_all.reindex(grid).to_numpy(dtype=float)
    record_days = against_all.index[record_mask(against_all.to_numpy(dtype=float))]
    record_numbers = (record_days.values.astype("datetime64[D]").astype(np.int64))
    day_numbers = grid.values.astype("datetime64[D]").astype(np.int64)
    for index, start in enumerate(range(0, len(universe), options.chunk_size)):
        names = universe[start: start + options.chunk_size]
        wide = store.read_many(names, "close", options.start, options.end)
        prices = wide.reindex(grid).to_numpy(dtype=float)
        yield ChunkInput(names, day_numbers, prices, against, record_numbers, index)


def period_rows(grid_days: np.ndarray, periods) -> Any:  # type: ignore[no-untyped-def]
    """Row ranges of the two periods on the grid's return rows."""
    if not periods:
        return None
    if len(periods) != 2:
        raise UsageError("a scan compares exactly two --periods", "e.g. --periods "
                         "2015-01-01:2019-12-31,2020-01-01:2024-12-06")
    out = []
    for first, last in periods:
        a = int(np.searchsorted(grid_days, np.datetime64(first, "D").astype(np.int64)))
        b = int(np.searchsorted(grid_days, np.datetime64(last, "D").astype(np.int64),
                                side="right"))
        out.append((max(a - 1, 0), max(b - 1, 0)))  # return rows are one shorter
    return tuple(out)


def run_scan(
    store: Store,
    universe: list[str],
    options: ScanOptions,
    on_chunk: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Metrics for every asset of ``universe`` against ``options.against``."""
    import pandas as pd

    unknown = set(options.metrics) - set(METRICS)
    if unknown:
        raise UsageError(f"unknown metric(s) {', '.join(sorted(unknown))}",
                         f"choose from {', '.join(METRICS)}")
    against = store.resolve(options.against).symbol
    options.against = against
    universe = [s for s in universe if s != against]
    chunks = list(_chunks(store, universe, options))
    periods = period_rows(chunks[0].day_numbers, options.periods) if chunks else None
    spec = ScanSpec(tuple(options.metrics), options.window, periods, resamples=options.resamples,
                    seed=options.seed)
    if options.executor == "dask":
        results = _run_dask(spec, chunks, options, on_chunk)
    elif options.executor == "local":
        results = []
        for i, chunk in enumerate(chunks):
            results.append(chunk_metrics(spec, chunk))
            if on_chunk:
                on_chunk(i + 1, len(chunks))
    else:
        raise UsageError(f"unknown executor '{options.executor}'", "use local or dask")
    frame = pd.concat([pd.DataFrame(r) for r in results], ignore_index=True)
    frame.insert(1, "against", against)
    return frame


def _run_dask(spec: ScanSpec, chunks: list[ChunkInput], options: ScanOptions,
              on_chunk: Callable[[int, int], None] | None) -> list[dict[str, Any]]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="10s")
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}",
                             "check the address (tcp://HOST:8786) and that it is running"
                             ) from exc
    else:
        cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(chunk_metrics, spec, chunk, pure=False) for chunk in chunks]
        position = {f.key: i for i, f in enumerate(futures)}
        results: list[dict[str, Any] | None] = [None] * len(futures)
        for done, future in enumerate(as_completed(futures), start=1):
            results[position[future.key]] = future.result()
            if on_chunk:
                on_chunk(done, len(futures))
        return [r for r in results if r is not None]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
