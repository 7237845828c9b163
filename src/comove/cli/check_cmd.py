"""``comove check``: a claims file in, verdicts with evidence out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from comove.claims.markers import BEGIN, END
from comove.cli.common import add_command, add_json, emit, market_from, parse_date

__all__ = ["BEGIN", "END", "add_parser", "cmd_check"]


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = add_command(nouns, common, cmd_check)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--asof", type=parse_date, help="use only data up to this date")
    p.add_argument("--only", help="comma-separated claim ids")
    p.add_argument("--markdown", action="store_true", help="print the verdict table as Markdown")
    p.add_argument("--markdown-into", type=Path, metavar="FILE",
                   help="write the Markdown table between the verdict markers of FILE")
    p.add_argument("--judge", choices=["made", "asof"], default="made",
                   help="made (default): judge each claim with the data up to the day it was "
                        "made, then say what happened since; asof: with all data up to --asof")
    add_json(p)


def cmd_check(args: argparse.Namespace) -> int:
    """check a claims file against the data

    Evaluate every claim of a YAML claims file (format: docs/claims.md). Each claim is
    judged with the data up to the day it was made (the verdict a careful reader could
    have given then), under every plausible reading the claim leaves open (close or
    intraday, alignment, window, baseline), and gets a "since" section: what happened
    from then to the latest data (or --asof). Verdicts: supported, contradicted,
    depends on convention (readings disagree), partly supported, inconclusive,
    untestable, not yet measurable; a verdict near its threshold is marked marginal.
    Rules: docs/claims.md; the source claims: docs/verdicts.md.

    Example: comove check claims/source-claims.yaml --asof 2026-01-23
    """
    from comove.claims.markers import check_markers, replace_between_markers

    if args.markdown_into is not None:
        check_markers(args.markdown_into)  # before the work, not after it
    result = market_from(args).check(args.file, asof=args.asof, only=args.only,
                                     judge=args.judge)
    if args.json:
        return emit(result, args)
    if args.markdown_into is not None:
        replace_between_markers(args.markdown_into, result.markdown())
    if args.markdown:
        sys.stdout.write(result.markdown() + "\n")
        return 0
    if args.markdown_into is not None:
        return 0
    return emit(result, args)
