"""Event studies: what asset B did after events in asset A, against B's baseline.

Names are loaded on first use, so that ``comove.events.kinds`` (needed by ``--help``) does not
pull in numpy.
"""

from __future__ import annotations

from comove._lazy import lazy_exports

_EXPORTS = {
    "EventKind": "comove.events.kinds",
    "EventSpec": "comove.events.definitions",
    "decluster": "comove.events.definitions",
    "make_spec": "comove.events.definitions",
    "raw_event_days": "comove.events.definitions",
    "state_days": "comove.events.definitions",
    "EventStudyResult": "comove.events.study",
    "HorizonResult": "comove.events.study",
    "MIN_EVENTS": "comove.events.study",
    "event_study": "comove.events.study",
    "forward_returns": "comove.events.study",
    "ConditionalSummary": "comove.events.conditional",
    "conditional_summary": "comove.events.conditional",
    "HalvingsResult": "comove.events.halvings",
    "halvings": "comove.events.halvings",
    "event": "comove.events.run",
    "condition": "comove.events.run",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports("comove.events", _EXPORTS)
