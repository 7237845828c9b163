"""The one seam through which every analysis reads data: the store, or its as-of view."""

from comove.data.asof import AsOfView
from comove.data.source import DataSource, read_bars, read_history

__all__ = ["AsOfView", "DataSource", "read_bars", "read_history"]
