"""Interactive charts for HTML pages (bokeh), built to open offline.

Only bokeh's core bundle is inlined, once per page (:func:`bokeh_js`); charts use no
widget, table or gl bundle. Long histories are thinned (:func:`thin`) so a page stays
small: weekly points before the last two years, daily after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from bokeh.models import Model
    from bokeh.plotting import figure

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf",
           "#7f7f7f")
RECENT_DAYS = 730


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


def new_figure(title: str | None, y_label: str, *, x_datetime: bool = True, height: int = 300,
               x_range: Any = None, y_log: bool = False, x_label: str | None = None
               ) -> figure:
    """A figure with pan, box zoom, wheel zoom and reset; stretches to the page width."""
    from bokeh.plotting import figure

    kwargs: dict[str, Any] = {}
    if x_range is not None:
        kwargs["x_range"] = x_range
    fig = figure(title=title, height=height, sizing_mode="stretch_width",
                 x_axis_type="datetime" if x_datetime else "linear",
                 y_axis_type="log" if y_log else "linear",
                 tools="pan,box_zoom,wheel_zoom,reset", active_scroll=None,
                 toolbar_location="above", **kwargs)
    fig.yaxis.axis_label = y_label
    fig.xaxis.axis_label = x_label if x_label is not None else ("date" if x_datetime else "")
    if title is not None:
        fig.title.text_font_size = "10pt"  # type: ignore[union-attr]
    fig.grid.grid_line_alpha = 0.3
    fig.min_border_right = 10
    return fig


def line(fig: figure, x: Any, y: Any, label: str, color: str, *, width: float = 1.5,
         dash: str = "solid", alpha: float = 1.0, extra: dict[str, Any] | None = None,
         legend: bool = True) -> Any:
    """A line with a legend label (unless ``legend`` is false); ``extra`` adds hover
    columns of the same length."""
    import numpy as np
    from bokeh.models import ColumnDataSource

    data: dict[str, Any] = {"x": np.asarray(x), "y": np.asarray(y, dtype="float64"),
                            "name": [label] * len(y)}
    data |= extra or {}
    kwargs: dict[str, Any] = {"legend_label": label} if legend else {}
    return fig.line("x", "y", source=ColumnDataSource(data), color=color, line_width=width,
                    line_dash=dash, alpha=alpha, **kwargs)


def hover(fig: figure, renderers: list[Any], tooltips: list[tuple[str, str]],
          x_datetime: bool = True, mode: str = "vline") -> None:
    """Tooltips on ``renderers`` (values are shown as text, never as HTML)."""
    from bokeh.models import HoverTool

    formatters: dict[str, Any] = {"@x": "datetime"} if x_datetime else {}
    fig.add_tools(HoverTool(renderers=renderers, tooltips=tooltips, formatters=formatters,
                            mode=mode))  # type: ignore[arg-type]


def legend_outside(fig: figure, columns: int = 4,
                   side: Literal["below", "right"] = "below") -> None:
    """Move the legend below the plot, so it never hides the ends of the lines."""
    if not fig.legend:
        return
    legend = fig.legend[0]
    legend.orientation = "horizontal" if side == "below" else "vertical"
    legend.ncols = columns if side == "below" else 1
    legend.click_policy = "hide"
    legend.label_text_font_size = "9pt"
    fig.center = [c for c in fig.center if c is not legend]
    fig.add_layout(legend, side)


def log_ticks(fig: figure, ticks: list[float], suffix: str = "") -> None:
    """Readable ticks on a log y axis (no crowded minor labels)."""
    from bokeh.models import FixedTicker, NumeralTickFormatter

    fig.yaxis.ticker = FixedTicker(ticks=ticks)
    fig.yaxis.formatter = NumeralTickFormatter(format="0.[00]" + suffix)


def bokeh_js() -> str:
    """The core BokehJS bundle as inline ``<script>`` tags (no network)."""
    from bokeh.resources import Resources

    return Resources(mode="inline", components=["bokeh"]).render_js()


def components(models: list[Model]) -> tuple[str, list[str]]:
    """One script for all ``models`` and a ``<div>`` for each."""
    from bokeh.embed import components as embed

    script, divs = embed(models)
    return script, list(divs)


__all__ = ["bokeh_js", "components", "hover", "legend_outside", "line", "new_figure", "thin"]
