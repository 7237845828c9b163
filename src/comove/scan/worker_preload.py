"""Imported by the fork server of a Dask scan (see :mod:`comove.scan.warm`), and nowhere
else. Every process forked from that server afterwards (a scan's driver and, from it, the
workers) starts with what this did:

1. the worker environment of distributed (``distributed.nanny.pre-spawn-environ``: one
   thread for BLAS and OpenMP, or what the user's Dask configuration says) is set before
   numpy loads its BLAS; glibc's malloc settings were given to the server when it started,
   since glibc reads them only then;
2. distributed is imported;
3. every scan metric is run once on a small chunk.

The server itself ends without tearing its interpreter down (0.1-0.2 s with distributed
and pandas loaded): it holds the caller's standard output and error, so a pipeline reading
``comove scan`` would otherwise wait for that teardown after comove has exited.
"""

import atexit
import os
from contextlib import suppress

import dask.config  # reads the user's configuration; imports no numpy

from comove.scan.allocator import MALLOC_ENV

#: distributed's own ``pre-spawn-environ`` less its glibc trim threshold (distributed sets
#: its defaults only once imported, and importing it loads numpy).
SPAWN_ENVIRON = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}

_configured = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
os.environ.update({name: str(value)
                   for name, value in {**SPAWN_ENVIRON, **_configured}.items()
                   if name not in MALLOC_ENV})

import distributed  # noqa: E402,F401  (after the thread settings, on purpose)

from comove.scan.warm import FORK_SERVER_MARK, warm_up  # noqa: E402

with suppress(Exception):  # should it fail, each worker warms up on its first chunk instead
    warm_up()

# The server has nothing to flush or close, and its forked children leave through os._exit
# (they never run atexit handlers). Any other process importing this keeps its teardown.
if os.environ.pop(FORK_SERVER_MARK, None) == "1":
    atexit.register(os._exit, 0)
