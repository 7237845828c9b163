"""BokehJS documents written directly as JSON, without importing bokeh's Python package.

bokeh's Python side (``bokeh.plotting``, ``bokeh.embed``) costs about two seconds for the
brief's thirteen panels: half a second of imports (asyncio, ssl, jinja2 among them), 80 ms
per ``figure()`` and half a second to serialise a thousand models. The page only needs the
document BokehJS reads, so the models are plain :class:`Model` records here (a BokehJS model
name and the attributes that differ from BokehJS's defaults) and :func:`embed` writes them in
the document format ``bokeh.embed`` writes (3.x): each model defined where it first occurs,
referenced by id after that, arrays as gzip-compressed base64 ``ndarray``. The bundle comes
from the installed bokeh package, so the document version always matches it; the tests read
every document back with bokeh's own Python deserializer and validator.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, util
from pathlib import Path
from typing import Any

DOC_ID = "comove-brief"
COMPRESSION = 2  # gzip level of the arrays (bokeh's default)


@dataclass(eq=False)
class Model:
    """One BokehJS model: its type name and the attributes set on it."""

    name: str
    attrs: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.attrs[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.attrs[key] = value


def model(name: str, **attrs: Any) -> Model:
    """A model named as in BokehJS (``"Plot"``, ``"Line"``...) with ``attrs`` set."""
    return Model(name, attrs)


@dataclass
class Map:
    """A property whose value is a mapping (a data source's columns, hover formatters)."""

    entries: dict[str, Any]


def field_(name: str) -> dict[str, str]:
    """A glyph property read from the data source's column ``name``."""
    return {"type": "field", "field": name}


def value(v: Any) -> dict[str, Any]:
    """A fixed value where BokehJS expects a value spec (a legend label)."""
    return {"type": "value", "value": v}


def milliseconds(index: Any) -> Any:
    """Dates (a DatetimeIndex, Timestamps or numpy datetimes) as BokehJS's float ms."""
    import numpy as np

    return np.asarray(index, dtype="datetime64[ms]").astype("float64")


def _ndarray(array: Any) -> dict[str, Any]:
    import numpy as np

    a = np.ascontiguousarray(array, dtype="<f8")
    packed = gzip.compress(a.tobytes(), compresslevel=COMPRESSION, mtime=1)  # BokehJS gunzips
    return {"type": "ndarray",
            "array": {"type": "bytes", "data": base64.b64encode(packed).decode("ascii")},
            "shape": list(a.shape), "dtype": "float64", "order": "little"}


class _Encoder:
    def __init__(self) -> None:
        self.ids: dict[int, str] = {}

    def ref(self, m: Model) -> str:
        return self.ids[id(m)]

    def encode(self, v: Any) -> Any:
        if isinstance(v, Model):
            key = id(v)
            if key in self.ids:
                return {"id": self.ids[key]}
            ident = self.ids[key] = f"c{len(self.ids) + 1}"
            out: dict[str, Any] = {"type": "object", "name": v.name, "id": ident}
            if v.attrs:
                out["attributes"] = {k: self.encode(x) for k, x in v.attrs.items()}
            return out
        if getattr(v, "ndim", None) == 0:  # a numpy scalar
            v = v.item()
        if isinstance(v, float):
            if math.isfinite(v):
                return v
            return {"type": "number", "value": "nan" if v != v else ("+inf" if v > 0 else "-inf")}
        if isinstance(v, str | bool | int | None):
            return v
        if isinstance(v, Map):
            return {"type": "map", "entries": [[k, self.encode(x)] for k, x in v.entries.items()]}
        if isinstance(v, dict):
            return {k: self.encode(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [self.encode(x) for x in v]
        if hasattr(v, "dtype"):
            return _ndarray(v)
        raise TypeError(f"cannot write {type(v).__name__} into a bokeh document")


def embed(roots: list[Model]) -> tuple[str, list[str]]:
    """The ``<script>`` tags that draw ``roots`` with BokehJS, and a ``<div>`` for each.

    Parameters
    ----------
    roots
        The charts, each a ``Plot`` or a layout of plots.

    Returns
    -------
    script, divs
        The document in a ``<script type="application/json">`` (every ``<`` escaped, so
        no text in it can end the tag) and the script that draws it once the page is
        loaded; one ``<div>`` per root, in order. Ids are numbered in document order, so
        the same charts give the same page.
    """
    enc = _Encoder()
    config = model("DocumentConfig", notifications=model("Notifications"))
    docs = {DOC_ID: {"version": bokeh_version(), "title": "comove brief",
                     "config": enc.encode(config), "roots": [enc.encode(r) for r in roots]}}
    root_ids = [enc.ref(r) for r in roots]
    divs = {r: f"comove-chart-{i}" for i, r in enumerate(root_ids)}
    items = [{"docid": DOC_ID, "roots": divs, "root_ids": root_ids}]
    text = json.dumps(docs, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")
    script = (
        f'<script type="application/json" id="comove-bokeh-docs">{text}</script>\n'
        "<script>\n(function() {\n  const fn = function() {\n    Bokeh.safely(function() {\n"
        '      const docs = JSON.parse(document.getElementById("comove-bokeh-docs")'
        ".textContent);\n"
        f"      Bokeh.embed.embed_items(docs, {json.dumps(items)});\n    }});\n  }};\n"
        '  if (document.readyState != "loading") fn();\n'
        '  else document.addEventListener("DOMContentLoaded", fn);\n})();\n</script>')
    return script, [f'<div id="{div}" data-root-id="{root}" style="display: contents;"></div>'
                    for root, div in divs.items()]


def _bokeh_folder() -> Path:
    spec = util.find_spec("bokeh")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("bokeh is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def bokeh_version() -> str:
    """The installed bokeh's version (the bundle's and the document format's)."""
    return metadata.version("bokeh")


def bundle() -> str:
    """The core BokehJS bundle as one inline ``<script>`` (no network)."""
    js = (_bokeh_folder() / "server" / "static" / "js" / "bokeh.min.js").read_text("utf-8")
    return "<script>\n" + js.replace("</script", "<\\/script") + "\n</script>"
