"""The brief's interactive charts (bokeh): zoom, pan and hover, offline.

Each function returns a bokeh model (or None when there is nothing to draw); the page
embeds them all with one script (:func:`comove.plots.interactive.components`). The
Markdown twin draws the same charts as PNGs (:mod:`comove.brief.charts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from comove.brief.series import (
    YEARS_SHOWN,
    cycle_paths,
    drawdowns,
    episode_paths,
    short_title,
    unit,
)
from comove.plots.interactive import (
    PALETTE,
    hover,
    legend_outside,
    line,
    log_ticks,
    new_figure,
    thin,
)

if TYPE_CHECKING:
    from bokeh.models import Model

    from comove.brief.model import BriefData

DATE = ("date", "@x{%F}")


def story_chart(data: BriefData) -> Model | None:
    """Bitcoin against the Russell 2000 and the S&P 500: % below each one's record."""
    series = drawdowns(data, ("BTC", "RUT", "SPX"))
    if not series:
        return None
    fig = new_figure(None, "% below the record close", height=320)
    import pandas as pd
    from bokeh.models import ColumnDataSource

    frame = thin(pd.DataFrame(series).ffill()) * 100
    source = ColumnDataSource({"x": frame.index, **{k: frame[k].to_numpy() for k in frame}})
    renderers = [fig.line("x", k, source=source, color=color, line_width=2, legend_label=k)
                 for k, color in zip(frame, PALETTE, strict=False)]
    hover(fig, renderers[:1], [DATE] + [(k, f"@{k}{{0.0}}% below record") for k in frame])
    legend_outside(fig, side="right")
    return fig


def records_chart(data: BriefData) -> Model | None:
    """Small multiples with one shared date axis: close, record line, the record's date."""
    import pandas as pd
    from bokeh.layouts import gridplot
    from bokeh.models import NumeralTickFormatter, Span  # type: ignore[attr-defined]

    rows = [r for r in data.rows if not r.is_level]
    if not rows:
        return None
    start = pd.Timestamp(data.asof) - pd.DateOffset(years=YEARS_SHOWN)
    figs: list[Any] = []
    shared = None
    for r in rows:
        shown = thin(r.history.loc[start:])
        if shown.empty:
            continue
        fig = new_figure(short_title(r), unit(r).replace("index points", "points"),
                         height=220, x_range=shared)
        shared = shared or fig.x_range
        close = line(fig, shown.index, shown.to_numpy(), "close", PALETTE[0], legend=False)
        rec = r.history.cummax().loc[start:]
        rec = rec.reindex(shown.index)
        line(fig, rec.index, rec.to_numpy(), "record close so far", PALETTE[1], dash="dashed",
             legend=False)
        if r.record_date is not None and pd.Timestamp(r.record_date) >= start:
            fig.add_layout(Span(location=pd.Timestamp(r.record_date), dimension="height",
                                line_color=PALETTE[1], line_alpha=0.4, line_width=1))
        hover(fig, [close], [(r.symbol, "@y{0,0.00}"), DATE])
        fig.xaxis.axis_label = ""
        fig.yaxis.formatter = NumeralTickFormatter(format="0,0")
        fig.xaxis.ticker.desired_num_ticks = 4  # type: ignore[union-attr]
        fig.title.text_font_size = "9pt"  # type: ignore[union-attr]
        figs.append(fig)
    return gridplot(figs, ncols=2, sizing_mode="stretch_width", merge_tools=True,
                    toolbar_location="above")


