"""Records, drawdowns, breakouts and the synchrony of highs and lows across assets.

Names are loaded on first use (no numpy at ``comove --help``).
"""

from __future__ import annotations

from comove._lazy import lazy_exports

__getattr__, __all__ = lazy_exports("comove.records", {
    "highs": ["Basis", "RecordReport", "drawdown_series", "drawdown_table", "find_breakouts",
              "find_records"],
    "report": ["HighsResult", "highs"],
    "synchrony": ["SynchronyReport", "synchrony"],
})
