"""Records analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from comove.api._base import MarketBase


class RecordsMethods(MarketBase):
    """The records methods of :class:`~comove.api.Market`."""
