"""``comove corr``, ``comove breaks``, ``comove leadlag``: co-movement of a pair."""

from __future__ import annotations

import argparse
from pathlib import Path

from comove.cli.common import parse_date, store_from
from comove.cli.output import print_json, print_table


def _pair_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--align", choices=["equity", "calendar", "weekly"], default="equity",
                   help="calendar policy (default equity; see README)")
    p.add_argument("--returns", choices=["simple", "log"], default="log",
                   help="return type (default log)")
    p.add_argument("--horizon", type=int, default=1,
                   help="overlapping multi-period returns, e.g. 5 (default 1)")
    p.add_argument("--start", type=parse_date)
    p.add_argument("--end", type=parse_date)
    p.add_argument("--json", action="store_true", help="print JSON on stdout")


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    corr = nouns.add_parser(
        "corr", parents=[common], help="correlation and beta of A and B, by period and rolling",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Correlation of A's and B's returns (Pearson, Spearman or Kendall) over the whole\n"
            "sample, in --periods (with the difference between consecutive periods), per\n"
            "year, and rolling; beta of B on A. Intervals: 95% stationary block bootstrap\n"
            "(dependence-robust) and Fisher z."
        ),
        epilog="example: comove corr BTC SPX --periods "
               "2017-01-01:2019-12-31,2020-01-01:2021-12-31 --json",
    )
    _pair_options(corr)
    corr.add_argument("--method", choices=["pearson", "spearman", "kendall"], default="pearson")
    corr.add_argument("--window", type=int, default=90, help="rolling window in rows (90)")
    corr.add_argument("--min-periods", type=int, help="rows needed in a window (80%%)")
    corr.add_argument("--ewm-halflife", type=float, help="also an EWMA correlation")
    corr.add_argument("--periods", help="START:END,START:END,...")
    corr.add_argument("--dcc", action="store_true", help="also fit a DCC(1,1)-GARCH model")
    corr.add_argument("--resamples", type=int, default=10_000)
    corr.add_argument("--seed", type=int, default=0)
    corr.add_argument("--plot", type=Path, metavar="FILE", help="rolling correlation chart")
    corr.set_defaults(handler=cmd_corr)

    breaks = nouns.add_parser(
        "breaks", parents=[common], help="dates where the co-movement of A and B changed",
        description="Structural breaks in the mean of the product of volatility-standardised "
                    "returns (CUSUM test, binary segmentation), with each segment's correlation.",
    )
    _pair_options(breaks)
    breaks.add_argument("--alpha", type=float, default=0.05)
    breaks.add_argument("--min-size", type=int, default=126, help="rows per segment (126)")
    breaks.set_defaults(handler=cmd_breaks)

    leadlag = nouns.add_parser(
        "leadlag", parents=[common], help="does A lead B? cross-correlations and Granger tests",
        description="Cross-correlation of returns at lags -L..L (positive: A first) with Fisher "
                    "intervals, and Granger causality both ways with the lag chosen by an "
                    "information criterion.",
    )
    _pair_options(leadlag)
    leadlag.add_argument("--max-lag", type=int, default=5)
    leadlag.add_argument("--criterion", choices=["aic", "bic", "hqic"], default="aic")
    leadlag.set_defaults(handler=cmd_leadlag)


