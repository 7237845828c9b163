"""A seeded, synthetic wide price matrix for the import benchmark.

``python benchmarks/synthetic_wide.py OUT.csv [--assets 5000] [--days 5000] [--seed 0]``
writes ``date`` and one column of closes per asset (``S00000``, ``S00001``, ...), US business
days ending 2024-12-31, like ``universe/sp500_members_close.csv`` but wider and longer.
Prices are geometric random walks (about 2% daily volatility) from 10 to 500; a fifth of the
assets list part-way through (empty cells before), and 0.1% of the other cells are empty
(days without a price). The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd


def generate(path: Path, assets: int = 5000, days: int = 5000, seed: int = 0,
             rows_per_write: int = 500) -> int:
    """Write the matrix to ``path``; returns its size in bytes."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(end="2024-12-31", periods=days).strftime("%Y-%m-%d").to_numpy()
    level = np.log(rng.uniform(10.0, 500.0, assets))
    listed = np.where(rng.random(assets) < 0.2, rng.integers(0, days, assets), 0)
    names = [f"S{j:05d}" for j in range(assets)]
    with path.open("w", newline="") as out:
        out.write(",".join(["date", *names]) + "\n")
        for start in range(0, days, rows_per_write):
            rows = min(rows_per_write, days - start)
            steps = rng.normal(0.0002, 0.02, (rows, assets))
            logs = level + np.cumsum(steps, axis=0)
            level = logs[-1]
            prices = np.round(np.exp(logs), 4)
            day = np.arange(start, start + rows)[:, None]
            prices[(day < listed) | (rng.random((rows, assets)) < 0.001)] = np.nan
            block = pd.DataFrame(prices, index=dates[start:start + rows])
            block.to_csv(out, header=False, na_rep="", float_format="%.4f")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--assets", type=int, default=5000)
    parser.add_argument("--days", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    size = generate(args.out, args.assets, args.days, args.seed)
    print(f"{args.out}: {args.days:,} days x {args.assets:,} assets, {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
