"""The tests a claim can name, each an analysis call plus a verdict rule, by family.

Each test is registered with its parameter dataclass (so the claims file is validated
before anything runs) and documented in docs/claims.md. Every verdict rule is written out
in the test's docstring; tolerances are parameters with stated defaults. Tests read data
only through the data seam (:func:`comove.data.read_bars`, :func:`comove.align.load_aligned`)
and take their statistics from the library.
"""

from __future__ import annotations

from comove.claims.checks import (  # noqa: F401  (importing registers the tests)
    correlation,
    drivers,
    events,
    halvings,
    levels,
    records,
    states,
    synchrony,
)
from comove.claims.checks.events import EventParams
from comove.claims.checks.registry import CHECKS, Check, check

# The order of the docs: records and prices first, then co-movement, events, halvings, drivers.
_ORDER = ("record_on_date", "record_count", "divergence_state", "distance_from_record",
          "first_since", "streak", "return_period", "level_on_date", "correlation_period",
          "correlation_value", "correlation_shift", "synchrony", "co_bottom", "event_study",
          "conditional_volume", "breakout", "halving_comparison", "halving_records", "leadlag",
          "beta_comparison")
_registered = dict(CHECKS)
CHECKS.clear()
CHECKS.update({name: _registered.pop(name) for name in _ORDER if name in _registered})
CHECKS.update(_registered)

__all__ = ["CHECKS", "Check", "EventParams", "check"]
