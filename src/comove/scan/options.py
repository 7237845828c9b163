"""The options of a universe scan, checked and normalised in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from comove.errors import UsageError
from comove.scan.metrics import METRICS

EXECUTORS = ("local", "dask")
MAX_CHUNK = 10_000
MAX_WORKERS = 256


@dataclass(frozen=True)
class ScanOptions:
    """What a scan computes, how it runs, and how its rows are ordered.

    Attributes
    ----------
    against
        Reference symbol(s): one table of rows per reference (text or a sequence).
    metrics
        Any of ``corr``, ``beta``, ``records``, ``drawdown``, ``sync``.
    window
        The recent window in rows (``corr_recent``, ``beta_recent``).
    periods
        Two ``(start, end)`` periods whose correlations are compared, or ``None``.
    start, end
        The range of the scan (records and drawdowns use every row in it).
    chunk_size
        Assets read and computed together; memory is bounded by it (times ``in_flight``).
    executor
        ``local`` (this process, on ``workers`` threads) or ``dask`` (a local cluster of
        ``workers`` processes, or the cluster at ``scheduler``).
    workers
        Threads of the local executor, or processes of the local Dask cluster.
    in_flight
        Chunks made and not yet collected, at most (default: two per thread or worker).
    resamples, seed
        Bootstrap draws of the change interval, and the seed of each asset's draws.
    sort, top
        Column the rows are ordered by (descending), and rows the summary shows.
    """

    against: str | Sequence[str] = ("BTC",)
    metrics: Sequence[str] = METRICS
    window: int = 252
    periods: Sequence[tuple[date, date]] | str | None = None
    start: date | None = None
    end: date | None = None
    chunk_size: int = 50
    executor: str = "local"
    scheduler: str | None = None
    workers: int = 2
    in_flight: int | None = None
    resamples: int = 1000
    seed: int = 0
    sync_days: int = 5
    sort: str = "corr_full"
    top: int = 15

    def checked(self) -> ScanOptions:
        """A normalised copy (tuples, validated bounds); errors name the parameter."""
        from comove import validate

        against = _names(self.against, "against")
        metrics = _names(self.metrics, "metrics")
        unknown = sorted(set(metrics) - set(METRICS))
        if unknown:
            raise UsageError(f"unknown metric(s) {', '.join(unknown)}",
                             f"choose from {', '.join(METRICS)}", param="metrics")
        periods = tuple(validate.periods(self.periods, "periods")) if self.periods else None
        if periods is not None and len(periods) != 2:
            raise UsageError("a scan compares exactly two periods", "e.g. periods="
                             "'2015-01-01:2019-12-31,2020-01-01:2024-12-06'", param="periods")
        if self.executor not in EXECUTORS:
            raise UsageError(f"unknown executor '{self.executor}'", "use local or dask",
                             param="executor")
        if self.start and self.end and self.start > self.end:
            raise UsageError(f"start {self.start} is after end {self.end}", "swap them",
                             param="start")
        in_flight = self.in_flight
        if in_flight is not None:
            in_flight = validate.bounded_int("in_flight", in_flight, 1, 1000, 4)
        return replace(
            self, against=against, metrics=metrics, periods=periods, in_flight=in_flight,
            window=validate.bounded_int("window", self.window, 2, validate.MAX_WINDOW, 252),
            chunk_size=validate.bounded_int("chunk_size", self.chunk_size, 1, MAX_CHUNK, 50),
            workers=validate.bounded_int("workers", self.workers, 1, MAX_WORKERS, 2),
            resamples=validate.resamples(self.resamples),
            seed=validate.bounded_int("seed", self.seed, 0, 2**32 - 1, 0),
            sync_days=validate.bounded_int("sync_days", self.sync_days, 0, 3650, 5),
            top=validate.bounded_int("top", self.top, 0, 1_000_000, 15),
        )

    @property
    def bootstraps(self) -> bool:
        """Whether the scan draws bootstrap intervals (the change between two periods): its
        costliest metric, warmed ahead."""
        return "corr" in self.metrics and bool(self.periods)

    def columns(self) -> list[str]:
        """The columns of the rows, in order (what ``sort`` may name)."""
        out = ["symbol", "against"]
        if "corr" in self.metrics:
            out += ["corr_full", "n_full", "corr_recent"]
            if self.periods:
                out += ["corr_period1", "corr_period2", "corr_change", "change_ci_low",
                        "change_ci_high"]
        if "beta" in self.metrics:
            out += ["beta_full", "beta_recent"]
        if "drawdown" in self.metrics:
            out += ["drawdown"]
        if "records" in self.metrics:
            out += ["records_1y", "at_record"]
        if "sync" in self.metrics:
            out += ["sync_share"]
        return out


def _names(value: str | Sequence[str], param: str) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    if not all(isinstance(v, str) for v in items):
        raise UsageError(f"{param} must be names, not {value!r}", f"e.g. {param}='BTC'",
                         param=param)
    names = tuple(dict.fromkeys(v.strip() for v in items if v.strip()))
    if not names:
        raise UsageError(f"{param} names nothing", f"e.g. {param}='BTC'", param=param)
    return names
