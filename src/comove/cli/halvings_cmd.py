"""``comove halvings``: bitcoin's halving cycles."""

from __future__ import annotations

import argparse

from comove.cli.common import add_command, add_json, emit, market_from, parse_date, parse_ints


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = add_command(nouns, common, cmd_halvings)
    p.add_argument("--horizons", type=parse_ints, default=[90, 180, 365],
                   help="calendar days (default 90,180,365)")
    p.add_argument("--end", type=parse_date, metavar="DATE", help="last date used")
    add_json(p)


def cmd_halvings(args: argparse.Namespace) -> int:
    """bitcoin's halving cycles: returns, peaks, troughs

    For each bitcoin halving (blocks 210,000 to 840,000): the price on the day, the
    return to +N days, the cycle's peak (highest close before the next halving) and
    trough (lowest close after that peak), and days to each. Uses BTC (Yahoo, from
    2014-09-17) and, before it, BTC_BITSTAMP shifted one day to stand for closes.

    Example: comove halvings --horizons 90,180,365 --json
    """
    return emit(market_from(args).halvings(horizons=args.horizons, end=args.end), args)
