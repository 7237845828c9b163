"""The numbers behind the market brief, computed from the store as of a date.

Everything here reads through :class:`~comove.data.AsOfView`, so a brief ``--asof``
a past date sees exactly what was known then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from comove.data.asof import AsOfView
from comove.data.source import read_bars
from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    import pandas as pd

    from comove.brief.result import BriefResult
    from comove.data.source import DataSource
    from comove.events.study import EventStudyResult

DEFAULT_WATCHLIST = ["SPX", "RUT", "NDX", "DJI", "BTC", "ETH", "VIX"]
CORRELATION_PAIRS = [("BTC", "SPX"), ("BTC", "RUT"), ("BTC", "NDX"), ("ETH", "SPX")]
ROLLING_WINDOW = 90
STALE_DAYS = 5
DIVERGENCE_BELOW = -0.20  # laggard at least this far below its record
NEAR_RECORD = -0.02


@dataclass
class Row:
    symbol: str
    name: str
    calendar: str
    last_date: date
    last_close: float
    change: float
    previous_date: date | None
    record_date: date | None
    record_close: float
    distance: float
    trading_days_since: int | None
    calendar_days_since: int | None
    max_drawdown_1y: float
    at_record: bool
    stale: bool
    records_last_year: int
    history: pd.Series = field(repr=False)


@dataclass
class PairNow:
    a: str
    b: str
    rolling_now: float
    rolling_date: date | None
    percentile: float
    history_median: float
    last_year: float
    last_year_low: float
    last_year_high: float
    full: float
    n_full: int
    rolling: pd.Series = field(repr=False)


@dataclass
class Divergence:
    leader: str
    laggard: str
    leader_date: date
    laggard_distance: float
    correlation: float
    study: EventStudyResult | None
    note: str = ""


@dataclass
class BriefData:
    asof: date
    rows: list[Row]
    pairs: list[PairNow]
    divergences: list[Divergence]
    claims: list[Any] = field(default_factory=list)
    claims_file: str | None = None
    claims_skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def at_records(self) -> list[Row]:
        return [r for r in self.rows if r.at_record and not r.stale]


def _row(view: AsOfView, symbol: str, asof: date) -> Row:
    import pandas as pd

    from comove.records.highs import find_records

    sym, bars = read_bars(view, symbol)
    closes = bars["close"].dropna()
    report = find_records(bars, sym.symbol)
    last_date = closes.index[-1].date()
    change = float(closes.iloc[-1] / closes.iloc[-2] - 1) if len(closes) > 1 else float("nan")
    year = closes.loc[closes.index[-1] - pd.DateOffset(years=1):]
    dd_year = float((year / year.cummax() - 1).min()) if len(year) else float("nan")
    record = report.last_record
    at_record = record is not None and record[0] == last_date
    recent = report.records[report.records["date"] >= closes.index[-1] - pd.DateOffset(years=1)]
    return Row(
        symbol=sym.symbol, name=sym.name, calendar=sym.calendar.value, last_date=last_date,
        last_close=float(closes.iloc[-1]), change=change,
        previous_date=closes.index[-2].date() if len(closes) > 1 else None,
        record_date=record[0] if record else None,
        record_close=float(record[1]) if record else float(closes.max()),
        distance=report.drawdown, trading_days_since=report.trading_days_since,
        calendar_days_since=report.calendar_days_since, max_drawdown_1y=dd_year,
        at_record=at_record, stale=(asof - last_date).days > STALE_DAYS,
        records_last_year=len(recent), history=closes,
    )


def _pair(view: AsOfView, a: str, b: str) -> PairNow | None:
    import pandas as pd

    from comove.align import align_prices
    from comove.comovement.correlation import pearson, period_correlation
    from comove.comovement.rolling import rolling_corr

    try:
        sa, ba = read_bars(view, a)
        sb, bb = read_bars(view, b)
    except EmptyRangeError:
        return None
    panel = align_prices({a: ba["close"], b: bb["close"]}, {a: sa.calendar, b: sb.calendar},
                         "equity")
    r = panel.returns("log").returns.dropna()
    if len(r) < ROLLING_WINDOW * 2:
        return None
    roll = rolling_corr(r[a], r[b], ROLLING_WINDOW, int(ROLLING_WINDOW * 0.8)).dropna()
    now = float(roll.iloc[-1])
    last_year = r.loc[r.index[-1] - pd.DateOffset(years=1):]
    pc = period_correlation(last_year[a], last_year[b], last_year.index[0].date(),
                            last_year.index[-1].date(), n_resamples=2000)
    return PairNow(a, b, now, roll.index[-1].date(), float((roll <= now).mean()),
                   float(roll.median()), pc.corr, pc.ci_low, pc.ci_high,
                   pearson(r[a], r[b]), len(r), roll)


def _divergences(view: AsOfView, rows: list[Row], pairs: list[PairNow]) -> list[Divergence]:
    """A divergence: an asset at (or within 2% of) a record while an asset that usually
    moves with it (positive correlation over the last year) is 20%+ below its record."""
    import pandas as pd

    from comove.events import EventKind, EventSpec, decluster, event_study, raw_event_days

    by_symbol = {r.symbol: r for r in rows}
    found = []
    for pair in pairs:
        for leader, laggard in ((pair.b, pair.a), (pair.a, pair.b)):
            lead, lag = by_symbol.get(leader), by_symbol.get(laggard)
            if lead is None or lag is None or lead.stale or lag.stale:
                continue
            if lead.distance < NEAR_RECORD or lag.distance > DIVERGENCE_BELOW:
                continue
            if not pair.last_year > 0:
                continue
            spec = EventSpec(EventKind.DIVERGENCE, threshold=DIVERGENCE_BELOW, other=laggard)
            _, lead_bars = read_bars(view, leader)
            _, lag_bars = read_bars(view, laggard)
            raw = raw_event_days(spec, lead_bars, lag_bars)
            raw = raw[raw < pd.Timestamp(lead.last_date) - pd.Timedelta(days=30)]
            days, _ = decluster(raw, 30)
            study = None
            note = ""
            if len(days):
                study = event_study(days, lead_bars.index, lag_bars["close"], [30, 90, 180],
                                    description=spec.describe(leader), event_symbol=leader,
                                    response_symbol=laggard, decluster_days=30,
                                    n_resamples=5000, n_placebo=5000)
            else:
                note = "no earlier episode in the data"
            found.append(Divergence(leader, laggard, lead.last_date, lag.distance,
                                    pair.last_year, study, note))
    return found


def compute_brief(
    store: DataSource,
    asof: date | None = None,
    watchlist: list[str] | None = None,
    claims: list[Any] | None = None,
) -> BriefResult:
    """Compute every number of the brief from data up to ``asof`` (default: the latest
    date any watchlist symbol has).

    Parameters
    ----------
    store
        The store or an as-of view of it.
    asof
        The brief's date: nothing later is read.
    watchlist
        Symbols of the watchlist table (default :data:`DEFAULT_WATCHLIST`).
    claims
        Claims to check as of the date (those made later are listed as skipped).
    """
    from comove.brief.result import BriefResult

    watchlist = watchlist or DEFAULT_WATCHLIST
    resolved = [store.resolve(s).symbol for s in watchlist]
    if asof is None:
        last = store.last_dates()
        dates = [last[s] for s in resolved if s in last]
        if not dates:
            raise EmptyRangeError("none of the watchlist symbols is stored",
                                  "import data first: comove data import ../shared/data/*.csv")
        asof = max(dates)
    view = AsOfView(store, asof)
    rows, notes = [], []
    for symbol in resolved:
        try:
            rows.append(_row(view, symbol, asof))
        except EmptyRangeError as exc:
            notes.append(f"{symbol} left out: {exc.message}")
    if not rows:
        raise EmptyRangeError(f"none of the watchlist symbols has data up to {asof}",
                              "import data first (comove data import FILE...), or choose a "
                              "later asof date")
    pairs = [p for a, b in CORRELATION_PAIRS
             if a in resolved and b in resolved and (p := _pair(view, a, b)) is not None]
    divergences = _divergences(view, rows, pairs)
    results = []
    skipped = [c.id for c in claims or [] if c.made is not None and c.made > asof]
    if claims:
        from comove.claims.engine import evaluate

        results = evaluate([c for c in claims if c.id not in skipped], store, asof)
    for row in rows:
        if row.stale:
            notes.append(f"{row.symbol}'s data end on {row.last_date}, "
                         f"{(asof - row.last_date).days} days before {asof}")
    data = BriefData(asof, rows, pairs, divergences, results, claims_skipped=skipped,
                     notes=notes)
    laggards = {d.laggard: read_bars(view, d.laggard)[1]["close"] for d in divergences
                if d.study is not None}
    return BriefResult(data, laggards)


def percentile_text(p: float) -> str:
    if p != p:
        return "n/a"
    pct = round(p * 100)
    suffix = "th" if 10 <= pct % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(pct % 10, "th")
    return f"{pct}{suffix}"


__all__ = ["DEFAULT_WATCHLIST", "BriefData", "compute_brief", "percentile_text"]
