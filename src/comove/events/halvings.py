"""Bitcoin's halvings and what the price did in each cycle.

Halving dates are the UTC days on which the blocks at heights 210,000, 420,000, 630,000 and
840,000 were mined (the block reward halves every 210,000 blocks; the heights are protocol
facts, the dates as recorded by public block explorers, e.g. the block timestamps of blocks
210000, 420000, 630000 and 840000).

Long history: Yahoo's BTC-USD starts 2014-09-17, after the first halving. Before it, comove
uses BTC_BITSTAMP (from 2012-01-01), whose value on date d is a start-of-day price that tracks
Yahoo's close of d-1 (median absolute difference 0.13%, 95th percentile 1.3%, per the data
README). It is therefore shifted back one day to stand for the close of d-1: the splice of
:func:`comove.data.read_bars` with ``long_history=True``, which the records, breakouts,
drawdowns and event definitions of BTC use too. Each row says which source its numbers came
from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from comove.errors import EmptyRangeError
from comove.results import Result
from comove.results.render import format_cell, text_table

if TYPE_CHECKING:
    import pandas as pd

    from comove.data import DataSource

HALVINGS: tuple[tuple[int, date], ...] = (
    (210_000, date(2012, 11, 28)),
    (420_000, date(2016, 7, 9)),
    (630_000, date(2020, 5, 11)),
    (840_000, date(2024, 4, 20)),
)


def long_bitcoin(yahoo: pd.Series | None, bitstamp: pd.Series | None) -> pd.Series:
    """Bitcoin closes: Yahoo where it exists, Bitstamp (shifted to closes) before it.

    :func:`comove.data.source.splice_stand_in`, the splice of :func:`comove.data.read_bars`
    with ``long_history=True``, for callers that hold the two series (either may be ``None``
    or empty: the other alone). The result has ``attrs["sources"]``: (start, end,
    description) per segment, and ``attrs["splice"]`` when Bitstamp stands in before Yahoo.
    """
    import pandas as pd

    from comove.data.source import STAND_INS, splice_stand_in

    stand_in = STAND_INS["BTC"]
    y = yahoo.dropna() if yahoo is not None else pd.Series(dtype=float)
    frame = pd.DataFrame({"close": y})
    if bitstamp is not None:
        frame = splice_stand_in(frame, bitstamp, stand_in)
    if frame.empty:
        raise EmptyRangeError("no bitcoin prices stored",
                              "import ../shared/data/btc.csv and btc_bitstamp.csv")
    out = frame["close"].sort_index()
    head = out[out.index < y.index[0]] if len(y) else out
    sources = [(part.index[0].date(), part.index[-1].date(), text)
               for part, text in ((head, stand_in.description),
                                  (y, "BTC (Yahoo BTC-USD close)")) if len(part)]
    out.attrs = {"sources": sources}
    if "splice" in frame.attrs:
        out.attrs["splice"] = frame.attrs["splice"]
    return out


@dataclass
class HalvingRow:
    block: int
    date: date
    source: str
    price: float
    returns: dict[int, float]
    peak_date: dt.date | None
    peak_price: float
    peak_return: float
    days_to_peak: int | None
    trough_date: dt.date | None
    trough_price: float
    peak_to_trough: float
    days_peak_to_trough: int | None
    cycle_end: dt.date
    complete: bool

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["returns"] = {f"{h}d": v for h, v in self.returns.items()}
        return out


def halving_table(prices: pd.Series, horizons: list[int]) -> list[HalvingRow]:
    """One row per halving within the data.

    The cycle of a halving runs to the day before the next halving (or to the last price).
    Its peak is the highest close in the cycle; its trough the lowest close after that peak
    within the cycle. Returns to +h days use the last close on or before the halving date + h
    (NaN when that is beyond the data).
    """
    import pandas as pd

    from comove.events.study import forward_returns

    prices = prices.dropna().sort_index()
    sources = prices.attrs.get("sources", [])
    rows = []
    for i, (block, day) in enumerate(HALVINGS):
        start = pd.Timestamp(day)
        if start < prices.index[0] or start > prices.index[-1]:
            continue
        next_start = pd.Timestamp(HALVINGS[i + 1][1]) if i + 1 < len(HALVINGS) else None
        cycle = prices[start: (next_start - pd.Timedelta(days=1)) if next_start else None]
        price = float(prices[:start].iloc[-1])
        returns = {h: float(forward_returns(prices, pd.DatetimeIndex([start]), h)[0])
                   for h in horizons}
        peak_at = cycle.idxmax()
        after_peak = cycle[peak_at:]
        trough_at = after_peak.idxmin()
        complete = next_start is not None and next_start <= prices.index[-1]
        rows.append(HalvingRow(
            block=block, date=day, source=_source_of(day, sources), price=price,
            returns=returns, peak_date=peak_at.date(), peak_price=float(cycle[peak_at]),
            peak_return=float(cycle[peak_at] / price - 1), days_to_peak=(peak_at - start).days,
            trough_date=trough_at.date(), trough_price=float(after_peak[trough_at]),
            peak_to_trough=float(after_peak[trough_at] / cycle[peak_at] - 1),
            days_peak_to_trough=(trough_at - peak_at).days,
            cycle_end=cycle.index[-1].date(), complete=complete,
        ))
    if not rows:
        raise EmptyRangeError("no halving falls within the stored bitcoin prices",
                              "import ../shared/data/btc_bitstamp.csv for 2012 onwards")
    return rows


def _source_of(day: date, sources: list[tuple[date, date, str]]) -> str:
    for first, last, text in sources:
        if first <= day <= last:
            return text
    return "unknown"


def describe_sources(prices: pd.Series) -> list[str]:
    return [f"{a} to {b}: {text}" for a, b, text in prices.attrs.get("sources", [])]


CONVENTION = ("simple returns of closes; cycle = halving to the day before the next; trough = "
              "lowest close after the cycle's peak")


@dataclass
class HalvingsResult(Result):
    """Bitcoin's halving cycles (``comove halvings``): one :class:`HalvingRow` each."""

    rows: list[HalvingRow]
    horizons: list[int]
    sources: list[str]

    def to_dict(self) -> dict[str, Any]:
        """What ``comove halvings --json`` prints."""
        return {"sources": self.sources, "horizons": self.horizons, "convention": CONVENTION,
                "halvings": [r.as_dict() for r in self.rows]}

    def to_frame(self) -> pd.DataFrame:
        """One row per halving; the returns as ``return_{h}d`` columns."""
        import pandas as pd

        records = []
        for row in self.rows:
            record = {k: v for k, v in row.__dict__.items() if k != "returns"}
            record |= {f"return_{h}d": v for h, v in row.returns.items()}
            records.append(record)
        return pd.DataFrame(records)

    def summary(self) -> str:
        """The text ``comove halvings`` prints."""
        table = []
        for r in self.rows:
            row: dict[str, Any] = {"block": f"{r.block:,}", "date": r.date,
                                   "price": format_cell(round(r.price, 2))}
            for h, v in r.returns.items():
                row[f"+{h}d"] = "" if v != v else f"{v:+.0%}"
            row |= {"peak": r.peak_date, "peak_return": f"{r.peak_return:+.0%}",
                    "days_to_peak": r.days_to_peak, "trough": r.trough_date,
                    "peak_to_trough": f"{r.peak_to_trough:+.0%}",
                    "cycle": "complete" if r.complete else f"open (data to {r.cycle_end})"}
            table.append(row)
        lines = ["bitcoin halvings (simple returns of closes; cycle = halving to the day before "
                 "the next; trough = lowest close after the peak)",
                 text_table(table, list(table[0]),
                            right=[k for k in table[0] if k.startswith("+")]
                            + ["price", "peak_return", "days_to_peak", "peak_to_trough"]),
                 ""]
        return "\n".join(lines + [f"source: {s}" for s in self.sources])


def halvings(source: DataSource, horizons: list[int], end: date | None = None
             ) -> HalvingsResult:
    """:func:`halving_table` on the long bitcoin history (:func:`long_bitcoin`) stored in
    ``source`` up to ``end``: BTC, and BTC_BITSTAMP before it."""
    stored = set(source.last_dates())
    yahoo = source.read("BTC", end=end)["close"] if "BTC" in stored else None
    bitstamp = (source.read("BTC_BITSTAMP", end=end)["close"]
                if "BTC_BITSTAMP" in stored else None)
    prices = long_bitcoin(yahoo, bitstamp)
    return HalvingsResult(halving_table(prices, horizons), list(horizons),
                          describe_sources(prices))


__all__ = ["HALVINGS", "HalvingRow", "HalvingsResult", "describe_sources", "halving_table",
           "halvings", "long_bitcoin"]
