"""Structural breaks in co-movement.

The series tested is the product of the two returns after each is standardised by its
EWMA volatility (RiskMetrics, lambda 0.94, using only earlier returns): its mean is the
correlation, so a shift in its mean is a shift in co-movement that a change in volatility
alone does not create.

A break is located by the CUSUM of that series (the split that maximises
``|S_k - k/n S_n|``), and tested against the supremum of a Brownian bridge (Kolmogorov
distribution) with a Bartlett long-run variance, which allows for dependence. Binary
segmentation repeats this in each segment while breaks are significant and segments stay
at least ``min_size`` long. Each segment's correlation of the raw returns is reported with
its Fisher interval.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from comove.comovement.correlation import CorrelationSpan, fisher_interval, pearson
from comove.kernels.breaks import cusum_break, ewma_standardise
from comove.results.base import Result
from comove.results.render import text_table

if TYPE_CHECKING:
    import pandas as pd

FloatArray = NDArray[np.float64]


@dataclass
class Break:
    date: Any
    statistic: float
    p_value: float


@dataclass
class Segment(CorrelationSpan):
    """The correlation between two breaks, with its Fisher interval."""


@dataclass
class BreakReport(Result):
    """Dates where the co-movement of two return series changed, and each segment's
    correlation.

    Attributes
    ----------
    breaks
        Break dates with the CUSUM statistic and its p-value.
    segments
        The periods between breaks: ``n``, ``corr`` and its Fisher interval.
    convention
        How breaks are found and tested.
    a, b, returns_convention
        The pair and how its returns were made (set by :func:`comove.comovement.pair.breaks`).
    """

    breaks: list[Break]
    segments: list[Segment]
    convention: str
    a: str = "A"
    b: str = "B"
    alignment: str = ""
    returns: str = ""
    returns_convention: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"breaks": [b.__dict__ for b in self.breaks],
                "segments": [s.__dict__ for s in self.segments],
                "convention": self.convention}

    def to_dict(self) -> dict[str, Any]:
        return self.as_dict() | {"alignment": self.alignment, "returns": self.returns}

    def to_frame(self) -> pd.DataFrame:
        """One row per segment."""
        import pandas as pd

        return pd.DataFrame([s.__dict__ for s in self.segments])

    def summary(self) -> str:
        lines = [f"co-movement breaks of {self.a} and {self.b} ({self.returns_convention})",
                 f"method: {self.convention}"]
        if self.breaks:
            lines.append(text_table([{"date": k.date, "statistic": round(k.statistic, 2),
                                      "p_value": f"{k.p_value:.2g}"} for k in self.breaks],
                                    ["date", "statistic", "p_value"]))
        else:
            lines.append("no significant break")
        lines += ["", "segments:", text_table(
            [{"start": s.start, "end": s.end, "n": s.n, "corr": f"{s.corr:+.3f}",
              "95%_fisher": f"{s.ci_low:+.3f} to {s.ci_high:+.3f}"} for s in self.segments],
            ["start", "end", "n", "corr", "95%_fisher"])]
        return "\n".join(lines)


def find_breaks(
    x: pd.Series, y: pd.Series, alpha: float = 0.05, min_size: int = 126, max_breaks: int = 5
) -> BreakReport:
    """Breaks in the co-movement of two aligned return series (complete pairs only)."""
    pairs = x.notna() & y.notna()
    x, y = x[pairs], y[pairs]
    ex, ey = ewma_standardise(x.to_numpy()), ewma_standardise(y.to_numpy())
    z = ex * ey
    usable = ~np.isnan(z)
    dates = x.index[usable]
    z = z[usable]
    if len(z) < 2 * min_size:
        from comove.errors import EmptyRangeError

        raise EmptyRangeError(f"{len(z)} usable pairs of returns are too few to find breaks "
                              f"with segments of at least {min_size}",
                              "widen the dates or lower min_size", param="min_size")
    xs, ys = x.to_numpy()[usable], y.to_numpy()[usable]
    found: list[tuple[int, float, float]] = []
    stack = [(0, len(z))]
    while stack and len(found) < max_breaks:
        lo, hi = stack.pop()
        if hi - lo < 2 * min_size:
            continue
        k, stat, p = cusum_break(z[lo:hi])
        k += lo
        if p >= alpha or k - lo < min_size or hi - k < min_size:
            continue
        found.append((k, stat, p))
        stack += [(lo, k), (k, hi)]
    found.sort()
    edges = [0] + [k for k, _, _ in found] + [len(z)]
    segments = []
    for a, b in itertools.pairwise(edges):
        r = pearson(xs[a:b], ys[a:b])
        lo_ci, hi_ci = fisher_interval(r, b - a)
        segments.append(Segment(dates[a].date(), dates[b - 1].date(), b - a, r, lo_ci, hi_ci))
    breaks = [Break(dates[k].date(), stat, p) for k, stat, p in found]
    convention = (
        "breaks in the mean of the product of EWMA-standardised returns (lambda 0.94); "
        f"CUSUM test with Bartlett long-run variance, alpha {alpha}, segments of at least "
        f"{min_size} observations; segment correlations are Pearson on the returns with "
        "Fisher intervals"
    )
    return BreakReport(breaks, segments, convention)
