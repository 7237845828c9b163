"""Scan analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from comove.api._base import MarketBase, as_date

if TYPE_CHECKING:
    from comove.scan.result import ScanResult


class ScanMethods(MarketBase):
    """The scan methods of :class:`~comove.api.Market`."""

    def scan(
        self,
        universe: str | Path | Sequence[str],
        against: str | Sequence[str] = ("BTC",),
        metrics: Sequence[str] = ("corr", "beta", "records", "drawdown", "sync"),
        window: int = 252,
        periods: Sequence[tuple[date | str, date | str] | str] | str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        chunk_size: int = 50,
        executor: str = "local",
        scheduler: str | None = None,
        workers: int = 2,
        resamples: int = 1000,
        seed: int = 0,
        sort: str = "corr_full",
        top: int = 15,
    ) -> ScanResult:
        """Metrics of every asset of a universe against one or more reference assets.

        One row per asset and reference: correlation of daily log returns (full sample,
        the last ``window`` rows, and the change between two ``periods`` with the 95% block
        bootstrap-t interval of ``corr --periods``), beta, current drawdown, records in the
        last year, and record synchrony (share of the asset's records with a reference
        record within 5 days).
        Equity calendar: the universe's trading days, each reference's close on them. The
        universe is read in chunks of ``chunk_size`` assets, once for all references; the
        chunks run here or on Dask with identical numbers.

        Parameters
        ----------
        universe
            A file (one symbol per line, or a CSV with a Symbol column), ``"class:stock"``
            (every stored symbol of a class), comma-separated names, or a list of names.
        against
            The reference symbol(s).
        metrics
            Any of ``corr``, ``beta``, ``records``, ``drawdown``, ``sync``.
        window
            Rows in the recent window (2 to 10,000).
        periods
            Two periods to compare, as ``(start, end)`` pairs or ``"START:END"`` texts
            (or one ``"A:B,C:D"`` text); ``None`` for no comparison.
        start, end
            The scan's range (dates or ``YYYY-MM-DD``); nothing after ``end`` is read.
        chunk_size
            Assets per chunk (1 to 10,000); memory is bounded by it.
        executor
            ``"local"`` (this process) or ``"dask"`` (needs ``pip install 'comove[dask]'``).
        scheduler
            Address of a running Dask scheduler; without it ``executor="dask"`` starts a
            local cluster of ``workers`` processes for the call.
        workers
            Threads of the local executor (the numbers are the same with 1), or processes
            of the local Dask cluster.
        resamples, seed
            Bootstrap draws for the change interval (100 to 200,000), and their seed.
        sort, top
            The column the rows are ordered by (descending), and the rows ``summary()``
            shows.

        Returns
        -------
        ScanResult
            ``to_frame()`` has every row; ``missing`` the universe names not stored.

        Examples
        --------
        >>> m = comove.open(".comove-demo")                              # doctest: +SKIP
        >>> r = m.scan("class:stock", against=["BTC", "ETH"],            # doctest: +SKIP
        ...            periods="2015-01-01:2019-12-31,2020-01-01:2024-12-06")
        >>> r.to_frame().head()                                          # doctest: +SKIP
        """
        from comove.scan.options import ScanOptions
        from comove.scan.runner import scan

        options = ScanOptions(
            against=against, metrics=metrics, window=window,
            periods=periods,  # type: ignore[arg-type]  # checked() parses every form
            start=as_date(start, "start"), end=as_date(end, "end"), chunk_size=chunk_size,
            executor=executor, scheduler=scheduler, workers=workers, resamples=resamples,
            seed=seed, sort=sort, top=top,
        ).checked()
        with self._source() as source:
            return scan(source, universe, options)
