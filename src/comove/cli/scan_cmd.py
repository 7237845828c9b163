"""``comove scan``: metrics of a whole universe against one or more reference assets."""

from __future__ import annotations

import argparse
from pathlib import Path

from comove.cli.common import add_command, add_plot, emit, market_from, note_replacing, parse_date


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = add_command(nouns, common, cmd_scan)
    p.add_argument("--universe", required=True,
                   help="FILE (symbols, or CSV with Symbol), class:stock, or SYM,SYM,...")
    p.add_argument("--against", default="BTC", help="reference symbol(s), comma-separated")
    p.add_argument("--metrics", default="corr,beta,records,drawdown,sync")
    p.add_argument("--window", type=int, default=252, help="recent window in rows (252)")
    p.add_argument("--periods", help="two periods START:END,START:END to compare")
    p.add_argument("--start", type=parse_date)
    p.add_argument("--end", type=parse_date)
    p.add_argument("--sort", default="corr_full", help="column to sort by (descending)")
    p.add_argument("--top", type=int, default=15, help="rows to print (15)")
    p.add_argument("--chunk-size", type=int, default=50)
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask scheduler")
    p.add_argument("--workers", type=int, default=2,
                   help="threads (local) or local Dask worker processes (2)")
    p.add_argument("--resamples", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("-o", "--output", type=Path, dest="path",
                   help="write all rows (.parquet or .csv)")
    p.add_argument("--json", action="store_true", help="print all rows as JSON")
    add_plot(p, "histogram of the correlations")


def cmd_scan(args: argparse.Namespace) -> int:
    """metrics of many assets against BTC (local or Dask)

    One row per asset of --universe: correlation of daily log returns with the
    reference (full sample and last --window days, and the change between two
    --periods with a bootstrap-t interval), beta, current drawdown, records in the
    last year, and record synchrony (share of the asset's records with a reference
    record within ±5 days). Equity calendar: the universe's trading days, the
    reference's close on each. Work goes in chunks of assets, each read once for
    every reference; --executor dask runs the chunks on a Dask cluster (a local
    one, or --scheduler ADDRESS; pip install 'comove[dask]') with identical results.

    Example: comove scan --universe class:stock --against BTC -o scan.parquet
    """
    from comove.cli.output import say
    from comove.scan.result import check_output

    if args.path is not None:
        check_output(args.path)
    result = market_from(args).scan(
        args.universe, against=args.against, metrics=args.metrics, window=args.window,
        periods=args.periods, start=args.start, end=args.end, chunk_size=args.chunk_size,
        executor=args.executor, scheduler=args.scheduler, workers=args.workers,
        resamples=args.resamples, seed=args.seed, sort=args.sort, top=args.top,
    )
    if result.missing:
        say(result.missing_note())
    if args.path is not None:
        note_replacing(args.path)
        say(f"wrote {result.write(args.path)} rows to {args.path}")
    return emit(result, args)
