"""How a universe scan grows with the universe: wall time and peak memory of ``comove scan``
at the real S&P 500 universe (463 stocks) and at 500, 2,000 and 5,000 synthetic assets, on
the local executor and on a local Dask cluster, with an extrapolation to 50,000 assets.

``python -P benchmarks/scan_scaling.py [--sizes 500,2000,5000] [--days 3760]`` prints the
rows as JSON (for run.py). One store is built in a temporary folder: ../shared/data's BTC
and S&P 500 closes, and a seeded synthetic wide file (benchmarks/synthetic_wide.py, as many
days as the real closes, 2010-2024) imported with ``comove data import``. Every scan is the
README's: against BTC, all metrics, two periods, default chunks and workers, run twice,
interleaved (local, Dask, local, Dask), the faster run kept: on a shared machine the other
processes only ever slow a run down. Memory is polled every 20 ms from
/proc: the peak RSS (VmHWM) of the command's process and of each Dask worker process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
PERIODS = "2015-01-01:2019-12-31,2020-01-01:2024-12-06"
TARGET = 50_000


@dataclass(frozen=True)
class Measured:
    """One scan: wall seconds, the command's peak RSS and its Dask workers' peaks (MB),
    and those of the fork server and of the driver forked from it (0 if none)."""

    assets: int
    executor: str
    seconds: float  # the fastest of the repeats: the least disturbed by other processes
    all_seconds: list[float]
    client_mb: float
    worker_mb: list[float]
    server_mb: float
    driver_mb: float


def comove() -> list[str]:
    script = Path(sys.executable).parent / "comove"
    return [str(script)] if script.exists() else [sys.executable, "-m", "comove"]


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in lines if ":" in line)


def _kib(status: dict[str, str], field: str) -> int:
    value = status.get(field, "0 kB").split()
    return int(value[0]) if value else 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            out += [int(p) for p in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return out


def _kind(pid: int, depth: int) -> str | None:
    """What a process under the command is, by its depth below it: "server" (the fork
    server, a child of the command), "driver" (the scan's Dask client, forked from the
    server), "worker" (forked from the driver, or spawned), or None (anything else, such as
    the resource tracker)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    if b"spawn_main" in cmdline:
        return "worker"
    if b"forkserver" in cmdline:  # a forked process keeps its server's command line
        return ("server", "driver")[depth] if depth < 2 else "worker"
    return None


def timed_tree(command: list[str], timeout: float = 600.0
               ) -> tuple[float, float, list[float], float, float]:
    """Wall seconds, peak RSS (MB) of the command, of each of its worker processes, of
    their fork server and of the driver (pages are shared with the processes forked)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    server = driver = 0
    own = 0
    while child.poll() is None:
        own = max(own, _kib(_status(child.pid), "VmHWM"))
        stack = [(pid, 0) for pid in _children(child.pid)]
        while stack:
            pid, depth = stack.pop()
            stack += [(p, depth + 1) for p in _children(pid)]
            kind = _kind(pid, depth)
            if kind == "worker":
                peaks[pid] = max(peaks.get(pid, 0), _kib(_status(pid), "VmHWM"))
            elif kind == "server":
                server = max(server, _kib(_status(pid), "VmHWM"))
            elif kind == "driver":
                driver = max(driver, _kib(_status(pid), "VmHWM"))
        if time.perf_counter() - start > timeout:
            child.kill()
            raise RuntimeError(f"{' '.join(command)} took more than {timeout:.0f} s")
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        err = child.stderr.read().decode() if child.stderr else ""
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{err}")
    return (seconds, own / 1024, sorted((p / 1024 for p in peaks.values()), reverse=True),
            server / 1024, driver / 1024)


def build_store(folder: Path, assets: int, days: int) -> tuple[str, float]:
    """A store with BTC, the S&P 500 closes and ``assets`` synthetic ones; its path and
    the seconds taken (generating and importing)."""
    sys.path.insert(0, str(HERE))
    from synthetic_wide import generate

    start = time.perf_counter()
    wide = folder / "synthetic.csv"
    generate(wide, assets, days)
    store = str(folder / "store")
    subprocess.run([*comove(), "--store", store, "data", "import", str(DATA / "btc.csv"),
                    str(DATA / "universe" / "sp500_members_close.csv"), str(wide)],
                   check=True, capture_output=True)
    wide.unlink()
    return store, time.perf_counter() - start


def scan_command(store: str, universe: str, out: Path, executor: str) -> list[str]:
    return [*comove(), "--store", store, "scan", "--universe", universe, "--against", "BTC",
            "--periods", PERIODS, "--executor", executor, "-o", str(out)]


def measure(sizes: list[int], days: int, repeat: int) -> tuple[list[Measured], float]:
    runs: list[Measured] = []
    with tempfile.TemporaryDirectory(prefix="comove-scan-scaling-") as name:
        folder = Path(name)
        store, built = build_store(folder, max(sizes), days)
        universes = {463: str(DATA / "universe" / "sp500_constituents.csv")}
        for n in sizes:
            path = folder / f"universe_{n}.txt"
            path.write_text("\n".join(f"S{j:05d}" for j in range(n)) + "\n")
            universes[n] = str(path)
        for n, universe in universes.items():
            seen: dict[str, list[tuple[float, float, list[float], float, float]]] = {}
            for _ in range(repeat):  # interleaved: local, dask, local, dask...
                for executor in ("local", "dask"):
                    seen.setdefault(executor, []).append(timed_tree(
                        scan_command(store, universe, folder / "scan.parquet", executor)))
            for executor, tries in seen.items():
                times = [t[0] for t in tries]
                workers = max((t[2] for t in tries), key=lambda w: max(w, default=0.0))
                runs.append(Measured(n, executor, min(times), times,
                                     max(t[1] for t in tries), workers,
                                     max(t[3] for t in tries), max(t[4] for t in tries)))
    return runs, built


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares intercept and slope."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs)
    return my - slope * mx, slope


def extrapolate(runs: list[Measured], executor: str) -> dict[str, float]:
    """Linear fits over the synthetic sizes (same history length and gaps) of wall time,
    the command's peak RSS and the largest worker's peak RSS, evaluated at ``TARGET``."""
    synthetic = [r for r in runs if r.executor == executor and r.assets != 463]
    xs = [float(r.assets) for r in synthetic]
    out: dict[str, float] = {}
    for key, ys in (("seconds", [r.seconds for r in synthetic]),
                    ("client_mb", [r.client_mb for r in synthetic]),
                    ("worker_mb", [max(r.worker_mb, default=0.0) for r in synthetic])):
        a, b = _fit(xs, ys)
        out[f"{key}_intercept"], out[f"{key}_per_1000"] = a, 1000 * b
        out[key] = a + b * TARGET
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000",
                        help="synthetic universe sizes, comma-separated")
    parser.add_argument("--days", type=int, default=3760, help="synthetic history length")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each scan")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    runs, built = measure(sizes, args.days, args.repeat)
    fits = {e: extrapolate(runs, e) for e in ("local", "dask")}
    print(json.dumps({"runs": [asdict(r) for r in runs], "fits": fits, "days": args.days,
                      "store_seconds": built, "cores": len(os.sched_getaffinity(0))}))


if __name__ == "__main__":
    main()
