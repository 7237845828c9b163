"""``comove brief``: the market brief as self-contained HTML and Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path

from comove.cli.common import parse_date, store_from
from comove.cli.output import print_json, say
from comove.errors import UsageError


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "brief", parents=[common], help="write the market brief (HTML and Markdown, charts)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Write a market brief from the store, using only data up to --asof: what is\n"
            "notable (records, divergences, correlation now against its history), the\n"
            "watchlist table, co-movement, what followed earlier divergences (with n and\n"
            "intervals), the verdicts of a claims file, and charts. The HTML opens offline\n"
            "(charts embedded); the Markdown twin sits beside it with a folder of PNGs."
        ),
        epilog="example: comove brief --asof 2025-12-11 --claims claims/source-claims.yaml",
    )
    p.add_argument("--asof", type=parse_date, help="date of the brief (default: latest data)")
    p.add_argument("--watchlist", type=Path, metavar="FILE",
                   help="symbols, one per line (# comments); default SPX RUT NDX DJI BTC ETH VIX")
    p.add_argument("--claims", type=Path, metavar="FILE", help="a claims file to check")
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="HTML file or folder (default: comove-brief-DATE.html here)")
    p.add_argument("--json", action="store_true", help="print the paths and headline as JSON")
    p.set_defaults(handler=cmd_brief)


def read_watchlist(path: Path) -> list[str]:
    if not path.exists():
        raise UsageError(f"{path}: no such watchlist file", "check the path")
    symbols = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip().strip("-").strip()
        if line:
            symbols += [s.strip() for s in line.replace(",", " ").split() if s.strip()]
    if not symbols:
        raise UsageError(f"{path}: the watchlist is empty", "one symbol per line, e.g. SPX")
    return symbols


def cmd_brief(args: argparse.Namespace) -> int:
    from comove.brief import charts as c
    from comove.brief.model import compute_brief
    from comove.brief.render import Chart, write_brief
    from comove.brief.text import headline

    store = store_from(args)
    watchlist = read_watchlist(args.watchlist) if args.watchlist else None
    claims = None
    if args.claims:
        from comove.claims.loader import load_claims

        claims = load_claims(args.claims)
    data = compute_brief(store, args.asof, watchlist, claims)
    data.claims_file = args.claims.name if args.claims else None
    charts = [Chart("records", "Closes and record lines", c.records_chart(data)),
              Chart("drawdowns", "Distance from the record close", c.drawdown_chart(data))]
    if data.pairs:
        charts.append(Chart("correlation", "Rolling 90-day correlations",
                            c.correlation_chart(data)))
    for i, d in enumerate(data.divergences):
        if d.study is not None:
            prices = store.read(d.laggard, end=data.asof)["close"]
            charts.append(Chart(f"divergence_{i}", f"{d.laggard} after earlier episodes: "
                                f"{d.study.description}", c.divergence_chart(data, i, prices)))
    output = args.output or Path(f"comove-brief-{data.asof}.html")
    if output.suffix.lower() != ".html":
        output = output / f"comove-brief-{data.asof}.html"
    html_path, md_path = write_brief(data, charts, output)
    if args.json:
        print_json({"asof": data.asof, "html": str(html_path.resolve()),
                    "markdown": str(md_path.resolve()), "headline": headline(data)})
        return 0
    for line in headline(data):
        say(f"- {line}")
    print(html_path.resolve())
    say(f"markdown twin: {md_path.resolve()}")
    return 0
