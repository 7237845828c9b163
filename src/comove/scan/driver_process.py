"""The driver process of a Dask scan (see :mod:`comove.scan.dask_driver` for the caller's
side): it starts the Dask client, and a local cluster when there is no scheduler address,
then does what the calling process asks over the pipe (chunk, next, run, stop) until it
says stop or goes away.

A local cluster's workers are forked from the driver on Linux, where the driver came from
comove's warmed fork server: they start warm, with its glibc settings. The driver has
distributed's threads when it forks them (its event loop, process watchers); CPython 3.12
and later warn about such forks when warnings are on. Elsewhere, or when the driver was
spawned, distributed starts them its own way, with the glibc settings in their environment.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from typing import TYPE_CHECKING, Any

from comove.errors import UsageError
from comove.scan.dask_driver import SCRIPT_GUARD

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from distributed import Client

    from comove.scan.options import ScanOptions


class _CallerGoneError(Exception):
    """The calling process closed its end of the pipe: there is nobody to report to."""


def drive(conn: Connection, options: ScanOptions, forked: bool) -> None:
    """The driver process's target.

    ``forked``: the driver came from comove's fork server (warm, with the glibc settings).
    """
    import dask

    from comove.scan.allocator import worker_environment

    os.register_at_fork(after_in_child=conn.close)  # a worker must not hold the caller's pipe
    fork = forked and sys.platform.startswith("linux")
    method = {"distributed.worker.multiprocessing-method": "fork"} if fork else {}
    settings = worker_environment() if not fork and not options.scheduler else nullcontext()
    try:
        with dask.config.set(method), settings, dask_client(options) as (client, pids):
            _send(conn, ("ready", sum(client.nthreads().values()), pids))
            _serve(conn, client)
    except _CallerGoneError:
        return
    except BaseException as exc:
        with suppress(Exception):
            conn.send(("error", _portable(exc)))


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    try:
        conn.send(message)
    except (BrokenPipeError, ConnectionResetError, EOFError) as exc:
        raise _CallerGoneError from exc


def _receive(conn: Connection) -> tuple[Any, ...]:
    try:
        message: tuple[Any, ...] = conn.recv()
    except (EOFError, ConnectionResetError) as exc:
        raise _CallerGoneError from exc
    return message


def _serve(conn: Connection, client: Client) -> None:
    from distributed import as_completed

    from comove.scan.metrics import chunk_metrics

    pending = as_completed()
    index: dict[Any, int] = {}
    while True:
        message = _receive(conn)
        if message[0] == "chunk":
            _, spec, chunk = message
            future = client.submit(chunk_metrics, spec, chunk, pure=False)
            index[future.key] = chunk.chunk_index
            pending.add(future)
        elif message[0] == "next":
            done = next(pending)
            try:
                reply: tuple[Any, ...] = ("result", index.pop(done.key), done.result())
            except Exception as exc:
                reply = ("error", _portable(exc))
            _send(conn, reply)
        elif message[0] == "run":
            _send(conn, ("ran", client.run(message[1])))
        else:
            return


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it can cross the pipe, else its type and text."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


@contextmanager
def dask_client(options: ScanOptions) -> Iterator[tuple[Client, list[int]]]:
    """A client of the cluster at ``options.scheduler``, or of a new local cluster of
    ``options.workers`` single-threaded processes (ended at the end of the block), and the
    local workers' process ids."""
    import dask
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="10s")
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}",
                             "check the address (tcp://HOST:8786) and that it is running",
                             param="scheduler") from exc
        try:
            yield client, []
        finally:
            client.close()
        return
    # No dashboard, so no statistical profile of the tasks (a thread sampling every 10 ms).
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        try:
            cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
        except RuntimeError as exc:
            if "failed to start" not in str(exc):
                raise
            raise UsageError(f"the local Dask cluster's workers failed to start ({exc})",
                             SCRIPT_GUARD) from exc
    try:
        client = Client(cluster)
        try:
            pids = [nanny.pid for nanny in cluster.workers.values()
                    if isinstance(getattr(nanny, "pid", None), int)]
            yield client, pids
        finally:
            client.close()
    finally:
        with _quiet_comms():
            _stop_workers(cluster)
            cluster.close()


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
    each worker to shut down its comms and tear down its interpreter: 0.7 to 1.7 s
    measured, a quarter of the Dask run on the S&P 500. Each nanny is first told that its
    worker is going away, so that it does not start a new one.
    """
    for nanny in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(nanny, "pid", None)
        if isinstance(pid, int) and hasattr(nanny, "close_gracefully"):
            nanny.close_gracefully(reason="scan-finished")
            kill_processes([pid])


def kill_processes(pids: list[int]) -> None:
    """SIGKILL each process (POSIX; elsewhere the graceful close ends them)."""
    import signal

    kill = getattr(signal, "SIGKILL", None)
    if kill is None:
        return
    for pid in pids:
        with suppress(OSError):  # already gone
            os.kill(pid, kill)
