"""Checks across series: a volume column copied from another symbol.

Real case: Yahoo's ^RUT volume equals ^GSPC's on 9,029 of 9,766 days. Two independent
volume series are essentially never equal to the unit on many days, so a high share of
exact matches means one is a copy. Which one: the series whose own history is mostly
matches (RUT: 92% of its volume days) is the copy; the other (SPX: 47%) is the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

MIN_COMMON_DAYS = 60
MIN_MATCH_SHARE = 0.5


@dataclass(frozen=True)
class CopiedVolume:
    """``copy``'s volume equals ``original``'s on ``matches`` of ``copy_days`` days."""

    copy: str
    original: str
    matches: int
    copy_days: int
    original_days: int

    @property
    def share(self) -> float:
        return self.matches / self.copy_days

    def describe(self) -> str:
        return (
            f"volume equals {self.original}'s on {self.matches:,} of {self.copy_days:,} days "
            f"({self.share:.0%}), so it is not {self.copy}'s own volume"
        )


def find_copied_volumes(
    new: dict[str, pd.Series], stored: dict[str, pd.Series]
) -> list[CopiedVolume]:
    """Pairs of volume series where one copies the other.

    Parameters
    ----------
    new
        Positive volumes (indexed by date) of the series being imported.
    stored
        Positive volumes of series already in the store.

    Returns
    -------
    list of CopiedVolume
        One per pair judged a copy; pairs where neither side can be told the copy (equal
        shares) are returned with the new series as ``copy``.
    """
    everything = {**stored, **new}
    names = sorted(everything)
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if a not in new and b not in new:
                continue
            va, vb = everything[a], everything[b]
            common = va.index.intersection(vb.index)
            if len(common) < MIN_COMMON_DAYS:
                continue
            matches = int((va.loc[common].to_numpy() == vb.loc[common].to_numpy()).sum())
            if matches < MIN_MATCH_SHARE * len(common):
                continue
            share_a, share_b = matches / len(va), matches / len(vb)
            if share_a > share_b or (share_a == share_b and a in new):
                found.append(CopiedVolume(a, b, matches, len(va), len(vb)))
            else:
                found.append(CopiedVolume(b, a, matches, len(vb), len(va)))
    return found
