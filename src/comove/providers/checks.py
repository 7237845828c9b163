"""Checks of a provider's answer against the symbol's calendar and the stored history.

Each catches a way a provider can silently rewrite history:

- a timezone shift moves every bar by a day: an exchange series then has bars on weekends;
  against stored rows, the new values match the stored ones of the neighbouring day;
- a re-based history (a split applied, or an adjustment changed) has every overlapping
  value off by one constant factor; storing only the overlap would leave a false one-day
  move of that size at its edge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from comove.errors import ProviderError
from comove.symbols import Symbol

if TYPE_CHECKING:
    import pandas as pd

# Beyond a stray bar or two (a provider artefact, dropped with a warning by validation),
# weekend bars in an exchange series mean shifted dates.
MAX_WEEKEND_SHARE = 0.2
MIN_OVERLAP = 3
SAME = 1e-6  # relative difference within which two values are the same
NOT_ONE = 1e-3  # a factor this far from 1 is not rounding


def check_calendar(frame: pd.DataFrame, symbol: Symbol, label: str) -> None:
    """Refuse an exchange-day series whose bars fall on weekends (dates shifted).

    A stray weekend bar is a provider artefact (validation drops it with a warning); many,
    or Saturday bars with no Monday (every bar a day late), or Sunday bars with no Friday
    (a day early), are a shifted series.
    """
    if not symbol.calendar.is_exchange or len(frame) < 3:
        return
    days = frame["date"].dt.day_of_week
    weekend = int((days >= 5).sum())
    late = len(days) >= 5 and (days == 5).any() and not (days == 0).any()
    early = len(days) >= 5 and (days == 6).any() and not (days == 4).any()
    if (weekend > 2 and weekend > MAX_WEEKEND_SHARE * len(frame)) or late or early:
        raise ProviderError(
            f"{label}: {weekend} of {len(frame)} bars of {symbol.symbol} fall on weekends, so "
            "the provider's dates are shifted (a wrong timezone); nothing was written",
            "try again later, or import a file with the right dates",
        )


def check_against_stored(
    frame: pd.DataFrame, stored: pd.Series, symbol: Symbol, label: str, full_refetch: bool,
) -> None:
    """Refuse new closes that are the stored ones shifted by a day or times one factor.

    Parameters
    ----------
    frame
        The fetched rows (``date``, ``close``).
    stored
        Stored closes of the symbol over the same dates, indexed by date.
    full_refetch
        The fetch replaces the whole stored history, so a new factor is no edge.
    """
    new = frame.dropna(subset=["close"]).drop_duplicates("date").set_index("date")["close"]
    common = new.index.intersection(stored.index)
    if len(common) < MIN_OVERLAP:
        return
    a, b = new.loc[common].to_numpy(float), stored.loc[common].to_numpy(float)
    same = np.abs(a - b) <= SAME * np.abs(b)
    if same.mean() >= 0.5:
        return
    for days in (1, -1):
        moved = stored.copy()
        moved.index = moved.index + np.timedelta64(days, "D")
        overlap = new.index.intersection(moved.index)
        if len(overlap) >= MIN_OVERLAP:
            x, y = new.loc[overlap].to_numpy(float), moved.loc[overlap].to_numpy(float)
            if (np.abs(x - y) <= SAME * np.abs(y)).mean() >= 0.8:
                raise ProviderError(
                    f"{label}: the new closes of {symbol.symbol} equal the stored ones "
                    f"{'a day earlier' if days == 1 else 'a day later'} on {len(overlap)} "
                    "dates, so the provider's dates are shifted; nothing was written",
                    "try again later; the stored rows are unchanged",
                )
    ratio = a / b
    factor = float(np.median(ratio))
    constant = np.abs(ratio - factor) <= 1e-4 * abs(factor)
    if constant.mean() >= 0.9 and abs(factor - 1) > NOT_ONE and not full_refetch:
        raise ProviderError(
            f"{label}: every overlapping close of {symbol.symbol} is the stored one times "
            f"{factor:.6g} ({len(common)} dates from {common[0].date()}), so the provider "
            "re-based its history (a split or an adjustment); storing only the new window "
            "would leave a false jump; nothing was written",
            f"re-fetch the whole history: comove data fetch {symbol.symbol} --start "
            f"{stored.index[0].date()} --replace",
        )
