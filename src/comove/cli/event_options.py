"""The options that define an event or a state on asset A (``event`` and ``condition``).

Only the standard library is imported here, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
from typing import Any

from comove.cli.common import parse_dates
from comove.events.kinds import PLACEBOS, EventKind

EVENT_KINDS_HELP = (
    "event kinds (--on):\n"
    "  record      A sets a record (--basis close|high)\n"
    "  breakout    A's first record after --min-days trading days without one\n"
    "  drawdown    A closes --threshold below its record (e.g. -0.2)\n"
    "  move        A's daily return beyond --threshold (e.g. -0.05 or 0.05)\n"
    "  level       A crosses below --threshold (above with --above), e.g. VIX 15\n"
    "  divergence  A at a record while --other is --threshold below its record\n"
    "  dates       the --dates given"
)

STATE_KINDS_HELP = (
    "state days (--on), every day the state holds (not declustered):\n"
    "  record      every day A sets a record (--basis close|high)\n"
    "  breakout    every day A sets its first record after --min-days trading days\n"
    "              without one\n"
    "  drawdown    every day A's close is --threshold or more below its record (e.g. -0.2)\n"
    "  move        every day A's daily return is beyond --threshold (e.g. -0.05 or 0.05)\n"
    "  level       every day A is below --threshold (above with --above), e.g. VIX 15\n"
    "  divergence  every day A sets a record while --other is --threshold below its record\n"
    "  dates       the --dates given"
)


def add_event_options(p: argparse.ArgumentParser) -> None:
    """``--on`` and the options of each kind, named as the library's parameters."""
    p.add_argument("--on", required=True, choices=[k.value for k in EventKind])
    p.add_argument("--threshold", type=float,
                   help="for drawdown, divergence and move (a fraction) and level")
    p.add_argument("--min-days", type=int, default=252, help="for breakout (default 252)")
    p.add_argument("--basis", choices=["close", "high"], default="close",
                   help="for record, breakout and divergence (default close)")
    p.add_argument("--above", action="store_true", help="for level: above instead of below")
    p.add_argument("--other", metavar="SYMBOL", help="for divergence: the lagging asset")
    p.add_argument("--dates", type=parse_dates, default=(),
                   help="for dates: 2016-11-14,2020-11-13")
    p.add_argument("--placebo", choices=PLACEBOS, default="circular",
                   help="circular (default): interval and p-value from every circular shift "
                        "of the dates; random: stationary bootstrap and iid random days")


def event_options(args: argparse.Namespace) -> dict[str, Any]:
    """The parsed event options as keyword arguments of the Market method."""
    return {"threshold": args.threshold, "min_days": args.min_days, "basis": args.basis,
            "above": args.above, "other": args.other, "dates": args.dates}
