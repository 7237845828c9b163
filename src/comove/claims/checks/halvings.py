"""Claim tests about bitcoin's halving cycles."""

# ruff: noqa: RUF009  (param() returns a dataclasses.field, as field() would)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from comove.claims.checks.common import C, S
from comove.claims.checks.registry import check
from comove.claims.model import Outcome
from comove.claims.params import param
from comove.claims.verdicts import is_marginal, over_parts, tolerance
from comove.errors import EmptyRangeError

if TYPE_CHECKING:
    import pandas as pd

    from comove.data.source import DataSource


def _bitcoin(source: DataSource) -> pd.Series:
    """Bitcoin closes on the long history (BTC_BITSTAMP before Yahoo's first day), the same
    series the record tests use."""
    from comove.claims.checks.common import long_bars

    return long_bars(source, "BTC")[1]["close"].dropna()


@dataclass(frozen=True, kw_only=True)
class HalvingComparisonParams:
    date: dt.date = param(help="measure up to this date")
    claimed: list[float] = param(help='multiples (end/start), latest cycle first, e.g. '
                                 '["about 1.5", 5, 27]', low=1e-6, high=1e6, nonempty=True)
    tolerance: float | None = param(None, help="relative; default: each figure's precision",
                                    low=0, high=100)


@check("halving_comparison", "bitcoin's return since the latest halving against the same "
       "span of earlier cycles", HalvingComparisonParams)
def halving_comparison(source: DataSource, p: HalvingComparisonParams) -> Outcome:
    """Elapsed days = date - latest halving before it; each cycle's multiple over the same
    elapsed days. Each claimed multiple is a part: it holds within ``tolerance`` (relative;
    by default the figure's own precision: "about 5" is 4 to 6), fails otherwise; the
    verdict follows the rule for parts."""
    import pandas as pd

    from comove.events.halvings import HALVINGS
    from comove.events.study import forward_returns

    prices = _bitcoin(source)
    day = pd.Timestamp(p.date)
    past = [h for _, h in HALVINGS if pd.Timestamp(h) <= day]
    if not past:
        raise EmptyRangeError(f"no halving before {p.date}", f"the first was {HALVINGS[0][1]}")
    elapsed = (day - pd.Timestamp(past[-1])).days
    cycles = list(reversed(past))[: len(p.claimed)]
    rows, failures, parts, marginal = [], [], [], False
    for halving, claimed in zip(cycles, p.claimed, strict=False):
        multiple = 1 + float(forward_returns(prices, pd.DatetimeIndex([halving]), elapsed)[0])
        if multiple != multiple:
            raise EmptyRangeError(f"no bitcoin prices for the {halving} cycle's first "
                                  f"{elapsed} days", "import ../shared/data/btc_bitstamp.csv")
        tol = tolerance(claimed, p.tolerance, relative=True)
        rows.append({"halving": halving, "days": elapsed, "multiple": multiple,
                     "claimed": claimed, "range": [claimed * (1 - tol), claimed * (1 + tol)]})
        held = abs(multiple / claimed - 1) <= tol + 1e-12
        parts.append(S if held else C)
        edge = claimed * (1 + tol) if multiple > claimed else claimed * (1 - tol)
        marginal |= is_marginal(multiple, edge) and not held
        if not held:
            failures.append(f"{halving} cycle: {multiple:.2f}x, not {claimed * (1 - tol):.3g}x "
                            f"to {claimed * (1 + tol):.3g}x")
    measured = "; ".join(f"{r['halving']}: {r['multiple']:.2f}x" for r in rows)
    return Outcome(over_parts(parts), measured,
                   "; ".join(f"{r['claimed']:g}x ({r['range'][0]:.3g} to {r['range'][1]:.3g})"
                             for r in rows), {"cycles": rows},
                   f"close at halving + {elapsed} days over close at halving; BTC_BITSTAMP "
                   "before 2014-09-17; tolerance "
                   + (f"±{p.tolerance:.0%}" if p.tolerance is not None else
                      "from each figure's precision"), failures, marginal=marginal)


@dataclass(frozen=True, kw_only=True)
class HalvingRecordsParams:
    claimed_before: list[dt.date] = param(help="halvings before which the record was beaten")


@check("halving_records", "in which cycles bitcoin beat its previous record before the halving",
       HalvingRecordsParams)
def halving_records(source: DataSource, p: HalvingRecordsParams) -> Outcome:
    """For each halving with at least two years of data before it: the previous peak is the
    highest close up to one year before the halving (the last bull market's top, not the
    run-up into the halving); then the first close above it, and whether that came before the
    halving. Supported when exactly the claimed halvings had it before; contradicted
    otherwise."""
    import pandas as pd

    from comove.events.halvings import HALVINGS

    prices = _bitcoin(source)
    rows, notes = [], []
    claimed = set(p.claimed_before)
    failures = []
    for _, halving in HALVINGS:
        h = pd.Timestamp(halving)
        if h > prices.index[-1]:
            continue
        if (h - prices.index[0]).days < 2 * 365:
            notes.append(f"{halving}: the previous peak may predate the data; not checked")
            continue
        earlier = prices[: h - pd.DateOffset(years=1)]
        peak_day, peak = earlier.idxmax(), float(earlier.max())
        later = prices[peak_day + pd.Timedelta(days=1):]
        above = later[later > peak]
        first = above.index[0] if len(above) else None
        before = first is not None and first < h
        rows.append({"halving": halving, "previous_peak": peak_day.date(), "peak": peak,
                     "first_close_above": first.date() if first is not None else None,
                     "before_halving": before})
        if before != (halving in claimed):
            failures.append(f"{halving}: record {'before' if before else 'after'} the halving")
    if not rows:
        raise EmptyRangeError("no halving has two years of bitcoin prices before it",
                              "import ../shared/data/btc.csv and btc_bitstamp.csv")
    measured = "; ".join(f"{r['halving']}: {'before' if r['before_halving'] else 'after'} "
                         f"({r['first_close_above']})" for r in rows)
    return Outcome(S if not failures else C, measured,
                   "before: " + ", ".join(str(d) for d in sorted(claimed)), {"cycles": rows},
                   "previous peak = highest close up to a year before the halving", notes
                   + failures)


__all__ = ["halving_comparison", "halving_records"]
