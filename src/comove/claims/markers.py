"""The generated verdict table inside a Markdown file (README.md), between two markers."""

from __future__ import annotations

from pathlib import Path

from comove.claims.text import shown
from comove.errors import UsageError

BEGIN = "<!-- verdicts:begin -->"
END = "<!-- verdicts:end -->"


def _read(path: Path) -> str:
    name = shown(path, 200)
    if not path.exists():
        raise UsageError(f"{name}: no such file", "create it with the markers "
                         f"{BEGIN} and {END} where the table goes", param="markdown_into")
    if not path.is_file():
        raise UsageError(f"{name} is a directory", "name a Markdown file",
                         param="markdown_into")
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{name}: not UTF-8 text", "save it as UTF-8",
                         param="markdown_into") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot be read ({shown(exc.strerror)})",
                         "check its permissions", param="markdown_into") from None
    if BEGIN not in content or END not in content or (
            content.index(END) < content.index(BEGIN)):
        raise UsageError(f"{name} has no {BEGIN} ... {END} markers",
                         "add them where the table goes", param="markdown_into")
    return content


def check_markers(path: Path) -> None:
    """Raise a UsageError unless ``path`` is a readable text file with both markers, in
    order."""
    _read(path)


def replace_between_markers(path: Path, text: str) -> None:
    """Put ``text`` between the markers of ``path`` (what was there is replaced)."""
    content = _read(path)
    start, end = content.index(BEGIN) + len(BEGIN), content.index(END)
    try:
        path.write_text(content[:start] + "\n" + text + "\n" + content[end:], encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{shown(path, 200)}: cannot be written ({shown(exc.strerror)})",
                         "check its permissions", param="markdown_into") from None
