"""Record highs, drawdowns and breakouts of one series.

Records are found on the whole stored history up to ``end`` (a record is a close above
every earlier stored close), then reported within ``start..end``. So a 2024 record count is
the count of 2024 closes above everything since 1927, whatever ``start`` is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from comove.errors import EmptyRangeError
from comove.kernels.records import (
    drawdown,
    drawdown_periods,
    gaps_between,
    previous_records,
    record_mask,
)

if TYPE_CHECKING:
    import pandas as pd


class Basis(StrEnum):
    """Which price a record is measured on."""

    CLOSE = "close"
    HIGH = "high"

    @property
    def description(self) -> str:
        if self is Basis.CLOSE:
            return "record = close above every earlier close (ties do not count)"
        return ("record = intraday high above every earlier intraday high (the close stands "
                "in where the high is missing or below it; ties do not count)")


def basis_values(bars: pd.DataFrame, basis: Basis | str) -> pd.Series:
    """The series records are measured on: closes, or intraday highs (at least the close)."""
    basis = Basis(basis)
    if basis is Basis.CLOSE:
        return bars["close"].astype(float)
    return bars[["high", "close"]].max(axis=1, skipna=True).astype(float)


@dataclass
class RecordReport:
    """Records of one series, with the conventions that produced them.

    Attributes
    ----------
    records
        One row per record in the window: ``date``, ``value``, ``previous_date``,
        ``previous_value`` and ``rows_since_previous`` (trading rows since the record before).
    gaps
        Stretches between consecutive records in the window, longest first: ``start``,
        ``end`` (next record, or NaT if still open), ``trading_days``, ``calendar_days``,
        ``open``.
    """

    symbol: str
    basis: Basis
    window: tuple[date, date]
    history_start: date
    records: pd.DataFrame
    gaps: pd.DataFrame
    last_record: tuple[date, float] | None
    last: tuple[date, float]
    drawdown: float
    trading_days_since: int | None
    calendar_days_since: int | None
    notes: list[str] = field(default_factory=list)
    splice: str = ""

    @property
    def records_by_year(self) -> dict[int, int]:
        years = range(self.window[0].year, self.window[1].year + 1)
        counts = self.records["date"].dt.year.value_counts()
        return {y: int(counts.get(y, 0)) for y in years}

    @property
    def convention(self) -> str:
        spliced = f" ({self.splice})" if self.splice else ""
        return (f"{self.basis.description}; history from {self.history_start}{spliced}; "
                "drawdown = last close / record - 1")

    def as_dict(self, top_gaps: int = 5) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "basis": self.basis.value,
            "convention": self.convention,
            "window": {"start": self.window[0], "end": self.window[1]},
            "history_start": self.history_start,
            "records_by_year": self.records_by_year,
            "record_count": len(self.records),
            "last_record": (
                {"date": self.last_record[0], "value": self.last_record[1]}
                if self.last_record else None
            ),
            "last": {"date": self.last[0], "close": self.last[1]},
            "drawdown": self.drawdown,
            "days_since_record": {"trading": self.trading_days_since,
                                  "calendar": self.calendar_days_since},
            "gaps": _records(self.gaps.head(top_gaps)),
            "records": _records(self.records),
            "notes": self.notes,
        }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")  # type: ignore[return-value]


def find_records(
    bars: pd.DataFrame,
    symbol: str,
    basis: Basis | str = Basis.CLOSE,
    start: date | None = None,
    end: date | None = None,
) -> RecordReport:
    """Records, the current drawdown and the gaps between records.

    Parameters
    ----------
    bars
        Stored rows (index: date; columns close and, for the high basis, high), the whole
        history: records need everything before ``start``. A long history
        (:func:`comove.data.read_bars` with ``long_history=True``) names its splice in
        ``attrs["splice"]``; the report's convention repeats it.
    basis
        ``close`` or ``high``.
    start, end
        The window reported (default: all).
    """
    import pandas as pd

    basis = Basis(basis)
    splice = str(bars.attrs.get("splice", ""))
    if end is not None:
        bars = bars.loc[: pd.Timestamp(end)]
    values = basis_values(bars, basis).dropna()
    if values.empty:
        raise EmptyRangeError(f"no {symbol} prices up to {end}", "widen the range")
    closes = bars["close"].reindex(values.index).astype(float)
    arr = values.to_numpy()
    mask = record_mask(arr)
    positions = np.flatnonzero(mask)
    dates = values.index
    first_in_window = 0 if start is None else int(dates.searchsorted(pd.Timestamp(start)))
    if first_in_window >= len(dates):
        raise EmptyRangeError(f"no {symbol} prices from {start}",
                              f"the data ends {dates[-1].date()}")
    window = (dates[first_in_window].date(), dates[-1].date())

    previous = previous_records(arr, positions)
    records = pd.DataFrame(
        {
            "date": dates[positions],
            "value": arr[positions],
            "previous_date": dates[previous],
            "previous_value": arr[previous],
            "rows_since_previous": positions - previous,
        }
    )
    records = records[records["date"] >= dates[first_in_window]].reset_index(drop=True)

    gap_start, gap_len, gap_open = gaps_between(positions, len(arr) - 1)
    gaps = pd.DataFrame(
        {
            "start": dates[gap_start],
            "end": pd.DatetimeIndex(
                [dates[s + n] if not o else pd.NaT
                 for s, n, o in zip(gap_start, gap_len, gap_open, strict=True)],
                dtype=dates.dtype),
            "trading_days": gap_len,
            "open": gap_open,
        }
    )
    gaps["calendar_days"] = (
        gaps["end"].fillna(dates[-1]) - gaps["start"]
    ).dt.days.astype(int)
    gaps = gaps[gaps["start"] >= dates[first_in_window]]
    gaps = gaps.sort_values(["trading_days", "start"], ascending=[False, True]).reset_index(
        drop=True
    )

    peak_reference = values.to_numpy()
    dd = drawdown(closes.to_numpy(), peaks=peak_reference)
    notes = []
    if len(positions):
        last_pos = int(positions[-1])
        last_record = (dates[last_pos].date(), float(arr[last_pos]))
        trading_since = len(arr) - 1 - last_pos
        calendar_since = (dates[-1] - dates[last_pos]).days
    else:
        last_record, trading_since, calendar_since = None, None, None
        notes.append("no record after the first observation")
    if basis is Basis.HIGH and bars["high"].reindex(values.index).isna().any():
        missing = int(bars["high"].reindex(values.index).isna().sum())
        notes.append(f"{missing} rows have no intraday high; their close stands in")
    return RecordReport(
        symbol=symbol, basis=basis, window=window, history_start=dates[0].date(),
        records=records, gaps=gaps, last_record=last_record,
        last=(dates[-1].date(), float(closes.iloc[-1])), drawdown=float(dd[-1]),
        trading_days_since=trading_since, calendar_days_since=calendar_since, notes=notes,
        splice=splice,
    )


def find_breakouts(report: RecordReport, min_rows: int) -> pd.DataFrame:
    """Records that end a stretch of at least ``min_rows`` trading rows without one.

    This is where "price discovery" starts: the first new high after a long range.
    Columns: ``date``, ``value``, ``previous_date``, ``previous_value``,
    ``trading_days`` (length of the range), ``calendar_days``.
    """
    records = report.records
    out = records[records["rows_since_previous"] >= min_rows].copy()
    out = out.rename(columns={"rows_since_previous": "trading_days"})
    out["calendar_days"] = (out["date"] - out["previous_date"]).dt.days
    return out.reset_index(drop=True)


def drawdown_table(bars: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The largest peak-to-trough declines of the close, deepest first.

    Columns: ``peak``, ``peak_value``, ``trough``, ``trough_value``, ``recovery`` (NaT if not
    recovered), ``depth``, ``days_to_trough`` and ``days_to_recovery`` (trading rows).
    """
    import pandas as pd

    closes = bars["close"].astype(float).dropna()
    arr = closes.to_numpy()
    peak, trough, recovery, depth = drawdown_periods(arr)
    dates = closes.index
    table = pd.DataFrame(
        {
            "peak": dates[peak],
            "peak_value": arr[peak],
            "trough": dates[trough],
            "trough_value": arr[trough],
            "recovery": [dates[r] if r >= 0 else pd.NaT for r in recovery],
            "depth": depth,
            "days_to_trough": trough - peak,
            "days_to_recovery": np.where(recovery >= 0, recovery - peak, -1),
        }
    )
    table["days_to_recovery"] = table["days_to_recovery"].where(recovery >= 0)
    return table.sort_values("depth").head(top).reset_index(drop=True)


def drawdown_series(bars: pd.DataFrame) -> pd.Series:
    """The close's drawdown from its running maximum at every date."""
    import pandas as pd

    closes = bars["close"].astype(float).dropna()
    return pd.Series(drawdown(closes.to_numpy()), index=closes.index, name="drawdown")