def _returns(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from comove.align import load_aligned

    store = store_from(args)
    a, b = store.resolve(args.a), store.resolve(args.b)
    if a.symbol == b.symbol:
        from comove.errors import UsageError

        raise UsageError(f"A and B are both {a.symbol}", "name two different symbols")
    panel = load_aligned(store, [a.symbol, b.symbol], args.align, args.start, args.end)
    return a, b, panel.returns(args.returns, args.horizon)


def cmd_corr(args: argparse.Namespace) -> int:
    from comove.comovement.analysis import analyse_pair, parse_periods
    from comove.errors import UsageError

    if args.window < 3:
        raise UsageError("--window must be at least 3 rows", "e.g. --window 90")
    a, b, returns = _returns(args)
    periods = parse_periods(args.periods) if args.periods else []
    report = analyse_pair(returns, a.symbol, b.symbol, args.method, args.window,
                          args.min_periods, periods, args.ewm_halflife, args.resamples,
                          args.seed)
    dcc = None
    if args.dcc:
        from comove.comovement.dcc import fit_dcc

        frame = returns.returns[[a.symbol, b.symbol]]
        dcc = fit_dcc(frame[a.symbol], frame[b.symbol])
    breaks = None
    if args.plot:
        from comove.comovement.breaks import find_breaks
        from comove.plots.correlation import plot_rolling_correlation

        frame = returns.returns[[a.symbol, b.symbol]]
        breaks = find_breaks(frame[a.symbol], frame[b.symbol])
        plot_rolling_correlation(report, breaks, dcc, args.plot)
    if args.json:
        payload = report.as_dict()
        if dcc is not None:
            payload["dcc"] = dcc.as_dict()
        print_json(payload)
        return 0
    c = report.conventions
    span = f", {c['horizon']}-period" if c["horizon"] > 1 else ""
    print(f"{a.symbol} against {b.symbol}: {c['method']} correlation of {c['returns']} returns "
          f"({c['alignment']} policy{span})")
    print(f"convention: {c['description']}")
    f = report.full
    print(f"\nfull sample {f.start} to {f.end}: n={f.n}, corr {f.corr:+.3f} "
          f"(95% bootstrap {f.ci_low:+.3f} to {f.ci_high:+.3f}; Fisher {f.fisher_low:+.3f} to "
          f"{f.fisher_high:+.3f}); beta of {a.symbol} to {b.symbol} {report.beta:.2f}")
    if report.periods:
        print("\nperiods:")
        _table(report.periods)
        for d in report.differences:
            print(f"change {d.first[0]}..{d.first[1]} -> {d.second[0]}..{d.second[1]}: "
                  f"{d.difference:+.3f} (95% bootstrap {d.ci_low:+.3f} to {d.ci_high:+.3f}; "
                  f"Fisher test p={d.fisher_p:.3g})")
    print("\nper year:")
    _table(report.by_year)
    if report.latest:
        r = report.latest
        print(f"\nrolling {r['window']}-row correlation on {r['date']}: {r['rolling_corr']:+.3f}, "
              f"at the {r['percentile_of_history']:.0%} percentile of its history (range "
              f"{r['history_min']:+.2f} to {r['history_max']:+.2f}, median "
              f"{r['history_median']:+.2f}); rolling beta {r['rolling_beta']:.2f}"
              + (f"; expanding (since the start) {r['expanding_corr']:+.3f}"
                 if "expanding_corr" in r else ""))
    if dcc is not None:
        print(f"DCC(1,1): a={dcc.a:.3f}, b={dcc.b:.3f}, target {dcc.target:+.3f}, latest "
              f"{float(dcc.correlation.iloc[-1]):+.3f}")
    for note in report.notes:
        print(f"note: {note}")
    return 0


def _table(rows) -> None:  # type: ignore[no-untyped-def]
    print_table(
        [{"start": p.start, "end": p.end, "n": p.n, "corr": f"{p.corr:+.3f}",
          "95%_bootstrap": f"{p.ci_low:+.3f} to {p.ci_high:+.3f}",
          "95%_fisher": f"{p.fisher_low:+.3f} to {p.fisher_high:+.3f}"} for p in rows],
        ["start", "end", "n", "corr", "95%_bootstrap", "95%_fisher"], right=["n", "corr"])


def _print_with_conventions(payload: dict, returns) -> None:  # type: ignore[no-untyped-def]
    print_json(payload | {"alignment": returns.policy.value, "returns": returns.kind.value})


def cmd_breaks(args: argparse.Namespace) -> int:
    from comove.comovement.breaks import find_breaks

    a, b, returns = _returns(args)
    frame = returns.returns[[a.symbol, b.symbol]]
    report = find_breaks(frame[a.symbol], frame[b.symbol], args.alpha, args.min_size)
    if args.json:
        _print_with_conventions(report.as_dict(), returns)
        return 0
    print(f"co-movement breaks of {a.symbol} and {b.symbol} ({returns.convention})")
    print(f"method: {report.convention}")
    if report.breaks:
        print_table([{"date": k.date, "statistic": round(k.statistic, 2),
                      "p_value": f"{k.p_value:.2g}"} for k in report.breaks],
                    ["date", "statistic", "p_value"])
    else:
        print("no significant break")
    print("\nsegments:")
    print_table([{"start": s.start, "end": s.end, "n": s.n, "corr": f"{s.corr:+.3f}",
                  "95%_fisher": f"{s.ci_low:+.3f} to {s.ci_high:+.3f}"}
                 for s in report.segments], ["start", "end", "n", "corr", "95%_fisher"])
    return 0


def cmd_leadlag(args: argparse.Namespace) -> int:
    from comove.comovement.leadlag import lead_lag

    a, b, returns = _returns(args)
    frame = returns.returns[[a.symbol, b.symbol]]
    mixed = (a.calendar.value == "24/7") != (b.calendar.value == "24/7") and \
        returns.policy.value != "weekly"
    report = lead_lag(a.symbol, frame[a.symbol], b.symbol, frame[b.symbol], args.max_lag,
                      args.criterion, mixed)
    if args.json:
        _print_with_conventions(report.as_dict(), returns)
        return 0
    print(f"lead-lag of {a.symbol} and {b.symbol} ({returns.convention})")
    print(f"lag k: corr({a.symbol}[t], {b.symbol}[t+k]); positive k means {a.symbol} moves first")
    print_table([{"lag": k, "n": n, "corr": f"{r:+.3f}", "95%_fisher": f"{lo:+.3f} to {hi:+.3f}"}
                 for k, r, lo, hi, n in zip(report.lags, report.correlations, report.ci_low,
                                             report.ci_high, report.n, strict=True)],
                ["lag", "n", "corr", "95%_fisher"], right=["lag", "n", "corr"])
    print(f"\nGranger (lag {report.granger_lag} by {report.criterion}): {a.symbol} -> "
          f"{b.symbol} p={report.x_causes_y_p:.3g}; {b.symbol} -> {a.symbol} "
          f"p={report.y_causes_x_p:.3g}")
    for w in report.warnings:
        print(w)
    return 0
