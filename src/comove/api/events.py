"""Events analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from comove.api._base import MarketBase


class EventsMethods(MarketBase):
    """The events methods of :class:`~comove.api.Market`."""
