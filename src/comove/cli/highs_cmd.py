"""``comove highs``: records, drawdown, gaps between records, breakouts, drawdown table."""

from __future__ import annotations

import argparse
from pathlib import Path

from comove.cli import common as shared
from comove.cli.output import say


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = shared.add_command(nouns, common, cmd_highs)
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("--basis", choices=["close", "high"], default="close",
                   help="close (default) or intraday high")
    shared.add_range(p, start_help="first date reported")
    p.add_argument("--breakouts", type=int, metavar="N", default=252,
                   help="list records after at least N trading days without one (default 252)")
    p.add_argument("--drawdowns", type=int, metavar="K", default=5,
                   help="list the K deepest drawdowns of the close (default 5)")
    p.add_argument("--gaps", type=int, metavar="K", default=5,
                   help="list the K longest stretches without a record (default 5)")
    p.add_argument("--drawdown-series", type=Path, metavar="FILE",
                   help="also write the daily drawdown series of the close (CSV)")
    shared.add_plot(p, "drawdown chart with the records marked")
    shared.add_json(p)


def cmd_highs(args: argparse.Namespace) -> int:
    """record highs, drawdown and breakouts of one symbol

    Every record day of SYMBOL (a close, or an intraday high, strictly above every
    earlier one in the stored history; the first day is the reference, not a record),
    counts per year, the current record and drawdown, and the longest stretches
    without a record. Records before --start still count as history.

    Example: comove highs SPX --start 2024-01-01 --end 2024-12-31 --json
    """
    result = shared.market_from(args).highs(
        args.symbol, basis=args.basis, start=args.start, end=args.end,
        breakouts=args.breakouts, drawdowns=args.drawdowns, gaps=args.gaps)
    if args.drawdown_series:
        shared.note_replacing(args.drawdown_series)
        say(f"drawdown series: {result.save_drawdown(args.drawdown_series)}")

    def notes() -> None:
        for note in result.notes:
            say(f"note: {note}")

    return shared.emit(result, args, also=notes)
