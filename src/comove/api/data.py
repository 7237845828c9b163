"""Data analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from comove.api._base import MarketBase


class DataMethods(MarketBase):
    """The data methods of :class:`~comove.api.Market`."""
