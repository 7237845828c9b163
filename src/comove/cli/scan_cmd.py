"""``comove scan``: metrics of a whole universe against a reference asset."""

from __future__ import annotations

import argparse
from pathlib import Path

from comove.cli.common import parse_date, store_from
from comove.cli.output import Progress, print_json, print_table, say


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "scan", parents=[common], help="metrics of many assets against BTC (local or Dask)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "One row per asset of --universe: correlation of daily log returns with the\n"
            "reference (full sample and last --window days, and the change between two\n"
            "--periods with a bootstrap interval), beta, current drawdown, records in the\n"
            "last year, and record synchrony (share of the asset's records with a reference\n"
            "record within ±5 days). Equity calendar: the universe's trading days, the\n"
            "reference's close on each. Work goes in chunks of assets; --executor dask runs\n"
            "the chunks on a Dask cluster (a local one, or --scheduler ADDRESS) with\n"
            "identical results."
        ),
        epilog="example: comove scan --universe class:stock --against BTC -o scan.parquet",
    )
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
    p.add_argument("--workers", type=int, default=2, help="local Dask workers (2)")
    p.add_argument("--resamples", type=int, default=1000)
    p.add_argument("-o", "--output", type=Path, help="write all rows (.parquet or .csv)")
    p.add_argument("--json", action="store_true", help="print all rows as JSON")
    p.set_defaults(handler=cmd_scan)


def _stepper(progress: Progress):  # type: ignore[no-untyped-def]
    def step(done: int, _total: int) -> None:
        progress.step(f"chunk {done}")

    return step


def cmd_scan(args: argparse.Namespace) -> int:
    import pandas as pd

    from comove.comovement.analysis import parse_periods
    from comove.errors import UsageError
    from comove.scan.runner import ScanOptions, resolve_universe, run_scan

    store = store_from(args)
    universe, missing = resolve_universe(store, args.universe)
    if missing:
        say(f"note: {len(missing)} universe symbols are not stored and are left out: "
            + ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else ""))
    metrics = tuple(m.strip() for m in args.metrics.split(",") if m.strip())
    frames = []
    for against in [a.strip() for a in args.against.split(",") if a.strip()]:
        options = ScanOptions(
            against=against, metrics=metrics, window=args.window,
            periods=parse_periods(args.periods) if args.periods else None,
            start=args.start, end=args.end, chunk_size=args.chunk_size,
            executor=args.executor, scheduler=args.scheduler, workers=args.workers,
            resamples=args.resamples,
        )
        progress = Progress(max(1, -(-len(universe) // args.chunk_size)),
                            f"scanning against {against}")
        try:
            frames.append(run_scan(store, universe, options, on_chunk=_stepper(progress)))
        finally:
            progress.close()
    frame = pd.concat(frames, ignore_index=True)
    if args.sort not in frame.columns:
        raise UsageError(f"cannot sort by '{args.sort}'",
                         f"columns: {', '.join(frame.columns)}")
    frame = frame.sort_values(args.sort, ascending=False, na_position="last")
    if args.output:
        if args.output.suffix.lower() == ".parquet":
            frame.to_parquet(args.output, index=False)
        elif args.output.suffix.lower() == ".csv":
            frame.to_csv(args.output, index=False)
        else:
            raise UsageError(f"cannot write '{args.output.name}'", "use .parquet or .csv")
        say(f"wrote {len(frame)} rows to {args.output}")
    if args.json:
        print_json(frame.to_dict("records"))
        return 0
    print(f"{len(frame)} assets against {args.against}, daily log returns on the equity "
          f"calendar; sorted by {args.sort}")
    shown = frame.head(args.top)
    columns = [c for c in shown.columns if c not in ("n_full",)]
    rows = []
    for row in shown.to_dict("records"):
        rows.append({k: ("" if isinstance(v, float) and v != v else
                         f"{v:+.1%}" if k == "drawdown" else
                         f"{v:+.3f}" if isinstance(v, float) else v)
                     for k, v in row.items()})
    print_table(rows, columns)
    print("note: a universe of today's index members leaves out the companies that left the "
          "index (survivorship bias).")
    return 0
