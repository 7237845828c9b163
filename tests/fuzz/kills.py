"""Crash-kill trials: ``comove data import`` killed at a random moment, then the store used.

A trial passes when, after the kill, the store holds either everything it held before or
everything the import would have added (never a part), ``comove data list`` answers with
exit 0 or 1 (an empty store) rather than an internal error, and importing the same files
again succeeds with the complete data.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from tests.fuzz.corpus import Outcome


def write_files(folder: Path, seed: int, files: int = 6, rows: int = 20_000) -> list[Path]:
    rng = np.random.default_rng(seed)
    days = pd.date_range("1960-01-01", periods=rows, freq="D")
    paths = []
    for k in range(files):
        close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, rows)))
        frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "open": close,
                              "high": close * 1.01, "low": close * 0.99, "close": close,
                              "volume": rng.integers(1, 10**6, rows)})
        path = folder / f"kill{k}.csv"
        frame.to_csv(path, index=False)
        paths.append(path)
    return paths


def observations(store: Path) -> str:
    """A digest of the stored rows (ingest times differ from run to run, rows must not)."""
    db = store / "comove.duckdb"
    if not db.exists() or db.stat().st_size == 0:
        return "none"
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "observations" not in tables:
            return "none"
        rows = con.execute("SELECT * EXCLUDE (ingest_id) FROM observations ORDER BY ALL")
        return hashlib.sha256(repr(rows.fetchall()).encode()).hexdigest()
    finally:
        con.close()


def _comove(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "comove", *args], capture_output=True,
                          text=True, timeout=timeout)


def kill_trials(work: Path, seed: int, trials: int) -> tuple[Outcome, Outcome]:
    """``trials`` kills of an import into a new store, and as many into a filled one."""
    rng = random.Random(seed)
    files = write_files(work, seed)
    first, rest = files[:1], files[1:]
    template = work / "kill-template"
    assert _comove("--store", str(template), "data", "import", *map(str, first)).returncode == 0
    complete = work / "kill-complete"
    started = time.monotonic()
    assert _comove("--store", str(complete), "data", "import",
                   *map(str, files)).returncode == 0
    span = time.monotonic() - started
    full, partial = observations(complete), observations(template)
    results = []
    for filled in (False, True):
        outcome = Outcome()
        for trial in range(trials):
            store = work / f"kill-{int(filled)}-{trial}"
            if filled:
                shutil.copytree(template, store)
            paths = rest if filled else files
            process = subprocess.Popen(
                [sys.executable, "-m", "comove", "--store", str(store), "data", "import",
                 *map(str, paths)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.2, span))
            process.kill()
            process.wait()
            outcome.tried += 1
            allowed = {full, partial if filled else "none"}
            state = observations(store)
            listing = _comove("--store", str(store), "data", "list")
            again = _comove("--store", str(store), "data", "import", *map(str, paths))
            problems = []
            if state not in allowed:
                problems.append("a partial import is visible")
            if listing.returncode not in (0, 1) or "internal error" in listing.stderr:
                problems.append(f"data list: exit {listing.returncode}: {listing.stderr[:200]}")
            if again.returncode != 0 or observations(store) != full:
                problems.append(f"re-import: exit {again.returncode}: {again.stderr[:200]}")
            if problems:
                outcome.failed.append(f"kill into a {'filled' if filled else 'new'} store, "
                                      f"trial {trial}: {'; '.join(problems)}")
            elif state == full:
                outcome.accepted += 1
            else:
                outcome.refused += 1
            shutil.rmtree(store, ignore_errors=True)
        results.append(outcome)
    return results[0], results[1]
