"""The brief's BokehJS documents, written without bokeh's Python package, read back by
bokeh's own Python deserializer (the independent reference): every model and attribute
exists in this bokeh version, values survive, shared models stay shared, no validation
issue; and the page script cannot be closed by text in the charts."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from comove.plots.bokeh_json import DOC_ID, embed, model
from comove.plots.interactive import (
    Chart,
    grid,
    hover,
    legend_outside,
    line,
    log_ticks,
)


def _read_back(script: str):  # type: ignore[no-untyped-def]
    from bokeh.document import Document

    text = re.search(r'id="comove-bokeh-docs">(.*?)</script>', script, re.S)
    assert text is not None
    return Document.from_json(json.loads(text.group(1))[DOC_ID])


def _charts() -> list:  # type: ignore[type-arg]
    dates = pd.date_range("2024-01-01", periods=5, freq="D")
    panels = []
    for title in ("A </script><script>alert(1)</script>", "B"):
        chart = Chart(title, "level", height=200, x_range=panels[0].x_range if panels else None)
        r = line(chart, dates, [1.0, np.nan, 3.0, 4.0, 5.0], "close <b>", "#1f77b4")
        hover(chart, [r], [("date", "@x{%F}"), ("value", "@y")])
        chart.add_layout(model("Span", location=1.7e12, dimension="height"))
        legend_outside(chart, 2)
        panels.append(chart)
    log_chart = Chart(None, "multiple", x_datetime=False, y_log=True)
    line(log_chart, [0, 1, 2], [1.0, 2.0, 4.0], "cycle", "#d62728", x_datetime=False)
    log_ticks(log_chart.y_axis, [1, 2, 4], "x")
    return [grid(panels, ncols=2), log_chart.model]


def test_documents_read_back_by_bokeh_equal_what_was_drawn():
    from bokeh.core.validation import check_integrity

    roots = _charts()
    script, divs = embed(roots)
    doc = _read_back(script)
    assert [type(r).__name__ for r in doc.roots] == ["GridPlot", "Plot"]
    issues = check_integrity(list(doc.models))
    assert issues.error == [] and issues.warning == []
    (a, _, _), (b, _, _) = doc.roots[0].children
    assert a.x_range is b.x_range  # one shared range, defined once and referenced
    renderer = a.renderers[0]
    ys = renderer.data_source.data["y"]
    assert ys[0] == 1.0 and np.isnan(ys[1]) and list(ys[2:]) == [3.0, 4.0, 5.0]
    xs = renderer.data_source.data["x"]
    assert xs[0] == pd.Timestamp("2024-01-01").value / 1e6  # milliseconds since 1970
    assert renderer.name == "close <b>"
    assert a.title.text == "A </script><script>alert(1)</script>"
    assert [tuple(t) for t in a.toolbar.tools[-1].tooltips] == [("date", "@x{%F}"), ("value", "@y")]
    assert doc.roots[1].left[0].ticker.ticks == [1, 2, 4]
    assert [d.count("data-root-id") for d in divs] == [1, 1]


def test_no_text_in_a_chart_ends_the_script():
    script, _ = embed(_charts())
    assert script.count("</script>") == 2  # the document's tag and the drawing script's
    assert "<b>" not in script


def test_the_same_charts_give_the_same_page():
    assert embed(_charts()) == embed(_charts())


def test_values_bokehjs_cannot_read_are_refused():
    with pytest.raises(TypeError, match="cannot write object"):
        embed([model("Plot", height=object())])
