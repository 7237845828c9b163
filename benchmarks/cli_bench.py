"""Whole-process timings of the comove command line, on a store imported from ../shared/data.

These call the installed ``comove`` command in new processes, so they measure what a user
waits for (start-up, imports, reading the store) and do not depend on comove's internals.
"""

from __future__ import annotations

import compileall
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import Row, interleaved_commands, run_quiet, timed_peak

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
CLAIMS = REPO / "claims" / "source-claims.yaml"
PERIODS = "2015-01-01:2019-12-31,2020-01-01:2024-12-06"


def comove() -> list[str]:
    """The installed console script beside this Python, else ``python -m comove``."""
    script = Path(sys.executable).parent / "comove"
    return [str(script)] if script.exists() else [sys.executable, "-m", "comove"]


def shared_files() -> list[str]:
    return [*map(str, sorted(DATA.glob("*.csv"))),
            str(DATA / "universe" / "sp500_members_close.csv")]


def compiled_package() -> None:
    """Write comove's bytecode (.pyc) first, as an installed package has it: with
    PYTHONDONTWRITEBYTECODE set (as on the benchmark machine) a module edited since its
    bytecode was written would be compiled from source in every process timed."""
    spec = importlib.util.find_spec("comove")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


class Store:
    """A store in a temporary folder with all of ../shared/data imported."""

    def __enter__(self) -> Store:
        compiled_package()
        self.folder = Path(tempfile.mkdtemp(prefix="comove-bench-"))
        self.path = str(self.folder / "store")
        start = time.perf_counter()
        run_quiet([*comove(), "--store", self.path, "data", "import", *shared_files()])
        self.import_seconds = time.perf_counter() - start
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def cmd(self, *args: str) -> list[str]:
        return [*comove(), "--store", self.path, *args]


def whole_commands(store: Store, repeat: int = 5) -> list[Row]:
    """Start-up and three everyday commands against ``python -c "import pandas"``."""
    py = sys.executable
    commands = {
        "pass": [py, "-c", "pass"],
        "pandas": [py, "-c", "import pandas"],
        "eager": [py, "-c", "import pandas, duckdb, httpx"],
        "help": [*comove(), "--help"],
        "corr": store.cmd("corr", "BTC", "SPX"),
        "check": store.cmd("check", str(CLAIMS)),
        "event": store.cmd("event", "RUT", "BTC", "--on", "breakout"),
    }
    med = interleaved_commands(commands, repeat)
    base = med["pandas"]
    rows = [
        Row("python -c pass", med["pass"], "1", "bare interpreter start-up"),
        Row('python -c "import pandas" (the yardstick below)', base, "1", ""),
        Row("comove --help", med["help"], "1",
            f"target under 0.1 s: {'met' if med['help'] < 0.1 else 'NOT met'}; "
            f"{med['help'] - med['pass']:.3f} s over bare Python"),
        Row("python -c \"import pandas, duckdb, httpx\"", med["eager"], "1",
            f"eager imports would cost {med['eager'] / med['help']:.1f}x comove --help"),
    ]
    names = {"corr": "comove corr BTC SPX", "check": "comove check claims/source-claims.yaml",
             "event": "comove event RUT BTC --on breakout"}
    for key, name in names.items():
        ratio = med[key] / base
        rows.append(Row(f"{name} (whole process)", med[key], "default",
                        f"{ratio:.1f}x importing pandas (target under 3x: "
                        f"{'met' if ratio < 3 else 'NOT met'}); "
                        f"{heavy_imports(commands[key][len(comove()):])}"))
    return rows


HEAVY = ("numba", "scipy", "statsmodels", "matplotlib")
PROBE = f"""
import atexit, runpy, sys
atexit.register(lambda: print("heavy:", *[m for m in {HEAVY!r} if m in sys.modules]))
sys.argv = ["comove", *sys.argv[1:]]
runpy.run_module("comove", run_name="__main__")
"""


def heavy_imports(args: list[str]) -> str:
    """Which of numba, scipy, statsmodels and matplotlib a command imports (one more run)."""
    lines = run_quiet([sys.executable, "-c", PROBE, *args]).stdout.splitlines()
    found = next((line.split()[1:] for line in reversed(lines) if line.startswith("heavy:")),
                 None)
    if found is None:
        return "its imports not probed"
    return f"imports {', '.join(found)}" if found else f"imports none of {', '.join(HEAVY)}"


def brief_warm(store: Store, repeat: int = 3) -> list[Row]:
    out = str(store.folder / "brief")
    command = store.cmd("brief", "--claims", str(CLAIMS), "-o", out)
    run_quiet(command)  # warm: caches of the store, of numba and of the OS
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run_quiet(command)
        times.append(time.perf_counter() - start)
    return [Row("comove brief with the source claims, warm (after one run)",
                statistics.median(times), "default", f"median of {repeat}")]


def scan(store: Store, repeat: int = 5) -> list[Row]:
    base = store.cmd("scan", "--universe", "class:stock", "--against", "BTC", "--periods",
                     PERIODS, "-o", str(store.folder / "scan.parquet"))
    med = interleaved_commands({"local": base, "dask": [*base, "--executor", "dask"]},
                               repeat)
    return [
        Row("comove scan: 463 stocks against BTC, all metrics, two periods (whole process)",
            med["local"], "2 threads (local executor)",
            f"median of {repeat}, interleaved; target under 3 s"),
        Row("the same scan with --executor dask (local cluster)", med["dask"],
            "2 worker processes (Dask local cluster)",
            f"{med['dask'] / med['local']:.2f}x the local run, cluster start-up included "
            "(target at most 1.2x); timed until its output pipes close"),
    ]


def event_study(store: Store, repeat: int = 3) -> list[Row]:
    command = store.cmd("event", "RUT", "BTC", "--on", "breakout", "--start", "2000-01-01",
                        "--horizons", "90,180,365")
    seconds = interleaved_commands({"event": command}, repeat)["event"]
    return [Row("comove event RUT BTC --on breakout (10,000 resamples x 3 horizons), end to "
                "end", seconds, "default", "including start-up and reading the store")]


def wide_import(assets: int = 5000, days: int = 5000, timeout: float = 240.0) -> list[Row]:
    """``comove data import`` of a synthetic wide matrix: time and peak RSS."""
    from synthetic_wide import generate  # loaded by run.py

    with tempfile.TemporaryDirectory(prefix="comove-wide-") as folder:
        path = Path(folder) / "wide.csv"
        start = time.perf_counter()
        size = generate(path, assets, days)
        made = time.perf_counter() - start
        command = [*comove(), "--store", str(Path(folder) / "store"), "data", "import",
                   str(path)]
        seconds, peak_mb, finished = timed_peak(command, timeout)
    cells = f"{days:,} days x {assets:,} assets ({size / 1e6:.0f} MB CSV)"
    rows = [Row(f"generate the synthetic wide CSV, {cells}", made, "1",
                "benchmarks/synthetic_wide.py, seed 0")]
    if finished:
        rows.append(Row("comove data import of it (whole process)", seconds, "default",
                        f"peak RSS {peak_mb:,.0f} MB; {days * assets / seconds:,.0f} cells/s"))
    else:
        rows.append(Row("comove data import of it (whole process)", None, "default",
                        f"did not finish within {timeout:.0f} s (stopped); peak RSS so far "
                        f"{peak_mb:,.0f} MB"))
    return rows
