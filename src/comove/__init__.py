"""comove: how crypto assets move with stock markets, measured.

The package is organised by job:

- :mod:`comove.symbols` – canonical symbols and their provider identifiers.
- :mod:`comove.store` – the embedded DuckDB market-data store.
- :mod:`comove.ingest` – reading and validating CSV/Parquet files.
- :mod:`comove.providers` – Yahoo Finance, FRED and Coinbase Exchange fetchers.
- :mod:`comove.align` – calendar alignment of prices and returns.
- :mod:`comove.kernels` – pure numeric kernels (numpy arrays in, arrays out).
- :mod:`comove.data` – the one read seam (the store or its as-of view).
- :mod:`comove.api` – :func:`open` and :class:`~comove.api.Market`, the Python API.
- :mod:`comove.cli` – the ``comove`` command, a thin layer over the API.

Heavy libraries (pandas, duckdb) are imported lazily, so ``import comove`` is cheap.

>>> import comove
>>> m = comove.open()                      # doctest: +SKIP
>>> m.corr("BTC", "SPX", periods=["2017-01-01:2019-12-31", "2020-01-01:2021-12-31"])
... # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from comove.api import Market

__version__ = "0.1.0"


def open(path: str | Path | None = None, lock_timeout: float = 10.0) -> Market:
    """Open a comove store (see :func:`comove.api.open`)."""
    from comove.api import open as open_market

    return open_market(path, lock_timeout)


__all__ = ["__version__", "open"]
