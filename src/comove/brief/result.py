"""The brief as a result object: its numbers, its headline, and a writer for the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comove.results.base import Result

if TYPE_CHECKING:
    import pandas as pd

    from comove.brief.model import BriefData
    from comove.brief.render import Chart


@dataclass
class BriefResult(Result):
    """The market brief computed as of a date.

    Attributes
    ----------
    data
        Every number of the brief: watchlist rows, pairs, divergences, claim verdicts.
    laggard_prices
        Closes of each divergence's laggard (drawn in its chart).
    outputs
        The files written by :meth:`write` (``html``, ``markdown``), once written.
    """

    data: BriefData
    laggard_prices: dict[str, pd.Series] = field(default_factory=dict, repr=False)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def asof(self) -> Any:
        return self.data.asof

    @property
    def headline(self) -> list[str]:
        """The brief's headline lines (what is notable today)."""
        from comove.brief.text import headline

        return headline(self.data)

    def summary(self) -> str:
        return "\n".join(f"- {line}" for line in self.headline)

    def to_frame(self) -> pd.DataFrame:
        """The watchlist table: one row per symbol."""
        import pandas as pd

        return pd.DataFrame([_row_dict(r) for r in self.data.rows])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"asof": self.data.asof, "headline": self.headline}
        out |= {k: str(Path(v).resolve()) for k, v in self.outputs.items()}
        out["watchlist"] = [_row_dict(r) for r in self.data.rows]
        out["pairs"] = [{k: v for k, v in p.__dict__.items() if k != "rolling"}
                        for p in self.data.pairs]
        out["divergences"] = [
            {"leader": d.leader, "laggard": d.laggard, "leader_date": d.leader_date,
             "laggard_distance": d.laggard_distance, "correlation": d.correlation,
             "note": d.note, "study": d.study.to_dict() if d.study is not None else None}
            for d in self.data.divergences]
        out["claims"] = [c.as_dict() for c in self.data.claims]
        out["notes"] = self.data.notes
        return out

    def charts(self) -> list[Chart]:
        """The brief's charts as PNG images."""
        from comove.brief import charts as c
        from comove.brief.render import Chart

        data = self.data
        out = [Chart("records", "Closes and record lines", c.records_chart(data)),
               Chart("drawdowns", "Distance from the record close", c.drawdown_chart(data))]
        if data.pairs:
            out.append(Chart("correlation", "Rolling 90-day correlations",
                             c.correlation_chart(data)))
        for i, d in enumerate(data.divergences):
            if d.study is not None and d.laggard in self.laggard_prices:
                out.append(Chart(f"divergence_{i}", f"{d.laggard} after earlier episodes: "
                                 f"{d.study.description}",
                                 c.divergence_chart(data, i, self.laggard_prices[d.laggard])))
        return out

    def write(self, path: str | Path | None = None) -> tuple[Path, Path]:
        """Write the HTML brief and its Markdown twin (with a folder of PNG charts).

        Parameters
        ----------
        path
            An ``.html`` file, or a folder (the file is ``comove-brief-DATE.html`` in it);
            default: that file in the current folder.

        Returns
        -------
        html, markdown
            The paths written.
        """
        from comove.brief.render import write_brief

        output = Path(path) if path is not None else Path(f"comove-brief-{self.data.asof}.html")
        if output.suffix.lower() != ".html":
            output = output / f"comove-brief-{self.data.asof}.html"
        html_path, md_path = write_brief(self.data, self.charts(), output)
        self.outputs = {"html": str(html_path), "markdown": str(md_path)}
        return html_path, md_path


def _row_dict(row: Any) -> dict[str, Any]:
    return {k: v for k, v in row.__dict__.items() if k != "history"}
