"""``comove data ...``: import, fetch, list, show and register series."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from comove.cli.common import emit, market_from, parse_date
from comove.cli.output import print_json, say
from comove.errors import UsageError
from comove.symbols import PROVIDERS, AssetClass, Calendar

if TYPE_CHECKING:
    from comove.results import Result


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


def _renames(pairs: list[str]) -> dict[str, str]:
    renames = {}
    for item in pairs:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise UsageError(f"--rename {item!r} is not OLD=NEW", "e.g. --rename ES=ES_STOCK")
        renames[old.strip().upper()] = new.strip().upper()
    return renames


def _emit_to_stderr(result: Result, args: argparse.Namespace) -> int:
    """Import and fetch report on stderr (stdout stays empty unless --json)."""
    if args.json:
        return emit(result, args)
    say(result.summary())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    result = market_from(args).import_files(
        args.paths, symbol=args.symbol, asset_class=args.asset_class, calendar=args.calendar,
        renames=_renames(args.rename), keep_copied_volume=args.keep_copied_volume,
        on_conflict=_conflict_policy(args))  # type: ignore[arg-type]
    return _emit_to_stderr(result, args)


def cmd_fetch(args: argparse.Namespace) -> int:
    if args.all == bool(args.symbols):
        raise UsageError("name the symbols to fetch, or pass --all (not both)",
                         "e.g. comove data fetch SPX BTC, or comove data fetch --all")
    result = market_from(args).fetch(
        args.symbols, start=args.start, end=args.end, provider=args.provider,
        allow_partial=args.allow_partial,
        on_conflict=_conflict_policy(args))  # type: ignore[arg-type]
    return _emit_to_stderr(result, args)


def cmd_list(args: argparse.Namespace) -> int:
    result = market_from(args).list_series(args.asset_class or (), args.exclude_class)
    return emit(result, args)


def cmd_show(args: argparse.Namespace) -> int:
    result = market_from(args).show(args.symbol, args.start, args.end, args.provenance)
    if args.csv:
        import sys

        sys.stdout.write(result.to_csv())
        return 0
    return emit(result, args)


def cmd_symbols(args: argparse.Namespace) -> int:
    return emit(market_from(args).symbols(), args)


def cmd_add_symbol(args: argparse.Namespace) -> int:
    providers = {p: getattr(args, p) for p in PROVIDERS if getattr(args, p)}
    symbol = market_from(args).add_symbol(args.symbol, args.asset_class, args.calendar,
                                          args.name, args.currency, providers)
    if args.json:
        print_json({"symbol": symbol.symbol, "registered": True})
    else:
        say(f"registered {symbol.symbol} ({symbol.asset_class}, {symbol.calendar})")
    return 0
