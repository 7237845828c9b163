"""The CLI reference in the README, generated from the argument parser.

``python -m comove.cli.reference`` prints it (``--write README.md`` updates the README); a
test checks the README holds exactly this,
so the reference cannot drift from the code.
"""

from __future__ import annotations

import argparse
import os

from comove.cli.main import build_parser

BEGIN = "<!-- cli-reference:begin -->"
END = "<!-- cli-reference:end -->"


def _walk(parser: argparse.ArgumentParser, path: list[str]):  # type: ignore[no-untyped-def]
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, [*path, name])


def reference() -> str:
    """Markdown: one fenced ``--help`` block per command."""
    os.environ["COLUMNS"] = "100"
    blocks = [BEGIN]
    for path, parser in _walk(build_parser(), ["comove"]):
        blocks += [f"### `{' '.join(path)}`", "", "```text", parser.format_help().rstrip(),
                   "```", ""]
    blocks.append(END)
    return "\n".join(blocks)


def write_into(path: str) -> None:
    """Replace the reference between the markers in ``path`` (the README)."""
    from pathlib import Path

    text = Path(path).read_text()
    begin, end = text.index(BEGIN), text.index(END) + len(END)
    Path(path).write_text(text[:begin] + reference() + text[end:])


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--write"]:
        write_into(sys.argv[2])
    else:
        print(reference())
