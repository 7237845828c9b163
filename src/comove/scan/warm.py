"""Warm a scan's metrics before the chunks need them, instead of on the first chunk.

The bootstrap of the change between two periods
(:attr:`~comove.scan.options.ScanOptions.bootstraps`) is the costliest metric; a local scan
runs it once on a small chunk on a thread while it reads the store (:func:`warming`). A
local Dask cluster's workers are normally spawned: each new interpreter imports distributed
(about 0.9 s of CPU) and then, on its first chunk, the metrics; with two workers on two
cores that competes with the client, which is reading the store at the same time. Here the
workers are forked from a multiprocessing fork server that has imported distributed and
warmed the metrics (:mod:`comove.scan.worker_preload`), so the work is done once, and in
the background. No metric runs a numba kernel (the change interval is the NumPy
bootstrap-t of :mod:`comove.kernels.correlation_t`), so no scan loads numba.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from comove.scan.allocator import MALLOC_ENV, environment

PRELOAD = ["distributed", "comove.scan.worker_preload"]
#: distributed's ``distributed.nanny.pre-spawn-environ`` for the workers it spawns, less
#: its glibc trim threshold: one thread for BLAS and OpenMP.
SPAWN_ENVIRON = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


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


def start_fork_server(warm: bool = True) -> bool:
    """Start the fork server that local Dask workers are forked from (once per process).

    Called before distributed is imported, so that the server's preload (distributed, then,
    if ``warm``, the metrics on a small chunk) runs on the other core
    while this process imports distributed and reads the store. Its environment is what
    distributed gives a worker it spawns (``distributed.nanny.pre-spawn-environ``:
    :data:`SPAWN_ENVIRON`, or the user's Dask configuration) with the glibc settings of
    :data:`~comove.scan.allocator.MALLOC_ENV`, since forked workers keep the server's.
    False where there is no fork server (not POSIX) or one started by someone else is
    running: the workers are then spawned.
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
        import dask

        configured = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
        with environment({**SPAWN_ENVIRON, **{k: str(v) for k, v in configured.items()},
                          **MALLOC_ENV}):
            multiprocessing.get_context("forkserver").set_forkserver_preload(
                PRELOAD if warm else PRELOAD[:1])
            forkserver.ensure_running()
        _ours[0] = True
        return True


@contextmanager
def forked_workers() -> Iterator[None]:
    """Start the local cluster's workers from the warmed fork server inside this block (see
    :func:`start_fork_server`; distributed's default, spawn, where there is none)."""
    import dask

    if not start_fork_server():
        yield
        return
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        yield


_LOCK = threading.Lock()
_ours = [False]  # whether this module started the process's fork server
