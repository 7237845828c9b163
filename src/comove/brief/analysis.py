"""The brief's co-movement sections: pairs now, correlation matrices, rolling correlation
with a bootstrap band and breaks, past divergence episodes, and bitcoin's halving cycles.

Every function works on the watchlist rows already read by :mod:`comove.brief.model`
(closes up to the brief's date), so the brief reads each series once; only the halving
cycles read a series the watchlist lacks (Bitstamp's bitcoin before Yahoo's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from comove.data.source import read_bars
from comove.errors import ComoveError

if TYPE_CHECKING:
    import pandas as pd

    from comove.brief.model import BriefData, Divergence, PairNow, Row
    from comove.data.asof import AsOfView

WINDOWS = (30, 90, 180)
BAND_RESAMPLES = 200
BAND_STEP = 42  # rows between bootstrap band points (about two months of trading days)
HORIZONS = [30, 90, 180]
MATRIX_SPANS = (("90 days", 90), ("1 year", 365))
MIN_MATRIX_N = 20


@dataclass
class Matrix:
    """Correlations of daily log returns over the last ``days`` calendar days."""

    label: str
    days: int
    start: date
    end: date
    corr: pd.DataFrame
    n: pd.DataFrame


@dataclass
class RollingPair:
    """Rolling correlations of one pair at each window, a bootstrap band around the
    90-day one, and the dates where the co-movement broke."""

    a: str
    b: str
    series: dict[int, pd.Series]
    band: pd.DataFrame  # date index; low, high
    breaks: list[date] = field(default_factory=list)
    convention: str = ""


@dataclass
class Cycles:
    """Bitcoin indexed to 1 on each halving day, by days since the halving."""

    paths: dict[date, pd.Series]  # halving date -> index values by days since
    day_now: int
    now: float
    same_day: dict[date, float]  # earlier cycles' value on the same day of their cycle
    sources: list[str]


def _aligned_returns(rows: list[Row], common_span: bool = True) -> pd.DataFrame:
    from comove.align import align_prices
    from comove.symbols import Calendar

    panel = align_prices({r.symbol: r.history for r in rows},
                         {r.symbol: Calendar(r.calendar) for r in rows}, "equity",
                         common_span=common_span)
    return panel.returns("log").returns


def pair_returns(ra: Row, rb: Row) -> pd.DataFrame | None:
    """A pair's daily log returns on the days both have one (None if they cannot be
    aligned); computed once for :func:`pair_now` and :func:`rolling_pairs`."""
    try:
        return _aligned_returns([ra, rb]).dropna()
    except ComoveError:
        return None


def pair_now(ra: Row, rb: Row, r: pd.DataFrame) -> PairNow | None:
    """The 90-day correlation of a pair now, against its history and the past year
    (``r``: the pair's :func:`pair_returns`); None without two windows of returns."""
    import pandas as pd

    from comove.brief.model import ROLLING_WINDOW, PairNow
    from comove.comovement.correlation import pearson, period_correlation
    from comove.comovement.rolling import beta, default_min_periods, rolling_corr

    a, b = ra.symbol, rb.symbol
    if len(r) < ROLLING_WINDOW * 2:
        return None
    roll = rolling_corr(r[a], r[b], ROLLING_WINDOW, default_min_periods(ROLLING_WINDOW)).dropna()
    now = float(roll.iloc[-1])
    last_year = r.loc[r.index[-1] - pd.DateOffset(years=1):]
    pc = period_correlation(last_year[a], last_year[b], last_year.index[0].date(),
                            last_year.index[-1].date(), n_resamples=2000)
    return PairNow(a, b, now, roll.index[-1].date(), float((roll <= now).mean()),
                   float(roll.median()), pc.corr, pc.ci_low, pc.ci_high,
                   pearson(r[a], r[b]), len(r), roll, pc.n,
                   beta(last_year[b].to_numpy(), last_year[a].to_numpy()))


def matrices(rows: list[Row], asof: date) -> list[Matrix]:
    """Pairwise correlation of daily log returns (equity calendar) over the last 90 days
    and the last year, with the number of complete pairs behind each."""
    import pandas as pd

    usable = [r for r in rows if not r.is_level and not r.stale]
    if len(usable) < 2:
        return []
    start = pd.Timestamp(asof) - pd.Timedelta(days=max(d for _, d in MATRIX_SPANS) + 10)
    trimmed = [r for r in usable if not r.history.loc[start:].empty]
    if len(trimmed) < 2:
        return []
    import copy

    cut = []
    for r in trimmed:
        c = copy.copy(r)
        c.history = r.history.loc[start:]
        cut.append(c)
    returns = _aligned_returns(cut, common_span=False)
    out = []
    for label, days in MATRIX_SPANS:
        first = pd.Timestamp(asof) - pd.Timedelta(days=days)
        part = returns.loc[returns.index > first]
        if part.empty:
            continue
        present = part.notna().astype(float)
        n = present.T @ present
        corr = part.corr(min_periods=MIN_MATRIX_N)
        out.append(Matrix(label, days, part.index[0].date(), part.index[-1].date(), corr,
                          n.astype(int)))
    return out


def _band(x: pd.Series, y: pd.Series, window: int) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    from comove.comovement.rolling import default_min_periods
    from comove.kernels.correlation_t import block_length, studentized_correlations, t_interval

    rng = np.random.default_rng(0)
    xs, ys = x.to_numpy(), y.to_numpy()
    ends = list(range(len(xs) - 1, window - 2, -BAND_STEP))[::-1]
    dates, low, high = [], [], []
    need = default_min_periods(window)
    for end in ends:
        a, b = xs[end - window + 1: end + 1], ys[end - window + 1: end + 1]
        ok = ~(np.isnan(a) | np.isnan(b))
        if ok.sum() < need:
            continue
        draws = studentized_correlations(a[ok], b[ok], BAND_RESAMPLES,
                                         block_length(int(ok.sum())), rng)
        lo, hi = t_interval(draws)
        if not (np.isfinite(lo) and np.isfinite(hi)):
            continue
        dates.append(x.index[end])
        low.append(float(lo))
        high.append(float(hi))
    return pd.DataFrame({"low": low, "high": high}, index=pd.DatetimeIndex(dates, name="date"))


def rolling_pairs(pairs: list[PairNow], returns: dict[tuple[str, str], pd.DataFrame]
                  ) -> list[RollingPair]:
    """30/90/180-day rolling correlation of each pair, a 95% block bootstrap-t band
    around the 90-day one (a point a month), and the pair's co-movement breaks.

    ``returns`` holds each pair's :func:`pair_returns` by ``(a, b)``; the 90-day series
    is the pair's own (:attr:`PairNow.rolling`)."""
    from comove.brief.model import ROLLING_WINDOW
    from comove.comovement.breaks import find_breaks
    from comove.comovement.rolling import default_min_periods, rolling_corr

    out = []
    for p in pairs:
        r = returns[p.a, p.b]
        x, y = r[p.a], r[p.b]
        series = {w: p.rolling if w == ROLLING_WINDOW else
                  rolling_corr(x, y, w, default_min_periods(w)).dropna() for w in WINDOWS}
        try:
            breaks = [b.date if isinstance(b.date, date) else b.date.date()
                      for b in find_breaks(x, y).breaks]
        except ComoveError:
            breaks = []
        out.append(RollingPair(
            p.a, p.b, series, _band(x, y, ROLLING_WINDOW), breaks,
            "daily log returns, equity calendar (a crypto return spans the same days as the "
            "index's); a window needs 80% of its days; band: 95% block bootstrap-t (Fisher "
            f"z) of the 90-day window, {BAND_RESAMPLES} resamples, a point every {BAND_STEP} "
            "days; "
            "breaks: CUSUM on standardised return products"))
    return out


def divergences(rows: list[Row], pairs: list[PairNow]) -> list[Divergence]:
    """A divergence: an asset at (or within 2% of) a record while an asset that usually
    moves with it (positive correlation over the last year) is 20%+ below its record;
    with each earlier episode (start, the laggard's depth, its returns after).

    The event study takes the rows' closes: the store holds no row without a close (its
    ``close`` is NOT NULL), so their dates are the series' trading days."""
    import pandas as pd

    from comove.brief.model import DIVERGENCE_BELOW, NEAR_RECORD, Divergence
    from comove.events import EventKind, EventSpec, decluster, event_study, raw_event_days

    by_symbol = {r.symbol: r for r in rows}
    found = []
    for pair in pairs:
        for leader, laggard in ((pair.b, pair.a), (pair.a, pair.b)):
            lead, lag = by_symbol.get(leader), by_symbol.get(laggard)
            if lead is None or lag is None or lead.stale or lag.stale:
                continue
            if lead.is_level or lag.is_level:
                continue
            if lead.distance < NEAR_RECORD or lag.distance > DIVERGENCE_BELOW:
                continue
            if not pair.last_year > 0:
                continue
            spec = EventSpec(EventKind.DIVERGENCE, threshold=DIVERGENCE_BELOW, other=laggard)
            raw = raw_event_days(spec, lead.history.to_frame("close"),
                                 lag.history.to_frame("close"))
            raw = raw[raw < pd.Timestamp(lead.last_date) - pd.Timedelta(days=30)]
            days, _ = decluster(raw, 30)
            study, episodes, note = None, None, ""
            if len(days):
                study = event_study(days, lead.history.index, lag.history, HORIZONS,
                                    description=spec.describe(leader), event_symbol=leader,
                                    response_symbol=laggard, decluster_days=30,
                                    n_resamples=5000, n_placebo=5000)
                episodes = _episodes(study.events, lag.history, laggard)
            else:
                note = "no earlier episode in the data"
            found.append(Divergence(leader, laggard, lead.last_date, lag.distance,
                                    pair.last_year, study, note, episodes))
    return found


def _episodes(events: pd.DataFrame, laggard: pd.Series, name: str) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    depth = laggard / laggard.cummax() - 1
    table = pd.DataFrame({"start": pd.to_datetime(events["date"]).dt.date})
    position = depth.index.searchsorted(pd.to_datetime(events["date"]), side="right") - 1
    table[f"{name} below its record"] = np.where(position >= 0,
                                                 depth.to_numpy()[np.clip(position, 0, None)],
                                                 np.nan)
    for h in HORIZONS:
        table[f"{name} +{h}d"] = events[f"return_{h}d"].to_numpy()
    return table


def cycles(view: AsOfView, rows: list[Row], asof: date) -> Cycles | None:
    """Bitcoin indexed to 1 on each halving day up to ``asof`` (BTC, and BTC_BITSTAMP
    before it, as :func:`comove.events.halvings.long_bitcoin` joins them); a series in
    the watchlist comes from its row, only the others are read from ``view``."""
    import pandas as pd

    from comove.events.halvings import HALVINGS, describe_sources, long_bitcoin

    by_symbol = {r.symbol: r for r in rows}

    def closes(name: str) -> pd.Series | None:
        if name in by_symbol:
            return by_symbol[name].history
        try:
            return read_bars(view, name)[1]["close"]
        except ComoveError:
            return None

    try:
        prices = long_bitcoin(closes("BTC"), closes("BTC_BITSTAMP"))
    except ComoveError:
        return None
    days = [d for _, d in HALVINGS if d <= asof]
    paths: dict[date, pd.Series] = {}
    for i, day in enumerate(days):
        start = pd.Timestamp(day)
        end = pd.Timestamp(days[i + 1]) if i + 1 < len(days) else prices.index[-1]
        part = prices.loc[start:end]
        if part.empty or part.index[0] != start:
            continue
        path = part / float(part.iloc[0])
        path.index = (path.index - start).days
        paths[day] = path
    if not paths:
        return None
    current = max(paths)
    day_now = int(paths[current].index[-1])
    same = {d: float(p.loc[:day_now].iloc[-1]) for d, p in paths.items()
            if d != current and p.index[-1] >= day_now}
    return Cycles(paths, day_now, float(paths[current].iloc[-1]), same,
                  describe_sources(prices))


def empty_reasons(data: BriefData, missing: list[str]) -> dict[str, str]:
    """Why a section has nothing to show (so an empty section never goes unexplained)."""
    from comove.brief.text import names

    out = {}
    gone = f"{names(missing)} {'has' if len(missing) == 1 else 'have'} no data up to " \
           f"{data.asof}" if missing else ""
    if not data.pairs:
        out["co-movement"] = (
            "No co-movement figures: " + (gone + ", so " if gone else "") +
            "no watchlist pair has the 180 days of common returns a 90-day correlation "
            "against its own history needs.")
    if not data.matrices:
        out["matrix"] = ("No correlation matrix: fewer than two watchlist assets have "
                         f"returns in the year to {data.asof}" + (f" ({gone})." if gone else "."))
    if data.cycles is None:
        out["cycles"] = f"No halving cycle: no bitcoin price on a halving day up to {data.asof}."
    if not data.divergences:
        out["divergences"] = (
            "No active divergence: no watchlist asset is within 2% of its record while one "
            "that moved with it over the past year is 20% or more below its own.")
    return out
