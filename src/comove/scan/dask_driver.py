"""A Dask scan's client, in a process of its own: the driver (this module is the calling
process's side; :mod:`comove.scan.driver_process` is the driver's).

Importing distributed and starting a cluster would cost the calling process about 0.3 s of
CPU, on the same interpreter lock as the store reads, and the client's event loop more while
chunks run. The driver is forked from the warmed fork server of :mod:`comove.scan.warm`
(distributed imported, the metrics run once), so it starts in milliseconds; without a
scheduler address it starts a local cluster. The calling process never imports Dask: it
sends chunks down a pipe and reads each chunk's tables back, in the order they finish. A
local cluster's workers are ended at once when the scan is done.

Where there is no fork server of comove's (not POSIX, or the user started one first) the
driver is spawned, and imports what it needs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from comove.errors import ComoveError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from comove.scan.executors import Tables
    from comove.scan.metrics import ChunkInput, ScanSpec
    from comove.scan.options import ScanOptions

#: Seconds to wait for the driver to end after it is told to (a remote client closes).
CLOSE_TIMEOUT = 30.0
#: What to do when the fork server could not start the driver.
SERVER_FIX = ("its error is printed above; check the Dask configuration files in "
              "DASK_CONFIG or ~/.config/dask, and that pip install 'comove[dask]' succeeded")


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
        self._closed = False
        self._mid_message = False  # a transfer was interrupted: the stream is not to be trusted

    def start(self) -> None:
        """Start the driver; the fork server forks it once its preload is done, so this
        waits for nothing (a thread hands the driver its end of the pipe)."""
        import multiprocessing

        from comove.scan.driver_process import drive
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
            except (EOFError, OSError) as exc:  # the fork server died: its traceback shows
                self._launch_error = ComoveError(
                    "the Dask fork server stopped before it started the scan's driver",
                    SERVER_FIX)
                self._launch_error.__cause__ = exc
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
            _, self.threads, self.worker_pids = self._receive()
            self._ready = True
        return self.threads

    def submit(self, spec: ScanSpec, chunk: ChunkInput) -> None:
        """Send one chunk to run on the cluster."""
        self._send(("chunk", spec, chunk))

    def next_result(self) -> tuple[int, Tables]:
        """The index and tables of the next chunk to finish (of those submitted)."""
        self._send(("next",))
        _, index, tables = self._receive()
        return index, tables

    def run_on_workers(self, function: Callable[[], Any]) -> dict[str, Any]:
        """``function()`` on every worker, by worker address (``Client.run``)."""
        self.ready()
        self._send(("run", function))
        return self._receive()[1]  # type: ignore[no-any-return]

    def close(self) -> None:
        """Tell the driver to stop (a local cluster's workers end at once) and wait for it.
        A driver that does not end, or whose pipe was left mid-message by an interrupt, is
        killed with its workers."""
        if self._closed:
            return
        self._closed = True
        self._wait_launched(raising=False)
        process, conn = self.process, self._conn
        if conn is not None and (process is None or self._launch_error is not None):
            conn.close()
            return
        if process is None or conn is None:
            return
        hung = self._mid_message
        if not hung:
            with suppress(OSError, ValueError):  # it may have gone already
                conn.send(("stop",))
            self._drain(conn)
            process.join(CLOSE_TIMEOUT)
            hung = process.exitcode is None
        if hung:
            process.kill()
            process.join()
            from comove.scan.driver_process import kill_processes

            kill_processes(self.worker_pids)  # the driver could not end them
        conn.close()

    def __enter__(self) -> DaskDriver:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _drain(self, conn: Connection) -> None:
        """Read what the driver still says until it ends: a result nobody will collect, or
        a late "ready" that names the workers."""
        from time import monotonic

        deadline = monotonic() + CLOSE_TIMEOUT
        with suppress(Exception):
            while conn.poll(max(0.0, deadline - monotonic())):
                message = conn.recv()
                if message[0] == "ready" and not self._ready:
                    _, self.threads, self.worker_pids = message

    def _wait_launched(self, raising: bool = True) -> None:
        if self._launcher is not None:
            self._launcher.join()
        if raising and self._launch_error is not None:
            raise self._launch_error

    def _connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("the Dask driver was not started")
        return self._conn

    def _send(self, message: tuple[Any, ...]) -> None:
        conn = self._connection()
        self._mid_message = True
        try:
            conn.send(message)
        except (OSError, ValueError):
            self._mid_message = False
            raise self._ended() from None
        self._mid_message = False

    def _receive(self) -> tuple[Any, ...]:
        conn = self._connection()
        self._mid_message = True
        try:
            message: tuple[Any, ...] = conn.recv()
        except (EOFError, OSError):
            self._mid_message = False
            raise self._ended() from None
        self._mid_message = False
        if message[0] == "error":
            raise message[1]
        return message

    def _ended(self) -> Exception:
        """Why the driver's end of the pipe closed without a word."""
        code = None
        if self.process is not None:
            self.process.join(5)
            code = self.process.exitcode
        if code is not None and code < 0:
            return ComoveError(f"the Dask scan's driver process was killed (signal {-code})",
                               "if memory ran out, lower --workers or --chunk-size")
        if not self._ready:
            return UsageError("the Dask scan's driver process ended before its cluster "
                              f"started (exit code {code})", SCRIPT_GUARD)
        return RuntimeError(f"the Dask scan's driver process ended (exit code {code})")


@contextmanager
def dask_driver(options: ScanOptions) -> Iterator[DaskDriver]:
    """A started :class:`DaskDriver`, stopped at the end of the block; the block can read
    data while the driver and its cluster start."""
    require_dask()
    refuse_inside_a_worker_import()  # the driver imports the main script, scheduler or not
    with DaskDriver(options) as driver:
        yield driver


def require_dask() -> None:
    """Fail in one line, naming the install command, when Dask is not installed.

    Only looks the packages up: this process never imports them (the scan's driver does,
    see :mod:`comove.scan.dask_driver`).
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


#: The fix when a script starts a local cluster at its top level: each process the cluster
#: starts imports the main script, which would start a cluster again.
SCRIPT_GUARD = ("if comove runs from a script, put the code that scans under "
                "if __name__ == '__main__':")


def refuse_inside_a_worker_import() -> None:
    """A one-line error, instead of multiprocessing's page, in a process of a Dask scan (its
    driver, or a worker) that is importing a script which starts a scan at its top level."""
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise UsageError("a Dask scan was started while one of its processes imported the "
                         "main script", SCRIPT_GUARD)
