"""comove: how crypto assets move with stock markets, measured.

The package is organised by job:

- :mod:`comove.symbols` – canonical symbols and their provider identifiers.
- :mod:`comove.store` – the embedded DuckDB market-data store.
- :mod:`comove.ingest` – reading and validating CSV/Parquet files.
- :mod:`comove.providers` – Yahoo Finance, FRED and Coinbase Exchange fetchers.
- :mod:`comove.align` – calendar alignment of prices and returns.
- :mod:`comove.kernels` – pure numeric kernels (numpy arrays in, arrays out).
- :mod:`comove.cli` – the ``comove`` command.

Heavy libraries (pandas, duckdb) are imported lazily, so ``import comove`` is cheap.
"""

__version__ = "0.1.0"
