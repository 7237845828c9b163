"""Rolling correlation with regime averages and break dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from comove.comovement.corr_result import CorrResult


def draw_rolling_correlation(report: CorrResult, ax: Axes) -> Axes:
    """Rolling correlation, EWMA and DCC paths, period bands and break segments on ``ax``."""
    import pandas as pd

    breaks, dcc = report.breaks, report.dcc
    window = report.latest.get("window", "")
    ax.plot(report.rolling.index, report.rolling, color="tab:blue", linewidth=1.2,
            label=f"rolling {window}-row correlation")
    if report.ewm is not None:
        ax.plot(report.ewm.index, report.ewm, color="tab:purple", linewidth=0.8, alpha=0.7,
                label="EWMA correlation")
    if dcc is not None:
        ax.plot(dcc.correlation.index, dcc.correlation, color="tab:green", linewidth=0.8,
                alpha=0.8, label="DCC(1,1)")
    if breaks is not None:
        for seg in breaks.segments:
            ax.hlines(seg.corr, pd.Timestamp(seg.start), pd.Timestamp(seg.end), color="tab:red",
                      linewidth=2.2)
        ax.plot([], [], color="tab:red", linewidth=2.2, label="segment correlation (breaks)")
        for brk in breaks.breaks:
            ax.axvline(pd.Timestamp(brk.date), color="tab:red", linestyle="--", linewidth=0.8)
    for period in report.periods:
        ax.hlines(period.corr, pd.Timestamp(period.start), pd.Timestamp(period.end),
                  color="black", linewidth=1.5, linestyle=":")
        ax.fill_between([pd.Timestamp(period.start), pd.Timestamp(period.end)], period.ci_low,
                        period.ci_high, color="0.6", alpha=0.25)
    if report.periods:
        ax.plot([], [], color="black", linestyle=":", label="period correlation (95% band)")
    ax.axhline(0, color="black", linewidth=0.5)
    ax.set_ylim(-1, 1)
    ax.set_ylabel("correlation")
    ax.set_xlabel("date")
    c = report.conventions
    ax.set_title(f"{report.a} against {report.b}: correlation of returns\n"
                 f"{c['returns']} returns, {c['alignment']} policy"
                 f"{', ' + str(c['horizon']) + '-period' if c['horizon'] > 1 else ''}; "
                 f"full sample {report.full.corr:+.2f} (n={report.full.n})",
                 loc="left", fontsize=9)
    ax.legend(fontsize=7, loc="lower left")
    ax.grid(alpha=0.3)
    return ax
