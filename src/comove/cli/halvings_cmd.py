"""``comove halvings``: bitcoin's halving cycles."""

from __future__ import annotations

import argparse

from comove.cli.event_cmd import _horizons
from comove.cli.common import parse_date, store_from
from comove.cli.output import format_cell, print_json, print_table


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "halvings", parents=[common], help="bitcoin's halving cycles: returns, peaks, troughs",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "For each bitcoin halving (blocks 210,000 to 840,000): the price on the day, the\n"
            "return to +N days, the cycle's peak (highest close before the next halving) and\n"
            "trough (lowest close after that peak), and days to each. Uses BTC (Yahoo, from\n"
            "2014-09-17) and, before it, BTC_BITSTAMP shifted one day to stand for closes."
        ),
    )
    p.add_argument("--horizons", type=_horizons, default=[90, 180, 365],
                   help="calendar days (default 90,180,365)")
    p.add_argument("--end", type=parse_date, help="last date used")
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.set_defaults(handler=cmd_halvings)


def cmd_halvings(args: argparse.Namespace) -> int:
    import pandas as pd

    from comove.events.halvings import describe_sources, halving_table, long_bitcoin

    store = store_from(args)
    stored = set(store.last_dates())
    yahoo = store.read("BTC", end=args.end)["close"] if "BTC" in stored else None
    bitstamp = (store.read("BTC_BITSTAMP", end=args.end)["close"]
                if "BTC_BITSTAMP" in stored else None)
    prices = long_bitcoin(yahoo, bitstamp)
    rows = halving_table(prices, args.horizons)
    sources = describe_sources(prices)
    if args.json:
        print_json({"sources": sources, "horizons": args.horizons,
                    "convention": "simple returns of closes; cycle = halving to the day before "
                                  "the next; trough = lowest close after the cycle's peak",
                    "halvings": [r.as_dict() for r in rows]})
        return 0
    print("bitcoin halvings (simple returns of closes; cycle = halving to the day before the "
          "next; trough = lowest close after the peak)")
    table = []
    for r in rows:
        row = {"block": f"{r.block:,}", "date": r.date, "price": format_cell(round(r.price, 2))}
        for h, v in r.returns.items():
            row[f"+{h}d"] = "" if v != v else f"{v:+.0%}"
        row |= {"peak": r.peak_date, "peak_return": f"{r.peak_return:+.0%}",
                "days_to_peak": r.days_to_peak, "trough": r.trough_date,
                "peak_to_trough": f"{r.peak_to_trough:+.0%}",
                "cycle": "complete" if r.complete else f"open (data to {r.cycle_end})"}
        table.append(row)
    print_table(table, list(table[0]), right=[k for k in table[0] if k.startswith("+")]
                + ["price", "peak_return", "days_to_peak", "peak_to_trough"])
    print()
    for s in sources:
        print(f"source: {s}")
    del pd
    return 0
