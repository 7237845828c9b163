"""Forward-return paths after each event, against the baseline band."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from comove.events.paths import event_paths, return_paths
from comove.plots.style import save

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from comove.events.study import EventStudyResult

__all__ = ["draw_event_paths", "event_paths_figure", "plot_event_paths", "return_paths"]


def draw_event_paths(result: EventStudyResult, ax: Axes | None = None) -> Axes:
    """Each episode's path (``result.paths``) with the 10-90% band and median of all
    baseline paths, on ``ax`` (a new figure if ``None``)."""
    import pandas as pd

    from comove.errors import UsageError
    from comove.results.base import new_axes

    paths = result.paths
    if paths is None:
        raise UsageError("this event study has no paths to draw",
                         "run it with comove.open().event(...) or event_paths_figure()")
    ax = new_axes(ax)
    days = paths.days
    events = result.events[result.events["in_sample"]]
    ax.fill_between(days, paths.low * 100, paths.high * 100, color="0.85",
                    label="usual: 10-90% of all start days")
    ax.plot(days, paths.mid * 100, color="0.45", linestyle="--", label="usual: median")
    many = len(events) > 8
    for i, (day, row) in enumerate(zip(pd.DatetimeIndex(events["date"]), paths.events,
                                       strict=True)):
        if many:
            ax.plot(days, row * 100, linewidth=0.9, color="tab:blue", alpha=0.45,
                    label="after each episode" if i == 0 else None)
        else:
            ax.plot(days, row * 100, linewidth=1.6, label=f"after {day.date()}")
    ax.axhline(0, color="black", linewidth=0.6)
    for h in result.horizons:
        ax.axvline(h, color="0.6", linewidth=0.5, linestyle=":")
    ax.set_xlabel("calendar days after the event")
    ax.set_ylabel(f"{result.response_symbol} return since the event day (%)")
    ax.set_title(f"{result.response_symbol} after: {result.description}", loc="left")
    figure = ax.get_figure()
    if figure is not None:
        figure.suptitle(f"n={len(events)} episodes, sample {result.sample[0]} to "
                        f"{result.sample[1]}; simple returns of closes, as-of prices on "
                        "non-trading days", x=0.01, ha="left", fontsize=8, color="0.3")
    ax.legend(fontsize=7, loc="upper left", ncols=2)
    ax.grid(alpha=0.3)
    return ax


def event_paths_figure(result: EventStudyResult, prices: pd.Series) -> Figure:
    """The event-paths chart as a matplotlib figure (``prices``: B's closes)."""
    from dataclasses import replace

    if result.paths is None:
        result = replace(result, paths=event_paths(result, prices))
    figure = draw_event_paths(result).get_figure()
    assert figure is not None
    return figure  # type: ignore[return-value]


def plot_event_paths(result: EventStudyResult, prices: pd.Series, path: Path) -> None:
    """Write the event-paths chart to ``path``."""
    save(event_paths_figure(result, prices), path)
