"""Warm Dask workers for a scan: the kernels imported and their compiled code loaded once,
before the worker processes exist, instead of in each of them on its first chunk.

A local cluster's workers are normally spawned: each new interpreter imports distributed
(about 0.9 s of CPU) and then, on its first chunk, numba and the kernels' cached machine
code (about 0.5 s more). With two workers on two cores that is three CPU-seconds competing
with the client, which is reading the store at the same time. Here the workers are forked
from a multiprocessing fork server that has imported distributed and run one tiny chunk
(:mod:`comove.scan.worker_preload`), so the work is done once, and in the background.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager

PRELOAD = ["distributed", "comove.scan.worker_preload"]


def warm_up() -> None:
    """Run every metric on a tiny chunk: imports the kernels and loads (or compiles) their
    machine code, so that the first real chunk does not pay for it."""
    import numpy as np

    from comove.scan.metrics import METRICS, ChunkInput, Reference, ScanSpec, chunk_metrics

    days = np.arange(19000, 19060, dtype=np.int64)
    walk = np.exp(np.cumsum(np.random.default_rng(0).normal(0.0, 0.01, (60, 3)), axis=0))
    reference = Reference("REF", walk[:, 2].copy(), days[::7].copy())
    spec = ScanSpec(METRICS, window=20, periods=((0, 29), (29, 59)), resamples=10)
    chunk_metrics(spec, ChunkInput(["A", "B"], days, walk[:, :2].copy(), (reference,), 0))


@contextmanager
def forked_workers() -> Iterator[None]:
    """Start the local cluster's workers from a warmed fork server inside this block.

    Forked workers do not see the environment distributed sets just before it starts a
    worker (``distributed.nanny.pre-spawn-environ``: one BLAS thread, and the glibc
    settings of :func:`comove.scan.allocator.worker_environment`, which must be entered
    first), so the server is started with it. It starts once per process (later clusters
    reuse it); if one is already running, started by someone else, distributed's default
    (spawn) is kept.
    """
    import dask

    if "forkserver" not in multiprocessing.get_all_start_methods():
        yield  # not POSIX: keep distributed's default (spawn)
        return
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    if server is not None and getattr(server, "_forkserver_pid", None) is not None \
            and not _ours[0]:
        yield
        return
    environ = {k: str(v) for k, v in dask.config.get("distributed.nanny.pre-spawn-environ",
                                                      default={}).items()}
    saved = {name: os.environ.get(name) for name in environ}
    os.environ.update(environ)
    try:
        multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
        forkserver.ensure_running()
        _ours[0] = True
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        yield


_ours = [False]  # whether this module started the process's fork server
