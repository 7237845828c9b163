"""Rolling correlation with regime averages and break dates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from comove.plots.style import new_figure, save

if TYPE_CHECKING:
    from comove.comovement.analysis import CorrReport
    from comove.comovement.breaks import BreakReport
    from comove.comovement.dcc import DCCResult


def plot_rolling_correlation(report: CorrReport, breaks: BreakReport | None,
                             dcc: DCCResult | None, path: Path) -> None:
    import pandas as pd

    fig = new_figure()
    ax = fig.add_subplot()
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
    ax.set_title(f"{report.a} against {report.b}: correlation of returns", loc="left")
    c = report.conventions
    fig.suptitle(f"{c['returns']} returns, {c['alignment']} policy"
                 f"{', ' + str(c['horizon']) + '-period' if c['horizon'] > 1 else ''}; "
                 f"full sample {report.full.corr:+.2f} (n={report.full.n})",
                 x=0.01, ha="left", fontsize=8, color="0.3")
    ax.legend(fontsize=7, loc="lower left")
    ax.grid(alpha=0.3)
    save(fig, path)
