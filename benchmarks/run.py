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


def numpy_cumsum_rolling_corr(x, ys, window):  # type: ignore[no-untyped-def]
    """The textbook vectorised version: window sums from cumulative sums (no NaN handling,
    and cancellation-prone on levels)."""
    import numpy as np

    def window_sum(a):  # type: ignore[no-untyped-def]
        c = np.cumsum(a, axis=0)
        out = np.full_like(c, np.nan)
        out[window - 1] = c[window - 1]
        out[window:] = c[window:] - c[:-window]
        return out

    xx = x[:, None]
    sx, sy = window_sum(np.broadcast_to(xx, ys.shape)), window_sum(ys)
    sxx, syy, sxy = window_sum(np.broadcast_to(xx * xx, ys.shape)), window_sum(ys * ys), \
        window_sum(xx * ys)
    n = window
    cov = sxy - sx * sy / n
    return cov / np.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n))


def bench_rolling() -> list[tuple[str, float, str]]:
    import numpy as np
    import pandas as pd
    import polars as pl

    from comove.kernels.rolling import rolling_corr

    rng = np.random.default_rng(0)
    t_len, n, window = 2520, 500, 60
    x = rng.standard_normal(t_len) * 0.01
    ys = 0.3 * x[:, None] + rng.standard_normal((t_len, n)) * 0.01
    rolling_corr(x, ys[:, :2], window)  # compile or load the cached kernel outside the timing

    def best(fn, repeat=5):  # type: ignore[no-untyped-def]
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - start)
        return min(times), out

    ours_t, ours = best(lambda: rolling_corr(x, ys, window))
    frame, series = pd.DataFrame(ys), pd.Series(x)
    pandas_t, ref = best(lambda: frame.rolling(window).corr(series).to_numpy(), repeat=3)
    polars_frame = pl.DataFrame({"x": x, **{f"c{i}": ys[:, i] for i in range(n)}})
    exprs = [pl.rolling_corr(pl.col("x"), pl.col(f"c{i}"), window_size=window).alias(f"c{i}")
             for i in range(n)]
    polars_t, pol = best(lambda: polars_frame.select(exprs).to_numpy(), repeat=3)
    numpy_t, cums = best(lambda: numpy_cumsum_rolling_corr(x, ys, window), repeat=3)
    err = float(np.nanmax(np.abs(ours - ref)))
    err_pl = float(np.nanmax(np.abs(pol - ref)))
    err_np = float(np.nanmax(np.abs(cums - ref)))
    return [
        (f"comove rolling corr, 1 vs {n} series, {t_len} days, window {window}", ours_t,
         f"max abs diff to pandas {err:.1e}"),
        ("pandas DataFrame.rolling().corr(Series)", pandas_t,
         f"comove is {pandas_t / ours_t:.1f}x faster"),
        ("polars rolling_corr, one expression per series", polars_t,
         f"comove is {polars_t / ours_t:.1f}x faster; max abs diff to pandas {err_pl:.1e}"),
        ("numpy cumulative sums (no NaN handling)", numpy_t,
         f"comove is {numpy_t / ours_t:.1f}x faster; max abs diff to pandas {err_np:.1e}"),
    ]


def bench_all_pairs() -> list[tuple[str, float, str]]:
    out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "all_pairs.py"),
                          str(DATA / "universe" / "sp500_members_close.csv")],
                         check=True, capture_output=True, text=True).stdout.split()
    seconds, peak_mb, pairs, days = float(out[0]), out[1], int(out[2]), int(out[3])
    return [(f"all-pairs rolling correlation, {pairs:,} pairs x {days:,} days, window 63",
             seconds, f"peak memory {peak_mb} MB (whole process); keeps the latest and mean "
                      "correlation of every pair")]


def bench_scan_and_brief() -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "s")
        subprocess.run([sys.executable, "-m", "comove", "--store", store, "data", "import",
                        *map(str, sorted(DATA.glob("*.csv"))),
                        str(DATA / "universe" / "sp500_members_close.csv")],
                       check=True, capture_output=True)
        scan = [sys.executable, "-m", "comove", "--store", store, "scan", "--universe",
                "class:stock", "--against", "BTC", "--periods",
                "2015-01-01:2019-12-31,2020-01-01:2024-12-06", "-o",
                str(Path(folder) / "scan.parquet")]
        local = wall(scan, repeat=1)
        dask = wall([*scan, "--executor", "dask"], repeat=1)
        brief = wall([sys.executable, "-m", "comove", "--store", store, "brief", "--claims",
                      str(REPO / "claims" / "source-claims.yaml"), "-o",
                      str(Path(folder) / "brief.html")], repeat=1)
    return [
        ("comove scan: 463 stocks against BTC, all metrics, two periods, end to end", local,
         "local executor, including start-up and reading the store"),
        ("the same scan with --executor dask (local cluster of 2 workers)", dask,
         f"{dask / local:.1f}x the local run on this 2-core machine (cluster start-up "
         "included)"),
        ("comove brief with the source claims, end to end", brief, "7 symbols, 26 claims"),
    ]


def main() -> None:
    if not DATA.exists():
        sys.exit(f"benchmarks need {DATA} (the shared data beside the repository)")
    sections = {"Start-up": bench_help(), "Import": bench_import(),
                "Rolling correlation": bench_rolling(), "All pairs": bench_all_pairs(),
                "Bootstrap": bench_bootstrap(), "Event study": bench_event_study(),
                "Scan and brief": bench_scan_and_brief()}
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
