"""The result of ``comove corr`` / ``Market.corr``: one pair's co-movement, every convention
stated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from comove.results.base import Result, new_axes
from comove.results.render import text_table

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from comove.comovement.breaks import BreakReport
    from comove.comovement.correlation import PeriodCorrelation, PeriodDifference
    from comove.comovement.dcc import DCCResult


@dataclass
class CorrResult(Result):
    """Full-sample, per-period, per-year and rolling correlation of ``a`` and ``b``.

    Attributes
    ----------
    a, b
        The two series (symbols or ratios).
    conventions
        Alignment, return type, horizon, method, beta definition, intervals, seed.
    full
        The whole sample: ``corr``, ``ci_low``/``ci_high`` (Pearson and Kendall: symmetric
        block bootstrap-t on Fisher z; Spearman: stationary-bootstrap percentile),
        ``fisher_low``/``fisher_high`` (assumes independent days), ``n``.
    beta
        OLS slope of ``a``'s returns on ``b``'s (``a``'s beta to ``b``).
    periods, differences
        The requested periods and the change between consecutive ones.
    by_year
        One correlation per calendar year with at least 20 pairs.
    rolling, rolling_beta, ewm, expanding
        Correlation (and beta) through time, as pandas Series.
    latest
        The rolling, EWMA and expanding values on the last date and their history range.
    dcc, breaks
        A DCC(1,1) fit and the structural breaks, when asked for.
    """

    a: str
    b: str
    conventions: dict[str, Any]
    full: PeriodCorrelation
    beta: float
    periods: list[PeriodCorrelation]
    differences: list[PeriodDifference]
    by_year: list[PeriodCorrelation]
    rolling: pd.Series
    rolling_beta: pd.Series
    ewm: pd.Series | None
    latest: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    dcc: DCCResult | None = None
    breaks: BreakReport | None = None

    @property
    def statistic(self) -> float:
        """The full-sample correlation (scipy's name)."""
        return float(self.full.corr)

    @property
    def confidence_interval(self) -> tuple[float, float]:
        """The full-sample 95% bootstrap interval (``conventions["intervals"]``)."""
        return float(self.full.ci_low), float(self.full.ci_high)

    def to_dict(self) -> dict[str, Any]:
        def with_conventions(p: PeriodCorrelation) -> dict[str, Any]:
            return p.as_dict() | {"alignment": self.conventions["alignment"],
                                  "returns": self.conventions["returns"]}

        out = {
            "a": self.a, "b": self.b, "conventions": self.conventions,
            "full": with_conventions(self.full), "beta": self.beta,
            "periods": [with_conventions(p) for p in self.periods],
            "differences": [d.as_dict() for d in self.differences],
            "by_year": [with_conventions(p) for p in self.by_year],
            "latest": self.latest, "notes": self.notes,
        }
        if self.dcc is not None:
            out["dcc"] = self.dcc.as_dict()
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per correlation: the full sample, each period, each year."""
        import pandas as pd

        rows = []
        for scope, items in (("full", [self.full]), ("period", self.periods),
                             ("year", self.by_year)):
            for p in items:
                rows.append({"scope": scope} | p.as_dict())
        frame = pd.DataFrame(rows)
        return frame.drop(columns=[c for c in ("ci",) if c in frame.columns])

    def summary(self) -> str:
        c = self.conventions
        span = f", {c['horizon']}-period" if c["horizon"] > 1 else ""
        f = self.full
        lines = [
            f"{self.a} against {self.b}: {c['method']} correlation of {c['returns']} returns "
            f"({c['alignment']} policy{span})",
            f"convention: {c['description']}",
            "",
            f"full sample {f.start} to {f.end}: n={f.n}, corr {f.corr:+.3f} "
            f"(95% {f.ci_name} {f.ci_low:+.3f} to {f.ci_high:+.3f}; Fisher {f.fisher_low:+.3f} "
            f"to {f.fisher_high:+.3f}); beta of {self.a} to {self.b} {self.beta:.2f}",
        ]
        if self.periods:
            lines += ["", "periods:", _table(self.periods)]
            for d in self.differences:
                lines.append(
                    f"change {d.first[0]}..{d.first[1]} -> {d.second[0]}..{d.second[1]}: "
                    f"{d.difference:+.3f} (95% {d.ci_name} {d.ci_low:+.3f} to {d.ci_high:+.3f}, "
                    f"{d.ci_name} p={d.p:.2g}; Fisher p={d.fisher_p:.2g} assumes independent "
                    "days)")
        lines += ["", "per year:", _table(self.by_year)]
        lines += _latest_lines(self.latest)
        if self.dcc is not None:
            lines.append(f"DCC(1,1): a={self.dcc.a:.3f}, b={self.dcc.b:.3f}, target "
                         f"{self.dcc.target:+.3f}, latest "
                         f"{float(self.dcc.correlation.iloc[-1]):+.3f}")
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Rolling correlation with period bands, EWMA, DCC and break dates when computed."""
        from comove.plots.correlation import draw_rolling_correlation

        return draw_rolling_correlation(self, new_axes(ax))


def _latest_lines(r: dict[str, Any]) -> list[str]:
    out = []
    if "rolling_corr" in r:
        out.append(
            f"\nrolling {r['window']}-row correlation on {r['date']}: {r['rolling_corr']:+.3f}, "
            f"at the {r['percentile_of_history']:.0%} percentile of its history (range "
            f"{r['history_min']:+.2f} to {r['history_max']:+.2f}, median "
            f"{r['history_median']:+.2f}); rolling beta {r['rolling_beta']:.2f}"
            + (f"; expanding (since the start) {r['expanding_corr']:+.3f}"
               if "expanding_corr" in r else ""))
    elif "expanding_corr" in r:
        out.append(f"\nexpanding correlation (since the start): {r['expanding_corr']:+.3f}")
    if "ewm_corr" in r:
        out.append(f"EWMA correlation (half-life {r['ewm_halflife']:g} rows) on "
                   f"{r['ewm_date']}: {r['ewm_corr']:+.3f}")
    return out


def _table(rows: list[PeriodCorrelation]) -> str:
    return text_table(
        [{"start": p.start, "end": p.end, "n": p.n, "corr": f"{p.corr:+.3f}",
          "95%_bootstrap": f"{p.ci_low:+.3f} to {p.ci_high:+.3f}",
          "95%_fisher": f"{p.fisher_low:+.3f} to {p.fisher_high:+.3f}"} for p in rows],
        ["start", "end", "n", "corr", "95%_bootstrap", "95%_fisher"], right=["n", "corr"])
