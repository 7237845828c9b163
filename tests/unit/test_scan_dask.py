"""The scan on Dask: identical to the local run, one cluster and one store connection per
scan, a bounded number of chunks in flight, glibc settings in the workers, and one line
naming the install command when Dask is missing."""

from __future__ import annotations

import os
import sys

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


def test_local_cluster_run_is_identical_with_one_cluster_and_one_connection(
        scan_folder, monkeypatch):
    import distributed
    import duckdb

    clusters, opened = [], []
    real_cluster, real_connect = distributed.LocalCluster, duckdb.connect

    def cluster(*args, **kwargs):
        clusters.append(kwargs)
        return real_cluster(*args, **kwargs)

    def connect(database=":memory:", *args, **kwargs):
        if str(database) != ":memory:":
            opened.append(database)
        return real_connect(database, *args, **kwargs)

    market = comove.open(scan_folder / "store")
    local = market.scan("class:stock", against=("BTC", "ETH"), chunk_size=5, **ARGS)
    monkeypatch.setattr(distributed, "LocalCluster", cluster)
    monkeypatch.setattr(duckdb, "connect", connect)
    before = {name: os.environ.get(name) for name in MALLOC_ENV}
    remote = market.scan("class:stock", against=("BTC", "ETH"), chunk_size=3,
                         executor="dask", workers=2, **ARGS)
    pd.testing.assert_frame_equal(local.to_frame(), remote.to_frame(), check_exact=True)
    assert local.summary() == remote.summary()
    assert len(clusters) == 1 and len(opened) == 1
    assert {name: os.environ.get(name) for name in MALLOC_ENV} == before


def _start_environment() -> dict[str, str | None]:
    """The MALLOC_ variables a process was started with (what glibc reads), on Linux."""
    with open("/proc/self/environ", "rb") as f:
        pairs = dict(item.decode().split("=", 1) for item in f.read().split(b"\0") if item)
    return {name: pairs.get(name) for name in MALLOC_ENV}


@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="needs Linux /proc")
def test_workers_start_with_the_malloc_settings(monkeypatch):
    from comove.scan.executors import dask_client

    # An earlier cluster of this process leaves distributed's own value in os.environ.
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    with dask_client(ScanOptions(executor="dask", workers=1).checked()) as client:
        seen = client.run(_start_environment)
    assert list(seen.values()) == [MALLOC_ENV]
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"


def test_chunks_are_made_only_when_there_is_room(scan_folder):
    from distributed import Client, LocalCluster

    from comove.scan.chunks import plan_scan, read_chunks
    from comove.scan.executors import run_dask
    from comove.scan.metrics import ScanSpec
    from comove.store import Store

    store = Store(scan_folder / "store")
    names = [f"S{k:02d}" for k in range(12)]
    made = []
    received: list[int] = []
    with store.session(), LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                       dashboard_address=None) as cluster:
        plan = plan_scan(store, names, ("BTC",), None, None, None)

        def chunks():
            for chunk in read_chunks(store, plan, 1, None, None):
                made.append(chunk.chunk_index)
                yield chunk

        options = ScanOptions(executor="dask", scheduler=cluster.scheduler_address,
                              in_flight=3).checked()
        with Client(cluster) as client:
            spec = ScanSpec(("corr",), 100)
            for index, tables in run_dask(spec, chunks(), options, lambda: client):
                assert len(made) - len(received) <= 3
                received.append(index)
                assert list(tables[0]["symbol"]) == [names[index]]
    assert sorted(received) == list(range(12)) and made == list(range(12))


def test_a_bad_universe_closes_the_cluster_started_for_it(scan_folder, monkeypatch):
    import distributed
    from distributed.core import Status

    from comove.errors import EmptyRangeError

    clusters = []
    real_cluster = distributed.LocalCluster

    def cluster(*args, **kwargs):
        clusters.append(real_cluster(*args, **kwargs))
        return clusters[-1]

    monkeypatch.setattr(distributed, "LocalCluster", cluster)
    with pytest.raises(EmptyRangeError, match="none of the 1 universe symbols is stored"):
        comove.open(scan_folder / "store").scan(["NOPE"], executor="dask", workers=1)
    assert len(clusters) == 1 and clusters[0].status == Status.closed


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
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="fork server and SIGKILL: POSIX")
def test_local_workers_start_warm_and_are_gone_when_the_scan_ends():
    from comove.scan.executors import dask_client

    with dask_client(ScanOptions(executor="dask", workers=2).checked()) as client:
        warm = client.run(_kernels_loaded)  # before any task: loaded by the fork server
        added = client.run(_signatures_a_real_chunk_adds)
        pids = list(client.run(os.getpid).values())
    assert list(warm.values()) == [True, True]
    assert list(added.values()) == [[], []]  # the fork server loaded every signature
    assert len(pids) == 2 and not any(_alive(pid) for pid in pids)


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
def test_a_script_without_a_main_guard_gets_the_fix_not_a_page(scan_folder, tmp_path):
    """Each worker process imports the main script; one that scans at its top level would
    start a cluster again. The workers and the script each say what to do, in one line."""
    import subprocess

    script = tmp_path / "scan_script.py"
    script.write_text("import sys, comove\n"
                      f"comove.open({str(scan_folder / 'store')!r}).scan('class:stock', "
                      "executor='dask', workers=1, window=100)\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode != 0
    assert "comove.errors.UsageError: a Dask scan was started while a worker process " \
           "imported the main script" in done.stderr
    assert "put the code that scans under if __name__ == '__main__':" in done.stderr
