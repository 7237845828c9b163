"""Timing helpers shared by the benchmarks: interleaved repeats, medians, subprocess wall time
and peak memory, and a description of the machine.

Every comparison is measured in the same run, its cases interleaved (A B C A B C ...) so
that a burst of load from other processes hits all of them alike, and reported as medians.
"""

from __future__ import annotations

import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One line of a results table."""

    what: str
    seconds: float | None
    threads: str
    note: str


def interleaved(cases: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each case, the cases run in turn ``repeat`` times."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, fn in cases.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def run_quiet(command: Sequence[str], env: dict[str, str] | None = None,
              timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command, failing loudly (with its stderr) if it fails."""
    done = subprocess.run(list(command), capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return done


def interleaved_commands(commands: Mapping[str, Sequence[str]], repeat: int,
                         env: dict[str, str] | None = None) -> dict[str, float]:
    """Median wall seconds of each whole command (a new process each time), interleaved."""

    def runner(command: Sequence[str]) -> Callable[[], object]:
        return lambda: run_quiet(command, env)

    return interleaved({name: runner(cmd) for name, cmd in commands.items()}, repeat)


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed_peak(command: Sequence[str], timeout: float,
               env: dict[str, str] | None = None) -> tuple[float, float, bool]:
    """Wall seconds and peak RSS (MB) of one command; the third value is False if it was
    stopped at ``timeout`` (the peak is then the one reached so far)."""
    start = time.perf_counter()
    child = subprocess.Popen(list(command), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env)
    peak_kib, finished = 0, True
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            peak_kib = max(peak_kib, usage.ru_maxrss)  # KiB on Linux
            break
        peak_kib = max(peak_kib, _hwm_kib(child.pid))
        if time.perf_counter() - start > timeout:
            finished = False
            child.send_signal(signal.SIGKILL)
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if finished and child.returncode != 0:
        err = child.stderr.read().decode() if child.stderr else ""
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{err}")
    return seconds, peak_kib / 1024, finished


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """CPU model, cores, memory, Python and the libraries whose speed is compared."""
    import numba
    import numpy
    import pandas

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages * size / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        memory = "RAM unknown"
    return (f"{cpu_model()} ({platform.machine()}), {cores} cores usable "
            f"({os.cpu_count()} online), {memory}; Python {platform.python_version()} on "
            f"{platform.system()} {platform.release()}; numpy {numpy.__version__}, "
            f"numba {numba.__version__} ({numba.get_num_threads()} threads by "
            f"default), pandas {pandas.__version__}")


def load() -> str:
    """Load averages: how busy the machine was (other processes make timings noisy)."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def python() -> str:
    return sys.executable
