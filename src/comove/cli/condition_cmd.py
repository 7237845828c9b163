"""``comove condition``: B on days A is in a state, against B on A's other days."""

from __future__ import annotations

import argparse

from comove.cli.event_cmd import EVENT_KINDS_HELP, add_event_options, event_spec
from comove.cli.common import parse_date, store_from
from comove.cli.output import print_json


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "condition", parents=[common],
        help="B's volume or returns on days A is in a state, against other days",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Compare B on A's state days (every day the event definition holds, not\n"
            "declustered) with B on A's other trading days: relative volume (volume over its\n"
            "30-day median) or forward returns, with a stationary-bootstrap interval for the\n"
            "difference and a placebo p-value.\n\n" + EVENT_KINDS_HELP
        ),
        epilog="example: comove condition SPX BTC --on record --measure volume",
    )
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    add_event_options(p)
    p.add_argument("--measure", choices=["volume", "return"], default="return")
    p.add_argument("--horizon", type=int, default=1, help="calendar days, for return")
    p.add_argument("--start", type=parse_date)
    p.add_argument("--end", type=parse_date, help="last date used")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resamples", type=int, default=10_000)
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.set_defaults(handler=cmd_condition)


def cmd_condition(args: argparse.Namespace) -> int:
    import pandas as pd

    from comove.cli.loading import read_symbol
    from comove.events import raw_event_days
    from comove.events.conditional import conditional_summary

    store = store_from(args)
    a, a_bars = read_symbol(store, args.a, end=args.end)
    b, b_bars = read_symbol(store, args.b, end=args.end)
    other = read_symbol(store, args.other, end=args.end)[1] if args.other else None
    spec = event_spec(args)
    days = raw_event_days(spec, a_bars, other)
    calendar = a_bars.index
    if args.start:
        calendar = calendar[calendar >= pd.Timestamp(args.start)]
    summary = conditional_summary(days, calendar, b_bars, args.measure, args.horizon,
                                  spec.describe(a.symbol), args.resamples, args.seed)
    if args.json:
        print_json(summary.as_dict())
        return 0
    print(f"{b.symbol} {args.measure} on days when {summary.description}, against "
          f"{a.symbol}'s other trading days, {summary.sample[0]} to {summary.sample[1]}")
    print(f"convention: {summary.convention}")
    if args.measure == "volume":
        print(f"state days (n={summary.n_state}): volume {summary.state_mean:.2f}x its 30-day "
              f"median (median day {summary.state_median:.2f}x)")
        print(f"other days (n={summary.n_other}): {summary.other_mean:.2f}x (median day "
              f"{summary.other_median:.2f}x)")
        print(f"difference in log ratio: {summary.difference:+.3f}, 95% interval "
              f"{summary.ci_low:+.3f} to {summary.ci_high:+.3f}, placebo p={summary.placebo_p:.3f}")
    else:
        print(f"state days (n={summary.n_state}): mean {summary.state_mean:+.2%}, median "
              f"{summary.state_median:+.2%}")
        print(f"other days (n={summary.n_other}): mean {summary.other_mean:+.2%}, median "
              f"{summary.other_median:+.2%}")
        print(f"difference: {summary.difference:+.2%}, 95% interval {summary.ci_low:+.2%} to "
              f"{summary.ci_high:+.2%}, placebo p={summary.placebo_p:.3f}")
    print(f"verdict: {summary.verdict}")
    return 0
