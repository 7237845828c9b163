"""comove benchmarks: each timing beside the obvious alternative, measured in the same run.

Run with ``./scripts/bench``; results are printed and written to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


def wall(command: list[str], repeat: int = 7) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_help() -> list[tuple[str, float, str]]:
    python = sys.executable
    ours = wall([python, "-m", "comove", "--help"])
    bare = wall([python, "-c", "pass"])
    eager = wall([python, "-c", "import pandas, duckdb, httpx"])
    return [
        ("comove --help", ours, "start-up"),
        ("python -c pass", bare, f"comove --help costs {ours - bare:.3f} s over bare Python"),
        ("import pandas, duckdb, httpx", eager,
         f"eager imports would cost {eager / ours:.1f}x comove --help"),
    ]


def bench_import() -> list[tuple[str, float, str]]:
    import pandas as pd

    from comove.ingest import import_files
    from comove.store import Store

    paths = [*sorted(DATA.glob("*.csv")), DATA / "universe" / "sp500_members_close.csv"]
    timings = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            result = import_files(Store(Path(folder) / "s"), paths)
            timings.append(time.perf_counter() - start)
    ours = statistics.median(timings)
    rows = result.write.rows_new if result.write else 0
    start = time.perf_counter()
    for path in paths:
        pd.read_csv(path)
    plain = time.perf_counter() - start
    return [
        ("import all of shared/data into an empty store", ours,
         f"{rows:,} rows, validated, one transaction"),
        ("pandas.read_csv of the same files (no checks, no store)", plain,
         f"comove import is {ours / plain:.1f}x a bare read"),
    ]


def bench_bootstrap() -> list[tuple[str, float, str]]:
    import numpy as np
    from arch.bootstrap import StationaryBootstrap

    from comove.kernels.bootstrap import bootstrap_means

    rng = np.random.default_rng(0)
    x = rng.standard_normal(2520).cumsum() * 0.01 + rng.standard_normal(2520)
    block = 20
    start = time.perf_counter()
    ours = bootstrap_means(x, 10_000, block, np.random.default_rng(1))
    fast = time.perf_counter() - start
    start = time.perf_counter()
    bs = StationaryBootstrap(block, x, seed=2)
    ref = np.array([data[0][0].mean() for data in bs.bootstrap(10_000)])
    loop = time.perf_counter() - start
    return [
        ("comove stationary bootstrap, 10,000 means of 2,520 days (block 20)", fast,
         f"sd of the means {ours.std():.5f}"),
        ("loop over arch StationaryBootstrap, same resamples", loop,
         f"sd {ref.std():.5f}; comove is {loop / fast:.1f}x faster"),
    ]


def bench_event_study() -> list[tuple[str, float, str]]:
    import subprocess as sp

    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "s")
        sp.run([sys.executable, "-m", "comove", "--store", store, "data", "import",
                str(DATA / "rut.csv"), str(DATA / "btc.csv"), str(DATA / "spx.csv")],
               check=True, capture_output=True)
        seconds = wall([sys.executable, "-m", "comove", "--store", store, "event", "RUT", "BTC",
                        "--on", "breakout", "--start", "2000-01-01", "--horizons", "90,180,365"],
                       repeat=3)
    return [("comove event RUT BTC --on breakout (10,000 resamples x 3 horizons), end to end",
             seconds, "including start-up and reading the store")]


def main() -> None:
    if not DATA.exists():
        sys.exit(f"benchmarks need {DATA} (the shared data beside the repository)")
    sections = {"Start-up": bench_help(), "Import": bench_import(),
                "Bootstrap": bench_bootstrap(), "Event study": bench_event_study()}
    machine = (f"{platform.machine()}, {platform.processor() or 'cpu'}, "
               f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}, "
               f"{platform.system()} {platform.release()}")
    lines = ["# Benchmark results", "", f"Machine: {machine}", "",
             f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", ""]
    for title, rows in sections.items():
        lines += [f"## {title}", "", "| what | seconds | note |", "|---|---:|---|"]
        lines += [f"| {name} | {seconds:.3f} | {note} |" for name, seconds, note in rows]
        lines.append("")
    text = "\n".join(lines)
    print(text)
    (REPO / "benchmarks" / "RESULTS.md").write_text(text)


if __name__ == "__main__":
    main()
