"""Kernel benchmarks: rolling correlation against its contenders and the memory floor, its
peak memory on a 20,000 x 10,000 panel, and the stationary bootstrap against arch.

Run by benchmarks/run.py in a subprocess of its own (polars reads its thread count when it
is imported, and the peak memory must be this process's alone); prints JSON.
``python benchmarks/kernels_bench.py [rolling|bootstrap|peak C|peak F]``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported
HERE = Path(__file__).resolve().parent

import contenders  # noqa: E402  (modules beside this script: its folder is on sys.path)
import numba  # noqa: E402
import numpy as np  # noqa: E402
from harness import Row, interleaved  # noqa: E402

from comove.kernels.rolling import rolling_corr  # noqa: E402

THREADS = numba.get_num_threads()


def bandwidth(megabytes: int = 400, repeat: int = 5) -> float:
    """Read bandwidth in bytes per second: ``sum`` over an array larger than any cache."""
    a = np.ones(megabytes * 1_000_000 // 8)
    a.sum()
    best = interleaved({"sum": a.sum}, repeat)["sum"]
    return a.nbytes / best


def _threads(n: int):  # type: ignore[no-untyped-def]
    def run(fn):  # type: ignore[no-untyped-def]
        def inner():  # type: ignore[no-untyped-def]
            numba.set_num_threads(n)
            try:
                return fn()
            finally:
                numba.set_num_threads(THREADS)
        return inner
    return run


def rolling_case(t_len: int, n: int, window: int, bw: float, repeat: int) -> list[Row]:
    rng = np.random.default_rng(0)
    x = rng.standard_normal(t_len) * 0.01
    ys = 0.3 * x[:, None] + rng.standard_normal((t_len, n)) * 0.01
    ys_f = np.asfortranarray(ys)
    rolling_corr(x[:50], ys[:50, :20], 10)  # compile or load the cached kernels outside the timing
    rolling_corr(x, ys_f[:, :20], 10)
    contenders.moving_sums_corr(x[:50], ys[:50, :3], 10)
    one, many = _threads(1), _threads(THREADS)
    cases = {
        "comove": many(lambda: rolling_corr(x, ys, window)),
        "comove1": one(lambda: rolling_corr(x, ys, window)),
        "comoveF": many(lambda: rolling_corr(x, ys_f, window)),
        "moving sums": lambda: contenders.moving_sums_corr(x, ys, window),
        "cumsum": lambda: contenders.cumsum_corr(x, ys, window),
        "polars": contenders.polars_corr(x, ys, window),
        "pandas": contenders.pandas_corr(x, ys, window),
    }
    med = interleaved(cases, repeat)
    ref = cases["pandas"]()
    err = {name: float(np.nanmax(np.abs(np.asarray(fn()) - ref))) for name, fn in cases.items()}
    floor = 2 * ys.nbytes / bw
    single = {k: med[k] for k in ("moving sums", "cumsum", "polars")}
    best = min(single, key=single.__getitem__)
    label = f"1 vs {n:,} series, {t_len:,} days, window {window}"
    names = {"moving sums": "bottleneck-style moving sums (numba move_sum + NumPy)",
             "cumsum": "NumPy cumulative sums (no NaN handling)",
             "polars": "polars rolling_corr, one expression per series",
             "pandas": "pandas DataFrame.rolling().corr(Series)"}
    rows = [
        Row(f"comove rolling corr, {label}", med["comove"], f"{THREADS} (numba)",
            f"{med['comove'] / floor:.1f}x the floor ({floor * 1e3:.2f} ms: input read once "
            f"and output written once at {bw / 1e9:.1f} GB/s; target within 5x); max abs "
            f"diff to pandas {err['comove']:.1e}"),
        Row("the same, one thread", med["comove1"], "1",
            f"{single[best] / med['comove1']:.2f}x the best single-threaded contender "
            f"({best}; target at least 2x); {med['comove1'] / floor:.1f}x the floor"),
        Row("the same, column-ordered input (as pandas hands it over)", med["comoveF"],
            f"{THREADS} (numba)", f"{med['comoveF'] / med['comove']:.2f}x row-ordered input"),
        Row("memory floor: read the input once, write the output once", floor, "-",
            f"{2 * ys.nbytes / 1e6:.0f} MB at the bandwidth measured in this run"),
    ]
    for key, name in names.items():
        rows.append(Row(name, med[key], "1",
                        f"comove is {med[key] / med['comove1']:.1f}x faster on one thread, "
                        f"{med[key] / med['comove']:.1f}x on {THREADS}; max abs diff to "
                        f"pandas {err[key]:.1e}"))
    return rows


def rolling() -> list[Row]:
    bw = bandwidth()
    rows = [Row("bandwidth: sum over a 400 MB array (larger than the caches)",
                400e6 / bw, "1", f"{bw / 1e9:.1f} GB/s")]
    rows += rolling_case(2520, 500, 60, bw, repeat=9)
    rows += rolling_case(10_000, 500, 252, bw, repeat=5)
    return rows


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def peak(order: str, t_len: int = 20_000, n: int = 10_000, window: int = 252) -> dict[str, float]:
    """Peak RSS of one rolling correlation on a (t_len, n) panel, over the input's size; the
    first call's time (the OS maps the output's pages) and a second call's."""
    rng = np.random.default_rng(0)
    small = rng.standard_normal((300, 20))  # load the kernel for this memory order first
    rolling_corr(rng.standard_normal(300), small if order == "C" else np.asfortranarray(small),
                 20)
    bw = bandwidth()
    before = _rss_kib("VmRSS")
    x = rng.standard_normal(t_len)
    ys = rng.standard_normal((t_len, n)) if order == "C" else rng.standard_normal((n, t_len)).T
    start = time.perf_counter()
    out = rolling_corr(x, ys, window)
    first = time.perf_counter() - start
    grown = (_rss_kib("VmHWM") - before) * 1024
    assert out.shape == ys.shape
    del out
    start = time.perf_counter()
    rolling_corr(x, ys, window)
    second = time.perf_counter() - start
    inputs = x.nbytes + ys.nbytes  # both arguments are the call's input
    return {"first": first, "second": second, "ratio": grown / inputs,
            "input_mb": inputs / 1e6, "floor": 2 * ys.nbytes / bw}


