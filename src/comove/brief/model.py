"""The numbers behind the market brief, computed from the store as of a date.

Everything here reads through :class:`~comove.data.AsOfView`, so a brief ``--asof``
a past date sees exactly what was known then. The sections beyond the watchlist
(correlation matrix, rolling bands, divergence episodes, halving cycles) are computed in
:mod:`comove.brief.analysis`.
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

    from comove.brief.analysis import Cycles, Matrix, RollingPair
    from comove.brief.result import BriefResult
    from comove.data.source import DataSource
    from comove.events.study import EventStudyResult

DEFAULT_WATCHLIST = ["SPX", "RUT", "NDX", "DJI", "BTC", "ETH", "VIX"]
CORRELATION_PAIRS = [("BTC", "SPX"), ("BTC", "RUT"), ("BTC", "NDX"), ("ETH", "SPX")]
ROLLING_WINDOW = 90
STALE_DAYS = 5
CORE_DAYS = 183  # a series ending this long before the latest one does not date the brief
DIVERGENCE_BELOW = -0.20  # laggard at least this far below its record
NEAR_RECORD = -0.02
VOLATILITY = ("VIX",)  # levels, not assets: no records or drawdowns
PERIODS = (("1 day", None), ("1 week", 7), ("1 month", 30), ("year to date", -1),
           ("1 year", 365))


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
    returns: dict[str, float] = field(default_factory=dict)
    returns_from: dict[str, date | None] = field(default_factory=dict)
    is_level: bool = False
    percentile: float = float("nan")
    percentile_1y: float = float("nan")
    low_1y: float = float("nan")
    high_1y: float = float("nan")
    first_date: date | None = None

    @property
    def days_since_text(self) -> str:
        """Days since the record, in the unit of the symbol's calendar."""
        if self.at_record:
            return "0"
        days, unit = ((self.calendar_days_since, "calendar day") if self.calendar == "24/7"
                      else (self.trading_days_since, "trading day"))
        if days is None:
            return ""
        return f"{days} {unit}{'' if days == 1 else 's'}"


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
    n_last_year: int = 0
    beta_last_year: float = float("nan")  # OLS slope of a's returns on b's, past year


@dataclass
class Divergence:
    leader: str
    laggard: str
    leader_date: date
    laggard_distance: float
    correlation: float
    study: EventStudyResult | None
    note: str = ""
    episodes: pd.DataFrame | None = field(default=None, repr=False)


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
    dating: str = ""
    matrices: list[Matrix] = field(default_factory=list)
    rolling: list[RollingPair] = field(default_factory=list)
    cycles: Cycles | None = None
    empty: dict[str, str] = field(default_factory=dict)

    @property
    def at_records(self) -> list[Row]:
        return [r for r in self.rows if r.at_record and not r.stale and not r.is_level]

    @property
    def fresh(self) -> list[Row]:
        return [r for r in self.rows if not r.stale]


def _close_before(closes: pd.Series, day: Any) -> tuple[float, date | None]:
    part = closes.loc[:day]
    if part.empty:
        return float("nan"), None
    return float(part.iloc[-1]), part.index[-1].date()


def _returns(closes: pd.Series) -> tuple[dict[str, float], dict[str, date | None]]:
    import pandas as pd

    last_day, last = closes.index[-1], float(closes.iloc[-1])
    out: dict[str, float] = {}
    base: dict[str, date | None] = {}
    for label, days in PERIODS:
        if days is None:
            ref, day = (float(closes.iloc[-2]), closes.index[-2].date()) if len(closes) > 1 \
                else (float("nan"), None)
        elif days == -1:
            ref, day = _close_before(closes, pd.Timestamp(last_day.year - 1, 12, 31))
        else:
            ref, day = _close_before(closes, last_day - pd.Timedelta(days=days))
        out[label] = last / ref - 1 if day is not None and ref else float("nan")
        base[label] = day
    return out, base


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
    returns, returns_from = _returns(closes)
    last = float(closes.iloc[-1])
    is_level = sym.symbol in VOLATILITY
    return Row(
        symbol=sym.symbol, name=sym.name, calendar=sym.calendar.value, last_date=last_date,
        last_close=last, change=change,
        previous_date=closes.index[-2].date() if len(closes) > 1 else None,
        record_date=record[0] if record else None,
        record_close=float(record[1]) if record else float(closes.max()),
        distance=report.drawdown, trading_days_since=report.trading_days_since,
        calendar_days_since=report.calendar_days_since, max_drawdown_1y=dd_year,
        at_record=at_record, stale=(asof - last_date).days > STALE_DAYS,
        records_last_year=len(recent), history=closes, returns=returns,
        returns_from=returns_from, is_level=is_level,
        percentile=float((closes <= last).mean()), percentile_1y=float((year <= last).mean()),
        low_1y=float(year.min()), high_1y=float(year.max()),
        first_date=closes.index[0].date(),
    )


