"""Text from a claims file made safe to echo, and the limits on what a claims file may hold."""

from __future__ import annotations

MAX_SHOWN = 60
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TEXT = 10_000  # characters of a claim's text, note or reason


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """``value`` as printable text: control characters escaped, at most ``limit`` characters.

    Ids, values and messages in a claims file can hold ANSI escapes, newlines or megabytes of
    text; echoed raw they would break the one-line error or rewrite the terminal.
    """
    text = str(value)
    cut = len(text) > 4 * limit  # escaping only lengthens: keep the work bounded
    text = text[: 4 * limit]
    escaped = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    if cut or len(escaped) > limit:
        return escaped[: limit - 3] + "..."
    return escaped


def control_character(text: str) -> str | None:
    """The first control or format character of ``text`` (newline and tab allowed), escaped.

    Format characters include the bidirectional overrides that make text read differently
    from what it holds.
    """
    import unicodedata

    for ch in text:
        if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return ch.encode("unicode_escape").decode("ascii")
    return None
