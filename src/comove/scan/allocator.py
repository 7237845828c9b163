"""glibc malloc settings for scans: keep freed memory for reuse instead of handing it back.

A scan allocates and frees arrays of a few megabytes thousands of times (the bootstrap of
every asset). With glibc's defaults each one can be returned to the system and faulted in
again page by page; Dask's workers are worse, because distributed sets
``MALLOC_TRIM_THRESHOLD_=65536`` in them, which turns off glibc's adaptive thresholds (5x
the page faults of a local run). Raising the mmap and trim thresholds and padding the heap
top removes most of those faults: the numbers are the same, only faster.

The settings are glibc's own dynamic ceiling for the mmap threshold (32 MB), twice that
for trimming, and a 16 MB top pad. Elsewhere (macOS, musl) nothing is changed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

MMAP_THRESHOLD = 32 * 2**20
TRIM_THRESHOLD = 64 * 2**20
TOP_PAD = 16 * 2**20

#: The environment that makes a new process use the settings from its start.
MALLOC_ENV = {
    "MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD),
    "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD),
    "MALLOC_TOP_PAD_": str(TOP_PAD),
}

_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_tuned = False


def _glibc() -> Any | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "gnu_get_libc_version") and hasattr(libc, "mallopt") else None


def tune_this_process() -> bool:
    """Apply the settings to this process (once); False where malloc is not glibc's.

    glibc then keeps them for the life of the process (any explicit setting turns off its
    adaptive thresholds for good), so they are not undone after the scan; :func:`release`
    hands the memory the scan freed back to the system.
    """
    global _tuned
    if _tuned:
        return True
    libc = _glibc()
    if libc is None:
        return False
    libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    libc.mallopt(_M_TOP_PAD, TOP_PAD)
    _tuned = True
    return True


def release() -> None:
    """Return free heap memory to the system (``malloc_trim(0)``), where glibc has it."""
    libc = _glibc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """``values`` in ``os.environ`` inside the block; each variable's previous value (or its
    absence) is put back afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def worker_environment() -> Iterator[None]:
    """Start Dask worker processes with the settings inside this block.

    distributed copies ``distributed.nanny.pre-spawn-environ`` into the environment just
    before it spawns a worker, preferring values already in ``os.environ`` (including the
    ``MALLOC_TRIM_THRESHOLD_=65536`` an earlier cluster of this process left there), so
    both are set for the block and ``os.environ`` is put back afterwards.
    """
    import dask

    current = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    with environment(MALLOC_ENV), dask.config.set(
            {"distributed.nanny.pre-spawn-environ": {**current, **MALLOC_ENV}}):
        yield
