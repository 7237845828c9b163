"""``comove factcheck``: an article in, the article with every claim's verdict out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from comove.cli.common import add_command, market_from, note_replacing, parse_date


def add_parser(nouns: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = add_command(nouns, common, cmd_factcheck)
    p.add_argument("article", metavar="ARTICLE", help="article file (text or HTML), or -")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", required=True,
                   help="the HTML report (its .md and .json twins go beside it)")
    p.add_argument("--made", type=parse_date, metavar="DATE",
                   help="the article's date, when the text and file name carry none")
    p.add_argument("--asof", type=parse_date, metavar="DATE",
                   help="use only data up to this date (default: all stored data)")
    p.add_argument("--vocabulary", type=Path, metavar="FILE",
                   help="YAML file of extra asset aliases")


def cmd_factcheck(args: argparse.Namespace) -> int:
    """draft, check and highlight an article's claims

    Draft the claims of an article (as 'comove claims draft'), check each against
    the store (as 'comove check'), and write a copy of the article with every
    claim highlighted by its verdict: hover for the evidence, click for its row in
    the summary table. Offline and self-contained, with a Markdown (.md) and a JSON
    (.json) twin beside the HTML. All three are written, or none.

    Example: comove factcheck article.html --asof 2026-01-23 -o report.html
    """
    from comove.articles.files import check_writable, write_all
    from comove.errors import UsageError

    html_path: Path = args.output
    if html_path.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"{html_path}: the report is HTML", "name it e.g. report.html")
    md_path, json_path = html_path.with_suffix(".md"), html_path.with_suffix(".json")
    check_writable(html_path, md_path, json_path)
    result = market_from(args).factcheck(args.article, args.asof, args.made, args.vocabulary)
    for path in (html_path, md_path, json_path):
        note_replacing(path)
    write_all({html_path: result.to_html(), md_path: result.to_markdown(),
               json_path: result.to_json()})
    sys.stderr.write(f"{result.summary()}\nmarkdown twin: {md_path}\njson twin: {json_path}\n")
    print(html_path)
    return 0


__all__ = ["add_parser", "cmd_factcheck"]
