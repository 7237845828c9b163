"""The kernels import and run when numba cannot cache beside the package or in the home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from comove.kernels import _numba_cache

# numba with only the user-provided locator behaves as on a machine where neither the
# package's __pycache__ nor the home is writable: without a cache folder, compiling a
# kernel with cache=True raises "no locator available".
NO_LOCATOR = {"NUMBA_CACHE_LOCATOR_CLASSES": "UserProvidedCacheLocator"}

SCRIPT = """
import sys
from pathlib import Path
import comove.kernels._numba_cache as c
blocked = Path(sys.argv[1]) / "a-file"
c.IN_TREE = blocked / "pycache"
c.user_cache = lambda: blocked / "home"
c.temp_cache = lambda: Path(sys.argv[2])
c.CACHE = c.choose_cache()
import numpy as np
from comove.kernels._jit import always_compiled
from comove.kernels.rolling import rolling_corr
always_compiled()  # so small a call would otherwise run without numba
print(c.CACHE, rolling_corr(np.arange(6.0), np.arange(6.0) ** 2, 3)[-1])
"""


def _blocked(tmp_path: Path) -> Path:
    (tmp_path / "a-file").write_text("")  # nothing can be made under a regular file
    return tmp_path


def _run(tmp_path: Path, fallback: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"} | NO_LOCATOR
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), str(fallback)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_without_a_writable_home_the_cache_moves_to_a_private_temp_folder(tmp_path):
    fallback = tmp_path / "cache"
    out = _run(_blocked(tmp_path), fallback)
    assert out.startswith("True 0.9")
    assert any(fallback.rglob("*.nbi")), "the compiled kernels were cached in the fallback"
    assert fallback.stat().st_mode & 0o077 == 0


def test_with_nowhere_writable_the_kernels_compile_without_a_cache(tmp_path):
    out = _run(_blocked(tmp_path), tmp_path / "a-file" / "cache")
    assert out.startswith("False 0.9")


def test_a_temp_folder_others_can_write_to_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(_numba_cache, "IN_TREE", _blocked(tmp_path) / "a-file" / "x")
    monkeypatch.setattr(_numba_cache, "user_cache", lambda: tmp_path / "a-file" / "y")
    monkeypatch.setattr(_numba_cache, "temp_cache", lambda: shared)
    assert _numba_cache.choose_cache() is False
    assert "NUMBA_CACHE_DIR" not in os.environ


@pytest.mark.parametrize("configured", [True, False])
def test_a_writable_configured_or_default_folder_is_left_alone(tmp_path, monkeypatch,
                                                               configured):
    if configured:
        monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "mine"))
    else:
        monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(_numba_cache, "temp_cache", lambda: tmp_path / "unused")
    assert _numba_cache.choose_cache() is True
    assert not (tmp_path / "unused").exists()
    assert os.environ.get("NUMBA_CACHE_DIR") == (str(tmp_path / "mine") if configured else None)
