"""Shared fixtures: the shared data folder, a fresh store, a CLI runner, store fingerprints."""

from __future__ import annotations

import hashlib
import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from comove.cli.main import main
from comove.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def store_connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The store files ``duckdb.connect`` opens from now on (DuckDB's in-memory databases
    are not counted): a list that fills as connections are made."""
    import duckdb

    opened: list[str] = []
    real = duckdb.connect

    def counting(database: str = ":memory:", *args: object, **kwargs: object) -> object:
        if str(database) != ":memory:":
            opened.append(str(database))
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(duckdb, "connect", counting)
    return opened


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the repository; a clear failure (never a skip) if absent."""
    if not (SHARED_DATA / "spx.csv").exists():
        pytest.fail(
            f"integration data not found at {SHARED_DATA}: clone the repository next to the "
            "shared/ folder (../shared/data) and run the tests again",
            pytrace=False,
        )
    return SHARED_DATA


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store", lock_timeout=0.5)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> Run:
    """Run the comove command in-process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def fingerprint(store: Store) -> str:
    """A digest of everything in the store (or of its absence)."""
    if not store.exists():
        return "absent"
    digest = hashlib.sha256()
    with store.reading() as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
        for table in tables:
            rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            digest.update(table.encode())
            digest.update(repr(rows).encode())
    return digest.hexdigest()


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def circular_block_rows(n: int, block: int, resamples: int, seed: int) -> list[Any]:
    """The rows of each circular-block resample the bootstrap-t kernels draw with
    ``np.random.default_rng(seed)`` (one draw of ``(resamples, ceil(n / block))`` starts; the
    last block cut to the rows left), rebuilt by hand."""
    import numpy as np

    k = -(-n // block)
    starts = np.random.default_rng(seed).integers(0, n, size=(resamples, k))
    rows = []
    for i in range(resamples):
        pieces = [np.arange(s, s + block) % n for s in starts[i]]
        pieces[-1] = pieces[-1][:n - block * (k - 1)]
        rows.append(np.concatenate(pieces))
    return rows
