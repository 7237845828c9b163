"""The brief's charts, as PNG bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from comove.plots.style import new_figure, png_bytes

if TYPE_CHECKING:
    from comove.brief.model import BriefData

YEARS_SHOWN = 3


def records_chart(data: BriefData) -> bytes:
    """Small multiples: each symbol's close and its record line over the last three years."""
    import math

    import pandas as pd

    rows = data.rows
    cols = 2
    fig = new_figure(10, 2.3 * math.ceil(len(rows) / cols))
    axes = fig.subplots(math.ceil(len(rows) / cols), cols, squeeze=False).ravel()
    for ax, row in zip(axes, rows, strict=False):
        history = row.history
        record_line = history.cummax()
        start = history.index[-1] - pd.DateOffset(years=YEARS_SHOWN)
        shown, line = history.loc[start:], record_line.loc[start:]
        ax.plot(shown.index, shown, color="tab:blue", linewidth=1, label="close")
        ax.plot(line.index, line, color="tab:red", linewidth=1, linestyle="--",
                label="record close so far")
        where = "at its record" if row.at_record else f"{row.distance:+.1%} from its record"
        ax.set_title(f"{row.symbol}: {where} ({row.last_date})", fontsize=9, loc="left")
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for ax in axes[len(rows):]:
        ax.set_visible(False)
    axes[0].legend(fontsize=7, loc="upper left")
    fig.suptitle(f"Closes and record lines, last {YEARS_SHOWN} years to {data.asof}",
                 x=0.01, ha="left", fontsize=10)
    return png_bytes(fig)


def drawdown_chart(data: BriefData) -> bytes:
    import pandas as pd

    fig = new_figure(10, 4)
    ax = fig.add_subplot()
    for row in data.rows:
        if row.symbol == "VIX":
            continue  # a volatility index's "drawdown" is not a loss
        history = row.history
        dd = history / history.cummax() - 1
        start = history.index[-1] - pd.DateOffset(years=YEARS_SHOWN)
        ax.plot(dd.loc[start:].index, dd.loc[start:] * 100, linewidth=1, label=row.symbol)
    ax.set_ylabel("% below the record close")
    ax.set_xlabel("date")
    ax.set_title(f"Distance from the record close, last {YEARS_SHOWN} years to {data.asof}",
                 loc="left", fontsize=10)
    ax.legend(fontsize=7, ncols=3)
    ax.grid(alpha=0.3)
    return png_bytes(fig)


def correlation_chart(data: BriefData) -> bytes:
    fig = new_figure(10, 4)
    ax = fig.add_subplot()
    for pair in data.pairs:
        ax.plot(pair.rolling.index, pair.rolling, linewidth=1, label=f"{pair.a}-{pair.b}")
    ax.axhline(0, color="black", linewidth=0.5)
    ax.set_ylim(-1, 1)
    ax.set_ylabel("correlation")
    ax.set_xlabel("date")
    ax.set_title("Rolling 90-day correlation of daily log returns (equity calendar)",
                 loc="left", fontsize=10)
    ax.legend(fontsize=7, ncols=4)
    ax.grid(alpha=0.3)
    return png_bytes(fig)


def divergence_chart(data: BriefData, index: int, prices) -> bytes:  # type: ignore[no-untyped-def]
    from comove.plots.events import event_paths_figure

    divergence = data.divergences[index]
    assert divergence.study is not None
    return png_bytes(event_paths_figure(divergence.study, prices))
