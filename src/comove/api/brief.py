"""Brief analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from comove.api._base import MarketBase


class BriefMethods(MarketBase):
    """The brief methods of :class:`~comove.api.Market`."""
