"""``comove sync``: do A and B set records (and bottoms) together?"""

from __future__ import annotations

import argparse

from comove.cli.common import parse_date, store_from
from comove.cli.output import print_json, print_table


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "sync", parents=[common], help="synchrony and divergence of records and lows of A and B",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "For each record close of A, the nearest record close of B (calendar days, each\n"
            "asset on its own days); the share of A's records with a B record within ±K days;\n"
            "record episodes of each and which overlap; the current state; and co-bottoms\n"
            "(lows of both within ±K days; a low is the lowest close within ±W days and at\n"
            "least --min-depth below the record)."
        ),
        epilog="example: comove sync RUT BTC --within 5 --start 2015-01-01",
    )
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--within", type=int, default=5, metavar="K", help="days (default 5)")
    p.add_argument("--episode-gap", type=int, default=30, metavar="DAYS",
                   help="records this close are one episode (default 30)")
    p.add_argument("--low-window", type=int, default=30, metavar="W", help="(default 30)")
    p.add_argument("--min-depth", type=float, default=0.15, help="(default 0.15)")
    p.add_argument("--start", type=parse_date)
    p.add_argument("--end", type=parse_date, help="last date used")
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.set_defaults(handler=cmd_sync)


def cmd_sync(args: argparse.Namespace) -> int:
    from comove.cli.loading import read_symbol
    from comove.records.synchrony import synchrony

    store = store_from(args)
    a, a_bars = read_symbol(store, args.a, end=args.end)
    b, b_bars = read_symbol(store, args.b, end=args.end)
    report = synchrony(a.symbol, a_bars["close"], b.symbol, b_bars["close"], args.within,
                       args.episode_gap, args.low_window, args.min_depth, args.start)
    if args.json:
        print_json(report.as_dict())
        return 0
    print(f"{a.symbol} and {b.symbol}, {report.sample[0]} to {report.sample[1]} "
          f"(records: closes above all earlier closes; distances in calendar days)")
    n = len(report.nearest)
    hits = int((report.nearest["distance_days"].abs() <= args.within).sum())
    print(f"{a.symbol} set {n} records; {hits} of them ({report.share_within:.0%}) had a "
          f"{b.symbol} record within ±{args.within} days, against {report.chance_share:.0%} of "
          f"all {a.symbol} trading days (the rate by chance)" if n else
          f"{a.symbol} set no record in the sample")
    print(f"state: {report.state['summary']}")
    print(f"\nrecord episodes (records at most {args.episode_gap} days apart): "
          f"{a.symbol} {len(report.a_episodes)}, {b.symbol} {len(report.b_episodes)}, "
          f"overlapping {len(report.overlapping)}")
    if len(report.overlapping):
        print_table(report.overlapping.to_dict("records"), list(report.overlapping.columns))
    print(f"\nco-bottoms (lows of both within ±{args.within} days):")
    if report.lows.empty:
        print("  none")
    else:
        print_table(report.lows.to_dict("records"),
                    ["a_low", "a_close", "a_drawdown", "b_low", "distance_days"])
    return 0
