"""Event studies: what asset B did after events in asset A, against B's baseline.

Names are loaded on first use, so that ``comove.events.kinds`` (needed by ``--help``) does not
pull in numpy.
"""

from __future__ import annotations

from comove._lazy import lazy_exports

__getattr__, __all__ = lazy_exports("comove.events", {
    "kinds": ["EventKind"],
    "definitions": ["EventSpec", "decluster", "make_spec", "raw_event_days", "state_days"],
    "study": ["EventStudyResult", "HorizonResult", "MIN_EVENTS", "event_study",
              "forward_returns"],
    "conditional": ["ConditionalSummary", "conditional_summary"],
    "halvings": ["HalvingsResult", "halvings"],
    "run": ["event", "condition"],
})
