"""The brief's interactive charts (BokehJS): zoom, pan and hover, offline.

Each function returns a BokehJS model (:class:`comove.plots.bokeh_json.Model`, or None when
there is nothing to draw); the page embeds them all with one script
(:func:`comove.plots.interactive.components`). The Markdown twin draws the same charts as
PNGs (:mod:`comove.brief.charts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comove.brief.series import (
    STORY,
    YEARS_SHOWN,
    cycle_paths,
    drawdowns,
    episode_paths,
    short_title,
    unit,
)
from comove.plots.bokeh_json import field_, milliseconds, model
from comove.plots.interactive import (
    PALETTE,
    Chart,
    grid,
    hover,
    legend_outside,
    line,
    line_from,
    log_ticks,
    source,
    thin,
)

if TYPE_CHECKING:
    from datetime import date

    from comove.brief.model import BriefData
    from comove.plots.bokeh_json import Model

DATE = ("date", "@x{%F}")


def story_chart(data: BriefData) -> Model | None:
    """Bitcoin against the Russell 2000 and the S&P 500: % below each one's record."""
    series = drawdowns(data, STORY)
    if not series:
        return None
    import pandas as pd

    chart = Chart(None, "% below the record close", height=320)
    frame = thin(pd.DataFrame(series).ffill()) * 100
    src = source({"x": milliseconds(frame.index), **{k: frame[k].to_numpy() for k in frame}})
    renderers = [line_from(chart, src, k, k, color, width=2)
                 for k, color in zip(frame, PALETTE, strict=False)]
    hover(chart, renderers[:1], [DATE] + [(k, f"@{k}{{0.0}}% below record") for k in frame])
    # above: on the first screen at desktop width; on the right it would squeeze a phone's
    legend_outside(chart, 3, side="above")
    return chart.model


def records_chart(data: BriefData) -> Model | None:
    """Small multiples with one shared date axis: close, record line, the record's date."""
    import pandas as pd

    rows = [r for r in data.rows if not r.is_level]
    if not rows:
        return None
    start = pd.Timestamp(data.asof) - pd.DateOffset(years=YEARS_SHOWN)
    charts: list[Chart] = []
    shared = None
    for r in rows:
        shown = thin(r.history.loc[start:])
        if shown.empty:
            continue
        chart = Chart(short_title(r), unit(r).replace("index points", "points"), height=220,
                      x_range=shared, x_label="")
        shared = shared or chart.x_range
        record = r.history.cummax().reindex(shown.index)
        src = source({"x": milliseconds(shown.index), "y": shown.to_numpy(),
                      "record": record.to_numpy()})
        close = line_from(chart, src, "y", "close", PALETTE[0], legend=False)
        line_from(chart, src, "record", "record close so far", PALETTE[1], dash="dashed",
                  legend=False)
        if r.record_date is not None and pd.Timestamp(r.record_date) >= start:
            chart.add_layout(model("Span", location=float(milliseconds([r.record_date])[0]),
                                   dimension="height", line_color=PALETTE[1], line_alpha=0.4,
                                   line_width=1))
        hover(chart, [close], [(r.symbol, "@y{0,0.00}"), DATE])
        chart.y_axis["formatter"] = model("NumeralTickFormatter", format="0,0")
        chart.x_axis["ticker"]["desired_num_ticks"] = 4
        chart.model["title"]["text_font_size"] = "9pt"
        charts.append(chart)
    return grid(charts, ncols=2) if charts else None


def _break_box(day: date) -> Model:
    """A break in co-movement: 20 days either side of ``day``, shaded."""
    import pandas as pd

    t = pd.Timestamp(day)
    left, right = milliseconds([t - pd.Timedelta(days=20), t + pd.Timedelta(days=20)])
    return model("BoxAnnotation", left=float(left), right=float(right), fill_color="#ff7f0e",
                 fill_alpha=0.25, top=model("Node", target="frame", symbol="top"),
                 bottom=model("Node", target="frame", symbol="bottom"))


