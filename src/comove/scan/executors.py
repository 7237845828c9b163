"""Running chunk tasks in this process or on Dask, streaming: chunks are made only when
there is room for them, and results are handed back as they finish.

On one local thread one chunk exists at a time; on several threads, or on Dask, at most
``in_flight`` chunks are made and not yet collected, so memory is bounded by the chunk size
times ``in_flight``. Every chunk is a pure function of its arrays (each asset's random
draws are seeded by its name), so the numbers do not depend on where or in what order the
chunks run. One client (and, without a scheduler address, one local cluster) serves the
whole scan. A local cluster's workers are forked from a warmed fork server
(:mod:`comove.scan.warm`) and ended at once when the scan is done.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from itertools import islice
from typing import TYPE_CHECKING, Any

from comove.errors import UsageError
from comove.scan.metrics import ChunkInput, ScanSpec, chunk_metrics

if TYPE_CHECKING:
    from distributed import Client

    from comove.scan.options import ScanOptions

Tables = list[dict[str, Any]]


def require_dask() -> None:
    """Fail in one line, naming the install command, when Dask is not installed.

    Only looks the packages up: importing distributed takes about 0.9 s of CPU, which
    :func:`dask_in_background` spends on its own thread while this one reads the store.
    """
    from importlib.util import find_spec

    for name in ("dask", "distributed"):
        try:
            found = find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise UsageError("executor 'dask' needs the optional Dask packages",
                             "install them: pip install 'comove[dask]'", param="executor")


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
             get_client: Callable[[], Client]) -> Iterator[tuple[int, Tables]]:
    """Each chunk's tables from Dask workers, in the order they finish.

    The first chunks are read before asking for the client, so that reading overlaps the
    start of a local cluster (see :func:`dask_in_background`).
    """
    from distributed import as_completed

    source = iter(chunks)
    early = deque(islice(source, options.in_flight or 2 * options.workers))

    def in_order() -> Iterator[ChunkInput]:
        while early:
            yield early.popleft()
        yield from source

    client = get_client()
    limit = options.in_flight or 2 * max(1, sum(client.nthreads().values()))
    pending = as_completed()
    index: dict[Any, int] = {}
    for chunk in in_order():
        future = client.submit(chunk_metrics, spec, chunk, pure=False)
        index[future.key] = chunk.chunk_index
        pending.add(future)
        del chunk  # the future holds it until a worker has it
        if pending.count() >= limit:
            done = next(pending)
            yield index.pop(done.key), done.result()
    for done in pending:
        yield index.pop(done.key), done.result()


@contextmanager
def dask_in_background(options: ScanOptions) -> Iterator[Callable[[], Client]]:
    """Start the Dask client (and local cluster) on a thread; the block gets a function that
    waits for it, and can read data meanwhile. The client is closed at the end."""
    from concurrent.futures import ThreadPoolExecutor

    from comove.scan.warm import start_fork_server

    require_dask()
    if not options.scheduler:
        _refuse_inside_a_worker_import()

    def start() -> tuple[AbstractContextManager[Client], Client]:
        if not options.scheduler:  # its preload runs while distributed is imported here
            start_fork_server(warm=options.bootstraps)
        manager = dask_client(options)
        return manager, manager.__enter__()

    pool = ThreadPoolExecutor(1, thread_name_prefix="comove-dask-start")
    started = pool.submit(start)
    pool.shutdown(wait=False)
    failed = False
    try:
        yield lambda: started.result()[1]
    except BaseException:
        failed = True
        raise
    finally:
        try:
            manager, _ = started.result()
        except Exception:
            if not failed:  # the block never asked for the client: report why it failed
                raise
        else:
            manager.__exit__(None, None, None)


@contextmanager
def dask_client(options: ScanOptions) -> Iterator[Client]:
    """A client of the cluster at ``options.scheduler``, or of a new local cluster of
    ``options.workers`` single-threaded processes (closed at the end of the block)."""
    require_dask()
    import dask
    from distributed import Client, LocalCluster

    from comove.scan.allocator import worker_environment
    from comove.scan.warm import forked_workers

    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="10s")
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}",
                             "check the address (tcp://HOST:8786) and that it is running",
                             param="scheduler") from exc
        try:
            yield client
        finally:
            client.close()
        return
    # No dashboard, so no statistical profile of the tasks (a thread sampling every 10 ms).
    with worker_environment(), forked_workers(), dask.config.set(
            {"distributed.worker.profile.enabled": False}):
        try:
            cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
        except RuntimeError as exc:
            if "failed to start" not in str(exc):
                raise
            raise UsageError(f"the local Dask cluster's workers failed to start ({exc})",
                             SCRIPT_GUARD) from exc
    try:
        client = Client(cluster)  # not "with": that binds the client to this thread's context
        try:
            yield client
        finally:
            client.close()
    finally:
        with _quiet_comms():
            _stop_workers(cluster)
            cluster.close()


#: The fix when a script starts a local cluster at its top level: each worker process
#: imports the main script, which would start a cluster again.
SCRIPT_GUARD = ("if comove runs from a script, put the code that scans under "
                "if __name__ == '__main__':")


def _refuse_inside_a_worker_import() -> None:
    """A one-line error, instead of multiprocessing's page, in a worker process that is
    importing a script which starts a scan at its top level."""
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise UsageError("a Dask scan was started while a worker process imported the main "
                         "script", SCRIPT_GUARD)


@contextmanager
def _quiet_comms() -> Iterator[None]:
    """Hide distributed's notes that a comm to a stopped worker closed (logged, with a
    traceback, when the scheduler was still sending to it): expected, not a problem."""
    import logging

    loggers = [logging.getLogger(f"distributed.{name}")
               for name in ("batched", "comm", "core", "nanny", "scheduler", "worker")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _stop_workers(cluster: Any) -> None:
    """End the local cluster's worker processes at once (SIGKILL, by process id).

    Their results are collected and they hold nothing else, but a graceful close waits for
    each worker to shut down its comms and tear down its interpreter: 0.7 to
    1.7 s measured, a quarter of the Dask run on the S&P 500. Each nanny is first told that its
    worker is going away, so that it does not start a new one.
    """
    import signal

    kill = getattr(signal, "SIGKILL", None)
    if kill is None:  # not POSIX: leave it to the graceful close
        return
    for nanny in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(nanny, "pid", None)
        if not isinstance(pid, int) or not hasattr(nanny, "close_gracefully"):
            continue
        nanny.close_gracefully(reason="scan-finished")
        with suppress(OSError):  # already gone
            os.kill(pid, kill)
