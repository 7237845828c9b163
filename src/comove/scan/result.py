"""The result of a universe scan: one row of metrics per asset and reference."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comove.errors import UsageError
from comove.results.base import Result, new_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

OUTPUT_SUFFIXES = (".parquet", ".csv")
SURVIVORSHIP = ("note: a universe of today's index members leaves out the companies that "
                "left the index (survivorship bias).")


@dataclass(eq=False)  # rows is a DataFrame: compare results with to_frame()
class ScanResult(Result):
    """Metrics of every asset of a universe against each reference asset.

    Attributes
    ----------
    rows
        One row per asset and reference, ordered by ``sort`` (descending, missing last).
    against
        The reference assets, as requested.
    missing
        Universe names that are not stored (left out).
    sort, top
        The ordering column, and how many rows :meth:`summary` shows.
    executor
        Where the chunks ran (``local`` or ``dask``); the numbers do not depend on it.
    """

    rows: pd.DataFrame
    against: tuple[str, ...]
    missing: list[str] = field(default_factory=list)
    sort: str = "corr_full"
    top: int = 15
    executor: str = "local"

    @property
    def convention(self) -> str:
        out = "daily log returns on the equity calendar"
        if "change_ci_low" in self.rows.columns:
            out += ("; change interval: 95% symmetric block bootstrap-t, as in comove corr "
                    "--periods")
        return out

    def summary(self) -> str:
        """The text ``comove scan`` prints: the first ``top`` rows and the conventions."""
        from comove.results.render import text_table

        head = (f"{len(self.rows)} assets against {','.join(self.against)}, "
                f"{self.convention}; sorted by {self.sort}")
        shown = self.rows.head(self.top)
        columns = [c for c in shown.columns if c != "n_full"]
        table = text_table([_cells(row) for row in shown.to_dict("records")], columns)
        return "\n".join([head, table, SURVIVORSHIP])

    def to_dict(self) -> dict[str, Any]:
        """What ``comove scan --json`` prints: the reference symbols, the symbols left out
        and every row."""
        return {"against": list(self.against), "missing": list(self.missing),
                "rows": self.rows.to_dict("records")}

    def to_frame(self) -> pd.DataFrame:
        """The rows (a copy)."""
        return self.rows.copy()

    def missing_note(self) -> str:
        """A line naming the universe symbols that are not stored ('' if none)."""
        if not self.missing:
            return ""
        return (f"note: {len(self.missing)} universe symbols are not stored and are left out: "
                + ", ".join(self.missing[:10]) + (" ..." if len(self.missing) > 10 else ""))

    def write(self, path: Path | str) -> int:
        """Write every row to a ``.parquet`` or ``.csv`` file; returns the number of rows."""
        path = Path(path)
        check_output(path)
        try:
            if path.suffix.lower() == ".parquet":
                self.rows.to_parquet(path, index=False)
            else:
                self.rows.to_csv(path, index=False)
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror}", "choose another path",
                             param="path") from exc
        return len(self.rows)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Histogram of the full-sample correlations, one per reference asset."""
        ax = new_axes(ax)
        if "corr_full" not in self.rows.columns:
            raise UsageError("the scan has no correlations to draw",
                             "include 'corr' in metrics", param="metrics")
        for name, group in self.rows.groupby("against", sort=False):
            values = group["corr_full"].dropna()
            ax.hist(values, bins=40, range=(-1, 1), alpha=0.6,
                    label=f"against {name} (n={len(values)})")
        ax.axvline(0, color="0.5", lw=0.8)
        ax.set_xlabel("correlation of daily log returns, full sample")
        ax.set_ylabel("assets")
        ax.set_title("Universe scan: correlation with the reference")
        ax.legend(frameon=False)
        return ax


def check_output(path: Path) -> None:
    """Refuse a file name the rows cannot be written to (before the scan runs)."""
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError(f"cannot write '{path.name}'", "use .parquet or .csv", param="path")


def _cells(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the summary shows it: correlations and betas to 3 decimals, drawdown as %."""
    return {k: ("" if isinstance(v, float) and v != v else
                f"{v:+.1%}" if k == "drawdown" else
                f"{v:+.3f}" if isinstance(v, float) else v)
            for k, v in row.items()}
