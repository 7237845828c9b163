"""comove benchmarks: each timing beside the obvious alternative, measured in the same run.

Run with ``./scripts/bench`` (about 10 minutes on 2 cores); results are printed and written
to benchmarks/RESULTS.md. Every ratio compares cases measured in this run, interleaved, as
medians; the threads column says how many threads each side used. Timings taken while other
processes use the CPU are noisy: the load averages at the start and the end are recorded.

``python benchmarks/run.py [--only SECTION ...] [--wide-timeout SECONDS]
[--skip-scan-scaling]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

import cli_bench  # noqa: E402  (modules beside this script: its folder is on sys.path)
from cli_bench import DATA, Store, shared_files  # noqa: E402
from harness import Row, load, machine, run_quiet  # noqa: E402


def kernels(what: str) -> list[Row]:
    out = run_quiet([sys.executable, str(HERE / "kernels_bench.py"), what]).stdout
    return [Row(**row) for row in json.loads(out)]


def peak_memory() -> list[Row]:
    rows = []
    for order, name in (("C", "row-ordered"), ("F", "column-ordered")):
        out = json.loads(run_quiet([sys.executable, str(HERE / "kernels_bench.py"), "peak",
                                    order]).stdout)
        rows.append(Row(
            f"comove rolling corr, 1 vs 10,000 series, 20,000 days, window 252, {name} input",
            out["first"], "default (numba)",
            f"peak memory {out['ratio']:.3f}x the input ({out['input_mb']:,.0f} MB; growth of "
            "peak RSS in a fresh process, output included; target at most 2x); first call, "
            f"the OS mapping the output's pages; a second call takes {out['second']:.3f} s, "
            f"{out['second'] / out['floor']:.1f}x the floor ({out['floor']:.3f} s)"))
    return rows


def import_api() -> list[Row]:
    import pandas as pd

    from comove.ingest import import_files
    from comove.store import Store as ComoveStore

    paths = [Path(p) for p in shared_files()]
    timings = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            result = import_files(ComoveStore(Path(folder) / "s"), paths)
            timings.append(time.perf_counter() - start)
    ours = statistics.median(timings)
    rows = result.write.rows_new if result.write else 0
    start = time.perf_counter()
    for path in paths:
        pd.read_csv(path)
    plain = time.perf_counter() - start
    return [
        Row("import all of shared/data into an empty store", ours, "default",
            f"{rows:,} rows, validated, one transaction; median of 3"),
        Row("pandas.read_csv of the same files (no checks, no store)", plain, "1",
            f"comove import is {ours / plain:.1f}x a bare read"),
    ]


def all_pairs() -> list[Row]:
    out = run_quiet([sys.executable, str(HERE / "all_pairs.py"),
                     str(DATA / "universe" / "sp500_members_close.csv")]).stdout.split()
    seconds, peak_mb, pairs, days = float(out[0]), out[1], int(out[2]), int(out[3])
    return [Row(f"all-pairs rolling correlation, {pairs:,} pairs x {days:,} days, window 63",
                seconds, "default (numba)",
                f"peak memory {peak_mb} MB (whole process); keeps the latest and mean "
                "correlation of every pair")]


def scan_scaling() -> list[Row]:
    """benchmarks/scan_scaling.py: scans of growing universes, local and Dask, and the
    extrapolation to 50,000 assets."""
    out = json.loads(run_quiet([sys.executable, str(HERE / "scan_scaling.py")],
                               timeout=900).stdout)
    rows = []
    for run in out["runs"]:
        kind = "real S&P 500" if run["assets"] == 463 else "synthetic"
        workers = run["worker_mb"]
        runs = " and ".join(f"{t:.1f}" for t in run["all_seconds"])
        memory = f"fastest of {runs} s; peak RSS {run['client_mb']:,.0f} MB (command)"
        if workers:
            memory += f", workers {' + '.join(f'{w:,.0f}' for w in workers)} MB"
        if run["server_mb"]:
            memory += (f", the driver {run.get('driver_mb', 0):,.0f} MB and the fork server "
                       f"{run['server_mb']:,.0f} MB they are forked from (shared pages)")
        rows.append(Row(f"scan, {run['assets']:,} assets ({kind}), {run['executor']}",
                        run["seconds"], "2 threads" if run["executor"] == "local"
                        else "2 worker processes", memory))
    for executor, fit in out["fits"].items():
        rows.append(Row(
            f"scan, 50,000 assets, {executor}: extrapolated", fit["seconds"],
            "2 threads" if executor == "local" else "2 worker processes",
            f"linear least-squares fit over the synthetic sizes: {fit['seconds_intercept']:.1f}"
            f" s + {fit['seconds_per_1000']:.2f} s per 1,000 assets; command peak RSS "
            f"{fit['client_mb']:,.0f} MB ({fit['client_mb_intercept']:,.0f} + "
            f"{fit['client_mb_per_1000']:,.1f} MB per 1,000)"
            + (f", each worker {fit['worker_mb']:,.0f} MB "
               f"({fit['worker_mb_intercept']:,.0f} + {fit['worker_mb_per_1000']:,.1f} MB per "
               "1,000)" if executor == "dask" else "")))
    rows.append(Row(
        "assumptions of the extrapolation", None, "-",
        f"{out['days']:,} days of history per asset (as the real closes), one reference, "
        "chunks of 50, 2 cores, the store on local disk; time and memory linear in the "
        "assets (chunks are independent; memory is bounded by the chunk size, and what "
        "grows is the universe's names and the result rows); building the store took "
        f"{out['store_seconds']:.0f} s (not in the table)"))
    return rows


def cli(store_sections: list[str]) -> dict[str, list[Row]]:
    """The sections that need a store imported from ../shared/data (one import for all)."""
    out: dict[str, list[Row]] = {}
    with Store() as store:
        jobs: dict[str, Callable[[Store], list[Row]]] = {
            "Whole commands": cli_bench.whole_commands, "Event study": cli_bench.event_study,
            "Brief": cli_bench.brief_warm, "Scan": cli_bench.scan}
        for title, job in jobs.items():
            if title in store_sections:
                out[title] = job(store)
    return out


def _guarded(job, many=None):  # type: ignore[no-untyped-def]
    """Run one section; a failure becomes a row saying so, and the other sections go on."""
    try:
        return job()
    except Exception as err:  # reported in the results, not hidden
        print(f"failed: {err}", file=sys.stderr)
        row = [Row("FAILED", None, "-", f"{type(err).__name__}: {str(err)[:300]}")]
        return {title: row for title in many} if many else row


SECTIONS = ["Import", "Rolling correlation", "Peak memory", "All pairs", "Bootstrap",
            "Whole commands", "Event study", "Brief", "Scan", "Scan scaling", "Wide import"]
STORE_SECTIONS = ["Whole commands", "Event study", "Brief", "Scan"]


def render(sections: dict[str, list[Row]], described: str, started: str, load_start: str,
           minutes: float) -> str:
    lines = ["# Benchmark results", "", f"Machine: {described}", "",
             f"Run: {started}, {minutes:.1f} min; load average at the start {load_start}, at "
             f"the end {load()}. Other processes sharing the CPU slow every case; the "
             "ratios are between cases interleaved in the same run, medians of the repeats.",
             ""]
    for title, rows in sections.items():
        lines += [f"## {title}", "", "| what | seconds | threads | note |", "|---|---:|---|---|"]
        for row in rows:
            seconds = "-" if row.seconds is None else (
                f"{row.seconds:.4f}" if row.seconds < 0.1 else f"{row.seconds:.3f}")
            lines.append(f"| {row.what} | {seconds} | {row.threads} | {row.note} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="comove benchmarks")
    parser.add_argument("--only", nargs="*", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--wide-timeout", type=float, default=240.0,
                        help="stop the wide import after this many seconds")
    parser.add_argument("--skip-scan-scaling", action="store_true",
                        help="leave out the scan scaling section (about 5 minutes)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    wanted = [t for t in args.only or SECTIONS
              if not (args.skip_scan_scaling and t == "Scan scaling")]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    described = machine()
    load_start, t0 = load(), time.perf_counter()
    have_data = DATA.exists()
    if not have_data:
        print(f"skipping the sections that need {DATA} (the shared data beside the "
              "repository): Import, All pairs, Whole commands, Event study, Brief, Scan, "
              "Scan scaling",
              file=sys.stderr)
    jobs: dict[str, Callable[[], list[Row]]] = {
        "Import": import_api, "Rolling correlation": lambda: kernels("rolling"),
        "Peak memory": peak_memory, "All pairs": all_pairs,
        "Bootstrap": lambda: kernels("bootstrap"), "Scan scaling": scan_scaling,
        "Wide import": lambda: cli_bench.wide_import(timeout=args.wide_timeout)}
    sections: dict[str, list[Row]] = {}
    for title in SECTIONS:
        if title not in wanted or title in STORE_SECTIONS:
            continue
        if title in ("Import", "All pairs", "Scan scaling") and not have_data:
            continue
        print(f"{title} ...", file=sys.stderr, flush=True)
        sections[title] = _guarded(jobs[title])
    store_wanted = [t for t in STORE_SECTIONS if t in wanted]
    if store_wanted and have_data:
        print(f"{', '.join(store_wanted)} ...", file=sys.stderr, flush=True)
        sections.update(_guarded(lambda: cli(store_wanted), many=store_wanted))
    sections = {t: sections[t] for t in SECTIONS if t in sections}
    text = render(sections, described, started, load_start, (time.perf_counter() - t0) / 60)
    print(text)
    args.output.write_text(text)


if __name__ == "__main__":
    try:
        main()
    except subprocess.TimeoutExpired as err:
        sys.exit(f"benchmark timed out: {err}")