def rolling_chart(data: BriefData) -> Model | None:
    """Rolling 30/90/180-day correlations per pair, a bootstrap band, breaks shaded."""
    import pandas as pd

    charts: list[Chart] = []
    shared = None
    for rp in data.rolling:
        chart = Chart(f"{rp.a} / {rp.b}", "correlation (-1 to +1)", height=240,
                      x_range=shared, x_label="")
        shared = shared or chart.x_range
        chart.y_range["start"], chart.y_range["end"] = -1, 1
        band = rp.band
        if not band.empty:
            chart.glyph(model("VArea", x=field_("x"), y1=field_("low"), y2=field_("high"),
                              fill_color=PALETTE[0], fill_alpha=0.15),
                        source({"x": milliseconds(band.index), "low": band["low"].to_numpy(),
                                "high": band["high"].to_numpy()}),
                        "95% bootstrap band, 90d")
        renderers = []
        for w, color, width, dash in ((90, PALETTE[0], 2.0, "solid"),
                                      (30, "#9ecae1", 1.0, "solid"),
                                      (180, PALETTE[1], 1.5, "dashed")):
            s = thin(rp.series[w])
            renderers.append(line(chart, s.index, s.to_numpy(), f"{w} days", color,
                                  width=width, dash=dash))
        for i, day in enumerate(rp.breaks):
            chart.add_layout(_break_box(day))
            if i == 0:
                t = pd.Timestamp(day)
                line(chart, [t, t], [0, 0], "break in co-movement", "#ff7f0e", alpha=0.5,
                     width=8)
        hover(chart, renderers[:1], [DATE, ("90 days", "@y{+0.00}")])
        charts.append(chart)
    if not charts:
        return None
    legend_outside(charts[-1], 2)  # one legend, under the last panel; 2 columns fit a phone
    return grid(charts)


def divergence_chart(data: BriefData, index: int) -> Model | None:
    """Each earlier episode's path (labelled by its start), with mean and median named;
    log scale, so one large rally does not squeeze the rest."""
    d = data.divergences[index]
    paths = episode_paths(data, index)
    if paths is None:
        return None
    episodes, mean, median = paths
    chart = Chart(None, f"{d.laggard}, 100 = the episode's start", x_datetime=False,
                  x_label="calendar days after the episode's start", height=340, y_log=True)
    renderers = []
    for start, path in episodes.items():
        renderers.append(line(chart, path.index, path.to_numpy() * 100, f"{start}", "#9e9e9e",
                              width=1, alpha=0.55, legend=False, x_datetime=False))
    for label, s, color in ((f"mean of {len(episodes)}", mean, PALETTE[1]),
                            (f"median of {len(episodes)}", median, PALETTE[0])):
        renderers.append(line(chart, s.index, s.to_numpy() * 100, label, color, width=2.5,
                              x_datetime=False))
    hover(chart, renderers, [("episode", "$name"), ("day", "@x"), (d.laggard, "@y{0.0}")],
          x_datetime=False, mode="mouse")
    log_ticks(chart.y_axis, [10, 25, 50, 75, 100, 150, 200, 400, 800, 1600])
    legend_outside(chart, 2)
    return chart.model


def cycles_chart(data: BriefData) -> Model | None:
    """Bitcoin since each halving, indexed to 1 on the halving day (log scale)."""
    paths = cycle_paths(data)
    if not paths:
        return None
    chart = Chart(None, "multiple of the halving-day price", x_datetime=False,
                  x_label="days since the halving", height=320, y_log=True)
    renderers = []
    for (day, path), color in zip(paths.items(), PALETTE, strict=False):
        renderers.append(line(chart, path.index, path.to_numpy(), f"halving of {day}", color,
                              width=2.5 if day == max(paths) else 1.5, x_datetime=False))
    hover(chart, renderers, [("cycle", "$name"), ("day", "@x"), ("multiple", "@y{0.00}x")],
          x_datetime=False)
    log_ticks(chart.y_axis, [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100], "x")
    legend_outside(chart, 2)  # 2 columns fit a phone
    return chart.model
