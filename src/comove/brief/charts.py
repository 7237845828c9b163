"""The brief's charts as PNG bytes (matplotlib), for the Markdown twin.

The same series as the interactive page (:mod:`comove.brief.series`): the record's own
date in each title, one date range across panels, units on every y axis, legends outside
the lines, episodes and cycles on a log scale, mean and median named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comove.brief.series import (
    CYCLES_PNG_TITLE,
    STORY,
    YEARS_SHOWN,
    cycle_paths,
    divergence_title,
    drawdowns,
    episode_paths,
    record_title,
    records_title,
    story_title,
    unit,
)
from comove.plots.interactive import thin

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from comove.brief.model import BriefData

DPI = 80


def _figure(width: float, height: float) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI)


def _png(fig: Figure) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _dates(ax: Axes) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _log_ticks(ax: Axes, ticks: list[float], suffix: str = "") -> None:
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    low, high = ax.get_ylim()
    ax.yaxis.set_major_locator(FixedLocator([t for t in ticks if low <= t <= high]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}{suffix}"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def _legend_below(ax: Axes, columns: int = 4, y: float = -0.12) -> None:
    ax.legend(fontsize=8, ncols=columns, loc="upper left", bbox_to_anchor=(0, y),
              frameon=False)


def story_chart(data: BriefData) -> bytes | None:
    series = drawdowns(data, STORY)
    if not series:
        return None
    fig = _figure(10, 4.2)
    ax = fig.add_axes((0.08, 0.22, 0.9, 0.68))
    for symbol, dd in series.items():
        dd = thin(dd)
        ax.plot(dd.index, dd * 100, linewidth=1.4, label=symbol)
    ax.set_ylabel("% below the record close")
    _dates(ax)
    ax.set_title(story_title(series, data.asof), loc="left", fontsize=10, y=1.0)
    ax.grid(alpha=0.3)
    _legend_below(ax)
    return _png(fig)


def records_chart(data: BriefData) -> bytes | None:
    import math

    import pandas as pd

    rows = [r for r in data.rows if not r.is_level]
    if not rows:
        return None
    start = pd.Timestamp(data.asof) - pd.DateOffset(years=YEARS_SHOWN)
    n = math.ceil(len(rows) / 2)
    fig = _figure(10, 2.3 * n + 0.6)
    axes = fig.subplots(n, 2, squeeze=False, sharex=True).ravel()
    fig.subplots_adjust(left=0.09, right=0.98, top=1 - 0.5 / (2.3 * n + 0.6), bottom=0.08,
                        hspace=0.45, wspace=0.25)
    for ax, r in zip(axes, rows, strict=False):
        shown = thin(r.history.loc[start:])
        ax.plot(shown.index, shown, linewidth=1, label="close")
        ax.plot(shown.index, r.history.cummax().reindex(shown.index), linewidth=1,
                linestyle="--",
                color="tab:red", label="record close so far")
        ax.set_title(record_title(r), fontsize=8, loc="left", y=1.0)
        ax.set_ylabel(unit(r), fontsize=7)
        ax.tick_params(labelsize=7)
        _dates(ax)
        ax.grid(alpha=0.3)
    for ax in axes[len(rows):]:
        ax.set_visible(False)
    axes[0].legend(fontsize=7, loc="lower left", frameon=False)
    fig.suptitle(records_title(data.asof), x=0.01, ha="left", fontsize=10)
    return _png(fig)


def rolling_chart(data: BriefData) -> bytes | None:
    if not data.rolling:
        return None
    n = len(data.rolling)
    fig = _figure(10, 2.4 * n + 0.8)
    axes = fig.subplots(n, 1, squeeze=False, sharex=True).ravel()
    fig.subplots_adjust(left=0.08, right=0.98, top=0.95, bottom=0.6 / (2.4 * n + 0.8) + 0.04,
                        hspace=0.35)
    for ax, rp in zip(axes, data.rolling, strict=True):
        if not rp.band.empty:
            ax.fill_between(rp.band.index, rp.band["low"], rp.band["high"], alpha=0.2,
                            label="95% bootstrap band, 90d")
        for w, width, color, style in ((30, 0.6, "#9ecae1", "-"), (90, 1.3, "tab:blue", "-"),
                                       (180, 1.1, "tab:red", "--")):
            s = thin(rp.series[w])
            ax.plot(s.index, s, linewidth=width, color=color, linestyle=style,
                    label=f"{w} days")
        for i, day in enumerate(rp.breaks):
            ax.axvline(day, color="tab:orange", alpha=0.6, linewidth=4,
                       label="break in co-movement" if i == 0 else None)
        ax.set_ylim(-1, 1)
        ax.axhline(0, color="black", linewidth=0.5)
        ax.set_ylabel("correlation", fontsize=8)
        _dates(ax)
        ax.set_title(f"{rp.a} and {rp.b}: rolling correlation of daily returns", loc="left",
                     fontsize=9, y=1.0)
        ax.grid(alpha=0.3)
    axes[-1].legend(fontsize=8, ncols=5, loc="upper left", bbox_to_anchor=(0, -0.15),
                    frameon=False)
    return _png(fig)


def divergence_chart(data: BriefData, index: int) -> bytes | None:
    d = data.divergences[index]
    paths = episode_paths(data, index)
    if paths is None:
        return None
    episodes, mean, median = paths
    fig = _figure(10, 4.6)
    ax = fig.add_axes((0.08, 0.2, 0.78, 0.7))
    for start, path in episodes.items():
        ax.plot(path.index, path * 100, color="grey", linewidth=0.8, alpha=0.6)
        ax.annotate(str(start), (path.index[-1], path.iloc[-1] * 100), fontsize=6,
                    color="dimgrey", xytext=(2, 0), textcoords="offset points",
                    va="center", annotation_clip=False)
    ax.plot(mean.index, mean * 100, color="tab:red", linewidth=2,
            label=f"mean of {len(episodes)} episodes")
    ax.plot(median.index, median * 100, color="tab:blue", linewidth=2,
            label=f"median of {len(episodes)} episodes")
    ax.set_yscale("log")
    _log_ticks(ax, [10, 25, 50, 75, 100, 150, 200, 400, 800, 1600])
    ax.set_ylabel(f"{d.laggard}, 100 = episode start (log scale)")
    ax.set_xlabel("calendar days after the episode's start (grey lines, labelled by start)")
    ax.set_title(divergence_title(d, png=True), loc="left", fontsize=10, y=1.0)
    ax.grid(alpha=0.3, which="both")
    _legend_below(ax, 2, -0.14)
    return _png(fig)


def cycles_chart(data: BriefData) -> bytes | None:
    paths = cycle_paths(data)
    if not paths:
        return None
    fig = _figure(10, 4.2)
    ax = fig.add_axes((0.08, 0.22, 0.9, 0.68))
    for day, path in paths.items():
        ax.plot(path.index, path, linewidth=2 if day == max(paths) else 1.2,
                label=f"halving of {day}")
    ax.set_yscale("log")
    _log_ticks(ax, [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100], "x")
    ax.set_ylabel("multiple of the halving-day price")
    ax.set_xlabel("days since the halving")
    ax.set_title(CYCLES_PNG_TITLE, loc="left", fontsize=10, y=1.0)
    ax.grid(alpha=0.3, which="both")
    _legend_below(ax, 4, -0.16)
    return _png(fig)
