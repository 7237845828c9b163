"""``comove condition``: B on days A is in a state, against B on A's other days."""

from __future__ import annotations

import argparse

from comove.cli.common import add_command, add_json, add_range, add_resampling, emit, market_from
from comove.cli.event_options import STATE_KINDS_HELP, add_event_options, event_options


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = add_command(nouns, common, cmd_condition, more=STATE_KINDS_HELP)
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    add_event_options(p)
    p.add_argument("--measure", choices=["volume", "return"], default="return",
                   help="B's relative volume or forward return (default return)")
    p.add_argument("--horizon", type=int, default=1,
                   help="calendar days, for return (default 1)")
    add_range(p, start_help="first day compared")
    add_resampling(p)
    add_json(p)


def cmd_condition(args: argparse.Namespace) -> int:
    """B's volume or returns on days A is in a state, against other days

    Compare B on A's state days with B on A's other trading days: relative volume
    (volume over its 30-day median) or forward returns. The difference gets a 95%
    interval and a two-sided p-value from every circular shift of the state days over
    the sample (keeping their runs and clustering); --placebo random gives the older
    stationary bootstrap with iid random days.

    Example: comove condition SPX BTC --on record --measure volume
    """
    result = market_from(args).condition(
        args.a, args.b, args.on, **event_options(args), measure=args.measure,
        horizon=args.horizon, start=args.start, end=args.end, seed=args.seed,
        resamples=args.resamples, placebo=args.placebo)
    return emit(result, args)
