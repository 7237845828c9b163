"""Forward-return paths after each event, against the baseline band."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from comove.plots.style import new_figure, save

if TYPE_CHECKING:
    import pandas as pd

    from comove.events.study import EventStudyResult


def return_paths(prices: pd.Series, starts: pd.DatetimeIndex, days: int) -> np.ndarray:
    """Cumulative simple return from each start, for 0..days calendar days (as-of prices)."""
    import pandas as pd

    prices = prices.dropna().sort_index()
    daily = prices.reindex(pd.date_range(prices.index[0], prices.index[-1]), method="ffill")
    values = daily.to_numpy(dtype=float)
    offsets = ((starts - daily.index[0]).days).to_numpy()
    paths = np.full((len(starts), days + 1), np.nan)
    for i, offset in enumerate(offsets):
        if 0 <= offset < len(values):
            window = values[offset: offset + days + 1]
            paths[i, : len(window)] = window / window[0] - 1.0
    return paths


def plot_event_paths(result: EventStudyResult, prices: pd.Series, path: Path) -> None:
    """Chart each event's path with the 10-90% band and median of all baseline paths."""
    save(event_paths_figure(result, prices), path)


def event_paths_figure(result: EventStudyResult, prices: pd.Series):  # type: ignore[no-untyped-def]
    """The event-paths chart as a matplotlib figure."""
    import pandas as pd

    horizon = max(result.horizons)
    days = np.arange(horizon + 1)
    events = result.events[result.events["in_sample"]]
    sample = pd.date_range(result.sample[0], result.sample[1])
    baseline = return_paths(prices, sample, horizon)
    with np.errstate(all="ignore"):
        low, mid, high = np.nanpercentile(baseline, [10, 50, 90], axis=0)
    fig = new_figure()
    ax = fig.add_subplot()
    ax.fill_between(days, low * 100, high * 100, color="0.85",
                    label="usual: 10-90% of all start days")
    ax.plot(days, mid * 100, color="0.45", linestyle="--", label="usual: median")
    paths = return_paths(prices, pd.DatetimeIndex(events["date"]), horizon)
    many = len(events) > 8
    for i, (day, row) in enumerate(zip(events["date"], paths, strict=True)):
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
    fig.suptitle(f"n={len(events)} episodes, sample {result.sample[0]} to {result.sample[1]}; "
                 "simple returns of closes, as-of prices on non-trading days",
                 x=0.01, ha="left", fontsize=8, color="0.3")
    ax.legend(fontsize=7, loc="upper left", ncols=2)
    ax.grid(alpha=0.3)
    return fig