def _dating(store: DataSource, resolved: list[str]) -> tuple[date, str]:
    """The brief's date when none is given: the latest day on which every core watchlist
    series has data (a series ending more than :data:`CORE_DAYS` before the latest one
    is not core: it is shown with its own date)."""
    import datetime as dt

    last = store.last_dates()
    ends = {s: last[s] for s in resolved if s in last}
    if not ends:
        raise EmptyRangeError("none of the watchlist symbols is stored",
                              "import data first: comove data import ../shared/data/*.csv")
    latest = max(ends.values())
    core = {s: d for s, d in ends.items() if d >= latest - dt.timedelta(days=CORE_DAYS)}
    asof = min(core.values())
    if asof == latest:
        return asof, ""
    later: dict[date, list[str]] = {}
    for s, d in ends.items():
        if d > asof:
            later.setdefault(d, []).append(s)
    early = [s for s, d in core.items() if d == asof]
    from comove.brief.text import names

    continuing = "; ".join(f"{names(v)} to {d}" for d, v in sorted(later.items(), reverse=True))
    text = (f"Dated {asof}, the latest day on which all {len(core)} core watchlist series "
            f"have data: the stored data of {names(early)} end on {asof} (the files or "
            f"provider they were imported from stop there), while {continuing}. Dating the "
            f"brief later would compare today's prices with stale ones. For the later days: "
            f"comove brief --asof {latest} (series ending earlier then show their own date).")
    return asof, text


def compute_brief(
    store: DataSource,
    asof: date | None = None,
    watchlist: list[str] | None = None,
    claims: list[Any] | None = None,
    *,
    draw_ahead: bool = False,
) -> BriefResult:
    """Compute every number of the brief from data up to ``asof``.

    Parameters
    ----------
    store
        The store or an as-of view of it.
    asof
        The brief's date: nothing later is read. Default: the latest day on which every
        core watchlist series has data (see :func:`_dating`).
    watchlist
        Symbols of the watchlist table (default :data:`DEFAULT_WATCHLIST`).
    claims
        Claims to check as of the date (those made later are listed as skipped).
    draw_ahead
        Draw the PNG charts in a forked child (:class:`comove.brief.background.PngsAhead`)
        from the moment the watchlist rows are read, while the other sections are computed
        and the claims checked; for a result that will be written.
    """
    from comove.symbols import resolve

    watchlist = watchlist or DEFAULT_WATCHLIST
    known = store.symbols()  # read once, not once per name
    resolved = list(dict.fromkeys(resolve(s, known).symbol for s in watchlist))
    dating = ""
    if asof is None:
        asof, dating = _dating(store, resolved)
    view = AsOfView(store, asof)
    rows, notes, missing = [], [], []
    for symbol in resolved:
        try:
            rows.append(_row(view, symbol, asof))
        except EmptyRangeError as exc:
            missing.append(symbol)
            notes.append(f"{symbol} left out: {exc.message}")
    if not rows:
        raise EmptyRangeError(f"none of the watchlist symbols has data up to {asof}",
                              "import data first (comove data import FILE...), or choose a "
                              "later asof date")
    rows.sort(key=lambda r: r.stale)  # stale rows never lead
    ahead = None
    if draw_ahead:  # the charts show no claim; the first need only the rows
        from comove.brief.background import PngsAhead

        ahead = PngsAhead.start(BriefData(asof, rows, [], []))
    result = None
    try:
        result = _sections(view, rows, asof, missing,
                           BriefData(asof, rows, [], [], notes=notes, dating=dating))
        if ahead is not None:
            result.pngs_ahead, ahead = ahead.finish(result), None
        _check_claims(result, store, claims)
    except BaseException:  # reap the child drawing the charts before giving up
        if ahead is not None:
            ahead.cancel()
        if result is not None:
            result.drop_pngs_ahead()
        raise
    return result


def _sections(view: AsOfView, rows: list[Row], asof: date, missing: list[str],
              data: BriefData) -> BriefResult:
    """Every section beyond the watchlist, from the rows already read."""
    from comove.brief import analysis
    from comove.brief.result import BriefResult

    by_symbol = {r.symbol: r for r in rows}
    returns = {(a, b): r for a, b in CORRELATION_PAIRS if a in by_symbol and b in by_symbol
               and (r := analysis.pair_returns(by_symbol[a], by_symbol[b])) is not None}
    data.pairs = [p for (a, b), r in returns.items()
                  if (p := analysis.pair_now(by_symbol[a], by_symbol[b], r)) is not None]
    data.divergences = analysis.divergences(rows, data.pairs)
    data.matrices = analysis.matrices(rows, asof)
    data.rolling = analysis.rolling_pairs(data.pairs, returns)
    data.cycles = analysis.cycles(view, rows, asof)
    data.empty = analysis.empty_reasons(data, missing)
    laggards = {d.laggard: by_symbol[d.laggard].history for d in data.divergences
                if d.study is not None and d.laggard in by_symbol}
    return BriefResult(data, laggards)


def _check_claims(result: BriefResult, store: DataSource, claims: list[Any] | None) -> None:
    """The claims' verdicts as of the brief's date, and the notes on stale rows."""
    data, asof = result.data, result.data.asof
    skipped = [c.id for c in claims or [] if c.made is not None and c.made > asof]
    if claims:
        from comove.claims.engine import evaluate

        data.claims = evaluate([c for c in claims if c.id not in skipped], store, asof)
    data.claims_skipped = skipped
    for row in data.rows:
        if row.stale:
            data.notes.append(
                f"{row.symbol}'s stored data end on {row.last_date}, "
                f"{(asof - row.last_date).days} days before {asof} (nothing later was "
                "imported or fetched): its rows show that date, it is left out of the "
                "summary, the correlation matrix and the divergences, and it is listed last")


def percentile_text(p: float) -> str:
    if p != p:
        return "n/a"
    pct = round(p * 100)
    suffix = "th" if 10 <= pct % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(pct % 10, "th")
    return f"{pct}{suffix}"


__all__ = ["DEFAULT_WATCHLIST", "BriefData", "compute_brief", "percentile_text"]
