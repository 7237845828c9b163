"""Co-movement analyses on :class:`~comove.api.Market`: corr, breaks, leadlag."""

from __future__ import annotations

from comove.api._base import MarketBase


class ComovementMethods(MarketBase):
    """The co-movement methods of :class:`~comove.api.Market`."""
