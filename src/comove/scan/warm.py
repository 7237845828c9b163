"""Warm a scan's metrics before the chunks need them, instead of on the first chunk.

The bootstrap of the change between two periods
(:attr:`~comove.scan.options.ScanOptions.bootstraps`) is the costliest metric; a local scan
runs it once on a small chunk on a thread while it reads the store (:func:`warming`). A
Dask scan's driver (:mod:`comove.scan.dask_driver`) is forked from a multiprocessing fork
server that has imported distributed and warmed the metrics
(:mod:`comove.scan.worker_preload`), and a local cluster's workers are forked from the
driver, so that work is done once, in the background, and never in the calling process.
No metric runs a numba kernel (the change interval is the NumPy
bootstrap-t of :mod:`comove.kernels.correlation_t`), so no scan loads numba.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from comove.scan.allocator import MALLOC_ENV, environment

PRELOAD = ["comove.scan.worker_preload"]
#: Set in the fork server's environment (and removed there by its preload), so that only
#: that process skips its interpreter's teardown.
FORK_SERVER_MARK = "COMOVE_FORK_SERVER"


def warm_up() -> None:
    """Run every metric on a small chunk shaped like a real one (two periods, the default
    number of resamples), so that what a chunk imports is imported here, once. No scan
    metric runs a numba kernel, so numba is not loaded (a test holds that)."""
    import numpy as np

    from comove.scan.metrics import METRICS, ChunkInput, Reference, ScanSpec, chunk_metrics

    rows = 120
    days = np.arange(19000, 19000 + rows, dtype=np.int64)
    walk = np.exp(np.cumsum(np.random.default_rng(0).normal(0.0, 0.01, (rows, 3)), axis=0))
    walk[:10, 1] = np.nan  # an asset that starts later
    reference = Reference("REF", walk[:, 2].copy(), days[::7].copy())
    half = (rows - 1) // 2
    spec = ScanSpec(METRICS, window=20, periods=((0, half), (half, rows - 1)))
    chunk_metrics(spec, ChunkInput(["A", "B"], days, walk[:, :2].copy(), (reference,), 0))


@contextmanager
def warming() -> Iterator[None]:
    """:func:`warm_up` on a thread while the block runs (it is done when the block ends).

    Should it fail, the first chunk loads what it needs and reports any error itself.
    """

    def warm() -> None:
        with suppress(Exception):
            warm_up()

    thread = threading.Thread(target=warm, name="comove-warm-up", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def start_fork_server() -> bool:
    """Start the fork server that a Dask scan's driver is forked from (once per process).

    The server is a new interpreter that imports :mod:`comove.scan.worker_preload`
    (distributed's worker environment, distributed itself, and the metrics run once), on
    the other core while this process goes on reading the store. It starts with the glibc
    settings of :data:`~comove.scan.allocator.MALLOC_ENV` in its environment, which every
    process forked from it keeps. This process imports nothing of Dask for it. False where
    there is no fork server (not POSIX) or one started by someone else is running.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    with _LOCK:
        if _ours[0]:
            return True
        server = getattr(forkserver, "_forkserver", None)
        if server is not None and getattr(server, "_forkserver_pid", None) is not None:
            return False
        with environment({**MALLOC_ENV, FORK_SERVER_MARK: "1"}):
            multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
            forkserver.ensure_running()
        _ours[0] = True
        return True


_LOCK = threading.Lock()
_ours = [False]  # whether this module started the process's fork server
