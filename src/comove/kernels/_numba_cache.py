"""Where numba keeps the compiled kernels, for users who cannot write beside the package.

numba caches a compiled kernel beside its source (``__pycache__``) or in the user's cache
folder (``~/.cache/numba``). When neither is writable (the package installed by another
user, no writable home), ``@njit(cache=True)`` raises "no locator available" as the module
is imported. :data:`CACHE` is what the kernels pass as ``cache=``: on such machines it points
numba at a private temporary folder first, and is False when there is none either, so that
the kernels are compiled in each process instead of failing.

Importing this module does not import numba.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

IN_TREE = Path(__file__).resolve().parent / "__pycache__"


def writable(folder: Path) -> bool:
    """Whether ``folder`` exists or can be made, and a file can be created in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError:
        return False
    return True


def _private(folder: Path) -> bool:
    """Whether ``folder`` is ours alone: numba loads pickles from its cache, so a folder in a
    shared temp directory that someone else made or can write to must not be used."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return info.st_uid == owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def user_cache() -> Path:
    """numba's own per-user cache folder on Linux and macOS-like systems."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "numba"


def temp_cache() -> Path:
    """The fallback: a per-user folder in the system temp directory."""
    user = getattr(os, "getuid", lambda: os.environ.get("USERNAME", "user"))()
    return Path(tempfile.gettempdir()) / f"comove-numba-{user}"


def set_cache_dir(folder: Path) -> None:
    """Point numba's cache at ``folder``, whether or not numba is imported yet."""
    os.environ["NUMBA_CACHE_DIR"] = str(folder)
    config = sys.modules.get("numba.core.config")
    if config is not None:
        config.CACHE_DIR = str(folder)  # type: ignore[attr-defined]


def choose_cache() -> bool:
    """Make sure numba can cache the kernels (see the module docstring); False if it cannot."""
    configured = os.environ.get("NUMBA_CACHE_DIR")
    if configured and writable(Path(configured)):
        return True
    if writable(IN_TREE) or writable(user_cache()):
        return True
    fallback = temp_cache()
    if _private(fallback) and writable(fallback):
        set_cache_dir(fallback)
        return True
    return False


CACHE = choose_cache()
