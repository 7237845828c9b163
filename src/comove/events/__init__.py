"""Event studies: what asset B did after events in asset A, against B's baseline."""

from comove.events.definitions import EventKind, EventSpec, decluster, raw_event_days
from comove.events.study import EventStudyResult, HorizonResult, event_study, forward_returns

__all__ = [
    "EventKind",
    "EventSpec",
    "EventStudyResult",
    "HorizonResult",
    "decluster",
    "event_study",
    "forward_returns",
    "raw_event_days",
]
