"""Series the brief's charts draw (the same for the interactive page and the PNGs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    import pandas as pd

    from comove.brief.model import BriefData, Divergence, Row

YEARS_SHOWN = 3
EPISODE_DAYS = 180
CYCLE_STEP = 3  # days between points of a halving-cycle path
STORY = ("BTC", "RUT", "SPX")  # the story chart: bitcoin against two US indices


def unit(r: Row) -> str:
    """The y-axis unit of a symbol's closes."""
    if r.calendar == "24/7":
        return "USD"
    return "level" if r.is_level else "index points"


def record_title(r: Row) -> str:
    """Where a series stands, with the record's own date (not the last close's)."""
    end = f" (data end {r.last_date})" if r.stale else ""
    if r.at_record:
        return f"{r.symbol}: at a record close{end}"
    return f"{r.symbol}: {r.distance:+.1%} from its record of {r.record_date}{end}"


def short_title(r: Row) -> str:
    """A small panel's title (fits a phone-width panel)."""
    if r.at_record:
        return f"{r.symbol}: at its record"
    return f"{r.symbol}: {r.distance:+.1%}\nrecord {r.record_date}"


def story_title(symbols: Iterable[str], asof: date) -> str:
    """The story chart's title, naming the series it draws."""
    return (f"{' vs '.join(symbols)}: % below each one's record close, last {YEARS_SHOWN} "
            f"years to {asof}")


def records_title(asof: date) -> str:
    """The title of the closes-and-record-lines panels."""
    return f"Closes and record lines, last {YEARS_SHOWN} years to {asof}"


ROLLING_TITLE = "Rolling correlation of daily returns, 30, 90 and 180 days"
CYCLES_TITLE = "Bitcoin since each halving: price over the halving-day price, log scale"
CYCLES_PNG_TITLE = "Bitcoin since each halving (log scale)"  # its y axis says the rest


def divergence_title(d: Divergence, png: bool = False) -> str:
    """A divergence chart's title; ``png``: the PNG's own, shorter one (its y axis says
    what 100 is and that the scale is log)."""
    if png:
        return (f"{d.laggard} after each earlier episode: {d.leader} near its record, "
                f"{d.laggard} 20%+ below its own")
    return (f"{d.laggard} after each earlier episode of {d.leader} near its record with "
            f"{d.laggard} 20%+ below its own (100 = the episode's start, log scale)")


def chart_titles(data: BriefData) -> dict[str, str]:
    """The title of each chart, by key (the page shows them as text above the chart)."""
    out = {"story": story_title(drawdowns(data, STORY), data.asof),
           "records": records_title(data.asof), "rolling": ROLLING_TITLE,
           "cycles": CYCLES_TITLE}
    for i, d in enumerate(data.divergences):
        out[f"divergence_{i}"] = divergence_title(d)
    return out


def drawdowns(data: BriefData, symbols: tuple[str, ...]) -> dict[str, pd.Series]:
    """Last close over the record close so far, minus one, for the last years shown."""
    import pandas as pd

    start = pd.Timestamp(data.asof) - pd.DateOffset(years=YEARS_SHOWN)
    rows = {r.symbol: r for r in data.rows}
    out = {}
    for s in symbols:
        if s in rows and not rows[s].is_level:
            h = rows[s].history
            dd = (h / h.cummax() - 1).loc[start:]
            if not dd.empty:
                out[s] = dd
    return out


def episode_paths(data: BriefData, index: int
                  ) -> tuple[dict[date, pd.Series], pd.Series, pd.Series] | None:
    """The laggard's close over its close on each episode's start, by calendar day 0..180,
    with the mean and median over the episodes (each day over those that reached it)."""
    import pandas as pd

    d = data.divergences[index]
    rows = {r.symbol: r for r in data.rows}
    if d.episodes is None or d.laggard not in rows or d.episodes.empty:
        return None
    closes = rows[d.laggard].history
    days = pd.RangeIndex(0, EPISODE_DAYS + 1)
    paths = {}
    for start in d.episodes["start"]:
        t = pd.Timestamp(start)
        part = closes.loc[t: t + pd.Timedelta(days=EPISODE_DAYS)]
        if part.empty:
            continue
        by_day = pd.Series(part.to_numpy() / float(part.iloc[0]),
                           index=(part.index - t).days)
        paths[start] = by_day.reindex(days).ffill().loc[: by_day.index[-1]]
    if not paths:
        return None
    frame = pd.DataFrame(paths)
    return paths, frame.mean(axis=1), frame.median(axis=1)


def cycle_paths(data: BriefData) -> dict[date, pd.Series]:
    """Each halving cycle's path, a point every few days (and the last day)."""
    if data.cycles is None:
        return {}
    out = {}
    for day, path in data.cycles.paths.items():
        keep = (path.index % CYCLE_STEP == 0) | (path.index == path.index[-1])
        out[day] = path[keep]
    return out
