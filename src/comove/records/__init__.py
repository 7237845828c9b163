"""Records, drawdowns, breakouts and the synchrony of highs and lows across assets."""

from comove.records.highs import (
    Basis,
    RecordReport,
    drawdown_series,
    drawdown_table,
    find_breakouts,
    find_records,
)
from comove.records.report import HighsResult, highs
from comove.records.synchrony import SynchronyReport, sync, synchrony

__all__ = [
    "Basis",
    "HighsResult",
    "RecordReport",
    "SynchronyReport",
    "drawdown_series",
    "drawdown_table",
    "find_breakouts",
    "find_records",
    "highs",
    "sync",
    "synchrony",
]
