"""Interactive charts for HTML pages (BokehJS), built to open offline.

Charts are BokehJS models written directly (:mod:`comove.plots.bokeh_json`; bokeh's Python
package is never imported), and only the core bundle is inlined, once per page
(:func:`bokeh_js`); charts use no widget, table or gl bundle. Long histories are thinned
(:func:`thin`) so a page stays small: weekly points before the last two years, daily after.
"""

from __future__ import annotations

from typing import Any, Literal

from comove.plots.bokeh_json import Map, Model, bundle, embed, field_, milliseconds, model, value

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf",
           "#7f7f7f")
RECENT_DAYS = 730
LEGEND_ROW = 22  # px per row of a legend at 9pt
TOOLS = ("PanTool", "BoxZoomTool", "WheelZoomTool", "ResetTool")


def thin(series: Any, recent_days: int = RECENT_DAYS) -> Any:
    """Daily values for the last ``recent_days``, the last value of each week before (a
    Series or a DataFrame indexed by date)."""
    import pandas as pd

    s = series.dropna(how="all") if isinstance(series, pd.DataFrame) else series.dropna()
    if s.empty:
        return s
    cut = s.index[-1] - pd.Timedelta(days=recent_days)
    old, new = s.loc[:cut], s.loc[cut:].iloc[1:] if len(s.loc[:cut]) else s.loc[cut:]
    if len(old):
        weekly = old.groupby(old.index.to_period("W")).tail(1)
        return pd.concat([weekly, new])
    return new


def _date_axis(label: str) -> Model:
    """A date axis whose labels never overlap: at phone width every other one is dropped."""
    return model("DatetimeAxis", axis_label=label,
                 ticker=model("DatetimeTicker", num_minor_ticks=5),
                 formatter=model("DatetimeTickFormatter", days="%b %d", months="%b %Y"),
                 major_label_policy=model("NoOverlap", min_distance=8))


class Chart:
    """One plot with pan, box zoom, wheel zoom and reset, stretching to the page width.

    ``model`` is its BokehJS ``Plot``; ``x_range``, ``x_axis`` and ``y_axis`` can be
    changed or shared before the page is written.
    """

    def __init__(self, title: str | None, y_label: str, *, x_datetime: bool = True,
                 height: int = 300, x_range: Model | None = None, y_log: bool = False,
                 x_label: str | None = None) -> None:
        x_label = x_label if x_label is not None else ("date" if x_datetime else "")
        self.x_range = x_range or model("DataRange1d")
        self.y_range = model("DataRange1d")
        self.x_axis = (_date_axis(x_label) if x_datetime else
                       model("LinearAxis", axis_label=x_label, ticker=model("BasicTicker"),
                             formatter=model("BasicTickFormatter")))
        self.y_axis = (model("LogAxis", ticker=model("LogTicker"),
                             formatter=model("LogTickFormatter"), axis_label=y_label)
                       if y_log else
                       model("LinearAxis", ticker=model("BasicTicker"),
                             formatter=model("BasicTickFormatter"), axis_label=y_label))
        self.tools = [model(name) for name in TOOLS]
        self.legend: list[Model] = []
        self.model = model(
            "Plot", height=height, sizing_mode="stretch_width", x_range=self.x_range,
            y_range=self.y_range, x_scale=model("LinearScale"),
            y_scale=model("LogScale" if y_log else "LinearScale"),
            title=(model("Title", text=title, text_font_size="10pt") if title is not None
                   else None),
            renderers=[], toolbar=model("Toolbar", tools=self.tools, active_scroll=None),
            toolbar_location="above", left=[self.y_axis], below=[self.x_axis],
            center=[model("Grid", axis=self.x_axis, grid_line_alpha=0.3),
                    model("Grid", axis=self.y_axis, dimension=1, grid_line_alpha=0.3)],
            min_border_right=10)

    def glyph(self, glyph: Model, source: Model, label: str | None = None,
              name: str | None = None) -> Model:
        """Draw ``glyph`` from ``source``; ``label`` adds a legend entry."""
        renderer = model("GlyphRenderer", data_source=source, glyph=glyph)
        if name is not None:
            renderer["name"] = name
        self.model["renderers"].append(renderer)
        if label is not None:
            self.legend.append(model("LegendItem", label=value(label), renderers=[renderer]))
        return renderer

    def add_layout(self, annotation: Model) -> None:
        """An annotation (span, box) in the plot area."""
        self.model["center"].append(annotation)


