"""``comove event``: what B did after events in A, against B's baseline."""

from __future__ import annotations

import argparse

from comove.cli.common import (
    add_command,
    add_json,
    add_plot,
    add_range,
    add_resampling,
    emit,
    market_from,
    parse_ints,
)
from comove.cli.event_options import EVENT_KINDS_HELP, add_event_options, event_options


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = add_command(
        nouns, common, "event", cmd_event,
        "what asset B did after events in asset A",
        "An event study: B's forward returns over each horizon (calendar days) after each\n"
            "event in A, against B's usual return over the same horizon from every day A\n"
            "trades in the sample, with a stationary-bootstrap interval for the difference,\n"
            "a placebo p-value from random days, and a verdict that says when n is too small.\n"
            "Runs of events closer than --decluster days are one episode (its first day).\n\n"
            + EVENT_KINDS_HELP,
        "comove event RUT BTC --on breakout --min-days 252 --start 2000-01-01 "
               "--horizons 90,180,365")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    add_event_options(p)
    p.add_argument("--horizons", type=parse_ints, default=[30, 90, 180],
                   help="calendar days, comma-separated (default 30,90,180)")
    add_range(p, start_help="first event date considered")
    p.add_argument("--decluster", type=int, default=30, metavar="DAYS",
                   help="events within DAYS of the previous one are one episode (default 30; "
                        "0 keeps all)")
    add_resampling(p)
    add_plot(p, "chart of B's path after each event")
    add_json(p)


def cmd_event(args: argparse.Namespace) -> int:
    result = market_from(args).event(
        args.a, args.b, args.on, **event_options(args), horizons=args.horizons,
        start=args.start, end=args.end, decluster=args.decluster, seed=args.seed,
        resamples=args.resamples)
    return emit(result, args)
