"""``comove data ...``: import, fetch, list, show and register series."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from comove.cli.common import parse_date, store_from
from comove.cli.output import print_json, print_table, say
from comove.errors import EmptyRangeError, UsageError
from comove.symbols import PROVIDERS, AssetClass, Calendar


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    data = nouns.add_parser(
        "data", help="import, fetch, list and show stored series", parents=[common],
        description="Manage the local market-data store.",
    )
    data.set_defaults(noun_parser=data)
    verbs = data.add_subparsers(dest="verb", metavar="ACTION")

    def verb(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        p = verbs.add_parser(name, help=help_text, description=description, parents=[common],
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--json", action="store_true", help="print JSON on stdout")
        return p

    imp = verb(
        "import", "import CSV or Parquet files",
        "Import price files (date,open,high,low,close,volume), value files (date,value) or\n"
        "a wide matrix (date plus one column of closes per symbol). The symbol comes from\n"
        "the file name (spx.csv is SPX) unless --symbol is given. All files are validated\n"
        "first; if any has a fatal problem nothing is written. See docs/data-quality.md.",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--symbol", help="symbol of a single price or value file")
    imp.add_argument("--class", dest="asset_class", choices=[c.value for c in AssetClass],
                     help="asset class of new symbols (default: inferred)")
    imp.add_argument("--calendar", choices=[c.value for c in Calendar],
                     help="calendar of new symbols (default: inferred from the dates)")
    imp.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                     help="import a wide-matrix column under another symbol (repeatable)")
    imp.add_argument("--keep-copied-volume", action="store_true",
                     help="store a volume column even if it copies another symbol's")
    _conflict_options(imp)
    imp.set_defaults(handler=cmd_import)

    fetch = verb(
        "fetch", "fetch series from Yahoo Finance, FRED or crypto exchanges",
        "Fetch daily data from a provider and store it. Incremental: only dates after the\n"
        "last stored one, plus a short overlap so that the provider's revisions are picked\n"
        "up (and reported). The store is untouched if anything fails. Providers: yahoo\n"
        "(yfinance), fred, and coinbase, kraken, bitstamp (ccxt: pip install\n"
        "'comove[crypto]'); exchange series have their own symbols (BTC_COINBASE, ...).\n"
        "See docs/providers.md.",
    )
    fetch.add_argument("symbols", nargs="*", metavar="SYMBOL")
    fetch.add_argument("--all", action="store_true",
                       help="every stored symbol that has a provider mapping")
    fetch.add_argument("--start", type=parse_date, help="first date (default: incremental)")
    fetch.add_argument("--end", type=parse_date, help="last date (default: today)")
    fetch.add_argument("--provider", choices=PROVIDERS,
                       help="provider (default: the symbol's first mapping)")
    fetch.add_argument("--allow-partial", action="store_true",
                       help="accept a series that stops before the end date (delisted)")
    _conflict_options(fetch)
    fetch.set_defaults(handler=cmd_fetch)

    lst = verb("list", "list stored series",
               "One line per stored symbol: class, calendar, first and last date, rows, sources.")
    lst.add_argument("--class", dest="asset_class", action="append",
                     choices=[c.value for c in AssetClass], help="only this class (repeatable)")
    lst.add_argument("--exclude-class", action="append", default=[],
                     choices=[c.value for c in AssetClass],
                     help="leave out this class; a count of what was left out is printed")
    lst.set_defaults(handler=cmd_list)

    show = verb("show", "print stored rows of one symbol",
                "Print the stored rows of SYMBOL between --start and --end (inclusive).")
    show.add_argument("symbol", metavar="SYMBOL")
    show.add_argument("--start", type=parse_date)
    show.add_argument("--end", type=parse_date)
    show.add_argument("--csv", action="store_true", help="print CSV on stdout")
    show.add_argument("--provenance", action="store_true",
                      help="add where each row came from and when it was stored")
    show.set_defaults(handler=cmd_show)

    syms = verb("symbols", "list known symbols and their provider identifiers",
                "Built-in symbols, and the ones registered in the store.")
    syms.set_defaults(handler=cmd_symbols)

    add = verb("add-symbol", "register a symbol of your own",
               "Register a symbol with its metadata and provider identifiers, e.g.\n"
               "  comove data add-symbol MSTR --class stock --calendar us-exchange --yahoo MSTR")
    add.add_argument("symbol", metavar="SYMBOL")
    add.add_argument("--class", dest="asset_class", required=True,
                     choices=[c.value for c in AssetClass])
    add.add_argument("--calendar", required=True, choices=[c.value for c in Calendar])
    add.add_argument("--name", default="")
    add.add_argument("--currency", default="USD")
    for provider in PROVIDERS:
        add.add_argument(f"--{provider}", metavar="ID", help=f"identifier at {provider}")
    add.set_defaults(handler=cmd_add_symbol)


def _conflict_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--replace", action="store_true",
                       help="replace stored values that differ from the new ones")
    group.add_argument("--keep", action="store_true",
                       help="keep stored values that differ; add only new rows")


def _conflict_policy(args: argparse.Namespace) -> str:
    return "replace" if args.replace else "keep" if args.keep else "refuse"


def cmd_import(args: argparse.Namespace) -> int:
    from comove.ingest import ImportOptions, import_files

    renames = {}
    for item in args.rename:
        old, sep, new = item.partition("=")
        if not sep or not old or not new:
            raise UsageError(f"--rename {item!r} is not OLD=NEW", "e.g. --rename ES=ES_STOCK")
        renames[old.strip().upper()] = new.strip().upper()
    options = ImportOptions(
        symbol=args.symbol,
        asset_class=AssetClass(args.asset_class) if args.asset_class else None,
        calendar=Calendar(args.calendar) if args.calendar else None,
        renames=renames,
        keep_copied_volume=args.keep_copied_volume,
        on_conflict=_conflict_policy(args),  # type: ignore[arg-type]
    )
    result = import_files(store_from(args), args.paths, options)
    assert result.write is not None
    per_symbol = {r.symbol: r for r in result.write.symbols}
    warnings = result.batch.warnings
    if args.json:
        print_json({
            "store": str(store_from(args).path),
            "seconds": round(result.seconds, 3),
            "files": [
                {"path": str(f.path), "layout": f.layout.value, "symbols": len(f.symbols),
                 "rows": f.rows, "ignored_columns": f.ignored_columns}
                for f in result.files
            ],
            "symbols": [
                {"symbol": r.symbol, "new": r.new, "filled": r.filled, "replaced": r.replaced,
                 "unchanged": r.unchanged, "kept": r.kept,
                 "warnings": warnings.get(r.symbol, [])}
                for r in result.write.symbols
            ],
            "new_symbols": [s.symbol for s in result.new_symbols],
        })
        return 0
    for f in result.files:
        what = f.symbols[0] if len(f.symbols) == 1 else f"{len(f.symbols)} symbols"
        counts = [per_symbol[s] for s in f.symbols if s in per_symbol]
        new = sum(r.new for r in counts)
        changed = sum(r.filled + r.replaced for r in counts)
        same = sum(r.unchanged + r.kept for r in counts)
        say(f"{f.path.name}: {what}, {f.rows:,} rows ({new:,} new, {changed:,} changed, "
            f"{same:,} already stored)")
        if f.ignored_columns:
            say(f"  ignored columns: {', '.join(f.ignored_columns)}")
        shown = 0
        for sym in f.symbols:
            for text in warnings.get(sym, []):
                if shown < 8:
                    say(f"  warning: {sym}: {text}")
                shown += 1
        if shown > 8:
            say(f"  ... and {shown - 8} more warnings (--json lists them all)")
    if result.new_symbols:
        names = [s.symbol for s in result.new_symbols]
        shown_names = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6
                                              else "")
        first = result.new_symbols[0]
        say(f"registered {len(names)} new symbols ({shown_names}); class {first.asset_class}, "
            f"calendar {first.calendar} (set with --class/--calendar)")
    say(f"imported {result.write.rows_new:,} new rows, changed {result.write.rows_changed:,}, "
        f"in {result.seconds:.2f} s into {store_from(args).path}")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from comove.providers.fetch import FetchOptions, fetch_symbols

    store = store_from(args)
    if args.all == bool(args.symbols):
        raise UsageError("name the symbols to fetch, or pass --all (not both)",
                         "e.g. comove data fetch SPX BTC, or comove data fetch --all")
    if args.all:
        known = store.symbols()
        args.symbols = sorted(s for s in store.last_dates()
                              if s in known and known[s].default_provider)
        if not args.symbols:
            raise UsageError("no stored symbol has a provider mapping",
                             "fetch named symbols, e.g. comove data fetch SPX")
    options = FetchOptions(
        start=args.start, end=args.end, provider=args.provider,
        allow_partial=args.allow_partial,
        on_conflict=_conflict_policy(args),  # type: ignore[arg-type]
    )
    result = fetch_symbols(store, args.symbols, options)
    if args.json:
        print_json([r.as_dict() for r in result])
        return 0
    for r in result:
        say(r.describe())
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = store_from(args)
    summary = store.summary()
    if args.asset_class:
        summary = summary[summary["asset_class"].isin(args.asset_class)]
    excluded = summary[summary["asset_class"].isin(args.exclude_class)]
    summary = summary[~summary["asset_class"].isin(args.exclude_class)]
    rows: list[dict[str, Any]] = summary.to_dict("records")
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        say("no stored series match")
        return 0
    print_table(rows, ["symbol", "asset_class", "calendar", "first", "last", "rows", "sources"],
                right=["rows"])
    for row in rows:
        if isinstance(row.get("notes"), str):
            say(f"note: {row['symbol']}: {row['notes']}")
    if len(excluded):
        counts = excluded.groupby("asset_class").size()
        left = ", ".join(f"{n:,} {cls}" for cls, n in counts.items())
        say(f"not shown: {left} series ({excluded['rows'].sum():,} rows); "
            f"drop --exclude-class to list them")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store = store_from(args)
    symbol = store.resolve(args.symbol)
    if args.start and args.end and args.start > args.end:
        raise UsageError(f"--start {args.start} is after --end {args.end}", "swap the dates")
    frame = store.read(symbol.symbol, args.start, args.end, provenance=args.provenance)
    if frame.empty:
        stored = store.read(symbol.symbol)
        if stored.empty:
            raise EmptyRangeError(
                f"nothing is stored for {symbol.symbol}",
                f"import or fetch it first: comove data fetch {symbol.symbol}",
            )
        first, last = stored.index[0].date(), stored.index[-1].date()
        raise EmptyRangeError(
            f"{symbol.symbol} has no rows between {args.start or first} and {args.end or last}",
            f"stored rows run from {first} to {last}",
        )
    from comove.store.schema import FLAG_NAMES

    frame = frame.reset_index()
    frame["date"] = frame["date"].dt.date
    frame["flags"] = [
        ",".join(name for bit, name in FLAG_NAMES.items() if f & bit) for f in frame["flags"]
    ]
    if not symbol.asset_class.is_price or frame[["open", "high", "low", "volume"]].isna().all(
        axis=None
    ):
        value_name = "close" if symbol.asset_class.is_price else "value"
        frame = frame.drop(columns=["open", "high", "low", "volume"]).rename(
            columns={"close": value_name}
        )
    if args.json:
        print_json(frame.to_dict("records"))
    elif args.csv:
        import sys

        frame.to_csv(sys.stdout, index=False)
    else:
        rows = frame.to_dict("records")
        print_table(rows, list(frame.columns))
    return 0


def cmd_symbols(args: argparse.Namespace) -> int:
    from comove.symbols import BUILTIN_SYMBOLS

    store = store_from(args)
    known = {**BUILTIN_SYMBOLS, **store.symbols()}
    rows = [
        {"symbol": s.symbol, "name": s.name, "asset_class": s.asset_class.value,
         "calendar": s.calendar.value, "currency": s.currency,
         "providers": ", ".join(f"{k}:{v}" for k, v in s.providers.items()),
         "builtin": s.symbol in BUILTIN_SYMBOLS}
        for s in sorted(known.values(), key=lambda s: (s.symbol not in BUILTIN_SYMBOLS, s.symbol))
    ]
    if args.json:
        print_json(rows)
        return 0
    builtin = [r for r in rows if r["builtin"]]
    print_table(builtin, ["symbol", "asset_class", "calendar", "providers", "name"])
    others = len(rows) - len(builtin)
    if others:
        say(f"and {others:,} symbols registered in the store (--json lists them)")
    return 0


def cmd_add_symbol(args: argparse.Namespace) -> int:
    from comove.symbols import Symbol, normalize_name

    providers = {p: getattr(args, p) for p in PROVIDERS if getattr(args, p)}
    symbol = Symbol(
        normalize_name(args.symbol), args.name or args.symbol.upper(),
        AssetClass(args.asset_class), Calendar(args.calendar), args.currency, providers,
    )
    store_from(args).register_symbol(symbol)
    if args.json:
        print_json({"symbol": symbol.symbol, "registered": True})
    else:
        say(f"registered {symbol.symbol} ({symbol.asset_class}, {symbol.calendar})")
    return 0
