"""``comove sync``: do A and B set records (and bottoms) together?"""

from __future__ import annotations

import argparse

from comove.cli.common import add_command, add_json, add_range, emit, market_from


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = add_command(nouns, common, cmd_sync)
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--within", type=int, default=5, metavar="K",
                   help="calendar days (default 5)")
    p.add_argument("--episode-gap", type=int, default=30, metavar="DAYS",
                   help="records this close are one episode (default 30)")
    p.add_argument("--low-window", type=int, default=30, metavar="W",
                   help="a low is the lowest close within ±W days (default 30)")
    p.add_argument("--min-depth", type=float, default=0.15,
                   help="a low is at least this far below the record (default 0.15)")
    add_range(p, start_help="first day of the sample (records use all earlier history)")
    add_json(p)


def cmd_sync(args: argparse.Namespace) -> int:
    """synchrony and divergence of records and lows of A and B

    For each record close of A, the nearest record close of B (calendar days, each
    asset on its own days); the share of A's records with a B record within ±K days;
    record episodes of each and which overlap; the current state; and co-bottoms
    (lows of both within ±K days; a low is the lowest close within ±W days and at
    least --min-depth below the record).

    Example: comove sync RUT BTC --within 5 --start 2015-01-01
    """
    result = market_from(args).sync(
        args.a, args.b, within=args.within, episode_gap=args.episode_gap,
        low_window=args.low_window, min_depth=args.min_depth, start=args.start, end=args.end)
    return emit(result, args)
