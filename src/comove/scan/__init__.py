"""Universe scans: one row of metrics per asset against reference assets, locally or on Dask.

>>> from comove.scan import ScanOptions, scan            # doctest: +SKIP
>>> with store.session():                                 # doctest: +SKIP
...     result = scan(store, "class:stock", ScanOptions(against=("BTC", "ETH")))

Names are loaded on first use, so that a Dask fork server can import
:mod:`comove.scan.worker_preload` (and set its thread environment) before numpy is loaded.
"""

from __future__ import annotations

from comove._lazy import lazy_exports

__getattr__, __all__ = lazy_exports("comove.scan", {
    "options": ["ScanOptions"],
    "result": ["ScanResult"],
    "runner": ["run_scan", "scan"],
    "universe": ["resolve_universe"],
})
