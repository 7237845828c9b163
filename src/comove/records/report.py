"""``highs``: one symbol's records, gaps, breakouts and drawdowns, as a result object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comove.records.highs import (
    Basis,
    RecordReport,
    drawdown_series,
    drawdown_table,
    find_breakouts,
    find_records,
)
from comove.results import Result
from comove.results.render import format_cell, text_table

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from comove.data import DataSource


@dataclass
class HighsResult(Result):
    """What ``comove highs`` reports on one symbol.

    Attributes
    ----------
    report
        The records, the gaps between them and the current drawdown
        (:class:`~comove.records.highs.RecordReport`).
    name
        The symbol's long name.
    breakouts
        Records after at least ``breakout_days`` trading days without one, in the window.
    drawdowns
        The deepest drawdowns of the close over the whole history up to the window's end.
    drawdown
        The daily drawdown of the close from its running maximum, within the window.
    top_gaps
        How many of the longest stretches without a record are shown.
    """

    report: RecordReport
    name: str
    breakout_days: int
    breakouts: pd.DataFrame
    drawdowns: pd.DataFrame
    drawdown: pd.Series
    top_gaps: int = 5

    @property
    def symbol(self) -> str:
        return self.report.symbol

    @property
    def notes(self) -> list[str]:
        """Remarks on the data (e.g. rows with no intraday high)."""
        return self.report.notes

    def to_dict(self) -> dict[str, Any]:
        """What ``comove highs --json`` prints."""
        payload = self.report.as_dict(top_gaps=self.top_gaps)
        payload["breakouts"] = {"min_trading_days": self.breakout_days,
                                "events": self.breakouts.to_dict("records")}
        payload["drawdowns"] = self.drawdowns.to_dict("records")
        return payload

    def to_frame(self) -> pd.DataFrame:
        """One row per record in the window."""
        return self.report.records.copy()

    def summary(self) -> str:
        """The text ``comove highs`` prints (its notes go to :attr:`notes`)."""
        report = self.report
        start, end = report.window
        years = report.records_by_year
        lines = [
            f"{self.symbol} ({self.name}), {start} to {end}",
            f"convention: {report.convention}",
            "records by year: " + (", ".join(f"{y}: {n}" for y, n in years.items())
                                   if len(years) <= 12 else
                                   f"{sum(years.values())} in {len(years)} years "
                                   "(--json lists each)"),
        ]
        if report.last_record:
            day, value = report.last_record
            lines.append(
                f"last record: {day} at {format_cell(value)}; last close {report.last[0]} at "
                f"{format_cell(report.last[1])}, {report.drawdown:.2%} from the record, "
                f"{report.trading_days_since} trading days ({report.calendar_days_since} "
                "calendar days) later")
        lines += ["", "longest stretches without a record (trading days):"]
        gaps = report.gaps.head(self.top_gaps)
        lines.append(text_table(
            _rows(gaps.assign(end=gaps["end"].where(~gaps["open"], None))),
            ["start", "end", "trading_days", "calendar_days", "open"],
            right=["trading_days", "calendar_days"]))
        lines += ["", f"breakouts: first record after at least {self.breakout_days} trading "
                      "days without one"]
        if self.breakouts.empty:
            lines.append("  none in the window")
        else:
            lines.append(text_table(
                _rows(self.breakouts),
                ["date", "value", "previous_date", "previous_value", "trading_days",
                 "calendar_days"], right=["trading_days", "calendar_days"]))
        lines += ["", f"deepest drawdowns of the close (up to {end}):"]
        shown = self.drawdowns.assign(
            depth=self.drawdowns["depth"].map(lambda d: f"{d:.1%}"),
            recovery=[d.date() if d == d else "not recovered"
                      for d in self.drawdowns["recovery"]])
        lines.append(text_table(
            _rows(shown),
            ["peak", "peak_value", "trough", "trough_value", "depth", "recovery",
             "days_to_trough", "days_to_recovery"],
            right=["depth", "days_to_trough", "days_to_recovery"]))
        return "\n".join(lines)

    def plot(self, ax: Axes | None = None) -> Axes:
        """The drawdown of the close in the window, with each record marked."""
        from comove.plots.records import draw_records

        return draw_records(self, ax)

    def save_drawdown(self, path: Path | str) -> Path:
        """Write :attr:`drawdown` as CSV (``date,drawdown``); returns the path."""
        from comove.errors import UsageError

        path = Path(path)
        try:
            self.drawdown.to_frame().to_csv(path, date_format="%Y-%m-%d")
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror}", "choose another path",
                             param="path") from exc
        return path


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")  # type: ignore[return-value]


def highs(
    source: DataSource,
    symbol: str,
    basis: Basis | str = Basis.CLOSE,
    start: date | None = None,
    end: date | None = None,
    breakouts: int = 252,
    drawdowns: int = 5,
    gaps: int = 5,
) -> HighsResult:
    """Records of ``symbol`` in ``start..end`` against its whole stored history.

    Parameters
    ----------
    source
        The store or an as-of view.
    symbol
        A symbol name or provider identifier.
    basis
        ``close`` or ``high`` (intraday, the close standing in where it is missing or lower).
    start, end
        The window reported; records before ``start`` still count as history, and nothing
        after ``end`` is read.
    breakouts
        List records after at least this many trading days without one.
    drawdowns, gaps
        How many of the deepest drawdowns and of the longest stretches without a record to
        list.
    """
    import pandas as pd

    from comove.data import read_bars

    resolved, bars = read_bars(source, symbol, end, long_history=True)
    report = find_records(bars, resolved.symbol, basis, start, end)
    found = find_breakouts(report, breakouts)
    found = found[found["date"] >= pd.Timestamp(report.window[0])]
    series = drawdown_series(bars)
    if start is not None:
        series = series.loc[pd.Timestamp(start):]
    return HighsResult(report=report, name=resolved.name, breakout_days=breakouts,
                       breakouts=found, drawdowns=drawdown_table(bars, drawdowns),
                       drawdown=series, top_gaps=gaps)