def source(columns: dict[str, Any]) -> Model:
    """A data source; date columns must already be :func:`milliseconds`."""
    return model("ColumnDataSource", data=Map(columns))


def line(chart: Chart, x: Any, y: Any, label: str, color: str, *, width: float = 1.5,
         dash: str = "solid", alpha: float = 1.0, legend: bool = True,
         x_datetime: bool = True) -> Model:
    """A line (named ``label``: hover shows it as ``$name``), in the legend unless
    ``legend`` is false."""
    import numpy as np

    xs = milliseconds(x) if x_datetime else np.asarray(x, dtype="float64")
    return line_from(chart, source({"x": xs, "y": np.asarray(y, dtype="float64")}), "y",
                     label, color, width=width, dash=dash, alpha=alpha, legend=legend)


def line_from(chart: Chart, data: Model, column: str, label: str, color: str, *,
              width: float = 1.5, dash: str = "solid", alpha: float = 1.0,
              legend: bool = True) -> Model:
    """A line of column ``column`` against ``x`` of the source ``data``."""
    glyph = model("Line", x=field_("x"), y=field_(column), line_color=color, line_width=width)
    if dash != "solid":
        glyph["line_dash"] = dash
    if alpha != 1.0:
        glyph["line_alpha"] = alpha
    return chart.glyph(glyph, data, label if legend else None, name=label)


def hover(chart: Chart, renderers: list[Model], tooltips: list[tuple[str, str]],
          x_datetime: bool = True, mode: str = "vline") -> None:
    """Tooltips on ``renderers`` (values are shown as text, never as HTML)."""
    chart.tools.append(model(
        "HoverTool", renderers=renderers, tooltips=[list(t) for t in tooltips],
        formatters=Map({"@x": "datetime"} if x_datetime else {}), sort_by=None, mode=mode))


def legend_outside(chart: Chart, columns: int = 4,
                   side: Literal["below", "above", "right"] = "below") -> None:
    """The legend below, above or right of the plot, so it never hides the ends of the
    lines; a click on an entry hides its line. A legend wider than the plot is cut off,
    so ``columns`` must fit a phone-width plot (about 350 px)."""
    if not chart.legend:
        return
    legend = model("Legend", items=chart.legend, click_policy="hide",
                   label_text_font_size="9pt", location="top_left",
                   orientation="vertical" if side == "right" else "horizontal",
                   ncols=1 if side == "right" else columns)
    chart.model.attrs.setdefault(side, []).append(legend)
    if side != "right":  # the plot grows by the legend's rows: its data area keeps its size
        chart.model["height"] += LEGEND_ROW * -(-len(chart.legend) // columns) + 12


def log_ticks(axis: Model, ticks: list[float], suffix: str = "") -> None:
    """Readable ticks on a log axis (no crowded minor labels)."""
    axis["ticker"] = model("FixedTicker", ticks=ticks)
    axis["formatter"] = model("NumeralTickFormatter", format="0.[00]" + suffix)


def grid(charts: list[Chart], ncols: int = 1) -> Model:
    """Charts in a grid with one toolbar above (each tool acts on every chart)."""
    proxies = [model("ToolProxy", tools=[c.tools[i] for c in charts])
               for i in range(len(TOOLS))]
    proxies += [model("ToolProxy", tools=[t]) for c in charts for t in c.tools[len(TOOLS):]]
    for c in charts:
        c.model["toolbar_location"] = None
    return model("GridPlot", rows=None, cols=None, sizing_mode="stretch_width",
                 toolbar=model("Toolbar", tools=proxies, active_scroll=None),
                 toolbar_location="above",
                 children=[[c.model, i // ncols, i % ncols] for i, c in enumerate(charts)])


def bokeh_js() -> str:
    """The core BokehJS bundle as an inline ``<script>`` tag (no network)."""
    return bundle()


def components(models: list[Model]) -> tuple[str, list[str]]:
    """One script for all ``models`` and a ``<div>`` for each."""
    return embed(models)


__all__ = ["PALETTE", "Chart", "bokeh_js", "components", "grid", "hover", "legend_outside",
           "line", "line_from", "log_ticks", "source", "thin"]
