"""``comove event``: what B did after events in A, against B's baseline."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from comove.cli.common import parse_date, store_from
from comove.cli.output import format_cell, print_json, print_table, say
from comove.errors import UsageError
from comove.events.kinds import EventKind


def _dates(text: str) -> tuple[date, ...]:
    try:
        return tuple(date.fromisoformat(d.strip()) for d in text.split(",") if d.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of "
                                         "YYYY-MM-DD dates") from None


def _horizons(text: str) -> list[int]:
    try:
        values = [int(h) for h in text.split(",") if h.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of whole days") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("horizons are whole days, at least 1")
    return values


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "event", parents=[common], help="what asset B did after events in asset A",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "An event study: B's forward returns over each horizon (calendar days) after each\n"
            "event in A, against B's usual return over the same horizon from every day A\n"
            "trades in the sample, with a stationary-bootstrap interval for the difference,\n"
            "a placebo p-value from random days, and a verdict that says when n is too small.\n"
            "Runs of events closer than --decluster days are one episode (its first day).\n\n"
            + EVENT_KINDS_HELP
        ),
        epilog="example: comove event RUT BTC --on breakout --min-days 252 --start 2000-01-01 "
               "--horizons 90,180,365",
    )
    p.add_argument("event_symbol", metavar="A")
    p.add_argument("response_symbol", metavar="B")
    add_event_options(p)
    p.add_argument("--horizons", type=_horizons, default=[30, 90, 180],
                   help="calendar days, comma-separated (default 30,90,180)")
    p.add_argument("--start", type=parse_date, help="first event date considered")
    p.add_argument("--end", type=parse_date, help="last date used (nothing after is read)")
    p.add_argument("--decluster", type=int, default=30, metavar="DAYS",
                   help="events within DAYS of the previous one are one episode (default 30; "
                        "0 keeps all)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--resamples", type=int, default=10_000, help="bootstrap and placebo draws")
    p.add_argument("--plot", type=Path, metavar="FILE", help="write a PNG or SVG chart")
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.set_defaults(handler=cmd_event)


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


def add_event_options(p: argparse.ArgumentParser) -> None:
    """The options that define an event (or a state) on asset A."""
    p.add_argument("--on", dest="kind", required=True, choices=[k.value for k in EventKind])
    p.add_argument("--threshold", type=float)
    p.add_argument("--min-days", type=int, default=252, help="for breakout (default 252)")
    p.add_argument("--basis", choices=["close", "high"], default="close")
    p.add_argument("--above", action="store_true", help="for level: crossing above")
    p.add_argument("--other", metavar="SYMBOL", help="for divergence: the lagging asset")
    p.add_argument("--dates", type=_dates, default=(), help="for dates: 2016-11-14,2020-11-13")


def event_spec(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from comove.events import EventSpec

    return EventSpec(EventKind(args.kind), threshold=args.threshold, min_days=args.min_days,
                     basis=args.basis, above=args.above, other=args.other, dates=args.dates)


def cmd_event(args: argparse.Namespace) -> int:
    import pandas as pd

    from comove.cli.loading import read_symbol
    from comove.events import decluster, event_study, raw_event_days

    if args.resamples < 100:
        raise UsageError("--resamples must be at least 100", "the default is 10000")
    store = store_from(args)
    a, a_bars = read_symbol(store, args.event_symbol, end=args.end)
    b, b_bars = read_symbol(store, args.response_symbol, end=args.end)
    other_bars = None
    if args.other:
        _, other_bars = read_symbol(store, args.other, end=args.end)
    spec = event_spec(args)
    raw = raw_event_days(spec, a_bars, other_bars)
    if args.start:
        raw = raw[raw >= pd.Timestamp(args.start)]
    days, _ = decluster(raw, args.decluster)
    calendar = a_bars.index
    if args.start:
        calendar = calendar[calendar >= pd.Timestamp(args.start)]
    result = event_study(
        days, calendar, b_bars["close"], args.horizons, description=spec.describe(a.symbol),
        event_symbol=a.symbol, response_symbol=b.symbol, raw_event_count=len(raw),
        decluster_days=args.decluster, n_resamples=args.resamples, n_placebo=args.resamples,
        seed=args.seed,
    )
    if args.plot:
        from comove.plots.events import plot_event_paths

        plot_event_paths(result, b_bars["close"], args.plot)
    if args.json:
        print_json(result.as_dict())
        return 0
    print(f"event: {result.description}; response: {b.symbol} ({b.name})")
    print(f"sample: {result.sample[0]} to {result.sample[1]}; {result.raw_event_count} event "
          f"days, {len(result.events)} episodes")
    print(f"convention: {result.convention}")
    print()
    events = result.events.copy()
    columns = ["date", f"{b.symbol}_close"] + [f"return_{h}d" for h in result.horizons]
    for h in result.horizons:
        events[f"return_{h}d"] = [
            f"{r:+.1%}" if r == r else ("no data" if not inside else "not yet")
            for r, inside in zip(events[f"return_{h}d"], events["in_sample"], strict=True)
        ]
    print_table(events.to_dict("records"), columns, right=columns[1:])
    print()
    rows = [
        {"horizon": f"{r.horizon}d", "n": r.n, "mean": _pct(r.mean), "median": _pct(r.median),
         "hit_rate": _pct(r.hit_rate, sign=False), "usual_mean": _pct(r.baseline_mean),
         "usual_hit": _pct(r.baseline_hit_rate, sign=False), "difference": _pct(r.difference),
         "95%_interval": f"{_pct(r.ci_low)} to {_pct(r.ci_high)}",
         "placebo_p": format_cell(round(r.placebo_p, 3)) if r.placebo_p == r.placebo_p else ""}
        for r in result.results
    ]
    print_table(rows, list(rows[0]), right=list(rows[0])[1:])
    print()
    for r in result.results:
        pending = (f" ({r.pending} recent events have no {r.horizon}-day outcome yet)"
                   if r.pending else "")
        print(f"{r.horizon}d: {r.verdict}{pending}")
    for note in result.notes:
        print(f"note: {note}")
    if args.plot:
        say(f"chart: {args.plot}")
    return 0


def _pct(value: float, sign: bool = True) -> str:
    if value != value:
        return ""
    return f"{value:+.1%}" if sign else f"{value:.0%}"
