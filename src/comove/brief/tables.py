"""The brief's tables as rows of display strings (shared by the HTML page and its Markdown
twin, which escape them), and the same sections as DataFrames for notebooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from comove.brief.model import PERIODS, BriefData, Row

if TYPE_CHECKING:
    import pandas as pd

    from comove.brief.analysis import Matrix

Table = list[dict[str, str]]


def _money(x: float) -> str:
    return "" if x != x else f"{x:,.2f}"


def _pct(x: float, digits: int = 1) -> str:
    return "" if x != x else f"{x:+.{digits}%}"


def _symbol(r: Row) -> str:
    return r.symbol + (f" (data end {r.last_date})" if r.stale else "")


def returns_rows(data: BriefData) -> Table:
    """Returns over 1 day, 1 week, 1 month, the year to date and 1 year (VIX: points)."""
    out = []
    for r in data.rows:
        row = {"symbol": _symbol(r), "last date": str(r.last_date),
               "last close": _money(r.last_close)}
        for label, _ in PERIODS:
            value = r.returns.get(label, float("nan"))
            if r.is_level and value == value:
                base = r.last_close / (1 + value)
                row[label] = f"{r.last_close - base:+.2f} pts"
            else:
                row[label] = _pct(value, 2 if label == "1 day" else 1)
        row["name"] = r.name
        out.append(row)
    return out


def record_rows(data: BriefData) -> Table:
    """Distance from the record close, with the record's date and days since it (trading
    days for exchange series, calendar days for 24/7 ones)."""
    return [{
        "symbol": _symbol(r), "last close": _money(r.last_close),
        "record close": _money(r.record_close), "record set on": str(r.record_date or ""),
        "from record": "at record" if r.at_record else _pct(r.distance),
        "since record": r.days_since_text,
        "records, past year": str(r.records_last_year),
        "worst drawdown, past year": _pct(r.max_drawdown_1y),
    } for r in data.rows if not r.is_level]


def level_rows(data: BriefData) -> Table:
    """Volatility indices as a level and its percentile, not as record-chasers."""
    from comove.brief.model import percentile_text

    return [{
        "symbol": _symbol(r), "level": f"{r.last_close:.2f}", "on": str(r.last_date),
        "percentile since " + str(r.first_date): percentile_text(r.percentile),
        "percentile, past year": percentile_text(r.percentile_1y),
        "past-year range": f"{r.low_1y:.2f} to {r.high_1y:.2f}",
    } for r in data.rows if r.is_level]


def matrix_rows(m: Matrix) -> Table:
    out = []
    for a in m.corr.index:
        row = {"": a}
        for b in m.corr.columns:
            c = m.corr.loc[a, b]
            row[b] = "—" if a == b else ("n/a" if c != c else f"{c:+.2f}")
        out.append(row)
    return out


def matrix_n_text(m: Matrix) -> str:
    values = [int(m.n.loc[a, b]) for i, a in enumerate(m.n.index)
              for b in m.n.columns[i + 1:]]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = f"n={lo}" if lo == hi else f"n={lo} to {hi}"
    return (f"Past {m.label} ({m.start} to {m.end}): Pearson correlation of daily log "
            f"returns on US trading days, {span} complete pairs per cell (crypto returns span "
            "the same days as the index's).")


def pair_rows(data: BriefData) -> Table:
    return [{"pair": f"{p.a} / {p.b}", "90d now": f"{p.rolling_now:+.2f}",
             "as of": str(p.rolling_date), "percentile": f"{p.percentile:.0%}",
             "median 90d": f"{p.history_median:+.2f}",
             "past year": f"{p.last_year:+.2f} (n={p.n_last_year})",
             "95% interval": f"{p.last_year_low:+.2f} to {p.last_year_high:+.2f}",
             "beta, past year": f"{p.beta_last_year:.2f}",
             "full sample": f"{p.full:+.2f} (n={p.n_full})"} for p in data.pairs]


def divergence_rows(data: BriefData) -> Table:
    rows = []
    for d in data.divergences:
        if d.study is None:
            continue
        for r in d.study.results:
            rows.append({"divergence": f"{d.leader}/{d.laggard}",
                         "horizon": f"{r.horizon}d", "n": str(r.n),
                         "mean after": _pct(r.mean), "median after": _pct(r.median),
                         "mean from any day": _pct(r.baseline_mean),
                         "95% interval of mean difference": f"{_pct(r.ci_low)} to "
                                                            f"{_pct(r.ci_high)}",
                         "placebo p": f"{r.placebo_p:.2f}", "what the data say": r.verdict})
    return rows


def episode_rows(frame: pd.DataFrame) -> Table:
    out = []
    for rec in frame.to_dict("records"):
        out.append({k: (str(v) if k == "start" else ("pending" if v != v else _pct(v)))
                    for k, v in rec.items()})
    return out


def claim_rows(data: BriefData) -> Table:
    """Each claim's verdict as made (with the data up to its day), the readings that
    disagree, and what happened since."""
    return [{"id": r.claim.id, "verdict": r.shown_verdict, "claim": r.claim.text,
             "measured": r.claim.untestable or r.measured, "claimed": r.claimed,
             "readings that disagree": r.disagreeing(),
             "since": f"to {r.since.end}: {r.since.outcome}" if r.since else ""}
            for r in data.claims]
