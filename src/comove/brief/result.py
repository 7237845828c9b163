"""The brief as a result object: its numbers, its sections as DataFrames (for notebooks),
its headline, and a writer for the pages."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comove.results.base import Result

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from comove.brief.model import BriefData

PNG_CHARTS = ("story", "records", "rolling", "cycles")


@dataclass
class BriefResult(Result):
    """The market brief computed as of a date.

    Attributes
    ----------
    data
        Every number of the brief: watchlist rows, pairs, matrices, rolling correlations,
        divergences and their episodes, halving cycles, claim verdicts.
    laggard_prices
        Closes of each divergence's laggard (drawn in its chart).
    outputs
        The files written by :meth:`write` (``html``, ``markdown``), once written.
    pngs_ahead
        The PNG charts being drawn ahead (``Market.brief(..., draw_ahead=True)``), which
        :meth:`write` collects instead of drawing them again.

    Each section is also a DataFrame: :meth:`returns_table`, :meth:`records_table`,
    :meth:`correlation_matrix`, :meth:`rolling_correlation`, :meth:`divergence_episodes`,
    :meth:`halving_cycles`, :meth:`claims_table`.
    """

    data: BriefData
    laggard_prices: dict[str, pd.Series] = field(default_factory=dict, repr=False)
    outputs: dict[str, str] = field(default_factory=dict)
    pngs_ahead: Callable[[], dict[str, bytes]] | None = field(default=None, repr=False,
                                                               compare=False)

    @property
    def asof(self) -> Any:
        return self.data.asof

    @property
    def lede(self) -> list[str]:
        """One or two sentences: the most important finding of the day."""
        from comove.brief.text import lede

        return lede(self.data)

    @property
    def headline(self) -> list[str]:
        """The brief's headline lines (what is notable today)."""
        from comove.brief.text import headline

        return headline(self.data)

    def summary(self) -> str:
        """The lede, then what is notable: the lines ``comove brief`` prints."""
        return "\n".join(f"- {line}" for line in [" ".join(self.lede), *self.headline])

    def to_frame(self) -> pd.DataFrame:
        """The watchlist table: one row per symbol."""
        import pandas as pd

        return pd.DataFrame([_row_dict(r) for r in self.data.rows])

    def returns_table(self) -> pd.DataFrame:
        """Returns over 1 day, 1 week, 1 month, the year to date and 1 year, per symbol."""
        import pandas as pd

        from comove.brief.model import PERIODS

        return pd.DataFrame({r.symbol: {label: r.returns.get(label) for label, _ in PERIODS}
                             for r in self.data.rows}).T.rename_axis("symbol")

    def records_table(self) -> pd.DataFrame:
        """Distance from the record, its date, and days since it (in the symbol's own
        calendar: trading days or calendar days)."""
        import pandas as pd

        return pd.DataFrame([{
            "symbol": r.symbol, "last_date": r.last_date, "last_close": r.last_close,
            "record_date": r.record_date, "record_close": r.record_close,
            "distance": r.distance, "days_since": r.days_since_text,
            "is_level": r.is_level, "percentile": r.percentile} for r in self.data.rows]
        ).set_index("symbol")

    def correlation_matrix(self, span: str = "1 year") -> tuple[pd.DataFrame, pd.DataFrame]:
        """The correlation matrix over ``span`` (``"90 days"`` or ``"1 year"``) and the
        number of complete pairs behind each cell."""
        for m in self.data.matrices:
            if m.label == span:
                return m.corr, m.n
        from comove.errors import UsageError

        raise UsageError(f"no correlation matrix over '{span}'",
                         "use one of: " + ", ".join(m.label for m in self.data.matrices)
                         if self.data.matrices else self.data.empty.get("matrix"),
                         param="span")

    def rolling_correlation(self) -> pd.DataFrame:
        """Rolling 30/90/180-day correlations of each pair (columns ``A/B 90d``...)."""
        import pandas as pd

        return pd.DataFrame({f"{rp.a}/{rp.b} {w}d": s for rp in self.data.rolling
                             for w, s in rp.series.items()})

    def divergence_episodes(self) -> pd.DataFrame:
        """Every earlier episode of each active divergence: start, the laggard's depth,
        and its returns 30, 90 and 180 days after."""
        import pandas as pd

        parts = []
        for d in self.data.divergences:
            if d.episodes is not None:
                frame = d.episodes.copy()
                frame.columns = ["start", "laggard_below_record",
                                 *[c.split("+")[-1] for c in frame.columns[2:]]]
                frame.insert(0, "divergence", f"{d.leader} near record, {d.laggard} below")
                parts.append(frame)
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    def halving_cycles(self) -> pd.DataFrame:
        """Bitcoin over its halving-day price, by days since each halving (one column per
        halving)."""
        import pandas as pd

        if self.data.cycles is None:
            return pd.DataFrame()
        return pd.DataFrame({str(d): p for d, p in self.data.cycles.paths.items()}
                            ).rename_axis("days since halving")

    def claims_table(self) -> pd.DataFrame:
        """Today's claim verdicts."""
        import pandas as pd

        from comove.brief.tables import claim_rows

        return pd.DataFrame(claim_rows(self.data))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"asof": self.data.asof, "lede": self.lede,
                               "headline": self.headline, "dating": self.data.dating}
        out |= {k: str(Path(v).resolve()) for k, v in self.outputs.items()}
        out["watchlist"] = [_row_dict(r) for r in self.data.rows]
        out["pairs"] = [{k: v for k, v in p.__dict__.items() if k != "rolling"}
                        for p in self.data.pairs]
        out["correlation_matrices"] = [
            {"span": m.label, "start": m.start, "end": m.end,
             "corr": m.corr.round(6).to_dict(), "n": m.n.to_dict()} for m in self.data.matrices]
        out["divergences"] = [
            {"leader": d.leader, "laggard": d.laggard, "leader_date": d.leader_date,
             "laggard_distance": d.laggard_distance, "correlation": d.correlation,
             "note": d.note, "study": d.study.to_dict() if d.study is not None else None,
             "episodes": d.episodes.to_dict("records") if d.episodes is not None else []}
            for d in self.data.divergences]
        out["claims"] = [c.as_dict() for c in self.data.claims]
        out["notes"] = self.data.notes
        out["empty"] = self.data.empty
        return out

    def html_charts(self) -> dict[str, Any]:
        """The interactive charts (BokehJS models, :mod:`comove.plots.bokeh_json`) by key."""
        from comove.brief import charts_html

        return draw_charts(charts_html, self.data)

    def png_charts(self) -> dict[str, bytes]:
        """The same charts as PNG bytes (for the Markdown twin), by key."""
        from comove.brief import charts

        return draw_charts(charts, self.data)

    def write(self, path: str | Path | None = None) -> tuple[Path, Path]:
        """Write the HTML brief (interactive charts, opens offline) and its Markdown twin
        (with a folder of PNG charts), all or nothing.

        Parameters
        ----------
        path
            An ``.html`` file, or a folder (the file is ``comove-brief-DATE.html`` in it);
            default: that file in the current folder.

        Returns
        -------
        html, markdown
            The paths written.

        Raises
        ------
        ComoveError
            The path cannot be written (a file where a folder should be, no permission, a
            full disk); nothing is left behind.
        """
        from comove.brief.background import png_charts_later
        from comove.brief.markdown import render_markdown
        from comove.brief.render import render_html
        from comove.brief.write import chart_folder, target, write_files
        from comove.plots.interactive import bokeh_js, components

        try:
            html_path = target(Path(path) if path is not None else None, self.data.asof)
            self.pngs_ahead = self.pngs_ahead or png_charts_later(self)
            models = self.html_charts()
            script, divs = components(list(models.values())) if models else ("", [])
            page = render_html(self.data, dict(zip(models, divs, strict=True)),
                               (bokeh_js(), script))
        except BaseException:
            self.drop_pngs_ahead()  # reap the child drawing the PNGs before giving up
            raise
        pngs_later, self.pngs_ahead = self.pngs_ahead, None
        pngs = pngs_later()
        twin = render_markdown(self.data, {k: f"{k}.png" for k in pngs},
                               chart_folder(html_path).name)
        html_out, md_out, _ = write_files(html_path, page, twin,
                                          {f"{k}.png": v for k, v in pngs.items()})
        self.outputs = {"html": str(html_out), "markdown": str(md_out)}
        return html_out, md_out


    def drop_pngs_ahead(self) -> None:
        """Wait for the PNG charts being drawn ahead, if any, and drop them (their
        process ends; the result can still be written: the charts are drawn again)."""
        pending, self.pngs_ahead = self.pngs_ahead, None
        if pending is not None:
            with contextlib.suppress(Exception):
                pending()


def draw_charts(module: Any, data: BriefData, only: tuple[str, ...] | None = None,
                done: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every chart ``module`` draws (the page's or the twin's), by key in page order, none
    left empty; ``only`` limits the keys, ``done`` holds charts drawn already."""
    done = done or {}
    drawn: dict[str, Any] = {}
    for key in [*PNG_CHARTS, *(f"divergence_{i}" for i in range(len(data.divergences)))]:
        if only is not None and key not in only:
            continue
        if key in done:
            drawn[key] = done[key]
        elif key.startswith("divergence_"):
            drawn[key] = module.divergence_chart(data, int(key.rsplit("_", 1)[1]))
        else:
            drawn[key] = getattr(module, f"{key}_chart")(data)
    return {k: v for k, v in drawn.items() if v is not None}


def _row_dict(row: Any) -> dict[str, Any]:
    return {k: v for k, v in row.__dict__.items() if k != "history"}
