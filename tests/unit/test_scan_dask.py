"""The scan on Dask: identical to the local run, one driver and one store connection per
scan, Dask never imported by the caller, a bounded number of chunks in flight, glibc
settings in the workers, errors that cross from the driver, and one line naming the install
command when Dask is missing."""

from __future__ import annotations

import os
import sys

import numpy as np
import pandas as pd
import pytest

import comove
from comove.errors import UsageError
from comove.scan.allocator import MALLOC_ENV
from comove.scan.options import ScanOptions
from tests.conftest import run_cli
from tests.unit.test_scan_api import ARGS, build_store


@pytest.fixture(scope="module")
def scan_folder(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("scandask"))


def test_missing_dask_fails_in_one_line_naming_the_extra(scan_folder, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(UsageError) as info:
        comove.open(scan_folder / "store").scan("class:stock", executor="dask")
    assert info.value.param == "executor"
    assert "pip install 'comove[dask]'" in str(info.value)
    run = run_cli("--store", scan_folder / "store", "scan", "--universe", "class:stock",
                  "--executor", "dask")
    assert run.code == 2 and run.out == ""
    assert run.err == ("comove: error: --executor 'dask' needs the optional Dask packages "
                       "(install them: pip install 'comove[dask]')\n")


def test_local_cluster_run_is_identical_with_one_driver_and_one_connection(
        scan_folder, monkeypatch):
    import duckdb

    from comove.scan import dask_driver

    drivers, opened = [], []
    real_driver, real_connect = dask_driver.DaskDriver, duckdb.connect

    class Recorded(real_driver):  # type: ignore[misc,valid-type]
        def start(self) -> None:
            drivers.append(self)
            super().start()

    def connect(database=":memory:", *args, **kwargs):
        if str(database) != ":memory:":
            opened.append(database)
        return real_connect(database, *args, **kwargs)

    market = comove.open(scan_folder / "store")
    local = market.scan("class:stock", against=("BTC", "ETH"), chunk_size=5, **ARGS)
    monkeypatch.setattr(dask_driver, "DaskDriver", Recorded)
    monkeypatch.setattr(duckdb, "connect", connect)
    before = {name: os.environ.get(name) for name in MALLOC_ENV}
    remote = market.scan("class:stock", against=("BTC", "ETH"), chunk_size=3,
                         executor="dask", workers=2, **ARGS)
    pd.testing.assert_frame_equal(local.to_frame(), remote.to_frame(), check_exact=True)
    assert local.summary() == remote.summary()
    assert len(drivers) == 1 and len(opened) == 1
    assert drivers[0].threads == 2 and len(drivers[0].worker_pids) == 2
    assert drivers[0].process.exitcode == 0
    assert not any(_alive(pid) for pid in drivers[0].worker_pids)
    assert {name: os.environ.get(name) for name in MALLOC_ENV} == before


def test_the_calling_process_never_imports_dask(scan_folder, tmp_path):
    """Dask is imported by the scan's driver process, not by the process that scans."""
    import subprocess

    script = tmp_path / "scan_script.py"
    script.write_text("import sys, comove\n"
                      "if __name__ == '__main__':\n"
                      f"    r = comove.open({str(scan_folder / 'store')!r}).scan("
                      "'class:stock', executor='dask', workers=1, window=100)\n"
                      "    print(len(r.to_frame()), sorted({'dask', 'distributed'} & "
                      "set(sys.modules)))\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(" ", 1)[1] == "[]\n"
    assert int(done.stdout.split(" ", 1)[0]) > 0


def _start_environment() -> dict[str, str | None]:
    """The MALLOC_ variables a process was started with (what glibc reads), on Linux."""
    with open("/proc/self/environ", "rb") as f:
        pairs = dict(item.decode().split("=", 1) for item in f.read().split(b"\0") if item)
    return {name: pairs.get(name) for name in MALLOC_ENV}


@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="needs Linux /proc")
def test_workers_start_with_the_malloc_settings(monkeypatch):
    from comove.scan.dask_driver import DaskDriver

    # An earlier cluster of this process leaves distributed's own value in os.environ.
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    with DaskDriver(ScanOptions(executor="dask", workers=1).checked()) as driver:
        seen = driver.run_on_workers(_start_environment)
    assert list(seen.values()) == [MALLOC_ENV]
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"


class _InlineDriver:
    """A driver that runs each chunk here, first in first out, and counts what is in flight."""

    def __init__(self) -> None:
        self.queue: list[tuple[object, object]] = []

    def ready(self) -> int:
        return 1

    def submit(self, spec, chunk) -> None:
        self.queue.append((spec, chunk))

    def next_result(self):
        from comove.scan.metrics import chunk_metrics

        spec, chunk = self.queue.pop(0)
        return chunk.chunk_index, chunk_metrics(spec, chunk)


def test_chunks_are_made_only_when_there_is_room(scan_folder):
    from comove.scan.chunks import plan_scan, read_chunks
    from comove.scan.executors import run_dask
    from comove.scan.metrics import ScanSpec
    from comove.store import Store

    store = Store(scan_folder / "store")
    names = [f"S{k:02d}" for k in range(12)]
    made = []
    received: list[int] = []
    driver = _InlineDriver()
    with store.session():
        plan = plan_scan(store, names, ("BTC",), None, None, None)

        def chunks():
            for chunk in read_chunks(store, plan, 1, None, None):
                made.append(chunk.chunk_index)
                yield chunk

        options = ScanOptions(executor="dask", in_flight=3).checked()
        spec = ScanSpec(("corr",), 100)
        for index, tables in run_dask(spec, chunks(), options, driver):  # type: ignore[arg-type]
            assert len(made) - len(received) <= 3
            assert len(driver.queue) <= 2  # the one just collected is no longer in flight
            received.append(index)
            assert list(tables[0]["symbol"]) == [names[index]]
    assert received == list(range(12)) and made == list(range(12))


def test_a_bad_universe_stops_the_driver_started_for_it(scan_folder, monkeypatch):
    from comove.errors import EmptyRangeError
    from comove.scan import dask_driver

    drivers = []
    real_driver = dask_driver.DaskDriver

    class Recorded(real_driver):  # type: ignore[misc,valid-type]
        def start(self) -> None:
            drivers.append(self)
            super().start()

    monkeypatch.setattr(dask_driver, "DaskDriver", Recorded)
    with pytest.raises(EmptyRangeError, match="none of the 1 universe symbols is stored"):
        comove.open(scan_folder / "store").scan(["NOPE"], executor="dask", workers=1)
    assert len(drivers) == 1 and drivers[0].process.exitcode == 0
    assert len(drivers[0].worker_pids) == 1  # its cluster had started: it was told to stop
    assert not any(_alive(pid) for pid in drivers[0].worker_pids)


@pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL: POSIX")
def test_a_driver_killed_mid_scan_is_reported_in_one_line_and_its_workers_end():
    import signal
    import time

    from comove.errors import ComoveError
    from comove.scan.dask_driver import DaskDriver
    from comove.scan.metrics import ChunkInput, ScanSpec

    options = ScanOptions(executor="dask", workers=1).checked()
    chunk = ChunkInput(["A"], np.arange(3, dtype=np.int64), np.ones((3, 1)), (), 0)
    for step in ("next", "submit"):  # found on its next read, and on its next write
        with (pytest.raises(ComoveError, match=r"driver process was killed \(signal 9\)")
              as info, DaskDriver(options) as driver):
            driver.ready()
            os.kill(driver.process.pid, signal.SIGKILL)
            time.sleep(0.5)  # its workers have let go of the pipe by now
            if step == "next":
                driver.next_result()
            else:
                driver.submit(ScanSpec(("corr",), 2), chunk)
        assert "lower --workers or --chunk-size" in str(info.value)
        assert not any(_alive(pid) for pid in driver.worker_pids)


def test_an_error_in_a_chunk_reaches_the_caller_and_one_that_cannot_cross_is_named():
    import threading

    from comove.scan.dask_driver import DaskDriver
    from comove.scan.driver_process import _portable
    from comove.scan.metrics import ChunkInput, ScanSpec

    broken = ChunkInput(["A"], np.arange(3, dtype=np.int64), "not an array", (), 0)
    with DaskDriver(ScanOptions(executor="dask", workers=1).checked()) as driver:
        driver.ready()
        driver.submit(ScanSpec(("corr",), 2), broken)
        with pytest.raises(TypeError, match="ufunc 'log' not supported"):
            driver.next_result()

    class UnpicklableError(Exception):
        def __init__(self) -> None:
            super().__init__("held a lock")
            self.lock = threading.Lock()

    crossed = _portable(UnpicklableError())
    assert type(crossed) is RuntimeError and str(crossed) == "UnpicklableError: held a lock"
    assert isinstance(_portable(UsageError("bad", "fix")), UsageError)


def _kernels_loaded() -> bool:
    return "comove.kernels.correlation_t" in sys.modules and "comove.scan.metrics" in sys.modules


def _signatures() -> set[str]:
    """Every signature numba has machine code for in this process (none without numba)."""
    if "numba" not in sys.modules:
        return set()
    import gc

    from numba.core.registry import CPUDispatcher

    return {f"{d.py_func.__module__}.{d.py_func.__name__}{sig}" for d in gc.get_objects()
            if isinstance(d, CPUDispatcher) for sig in d.signatures}


def _signatures_a_real_chunk_adds() -> list[str]:
    """What a chunk shaped like a real scan's (hundreds of rows, two periods, the default
    1,000 resamples, assets with gaps) makes numba load or compile in this process."""
    import numpy as np

    from comove.scan.metrics import METRICS, ChunkInput, Reference, ScanSpec, chunk_metrics

    before = _signatures()
    rows, rng = 400, np.random.default_rng(7)
    days = np.arange(17000, 17000 + rows, dtype=np.int64)
    prices = np.exp(np.cumsum(rng.normal(0.0, 0.02, (rows, 5)), axis=0))
    prices[:50, 1] = np.nan
    prices[200:210, 3] = np.nan
    reference = Reference("REF", prices[:, 4].copy(), days[::5].copy())
    spec = ScanSpec(METRICS, window=100, periods=((0, 199), (199, 399)))
    chunk_metrics(spec, ChunkInput(list("ABCD"), days, prices[:, :4].copy(), (reference,), 0))
    return sorted(_signatures() - before)


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie, ended but not yet reaped by its parent, does not:
    a worker whose driver was killed is reaped by init)."""
    import time

    for _ in range(50):  # SIGKILL is delivered at once; the state changes soon after
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        except OSError:  # no /proc: ask the kernel
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            return True
        if state in ("Z", "X"):
            return False
        time.sleep(0.02)
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="fork server and SIGKILL: POSIX")
def test_local_workers_start_warm_and_are_gone_when_the_scan_ends():
    from comove.scan.dask_driver import DaskDriver

    with DaskDriver(ScanOptions(executor="dask", workers=2).checked()) as driver:
        warm = driver.run_on_workers(_kernels_loaded)  # before any task: the fork server's
        added = driver.run_on_workers(_signatures_a_real_chunk_adds)
        pids = sorted(driver.run_on_workers(os.getpid).values())
    assert list(warm.values()) == [True, True]
    assert list(added.values()) == [[], []]  # the fork server loaded every signature
    assert pids == sorted(driver.worker_pids) and len(pids) == 2
    assert not any(_alive(pid) for pid in pids)


def test_warm_up_runs_every_metric_on_a_small_chunk():
    from comove.scan.warm import warm_up

    warm_up()  # raises if a metric's signature or the chunk layout changes


def test_warming_runs_the_warm_up_on_a_thread_done_by_the_end_of_the_block(monkeypatch):
    import threading
    import time

    from comove.scan import warm

    seen: list[tuple[str, str]] = []
    release = threading.Event()

    def slow() -> None:
        seen.append(("start", threading.current_thread().name))
        release.wait(10)
        time.sleep(0.05)
        seen.append(("end", threading.current_thread().name))

    monkeypatch.setattr(warm, "warm_up", slow)
    with warm.warming():
        release.set()
    assert seen == [("start", "comove-warm-up"), ("end", "comove-warm-up")]

    def broken() -> None:
        raise RuntimeError("no numba here")

    monkeypatch.setattr(warm, "warm_up", broken)
    with warm.warming():  # the first chunk reports such an error itself
        pass


@pytest.mark.skipif(sys.platform != "linux", reason="fork server: POSIX")
@pytest.mark.parametrize("scheduler", [None, "tcp://127.0.0.1:1"])
def test_a_script_without_a_main_guard_gets_the_fix_not_a_page(scan_folder, tmp_path,
                                                                 scheduler):
    """The driver imports the main script, with a scheduler address or without; a script
    that scans at its top level would start a scan again. It says what to do, in one line."""
    import subprocess

    script = tmp_path / "scan_script.py"
    script.write_text("import sys, comove\n"
                      f"comove.open({str(scan_folder / 'store')!r}).scan('class:stock', "
                      f"executor='dask', workers=1, window=100, scheduler={scheduler!r})\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode != 0
    assert "comove.errors.UsageError: a Dask scan was started while one of its processes " \
           "imported the main script" in done.stderr
    assert "put the code that scans under if __name__ == '__main__':" in done.stderr
    assert "An attempt has been made to start a new process" not in done.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="fork server: POSIX")
def test_a_fork_server_that_cannot_load_dask_is_one_line(scan_folder, tmp_path):
    """A broken Dask configuration stops the fork server in its preload: the scan says so
    in one line (below the server's own traceback), not as an internal error."""
    config = tmp_path / "dask"
    config.mkdir()
    (config / "broken.yaml").write_text("distributed: [unclosed\n", encoding="utf-8")
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "comove", "--store", str(scan_folder / "store"), "scan",
         "--universe", "class:stock", "--executor", "dask", "--workers", "1", "--window",
         "100"], capture_output=True, text=True, timeout=120,
        env={**os.environ, "DASK_CONFIG": str(config)})
    assert done.returncode == 1, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("comove: error: the Dask fork server stopped before it started "
                           "the scan's driver"), done.stderr
    assert "check the Dask configuration" in last and "internal error" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="needs Linux /proc")
