"""Pure numeric kernels: numpy arrays in, numpy arrays out; no pandas, no I/O.

Importing the package first makes sure numba has somewhere to cache compiled kernels
(:mod:`comove.kernels._numba_cache`; numba itself is not imported here). Kernels are
declared with :func:`comove.kernels._jit.jit` (numba's ``njit``, deferred: numba is imported
when a kernel is first called compiled, and small work runs without it) and pass
``cache=CACHE`` from there, which is False when no folder is writable.
"""

from comove.kernels import _numba_cache as _numba_cache
