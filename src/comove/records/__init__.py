"""Records, drawdowns, breakouts and the synchrony of highs and lows across assets.

Names are loaded on first use (no numpy at ``comove --help``).
"""

from __future__ import annotations

from comove._lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["Basis", "RecordReport", "drawdown_series", "drawdown_table",
                     "find_breakouts", "find_records"], "comove.records.highs"),
    **dict.fromkeys(["HighsResult", "highs"], "comove.records.report"),
    **dict.fromkeys(["SynchronyReport", "sync", "synchrony"], "comove.records.synchrony"),
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports("comove.records", _EXPORTS)