def test_a_spawned_driver_still_gives_its_workers_the_malloc_settings(monkeypatch):
    """Without comove's fork server (the user started one first, or on Python's own
    default) the driver is spawned; its workers still start with the glibc settings."""
    from comove.scan import warm
    from comove.scan.dask_driver import DaskDriver

    monkeypatch.setattr(warm, "start_fork_server", lambda: False)
    with DaskDriver(ScanOptions(executor="dask", workers=1).checked()) as driver:
        seen = driver.run_on_workers(_start_environment)
    assert list(seen.values()) == [MALLOC_ENV]


def test_the_fork_server_skips_its_interpreter_teardown():
    """The server holds the caller's stdout and stderr: a pipeline reading comove's output
    would wait for its teardown. Its preload makes it leave at once (an exit handler
    registered before the preload, so run after it, never runs); any other process that
    imports the preload keeps its teardown and its exit code."""
    import subprocess

    from comove.scan.warm import FORK_SERVER_MARK

    code = ("import atexit, sys; atexit.register(print, 'teardown ran'); "
            "import comove.scan.worker_preload; print('preloaded'); sys.exit(3)")
    server = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env={**os.environ, FORK_SERVER_MARK: "1"})
    assert server.stdout == "preloaded\n", server.stderr
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=120, env={k: v for k, v in os.environ.items()
                                             if k != FORK_SERVER_MARK})
    assert other.returncode == 3 and other.stdout == "preloaded\nteardown ran\n"


@pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL: POSIX")
def test_an_interrupt_mid_message_ends_the_driver_at_once():
    """A pipe left mid-message (Ctrl-C in a notebook during a send) cannot carry "stop":
    the driver and its workers are killed instead of waited for."""
    from comove.scan.dask_driver import DaskDriver

    driver = DaskDriver(ScanOptions(executor="dask", workers=1).checked())
    driver.start()
    driver.ready()
    real_send = driver._conn.send

    def interrupted(message):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    driver._conn.send = interrupted  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        driver.next_result()
    driver._conn.send = real_send  # type: ignore[method-assign]
    driver.close()
    assert driver.process.exitcode == -9
    assert not any(_alive(pid) for pid in driver.worker_pids)
