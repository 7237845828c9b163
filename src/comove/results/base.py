"""The base of every result object."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


class Result:
    """What an analysis returns: numbers, their conventions, and ways to show them.

    Subclasses implement :meth:`summary` (the text ``comove`` prints), :meth:`to_dict`
    (exactly what ``comove ... --json`` prints) and :meth:`to_frame` (a tidy table), and
    :meth:`plot` where the command draws a chart. Results hold numbers, not raw price
    data, so they pickle small.
    """

    def summary(self) -> str:
        """The text the command line prints."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (what ``--json`` prints)."""
        raise NotImplementedError

    def to_frame(self) -> pd.DataFrame:
        """The main table of the result, tidy (one row per observation)."""
        raise NotImplementedError

    def to_json(self) -> str:
        """:meth:`to_dict` as strict JSON text."""
        from comove.results.render import to_json

        return to_json(self.to_dict())

    def plot(self, ax: Axes | None = None) -> Axes:
        """Draw the result's chart on ``ax`` (a new figure if ``None``) and return the axes."""
        raise NotImplementedError(f"{type(self).__name__} has no chart")

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        import html

        parts = [f"<pre>{html.escape(self.summary())}</pre>"]
        try:
            frame = self.to_frame()
        except NotImplementedError:
            frame = None
        if frame is not None and len(frame):
            parts.append(frame.to_html(max_rows=40, border=0, na_rep=""))
        return f'<div class="comove-result">{"".join(parts)}</div>'


def new_axes(ax: Axes | None, width: float = 10, height: float = 5.5) -> Axes:
    """``ax``, or the axes of a new figure in comove's house style (headless)."""
    if ax is not None:
        return ax
    from comove.plots.style import new_figure

    return new_figure(width, height).add_subplot()