def rolling_chart(data: BriefData) -> Model | None:
    """Rolling 30/90/180-day correlations per pair, a bootstrap band, breaks shaded."""
    import pandas as pd
    from bokeh.layouts import gridplot
    from bokeh.models import BoxAnnotation, ColumnDataSource  # type: ignore[attr-defined]

    figs: list[Any] = []
    shared = None
    for rp in data.rolling:
        fig = new_figure(f"{rp.a} / {rp.b}", "correlation (-1 to +1)", height=240,
                         x_range=shared)
        shared = shared or fig.x_range
        band = rp.band
        if not band.empty:
            fig.varea(x="x", y1="low", y2="high", color=PALETTE[0], alpha=0.15,
                      legend_label="95% bootstrap band, 90d",
                      source=ColumnDataSource({"x": band.index, "low": band["low"].to_numpy(),
                                               "high": band["high"].to_numpy()}))
        renderers = []
        for w, color, width, dash in ((90, PALETTE[0], 2.0, "solid"),
                                      (30, "#9ecae1", 1.0, "solid"),
                                      (180, PALETTE[1], 1.5, "dashed")):
            s = thin(rp.series[w])
            renderers.append(line(fig, s.index, s.to_numpy(), f"{w} days", color, width=width,
                                  dash=dash))
        for i, day in enumerate(rp.breaks):
            t = pd.Timestamp(day)
            fig.add_layout(BoxAnnotation(left=t - pd.Timedelta(days=20),
                                         right=t + pd.Timedelta(days=20),
                                         fill_color="#ff7f0e", fill_alpha=0.25))
            if i == 0:
                fig.line([t, t], [0, 0], color="#ff7f0e", alpha=0.5, line_width=8,
                         legend_label="break in co-movement")
        fig.y_range.start, fig.y_range.end = -1, 1  # type: ignore[attr-defined]
        hover(fig, renderers[:1], [DATE, ("90 days", "@y{+0.00}")])
        fig.xaxis.axis_label = ""
        figs.append(fig)
    if not figs:
        return None
    for fig in figs[:-1]:
        fig.legend.visible = False
    legend_outside(figs[-1], 5)
    return gridplot([[f] for f in figs], sizing_mode="stretch_width", merge_tools=True,
                    toolbar_location="above")


def divergence_chart(data: BriefData, index: int) -> Model | None:
    """Each earlier episode's path (labelled by its start), with mean and median named;
    log scale, so one large rally does not squeeze the rest."""
    d = data.divergences[index]
    paths = episode_paths(data, index)
    if paths is None:
        return None
    episodes, mean, median = paths
    fig = new_figure(None, f"{d.laggard}, 100 = the episode's start", x_datetime=False,
                     x_label="calendar days after the episode's start", height=340,
                     y_log=True)
    renderers = []
    for start, path in episodes.items():
        renderers.append(line(fig, path.index, path.to_numpy() * 100, f"{start}", "#9e9e9e",
                              width=1, alpha=0.55, legend=False))
    for label, s, color in ((f"mean of {len(episodes)}", mean, PALETTE[1]),
                            (f"median of {len(episodes)}", median, PALETTE[0])):
        renderers.append(line(fig, s.index, s.to_numpy() * 100, label, color, width=2.5))
    hover(fig, renderers, [("episode", "@name"), ("day", "@x"), (d.laggard, "@y{0.0}")],
          x_datetime=False, mode="mouse")
    log_ticks(fig, [10, 25, 50, 75, 100, 150, 200, 400, 800, 1600])
    legend_outside(fig, 2)
    return fig


def cycles_chart(data: BriefData) -> Model | None:
    """Bitcoin since each halving, indexed to 1 on the halving day (log scale)."""
    paths = cycle_paths(data)
    if not paths:
        return None
    fig = new_figure(None, "multiple of the halving-day price", x_datetime=False,
                     x_label="days since the halving", height=320, y_log=True)
    renderers = []
    for (day, path), color in zip(paths.items(), PALETTE, strict=False):
        renderers.append(line(fig, path.index, path.to_numpy(), f"halving of {day}", color,
                              width=2.5 if day == max(paths) else 1.5))
    hover(fig, renderers, [("cycle", "@name"), ("day", "@x"), ("multiple", "@y{0.00}x")],
          x_datetime=False)
    log_ticks(fig, [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100], "x")
    legend_outside(fig, 4)
    return fig
