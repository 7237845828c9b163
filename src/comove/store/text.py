"""Text from files, providers and the store, made safe to show in a one-line message."""

from __future__ import annotations

MAX_SHOWN = 80


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """``value`` as printable text: control characters escaped, at most ``limit`` chars.

    Cells, file names and provider answers can hold ANSI escapes, newlines or megabytes
    of text; echoed raw they would break the one-line error or rewrite the terminal.
    """
    text = str(value)
    if len(text) > 4 * limit:  # escaping can only lengthen; keep the work bounded
        text = text[: 4 * limit]
        cut = True
    else:
        cut = False
    escaped = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    if cut or len(escaped) > limit:
        return escaped[: limit - 3] + "..."
    return escaped


def shown_path(path: object) -> str:
    """A file or folder name for a message: escaped, and cut only when very long."""
    return shown(path, 200)
