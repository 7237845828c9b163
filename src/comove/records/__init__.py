"""Records, drawdowns, breakouts and the synchrony of highs and lows across assets."""

from comove.records.highs import (
    Basis,
    RecordReport,
    drawdown_series,
    drawdown_table,
    find_breakouts,
    find_records,
)

__all__ = [
    "Basis",
    "RecordReport",
    "drawdown_series",
    "drawdown_table",
    "find_breakouts",
    "find_records",
]
