"""``comove event``: what B did after events in A, against B's baseline."""

from __future__ import annotations

import argparse

from comove.cli import common as shared
from comove.cli.event_options import EVENT_KINDS_HELP, add_event_options, event_options


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = shared.add_command(nouns, common, cmd_event, more=EVENT_KINDS_HELP)
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    add_event_options(p)
    p.add_argument("--horizons", type=shared.parse_ints, default=[30, 90, 180],
                   help="calendar days, comma-separated (default 30,90,180)")
    shared.add_range(p, start_help="first event date considered")
    p.add_argument("--decluster", type=int, default=30, metavar="DAYS",
                   help="events within DAYS of the previous one are one episode (default 30; "
                        "0 keeps all)")
    shared.add_resampling(p)
    shared.add_plot(p, "chart of B's path after each event")
    shared.add_json(p)


def cmd_event(args: argparse.Namespace) -> int:
    """what asset B did after events in asset A

    An event study: B's forward returns over each horizon (calendar days) after each
    event in A, against B's usual return over the same horizon from every day A
    trades in the sample. The difference gets a 95% interval and a two-sided p-value
    from every circular shift of the event dates over the sample (the shifted sets
    keep the events' spacing and clustering; the interval excludes zero exactly when
    p < 0.05), Holm-adjusted across horizons; --placebo random gives the older
    stationary bootstrap with iid random days. The verdict says when n is too small.
    Runs of events closer than --decluster days are one episode (its first day).

    Example: comove event RUT BTC --on breakout --min-days 252 --horizons 90,180,365
    """
    result = shared.market_from(args).event(
        args.a, args.b, args.on, **event_options(args), horizons=args.horizons,
        start=args.start, end=args.end, decluster=args.decluster, seed=args.seed,
        resamples=args.resamples, placebo=args.placebo)
    return shared.emit(result, args)
