"""Event kinds (no heavy imports: the CLI lists them in --help)."""

from enum import StrEnum


class EventKind(StrEnum):
    RECORD = "record"
    BREAKOUT = "breakout"
    DRAWDOWN = "drawdown"
    MOVE = "move"
    LEVEL = "level"
    DIVERGENCE = "divergence"
    DATES = "dates"