def bootstrap(repeat: int = 9) -> list[Row]:
    from arch.bootstrap import StationaryBootstrap

    from comove.kernels._jit import forced
    from comove.kernels.bootstrap import bootstrap_means

    rng = np.random.default_rng(0)
    x = rng.standard_normal(2520).cumsum() * 0.01 + rng.standard_normal(2520)
    with forced(True):
        bootstrap_means(x, 100, 20, np.random.default_rng(1))  # compile or load outside timing
    out: dict[str, np.ndarray] = {}
    m = int(126 + 3 * 126 ** 0.5 + 5)  # blocks drawn per resample (block_sums' m)
    draws = np.empty((256, m))

    def ours() -> None:
        with forced(True):
            out["ours"] = bootstrap_means(x, 10_000, 20, np.random.default_rng(1))

    def numpy_path() -> None:
        with forced(False):
            out["numpy"] = bootstrap_means(x, 10_000, 20, np.random.default_rng(1))

    def uniforms() -> None:  # the random numbers alone: two per block
        gen = np.random.default_rng(1)
        for _ in range(2 * -(-10_000 // 256)):
            gen.random(out=draws)

    def arch() -> None:
        boot = StationaryBootstrap(20, x, seed=2)
        out["arch"] = np.array([data[0][0].mean() for data in boot.bootstrap(10_000)])

    med = interleaved({"ours": ours, "numpy": numpy_path, "uniforms": uniforms, "arch": arch},
                      repeat)
    same = "bit-identical" if np.array_equal(out["ours"], out["numpy"]) else "NOT identical"
    table = [  # (what, case, threads, note)
        ("comove stationary bootstrap, 10,000 means of 2,520 days (block 20)", "ours",
         "1 (numba, no parallel loop)", f"sd of the means {out['ours'].std():.5f}; of which "
         f"{med['uniforms'] * 1e3:.1f} ms drawing the uniforms (two per block)"),
        ("the same without numba (NumPy path of short commands)", "numpy", "1",
         f"{med['numpy'] / med['ours']:.2f}x the numba kernels; {same} means"),
        ("loop over arch StationaryBootstrap, same process", "arch", "1 (Python loop)",
         f"sd {out['arch'].std():.5f}; comove is {med['arch'] / med['ours']:.1f}x faster, "
         "one thread each (target at least 15x)"),
    ]
    return [Row(what, med[case], threads, note) for what, case, threads, note in table]


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "rolling"
    if what == "peak":
        print(json.dumps(peak(sys.argv[2])))
        return
    rows = rolling() if what == "rolling" else bootstrap()
    print(json.dumps([row.__dict__ for row in rows]))


if __name__ == "__main__":
    main()
