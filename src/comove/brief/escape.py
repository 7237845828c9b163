"""Escaping of every text that comes from data, symbols or claims files."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def h(text: object) -> str:
    """Text for HTML (element content or a quoted attribute)."""
    return html.escape(str(text), quote=True)


def md(text: object) -> str:
    """Text for one Markdown line or table cell: newlines become spaces, HTML is entity-
    escaped (no raw tags), Markdown punctuation is backslash-escaped (no headings, links,
    emphasis or table breaks)."""
    one_line = " ".join(str(text).split())
    escaped = one_line.replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", escaped)
