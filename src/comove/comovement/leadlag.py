"""Does one asset lead the other? Cross-correlations and Granger causality.

``cross_correlation`` at lag ``k`` is ``corr(x[t], y[t + k])``: a positive ``k`` means x
moves first. Intervals are Fisher's (independent pairs assumed). Granger tests: the lag
order is chosen by an information criterion on a VAR of the two series (numpy, equal to
statsmodels' ``select_order``: :mod:`comove.kernels.granger`), then
in each direction an F-test that the other series' lags add nothing, with a
heteroskedasticity-robust (HC3) covariance: returns have clustered volatility, under which
the classical F-test rejects a true null too often. ``covariance="classic"`` gives the
homoskedastic F-test (statsmodels' ``ssr_ftest``).

Closing times matter: Yahoo's crypto bar closes at 00:00 UTC, four to five hours after the
16:00 New York close. On the equity calendar, a crypto "day t" return already contains
those hours, which can look like crypto leading equities by a day (or equities leading
crypto) without any real lead. The result carries that warning when it applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from comove.comovement.correlation import fisher_interval, pearson
from comove.results.base import Result
from comove.results.render import text_table

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class LeadLagReport(Result):
    """Cross-correlations at lags ``-L..L`` and Granger tests both ways.

    ``correlations[i]`` is ``corr(x[t], y[t + lags[i]])``: a positive lag means ``x`` moves
    first. ``x_causes_y_p`` is the p-value of "x's past does not help predict y".
    """

    x: str
    y: str
    lags: list[int]
    correlations: list[float]
    ci_low: list[float]
    ci_high: list[float]
    n: list[int]
    granger_lag: int
    criterion: str
    x_causes_y_p: float
    y_causes_x_p: float
    warnings: list[str] = field(default_factory=list)
    granger_test: str = "F-test with HC3 covariance"
    alignment: str = field(default="", repr=False)
    returns: str = field(default="", repr=False)
    returns_convention: str = field(default="", repr=False)

    def as_dict(self) -> dict[str, Any]:
        hidden = ("alignment", "returns", "returns_convention")
        return {k: v for k, v in self.__dict__.items() if k not in hidden}

    def to_dict(self) -> dict[str, Any]:
        return self.as_dict() | {"alignment": self.alignment, "returns": self.returns}

    def to_frame(self) -> pd.DataFrame:
        """One row per lag."""
        import pandas as pd

        return pd.DataFrame({"lag": self.lags, "n": self.n, "corr": self.correlations,
                             "ci_low": self.ci_low, "ci_high": self.ci_high})

    def summary(self) -> str:
        a, b = self.x, self.y
        table = text_table(
            [{"lag": k, "n": n, "corr": f"{r:+.3f}", "95%_fisher": f"{lo:+.3f} to {hi:+.3f}"}
             for k, r, lo, hi, n in zip(self.lags, self.correlations, self.ci_low,
                                         self.ci_high, self.n, strict=True)],
            ["lag", "n", "corr", "95%_fisher"], right=["lag", "n", "corr"])
        lines = [f"lead-lag of {a} and {b} ({self.returns_convention})",
                 f"lag k: corr({a}[t], {b}[t+k]); positive k means {a} moves first", table, "",
                 f"Granger ({self.granger_test}, lag {self.granger_lag} by "
                 f"{self.criterion.upper()}): {a} -> {b} "
                 f"p={self.x_causes_y_p:.3g}; {b} -> {a} p={self.y_causes_x_p:.3g}"]
        return "\n".join(lines + self.warnings)


def cross_correlation(x: pd.Series, y: pd.Series, max_lag: int) -> tuple[list[int], list[float],
                                                                          list[int]]:
    xs, ys = x.to_numpy(dtype=float), y.to_numpy(dtype=float)
    lags, values, counts = [], [], []
    for k in range(-max_lag, max_lag + 1):
        if k >= 0:
            a, b = xs[: len(xs) - k], ys[k:]
        else:
            a, b = xs[-k:], ys[: len(ys) + k]
        keep = ~np.isnan(a) & ~np.isnan(b)
        lags.append(k)
        values.append(pearson(a[keep], b[keep]))
        counts.append(int(keep.sum()))
    return lags, values, counts


GRANGER_TESTS = {"HC3": "F-test with HC3 covariance", "classic": "F-test (homoskedastic)"}


def granger(x: pd.Series, y: pd.Series, max_lag: int, criterion: str = "aic",
            covariance: str = "HC3") -> tuple[int, float, float]:
    """Lag chosen by ``criterion`` on a VAR (at least 1; as statsmodels'
    ``VAR(data).select_order(max_lag)``), and the Granger F-test p-values of x -> y and
    y -> x (:func:`comove.kernels.granger.granger_f`: HC3 covariance as statsmodels'
    ``OLS(...).fit(cov_type="HC3").f_test``, or ``covariance="classic"``)."""
    import pandas as pd

    from comove.kernels.granger import granger_f, lag_order

    data = pd.concat([x, y], axis=1).dropna().to_numpy(dtype=float)
    if len(data) < 10 * max_lag + 20:
        from comove.errors import EmptyRangeError

        raise EmptyRangeError(f"{len(data)} pairs of returns are too few for Granger tests up to "
                              f"lag {max_lag}", f"use at least {10 * max_lag + 20} (widen the "
                              "dates or lower max_lag)", param="max_lag")
    lag = max(1, lag_order(data, max_lag, criterion))
    p_xy = granger_f(data[:, 1], data[:, 0], lag, covariance)[1]
    p_yx = granger_f(data[:, 0], data[:, 1], lag, covariance)[1]
    return lag, p_xy, p_yx


def lead_lag(
    x_name: str, x: pd.Series, y_name: str, y: pd.Series, max_lag: int = 5,
    criterion: str = "aic", mixed_closing_times: bool = False, covariance: str = "HC3",
) -> LeadLagReport:
    """Cross-correlations at lags ``-max_lag..max_lag`` and Granger tests both ways (HC3
    covariance unless ``covariance="classic"``)."""
    lags, values, counts = cross_correlation(x, y, max_lag)
    intervals = [fisher_interval(r, n) for r, n in zip(values, counts, strict=True)]
    lag, p_xy, p_yx = granger(x, y, max_lag, criterion, covariance)
    warnings = []
    if mixed_closing_times:
        one = {k: (v, iv) for k, v, iv in zip(lags, values, intervals, strict=True)
               if abs(k) == 1}
        significant = [k for k, (_, (lo, hi)) in one.items() if lo > 0 or hi < 0]
        text = ("crypto closes at 00:00 UTC, 4-5 hours after New York: a one-day lead or lag "
                "between crypto and equities can come from that overlap, not from one market "
                "leading the other")
        if significant or min(p_xy, p_yx) < 0.05:
            text = "warning: " + text
        warnings.append(text)
    return LeadLagReport(x_name, y_name, lags, values, [i[0] for i in intervals],
                         [i[1] for i in intervals], counts, lag, criterion, p_xy, p_yx, warnings,
                         GRANGER_TESTS[covariance])
