"""Claims analyses on :class:`~comove.api.Market`."""

from __future__ import annotations

from comove.api._base import MarketBase


class ClaimsMethods(MarketBase):
    """The claims methods of :class:`~comove.api.Market`."""
