"""Shared chart set-up: a headless backend and a house style."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from comove.errors import UsageError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def new_figure(width: float = 10, height: float = 5.5) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    return fig


def save(fig: Figure, path: Path) -> None:
    """Write a chart; the format follows the suffix (.png, .svg, .pdf)."""
    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise UsageError(f"cannot write a chart to '{path.name}'", "use a .png, .svg or .pdf file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}", "choose another path") from exc


def save_axes(ax: Axes, path: Path) -> None:
    """Write the figure that holds ``ax``."""
    figure = ax.get_figure()
    if figure is None:
        raise UsageError("the chart has no figure to write", "draw it with plot() first")
    save(figure, path)  # type: ignore[arg-type]


def png_bytes(fig: Figure) -> bytes:
    """The chart as PNG bytes (for embedding)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
