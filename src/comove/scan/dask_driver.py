"""A Dask scan's client, in a process of its own: the driver.

Importing distributed and starting a cluster would cost the calling process about 0.3 s of
CPU, on the same interpreter lock as the store reads, and the client's event loop more while
chunks run. The driver is forked from the warmed fork server of :mod:`comove.scan.warm`
(distributed imported, the metrics run once), so it starts in milliseconds; without a
scheduler address it starts a local cluster whose workers are forked from it in turn, warm.
The calling process never imports Dask: it sends chunks down a pipe and reads each chunk's
tables back, in the order they finish. A local cluster's workers are ended at once when the
scan is done.

Where there is no fork server (not POSIX) the driver is spawned, and imports what it needs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from comove.errors import ComoveError, UsageError
from comove.scan.executors import SCRIPT_GUARD, Tables, refuse_inside_a_worker_import
from comove.scan.metrics import ChunkInput, ScanSpec

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from distributed import Client

    from comove.scan.options import ScanOptions

#: Seconds to wait for the driver to end after it is told to (a remote client closes).
CLOSE_TIMEOUT = 30.0


class DaskDriver:
    """The calling process's end of a driver: chunks in, each chunk's tables out.

    Parameters
    ----------
    options
        The scan's options (``scheduler``, ``workers``).
    """

    def __init__(self, options: ScanOptions) -> None:
        self.options = options
        self.threads = 0
        self.worker_pids: list[int] = []
        self.process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._launcher: threading.Thread | None = None
        self._launch_error: BaseException | None = None
        self._ready = False

    def start(self) -> None:
        """Start the driver; the fork server forks it once its preload is done, so this
        waits for nothing (a thread hands the driver its end of the pipe)."""
        import multiprocessing

        from comove.scan.warm import start_fork_server

        forked = start_fork_server()
        context = (multiprocessing.get_context("forkserver") if forked
                   else multiprocessing.get_context("spawn"))
        ours, theirs = context.Pipe()
        self._conn = ours
        process = context.Process(target=drive, args=(theirs, self.options, forked),
                                  name="comove-dask-driver")
        self.process = process

        def launch() -> None:
            try:
                process.start()
            except BaseException as exc:  # raised where the driver is first needed
                self._launch_error = exc
            finally:
                theirs.close()

        self._launcher = threading.Thread(target=launch, name="comove-dask-start",
                                          daemon=True)
        self._launcher.start()

    def ready(self) -> int:
        """Wait for the cluster; its number of worker threads. Raises what stopped it."""
        if not self._ready:
            self._wait_launched()
            _, self.threads, self.worker_pids = self._receive(starting=True)
            self._ready = True
        return self.threads

    def submit(self, spec: ScanSpec, chunk: ChunkInput) -> None:
        """Send one chunk to run on the cluster."""
        self._connection().send(("chunk", spec, chunk))

    def next_result(self) -> tuple[int, Tables]:
        """The index and tables of the next chunk to finish (of those submitted)."""
        self._connection().send(("next",))
        _, index, tables = self._receive()
        return index, tables

    def run_on_workers(self, function: Callable[[], Any]) -> dict[str, Any]:
        """``function()`` on every worker, by worker address (``Client.run``)."""
        self.ready()
        self._connection().send(("run", function))
        return self._receive()[1]  # type: ignore[no-any-return]

    def close(self) -> None:
        """Tell the driver to stop (a local cluster's workers end at once) and wait for it;
        end its workers here too if it did not exit cleanly."""
        self._wait_launched(raising=False)
        process, conn = self.process, self._conn
        if process is None or conn is None or self._launch_error is not None:
            return
        with suppress(OSError, ValueError):  # it may have gone already
            conn.send(("stop",))
        self._drain(conn)
        process.join(CLOSE_TIMEOUT)
        if process.exitcode is None:
            process.kill()
            process.join()
        if process.exitcode != 0:
            _kill(self.worker_pids)
        conn.close()

    def _drain(self, conn: Connection) -> None:
        """Read what the driver still says until it ends: a result nobody will collect, or
        a late "ready" that names the workers."""
        from time import monotonic

        deadline = monotonic() + CLOSE_TIMEOUT
        with suppress(EOFError, OSError):
            while conn.poll(max(0.0, deadline - monotonic())):
                message = conn.recv()
                if message[0] == "ready" and not self._ready:
                    _, self.threads, self.worker_pids = message

    def __enter__(self) -> DaskDriver:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_launched(self, raising: bool = True) -> None:
        if self._launcher is not None:
            self._launcher.join()
        if raising and self._launch_error is not None:
            raise self._launch_error

    def _connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("the Dask driver was not started")
        return self._conn

    def _receive(self, starting: bool = False) -> tuple[Any, ...]:
        try:
            message: tuple[Any, ...] = self._connection().recv()
        except (EOFError, OSError):
            raise self._ended(starting) from None
        if message[0] == "error":
            raise message[1]
        return message

    def _ended(self, starting: bool) -> Exception:
        """Why the driver's end of the pipe closed without a word."""
        code = None
        if self.process is not None:
            self.process.join(5)
            code = self.process.exitcode
        if code is not None and code < 0:
            return ComoveError(f"the Dask scan's driver process was killed (signal {-code})",
                               "if memory ran out, lower --workers or --chunk-size")
        if starting:
            return UsageError("the Dask scan's driver process ended before its cluster "
                              f"started (exit code {code})", SCRIPT_GUARD)
        return RuntimeError(f"the Dask scan's driver process ended (exit code {code})")


@contextmanager
def dask_driver(options: ScanOptions) -> Iterator[DaskDriver]:
    """A started :class:`DaskDriver`, stopped at the end of the block; the block can read
    data while the driver and its cluster start."""
    from comove.scan.executors import require_dask

    require_dask()
    if not options.scheduler:
        refuse_inside_a_worker_import()
    with DaskDriver(options) as driver:
        yield driver


def drive(conn: Connection, options: ScanOptions, forked: bool) -> None:
    """The driver process: start the client, then do what the calling process asks until
    it says stop or goes away.

    ``forked``: the driver came from comove's fork server, so a local cluster's workers are
    forked from it (it is warm and has no threads yet); otherwise distributed spawns them.
    """
    import dask

    method = {"distributed.worker.multiprocessing-method": "fork"} if forked else {}
    try:
        with dask.config.set(method), dask_client(options) as (client, pids):
            conn.send(("ready", sum(client.nthreads().values()), pids))
            _serve(conn, client)
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the calling process has gone: nobody to report to
    except BaseException as exc:
        with suppress(Exception):
            conn.send(("error", _portable(exc)))


def _serve(conn: Connection, client: Client) -> None:
    from distributed import as_completed

    from comove.scan.metrics import chunk_metrics

    pending = as_completed()
    index: dict[Any, int] = {}
    while True:
        message = conn.recv()
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
            conn.send(reply)
        elif message[0] == "run":
            conn.send(("ran", client.run(message[1])))
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
            _kill([pid])


def _kill(pids: list[int]) -> None:
    """SIGKILL each process (POSIX; elsewhere the graceful close ends them)."""
    import signal

    kill = getattr(signal, "SIGKILL", None)
    if kill is None:
        return
    for pid in pids:
        with suppress(OSError):  # already gone
            os.kill(pid, kill)
