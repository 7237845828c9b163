"""``comove claims draft``: an article in, a draft claims file out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from comove.cli.common import market_from, note_replacing, parse_date


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = nouns.add_parser(
        "claims", parents=[common], help="draft a claims file from an article",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Work with claims files (format: docs/claims.md).")
    verbs = p.add_subparsers(dest="verb", metavar="VERB")
    p.set_defaults(noun_parser=p)
    d = verbs.add_parser(
        "draft", parents=[common], help="draft claims from an article (text or HTML)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Read a market article (plain text or HTML, page noise included) and draft a\n"
            "claims file: each check-worthy sentence becomes a claim with its span in the\n"
            "input, the mapped test and parameters (assets, numbers, dates and periods\n"
            "resolved against the article's date), status: draft, a confidence and a note\n"
            "listing every assumption. Flows, earnings, policy and forecasts become\n"
            "untestable claims with the reason. Read the notes, fix what is wrong, then run\n"
            "'comove check FILE'. How it works and how accurate it is: docs/articles.md."),
        epilog="example: comove claims draft article.txt --made 2026-01-23 -o claims.yaml")
    d.add_argument("article", metavar="ARTICLE", help="article file (text or HTML), or - "
                   "for standard input")
    d.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write the claims file here (default: standard output)")
    d.add_argument("--made", type=parse_date, metavar="DATE",
                   help="the article's date, when the text and file name carry none")
    d.add_argument("--vocabulary", type=Path, metavar="FILE",
                   help="YAML file of extra asset aliases (see docs/articles.md)")
    d.add_argument("--json", action="store_true", help="print the draft as JSON instead")
    d.add_argument("--plain", action="store_true",
                   help="only the fields older claims loaders accept (status and "
                        "confidence go into the note; the source span becomes text)")
    d.set_defaults(handler=cmd_claims_draft)


def cmd_claims_draft(args: argparse.Namespace) -> int:
    from comove.articles.files import check_writable, write_all
    from comove.errors import DataFileError

    if args.output:
        check_writable(args.output)
    draft = market_from(args).draft_claims(args.article, args.made, args.vocabulary)
    if not draft.claims:
        raise DataFileError(f"{draft.name}: no claims drafted: {draft.empty_reason}",
                            "nothing was written; check that this is an English market "
                            "article")
    text = draft.to_json() + "\n" if args.json else draft.to_yaml(loader_compatible=args.plain)
    if args.output:
        note_replacing(args.output)
        write_all({args.output: text})
        sys.stderr.write(draft.summary().splitlines()[0] + f"\nwritten: {args.output}\n")
    else:
        sys.stdout.write(text)
        sys.stderr.write(draft.summary().splitlines()[0] + "\n")
    return 0


__all__ = ["add_parser", "cmd_claims_draft"]
