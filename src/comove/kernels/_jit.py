"""numba kernels compiled on first use, and run interpreted when that is cheaper.

Importing numba and loading the first cached kernel costs about 0.6 s (numba imports
scipy's BLAS bindings and registers its typing tables once per process). A command that
runs a few small kernels (``comove corr``, ``check``, ``event``) would spend more on that
than on its arithmetic. So:

- :func:`jit` is ``numba.njit`` deferred: it returns a :class:`Kernel`, and numba is
  imported when a kernel is first called compiled; the kernels of its module are then
  compiled together, as with ``njit`` (see :func:`_compile_module`).
- Inside :func:`interpreted`, kernels run their Python source. numba compiles the same
  source, and both do IEEE double arithmetic in the same order, so the numbers are the
  same (the tests compare them bit for bit).
- :func:`use_compiled` is the choice a caller makes per call: compiled once numba is
  loaded, or once the estimated extra seconds of the process's interpreted work would
  pass :data:`STARTUP` (about what loading numba costs: the rent-or-buy rule, which never
  spends more than twice the better choice), else interpreted. Whichever way,
  the numbers are the same.

Kernel modules write ``from comove.kernels._jit import jit, prange`` in place of numba's
(``prange`` is ``range`` when interpreted).
"""

from __future__ import annotations

import contextvars
import importlib
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FunctionType
from typing import Any

#: Extra seconds of interpreted work a process may do before it loads numba instead
#: (importing numba and loading the first cached kernel took 0.6 to 1.0 s on the benchmark
#: machine; a little less, so that a long job loses little before it switches).
STARTUP = 0.5
#: ``range`` for the interpreted kernels; ``numba.prange`` in the compiled ones.
prange = range

_INTERPRETED = contextvars.ContextVar("comove_kernels_interpreted", default=False)
_FORCED: contextvars.ContextVar[bool | None] = contextvars.ContextVar("comove_kernels_forced",
                                                                    default=None)
_LOCK = threading.RLock()
_spent = [0.0]
_always = [False]


class Kernel:
    """A function for ``numba.njit(**options)``, not compiled until first called compiled."""

    def __init__(self, py_func: Callable[..., Any], options: dict[str, Any]) -> None:
        self.py_func = py_func
        self.options = options
        self.dispatcher: Any = None
        self.__name__ = py_func.__name__
        self.__qualname__ = py_func.__qualname__
        self.__module__ = py_func.__module__
        self.__doc__ = py_func.__doc__
        self.__wrapped__ = py_func

    def __call__(self, *args: Any) -> Any:
        if _INTERPRETED.get():
            return self.py_func(*args)
        return (self.dispatcher or self.compiled())(*args)

    def compiled(self) -> Any:
        """numba's dispatcher for this kernel (imports numba and compiles its module)."""
        if self.dispatcher is None:
            _compile_module(self.__module__)
        return self.dispatcher

    def __reduce__(self) -> tuple[Any, ...]:
        return _kernel, (self.__module__, self.__name__)


def _kernel(module: str, name: str) -> Kernel:
    """The kernel ``name`` of ``module`` (how a pickled kernel is found again)."""
    found: Kernel = getattr(importlib.import_module(module), name)
    return found


def jit(**options: Any) -> Callable[[Callable[..., Any]], Kernel]:
    """``numba.njit(**options)``, deferred to the first compiled call."""

    def wrap(py_func: Callable[..., Any]) -> Kernel:
        return Kernel(py_func, options)

    return wrap


def _compile_module(name: str) -> None:
    """Give every kernel of module ``name`` its dispatcher. numba compiles copies of the
    functions whose namespace is a copy of the module's with the dispatchers (and
    ``numba.prange``) in place of the kernels, so that kernels calling kernels are compiled
    together, as with ``njit``, while the module keeps its kernels (which can still run
    interpreted)."""
    import numba

    with _LOCK:
        space = dict(vars(sys.modules[name]))
        if space.get("prange") is range:
            space["prange"] = numba.prange
        kernels = {key: value for key, value in space.items() if isinstance(value, Kernel)}
        for key, kernel in kernels.items():
            if kernel.__module__ != name:  # imported from another module: compiled there
                space[key] = kernel.compiled()
                continue
            if kernel.dispatcher is None:
                py_func = kernel.py_func
                copy = FunctionType(py_func.__code__, space, py_func.__name__,
                                    py_func.__defaults__, py_func.__closure__)
                copy.__qualname__, copy.__doc__ = py_func.__qualname__, py_func.__doc__
                kernel.dispatcher = numba.njit(**kernel.options)(copy)
            space[key] = kernel.dispatcher


@contextmanager
def interpreted() -> Iterator[None]:
    """Run the kernels called inside this block (and the kernels they call) as Python."""
    token = _INTERPRETED.set(True)
    try:
        yield
    finally:
        _INTERPRETED.reset(token)


@contextmanager
def choose(interpreted_seconds: float) -> Iterator[bool]:
    """:func:`use_compiled` for the kernels called in this block, run :func:`interpreted`
    if not; yields whether they run compiled."""
    if use_compiled(interpreted_seconds):
        yield True
    else:
        with interpreted():
            yield False


def always_compiled() -> None:
    """From now on run every kernel compiled, whatever the size of each call (for a caller
    that knows a long run of kernels is coming; comove's own commands decide per call)."""
    _always[0] = True


@contextmanager
def forced(compiled: bool) -> Iterator[None]:
    """Make :func:`use_compiled` answer ``compiled`` inside this block, whatever the size
    of the work (for tests and benchmarks of either way)."""
    token = _FORCED.set(compiled)
    try:
        yield
    finally:
        _FORCED.reset(token)


def use_compiled(interpreted_seconds: float) -> bool:
    """Whether to run a call compiled, given its estimated extra seconds interpreted.

    Compiled when numba is loaded already, or when this call would take the process's
    extra interpreted time past :data:`STARTUP`; otherwise the call's estimate is counted
    and it runs interpreted (or in NumPy).
    """
    choice = _FORCED.get()
    if choice is not None:
        return choice
    with _LOCK:
        if _always[0] or "numba" in sys.modules:
            return True
        if _spent[0] + interpreted_seconds > STARTUP:
            _always[0] = True
            return True
        _spent[0] += interpreted_seconds
        return False
