"""Scan analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from comove.api._base import MarketBase


class ScanMethods(MarketBase):
    """The scan methods of :class:`~comove.api.Market`."""
