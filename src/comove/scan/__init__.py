"""Universe scans: one row of metrics per asset against reference assets, locally or on Dask.

>>> from comove.scan import ScanOptions, scan            # doctest: +SKIP
>>> with store.session():                                 # doctest: +SKIP
...     result = scan(store, "class:stock", ScanOptions(against=("BTC", "ETH")))
"""

from comove.scan.options import ScanOptions
from comove.scan.result import ScanResult
from comove.scan.runner import run_scan, scan
from comove.scan.universe import resolve_universe

__all__ = ["ScanOptions", "ScanResult", "resolve_universe", "run_scan", "scan"]
