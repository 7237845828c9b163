"""What happened after a claim was made: its assets' moves from ``made`` to the end of the
data, whether a stated state still holds, whether a forecast came true so far.

The as-made verdict never sees these data (it runs on a view cut at ``made``); this section
is computed separately, on the outer view, and shown beside it.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from comove.claims.checks import CHECKS
from comove.claims.checks.common import pct
from comove.claims.model import Claim, Since
from comove.errors import ComoveError

if TYPE_CHECKING:
    from comove.data.source import DataSource

SYMBOL_FIELDS = ("symbol", "a", "b", "leader", "laggard", "more", "less")
PRESENT_DAYS = 7  # a state dated this close to the claim is the claim's present


def claim_symbols(claim: Claim) -> list[str]:
    """The stored symbols a claim's tests name (ratios such as ETH/BTC left out)."""
    found: list[str] = []
    for spec in claim.tests:
        if spec.params is None:
            continue
        values: list[Any] = [getattr(spec.params, f, None) for f in SYMBOL_FIELDS]
        for name in ("records", "near"):
            listed = getattr(spec.params, name, None)
            if isinstance(listed, list | dict):
                values += list(listed)
        for v in values:
            if isinstance(v, str) and "/" not in v and v not in found:
                found.append(v)
    return found


def moves(source: DataSource, symbol: str, made: date) -> dict[str, Any] | None:
    """``symbol``'s close on ``made`` (or the last before), its last close, the return
    between them, the record closes set after ``made`` and the distance below its record at
    the end (bitcoin on its long, spliced history); ``None`` without data."""
    import pandas as pd

    from comove.data.source import read_bars
    from comove.records.synchrony import record_days

    try:
        sym, bars = read_bars(source, symbol, long_history=True)
    except ComoveError:
        return None
    closes = bars["close"].dropna()
    before = closes.loc[: pd.Timestamp(made)]
    if before.empty or closes.index[-1] <= before.index[-1]:
        return None
    start, end = float(before.iloc[-1]), float(closes.iloc[-1])
    return {"symbol": sym.symbol, "start": before.index[-1].date(), "start_close": start,
            "end": closes.index[-1].date(), "end_close": end, "return": end / start - 1,
            "records_since": int((record_days(closes) > before.index[-1]).sum()),
            "below_record": end / float(closes.max()) - 1}


def since(source: DataSource, claim: Claim) -> Since | None:
    """The *since* section of a dated claim (``None`` when no data follow ``made``)."""
    assert claim.made is not None
    numbers = {}
    for symbol in claim_symbols(claim):
        found = moves(source, symbol, claim.made)
        if found is not None:
            numbers[found["symbol"]] = found
    if not numbers:
        return None
    end = max(n["end"] for n in numbers.values())
    outcome = "; ".join(
        f"{s} {pct(n['return'])}" + (f" to {n['end']}" if n["end"] != end else "")
        + (f", {n['records_since']} record closes" if n["records_since"] else "")
        for s, n in numbers.items())
    holds: bool | None = None
    for spec in claim.tests:
        hook = CHECKS[spec.test].since if spec.params is not None else None
        stated = getattr(spec.params, "date", None)
        if hook is None or (isinstance(stated, date) and
                            (claim.made - stated).days > PRESENT_DAYS):
            continue  # a state of the past (a price at a halving) has no "still holds"
        try:
            state = hook(source, spec.params, claim.made, end)
        except ComoveError as exc:
            outcome = f"{outcome}; {spec.part or spec.test}: not measurable ({exc.message})"
            continue
        if state is not None:
            outcome = f"{state.outcome}; {outcome}"
            holds = state.holds if holds is None else holds and bool(state.holds)
            numbers |= state.numbers
    return Since(claim.made, end, outcome, holds, numbers)


def state_again(source: DataSource, test: str, params: Any, end: date,
                field: str = "date") -> Since:
    """A state claim re-measured at ``end`` (its ``field`` date moved there)."""
    again = CHECKS[test].run(source, dataclasses.replace(params, **{field: end}))
    held = again.verdict.value == "supported"
    return Since(end, end, f"{'still holds' if held else 'no longer holds'} on {end}: "
                 f"{again.measured}", held, {"state_at_end": again.evidence})


__all__ = ["claim_symbols", "moves", "since", "state_again"]
