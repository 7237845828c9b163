"""Running chunk tasks in this process or on Dask, streaming: chunks are made only when
there is room for them, and results are handed back as they finish.

On one local thread one chunk exists at a time; on several threads, or on Dask, at most
``in_flight`` chunks are made and not yet collected, so memory is bounded by the chunk size
times ``in_flight``. Every chunk is a pure function of its arrays (each asset's random
draws are seeded by its name), so the numbers do not depend on where or in what order the
chunks run. One client (and, without a scheduler address, one local cluster) serves the
whole scan, from a process of its own (:mod:`comove.scan.dask_driver`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from comove.scan.metrics import ChunkInput, ScanSpec, chunk_metrics

if TYPE_CHECKING:
    from comove.scan.dask_driver import DaskDriver
    from comove.scan.options import ScanOptions

Tables = list[dict[str, Any]]


def run_local(spec: ScanSpec, chunks: Iterable[ChunkInput], threads: int = 1,
              in_flight: int | None = None) -> Iterator[tuple[int, Tables]]:
    """Each chunk's tables, computed in this process: in order on this thread, or on
    ``threads`` threads as they finish (NumPy releases the GIL in its array work), with at
    most ``in_flight`` chunks (default: two per thread) made and not yet collected."""
    from comove.scan.allocator import release, tune_this_process

    tune_this_process()
    try:
        if threads <= 1:
            for chunk in chunks:
                yield chunk.chunk_index, chunk_metrics(spec, chunk)
        else:
            yield from _run_threads(spec, chunks, threads, in_flight or 2 * threads)
    finally:
        release()


def _run_threads(spec: ScanSpec, chunks: Iterable[ChunkInput], threads: int, limit: int
                 ) -> Iterator[tuple[int, Tables]]:
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(threads, thread_name_prefix="comove-scan")
    pending: dict[Future[Tables], int] = {}
    try:
        for chunk in chunks:
            pending[pool.submit(chunk_metrics, spec, chunk)] = chunk.chunk_index
            del chunk
            while len(pending) >= limit:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_dask(spec: ScanSpec, chunks: Iterable[ChunkInput], options: ScanOptions,
             driver: DaskDriver) -> Iterator[tuple[int, Tables]]:
    """Each chunk's tables from a Dask cluster, through ``driver``, in the order they finish.

    The first chunks are read before waiting for the cluster, so that reading overlaps its
    start (see :mod:`comove.scan.dask_driver`).
    """
    source = iter(chunks)
    early = deque(islice(source, options.in_flight or 2 * options.workers))

    def in_order() -> Iterator[ChunkInput]:
        while early:
            yield early.popleft()
        yield from source

    limit = options.in_flight or 2 * max(1, driver.ready())
    submitted = 0
    for chunk in in_order():
        driver.submit(spec, chunk)
        submitted += 1
        del chunk  # sent: the driver holds it until a worker has it
        if submitted >= limit:
            yield driver.next_result()
            submitted -= 1
    for _ in range(submitted):
        yield driver.next_result()
