"""``comove corr``, ``comove breaks``, ``comove leadlag``: co-movement of a pair."""

from __future__ import annotations

import argparse

from comove.cli import common as shared


def _pair_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="symbol or ratio (e.g. BTC, ETH/BTC)")
    p.add_argument("b", metavar="B", help="symbol or ratio")
    p.add_argument("--align", choices=["equity", "calendar", "weekly"], default="equity",
                   help="calendar policy (default equity; see README)")
    p.add_argument("--returns", choices=["simple", "log"], default="log",
                   help="return type (default log)")
    p.add_argument("--horizon", type=int, default=1,
                   help="overlapping multi-period returns, e.g. 5 (default 1)")
    shared.add_range(p)
    shared.add_json(p)


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    corr = shared.add_command(nouns, common, cmd_corr)
    _pair_options(corr)
    corr.add_argument("--method", choices=["pearson", "spearman", "kendall"], default="pearson")
    corr.add_argument("--window", type=int, default=90, help="rolling window in rows (90)")
    corr.add_argument("--min-periods", type=int, help="rows needed in a window (80%%)")
    corr.add_argument("--ewm-halflife", type=float, metavar="ROWS",
                      help="also an EWMA correlation with this half-life")
    corr.add_argument("--periods", metavar="START:END,...", help="periods to compare")
    corr.add_argument("--dcc", action="store_true", help="also fit a DCC(1,1)-GARCH model")
    shared.add_resampling(corr)
    shared.add_plot(corr, "rolling correlation chart (with break dates)")

    breaks = shared.add_command(nouns, common, cmd_breaks)
    _pair_options(breaks)
    breaks.add_argument("--alpha", type=float, default=0.05)
    breaks.add_argument("--min-size", type=int, default=126, help="rows per segment (126)")

    leadlag = shared.add_command(nouns, common, cmd_leadlag)
    _pair_options(leadlag)
    leadlag.add_argument("--max-lag", type=int, default=5)
    leadlag.add_argument("--criterion", choices=["aic", "bic", "hqic"], default="aic")


def _pair(args: argparse.Namespace) -> dict[str, object]:
    return {"align": args.align, "returns": args.returns, "horizon": args.horizon,
            "start": args.start, "end": args.end}


def cmd_corr(args: argparse.Namespace) -> int:
    """correlation and beta of A and B, by period and rolling

    Correlation of A's and B's returns (Pearson, Spearman or Kendall) over the whole
    sample, in --periods (with the difference between consecutive periods), per
    year, rolling, expanding and (with --ewm-halflife) EWMA; beta of A to B (the
    OLS slope of A's returns on B's). Intervals: 95% block bootstrap-t on Fisher's z
    for Pearson and Kendall, stationary block bootstrap for Spearman (both
    dependence-robust), and Fisher z (assumes independent days).

    Example: comove corr BTC SPX --periods 2017-01-01:2019-12-31,2020-01-01:2021-12-31 --json
    """
    result = shared.market_from(args).corr(
        args.a, args.b, periods=args.periods, method=args.method, window=args.window,
        min_periods=args.min_periods, ewm_halflife=args.ewm_halflife, dcc=args.dcc,
        breaks=args.plot is not None, resamples=args.resamples, seed=args.seed,
        **_pair(args))  # type: ignore[arg-type]
    return shared.emit(result, args)


def cmd_breaks(args: argparse.Namespace) -> int:
    """dates where the co-movement of A and B changed

    Structural breaks in the mean of the product of volatility-standardised returns
    (CUSUM test with a Bartlett long-run variance, binary segmentation), with each
    segment's correlation.

    Example: comove breaks BTC SPX
    """
    result = shared.market_from(args).breaks(args.a, args.b, alpha=args.alpha,
                                      min_size=args.min_size, **_pair(args))  # type: ignore[arg-type]
    return shared.emit(result, args)


def cmd_leadlag(args: argparse.Namespace) -> int:
    """does A lead B? cross-correlations and Granger tests

    Cross-correlation of returns at lags -L..L (positive: A first) with Fisher
    intervals, and Granger causality both ways with the lag chosen by an information
    criterion.

    Example: comove leadlag BTC SPX --align weekly
    """
    result = shared.market_from(args).leadlag(args.a, args.b, max_lag=args.max_lag,
                                       criterion=args.criterion, **_pair(args))  # type: ignore[arg-type]
    return shared.emit(result, args)
