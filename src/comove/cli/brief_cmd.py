"""``comove brief``: the market brief as self-contained HTML and Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path

from comove.cli.common import add_command, emit, market_from, note_replacing, parse_date
from comove.cli.output import say
from comove.errors import UsageError


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = add_command(nouns, common, cmd_brief)
    p.add_argument("--asof", type=parse_date,
                   help="date of the brief (default: the latest day all watchlist series have)")
    p.add_argument("--watchlist", type=Path, metavar="FILE",
                   help="symbols, one per line (# comments); default SPX RUT NDX DJI BTC ETH VIX")
    p.add_argument("--claims", type=Path, metavar="FILE", help="a claims file to check")
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="HTML file or folder (default: comove-brief-DATE.html here)")
    p.add_argument("--json", action="store_true",
                   help="print the brief's numbers, headline and file paths as JSON")


def read_watchlist(path: Path) -> list[str]:
    if not path.is_file():
        raise UsageError(f"{path}: no such watchlist file", "check the path")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the watchlist ({exc})",
                         "give a text file with one symbol per line") from None
    symbols = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().strip("-").strip()
        if line:
            symbols += [s.strip() for s in line.replace(",", " ").split() if s.strip()]
    if not symbols:
        raise UsageError(f"{path}: the watchlist is empty", "one symbol per line, e.g. SPX")
    return symbols


def cmd_brief(args: argparse.Namespace) -> int:
    """write the market brief (HTML and Markdown, charts)

    Write a market brief from the store, using only data up to --asof: a lede and
    what is notable, returns (1 day to 1 year), distance from records, a correlation
    matrix, rolling correlation with bootstrap bands and breaks, past divergence
    episodes and what followed (with n and intervals), halving cycles, the verdicts
    of a claims file. The HTML opens offline with interactive charts (zoom, hover);
    the Markdown twin sits beside it with a folder of PNGs.

    Example: comove brief --asof 2025-12-11 --claims claims/source-claims.yaml
    """
    watchlist = read_watchlist(args.watchlist) if args.watchlist else None
    result = market_from(args).brief(args.asof, watchlist, args.claims, draw_ahead=True)
    from comove.brief.write import target

    try:
        will_write = target(args.output, result.data.asof)
    except BaseException:
        result.drop_pngs_ahead()
        raise
    for path in (will_write, will_write.with_suffix(".md")):
        note_replacing(path)
    html_path, md_path = result.write(args.output)
    if args.json:
        return emit(result, args)
    say(result.summary())
    print(html_path.resolve())
    say(f"markdown twin: {md_path.resolve()}")
    return 0
