"""``comove highs``: records, drawdown, gaps between records, breakouts, drawdown table."""

from __future__ import annotations

import argparse
from pathlib import Path

from comove.cli.common import parse_date, store_from
from comove.cli.output import format_cell, print_json, print_table, say


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "highs", parents=[common], help="record highs, drawdown and breakouts of one symbol",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Every record day of SYMBOL (a close, or an intraday high, strictly above every\n"
            "earlier one in the stored history; the first day is the reference, not a record),\n"
            "counts per year, the current record and drawdown, and the longest stretches\n"
            "without a record. Records before --start still count as history."
        ),
        epilog="example: comove highs SPX --start 2024-01-01 --end 2024-12-31 --json",
    )
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("--basis", choices=["close", "high"], default="close",
                   help="close (default) or intraday high")
    p.add_argument("--start", type=parse_date, help="first date reported")
    p.add_argument("--end", type=parse_date, help="last date used (nothing after it is read)")
    p.add_argument("--breakouts", type=int, metavar="N", default=252,
                   help="list records after at least N trading days without one (default 252)")
    p.add_argument("--drawdowns", type=int, metavar="K", default=5,
                   help="list the K deepest drawdowns of the close (default 5)")
    p.add_argument("--gaps", type=int, metavar="K", default=5,
                   help="list the K longest stretches without a record (default 5)")
    p.add_argument("--drawdown-series", type=Path, metavar="FILE",
                   help="also write the daily drawdown series of the close (CSV)")
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.set_defaults(handler=cmd_highs)


def cmd_highs(args: argparse.Namespace) -> int:
    import pandas as pd

    from comove.cli.loading import read_symbol
    from comove.records import drawdown_series, drawdown_table, find_breakouts, find_records

    store = store_from(args)
    symbol, bars = read_symbol(store, args.symbol, end=args.end)
    report = find_records(bars, symbol.symbol, args.basis, args.start, args.end)
    breakouts = find_breakouts(report, args.breakouts)
    breakouts = breakouts[breakouts["date"] >= pd.Timestamp(report.window[0])]
    history = bars.loc[: pd.Timestamp(args.end)] if args.end else bars
    drawdowns = drawdown_table(history, args.drawdowns)
    if args.drawdown_series:
        series = drawdown_series(history)
        if args.start:
            series = series.loc[pd.Timestamp(args.start):]
        try:
            series.to_frame().to_csv(args.drawdown_series, date_format="%Y-%m-%d")
        except OSError as exc:
            from comove.errors import UsageError

            raise UsageError(f"cannot write {args.drawdown_series}: {exc.strerror}",
                             "choose another path") from exc
        say(f"drawdown series: {args.drawdown_series}")
    if args.json:
        payload = report.as_dict(top_gaps=args.gaps)
        payload["breakouts"] = {"min_trading_days": args.breakouts,
                                "events": breakouts.to_dict("records")}
        payload["drawdowns"] = drawdowns.to_dict("records")
        print_json(payload)
        return 0
    start, end = report.window
    print(f"{symbol.symbol} ({symbol.name}), {start} to {end}")
    print(f"convention: {report.convention}")
    years = report.records_by_year
    print("records by year: " + (", ".join(f"{y}: {n}" for y, n in years.items())
                                 if len(years) <= 12 else
                                 f"{sum(years.values())} in {len(years)} years "
                                 "(--json lists each)"))
    if report.last_record:
        day, value = report.last_record
        print(f"last record: {day} at {format_cell(value)}; last close {report.last[0]} at "
              f"{format_cell(report.last[1])}, {report.drawdown:.2%} from the record, "
              f"{report.trading_days_since} trading days ({report.calendar_days_since} "
              "calendar days) later")
    for note in report.notes:
        say(f"note: {note}")
    print("\nlongest stretches without a record (trading days):")
    gaps = report.gaps.head(args.gaps)
    print_table(gaps.assign(end=gaps["end"].where(~gaps["open"], None)).to_dict("records"),
                ["start", "end", "trading_days", "calendar_days", "open"],
                right=["trading_days", "calendar_days"])
    print(f"\nbreakouts: first record after at least {args.breakouts} trading days without one")
    if breakouts.empty:
        print("  none in the window")
    else:
        print_table(breakouts.to_dict("records"),
                    ["date", "value", "previous_date", "previous_value", "trading_days",
                     "calendar_days"], right=["trading_days", "calendar_days"])
    print(f"\ndeepest drawdowns of the close (up to {end}):")
    shown = drawdowns.assign(
        depth=drawdowns["depth"].map(lambda d: f"{d:.1%}"),
        recovery=[d.date() if d == d else "not recovered" for d in drawdowns["recovery"]])
    print_table(shown.to_dict("records"),
                ["peak", "peak_value", "trough", "trough_value", "depth", "recovery",
                 "days_to_trough", "days_to_recovery"],
                right=["depth", "days_to_trough", "days_to_recovery"])
    return 0
