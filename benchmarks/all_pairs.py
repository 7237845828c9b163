"""All-pairs rolling correlation over the S&P 500 member matrix; prints seconds and peak RSS.

Run as a separate process by benchmarks/run.py so that its peak memory is its own.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from comove.kernels.rolling import rolling_corr_pairs  # noqa: E402


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM; ru_maxrss would include a forking parent's)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(window: int = 63) -> None:
    path = Path(sys.argv[1])
    prices = pd.read_csv(path, index_col="date").to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        returns = np.diff(np.log(prices), axis=0)
    n = returns.shape[1]
    rolling_corr_pairs(returns[:, :3], window).__next__()  # load the compiled kernel
    start = time.perf_counter()
    latest = np.full((n, n), np.nan)
    average = np.full((n, n), np.nan)
    pairs = 0
    for i, js, corr in rolling_corr_pairs(returns, window, int(window * 0.8), block=128):
        latest[i, js] = corr[-1]
        with np.errstate(all="ignore"):
            average[i, js] = np.nanmean(corr, axis=0)
        pairs += len(js)
    seconds = time.perf_counter() - start
    peak_mb = _peak_rss_mb()
    print(f"{seconds:.3f} {peak_mb:.0f} {pairs} {returns.shape[0]}")


if __name__ == "__main__":
    main()
