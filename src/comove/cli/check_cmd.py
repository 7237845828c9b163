"""``comove check``: a claims file in, verdicts with evidence out."""

from __future__ import annotations

import argparse
from pathlib import Path

from comove.cli.common import parse_date, store_from
from comove.cli.output import Progress, print_json


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
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.set_defaults(handler=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    from comove.claims.engine import evaluate
    from comove.claims.loader import load_claims
    from comove.errors import UsageError

    claims = load_claims(args.file)
    if args.only:
        wanted = {c.strip() for c in args.only.split(",")}
        missing = wanted - {c.id for c in claims}
        if missing:
            raise UsageError(f"no claim with id {', '.join(sorted(missing))} in {args.file.name}",
                             f"ids: {', '.join(c.id for c in claims)}")
        claims = [c for c in claims if c.id in wanted]
    progress = Progress(len(claims), "checking")
    try:
        results = evaluate(claims, store_from(args), args.asof, on_claim=progress.step)
    finally:
        progress.close()
    if args.json:
        print_json({"file": str(args.file), "asof": args.asof,
                    "claims": [r.as_dict() for r in results]})
        return 0
    if args.markdown_into:
        replace_between_markers(args.markdown_into, verdict_markdown(results, args.asof))
    if args.markdown:
        print(verdict_markdown(results, args.asof))
        return 0
    if args.markdown_into:
        return 0
    for r in results:
        print(f"{r.claim.id:<4} {r.verdict.value.upper():<13} {r.claim.text}")
        if r.claim.untestable:
            print(f"     why: {r.claim.untestable}")
            continue
        print(f"     measured: {r.measured}")
        print(f"     claimed:  {r.claimed}")
        for o in r.outcomes:
            if o.conventions:
                print(f"     convention: {o.conventions}")
            for note in o.notes:
                print(f"     - {note}")
        if r.claim.note:
            print(f"     note: {r.claim.note}")
    counts: dict[str, int] = {}
    for r in results:
        counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
    print("\n" + ", ".join(f"{n} {v}" for v, n in counts.items())
          + (f" (data up to {args.asof})" if args.asof else ""))
    return 0


BEGIN = "<!-- verdicts:begin -->"
END = "<!-- verdicts:end -->"


def replace_between_markers(path: Path, text: str) -> None:
    from comove.errors import UsageError

    content = path.read_text()
    if BEGIN not in content or END not in content:
        raise UsageError(f"{path} has no {BEGIN} ... {END} markers", "add them where the "
                         "table goes")
    start, end = content.index(BEGIN) + len(BEGIN), content.index(END)
    path.write_text(content[:start] + "\n" + text + "\n" + content[end:])


def verdict_markdown(results, asof) -> str:  # type: ignore[no-untyped-def]
    """The verdict table as Markdown (generated, for the README and the brief)."""

    def cell(text: str) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = ["| id | verdict | claim | measured | claimed |", "|---|---|---|---|---|"]
    for r in results:
        measured = r.claim.untestable if r.claim.untestable else r.measured
        lines.append(f"| {r.claim.id} | **{r.verdict.value}** | {cell(r.claim.text)} | "
                     f"{cell(measured)} | {cell(r.claimed)} |")
    if asof:
        lines.append(f"\nData up to {asof}.")
    return "\n".join(lines)
