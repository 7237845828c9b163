"""The method reference of docs/api.md, generated from :class:`~comove.api.Market` (a test
keeps the page in step with the code: ``python -m comove.api.reference --write``)."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

BEGIN = "<!-- api-reference:begin -->"
END = "<!-- api-reference:end -->"


def _first_paragraph(doc: str) -> str:
    text = inspect.cleandoc(doc or "")
    return " ".join(text.split("\n\n", 1)[0].split())


def _returns(doc: str) -> str:
    lines = inspect.cleandoc(doc or "").splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "Returns" and i + 2 < len(lines):
            return lines[i + 2].strip()
    return ""


def reference_markdown() -> str:
    """One section per public method of Market: signature, summary, result type."""
    from comove.api.market import Market

    parts = []
    for name, member in sorted(inspect.getmembers(Market, inspect.isfunction)):
        if name.startswith("_"):
            continue
        signature = str(inspect.signature(member)).replace("'", "").replace("\"", "")
        signature = signature.replace("(self, ", "(").replace("(self)", "()")
        parts.append(f"### `Market.{name}{signature}`\n")
        parts.append(_first_paragraph(member.__doc__ or ""))
        returned = _returns(member.__doc__ or "")
        if returned:
            parts.append(f"\nReturns `{returned}`.")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def updated_page(page: str) -> str:
    """``page`` with the text between the reference markers regenerated."""
    start, end = page.index(BEGIN) + len(BEGIN), page.index(END)
    return page[:start] + "\n" + reference_markdown() + page[end:]


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[3] / "docs" / "api.md"
    fresh = updated_page(target.read_text(encoding="utf-8"))
    if sys.argv[1:2] == ["--write"]:
        target.write_text(fresh, encoding="utf-8")
    else:
        sys.stdout.write(fresh)
