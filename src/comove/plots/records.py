"""The records chart: a symbol's drawdown from its record, with each record marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from comove.records.report import HighsResult


def draw_records(result: HighsResult, ax: Axes | None = None) -> Axes:
    """Draw the close's drawdown (%) over the window and a tick at each record."""
    from comove.results.base import new_axes

    ax = new_axes(ax)
    series = result.drawdown * 100
    ax.fill_between(series.index, series.to_numpy(), 0, color="tab:red", alpha=0.25, lw=0)
    ax.plot(series.index, series.to_numpy(), color="tab:red", linewidth=0.8,
            label="drawdown of the close")
    records = result.report.records["date"]
    if len(records):
        ax.plot(records, [0.0] * len(records), linestyle="none", marker="|", markersize=9,
                color="tab:blue", label=f"record ({result.report.basis.value}), n={len(records)}")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_ylabel("close below its highest close (%)")
    start, end = result.report.window
    ax.set_title(f"{result.symbol}: records and drawdown, {start} to {end}", loc="left")
    ax.legend(fontsize=7, loc="lower left")
    ax.grid(alpha=0.3)
    return ax
