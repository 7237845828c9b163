"""``comove check``: a claims file in, verdicts with evidence out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from comove.claims.markers import BEGIN, END
from comove.cli.common import add_json, emit, market_from, parse_date

__all__ = ["BEGIN", "END", "add_parser", "cmd_check"]


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "check", parents=[common], help="check a claims file against the data",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Evaluate every claim of a YAML claims file (format: docs/claims.md) and print a\n"
            "verdict for each: supported, contradicted, inconclusive or untestable, with the\n"
            "measured value beside the claimed one, the evidence and the conventions used.\n"
            "--asof evaluates with data up to that date only."
        ),
        epilog="example: comove check claims/source-claims.yaml --asof 2026-01-23",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--asof", type=parse_date, help="use only data up to this date")
    p.add_argument("--only", help="comma-separated claim ids")
    p.add_argument("--markdown", action="store_true", help="print the verdict table as Markdown")
    p.add_argument("--markdown-into", type=Path, metavar="FILE",
                   help="write the Markdown table between the verdict markers of FILE")
    add_json(p)
    p.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from comove.claims.markers import check_markers, replace_between_markers

    if args.markdown_into is not None:
        check_markers(args.markdown_into)  # before the work, not after it
    result = market_from(args).check(args.file, asof=args.asof, only=args.only)
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
