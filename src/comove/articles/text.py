"""Article input: bytes to text, HTML to text, with every character traced to the input.

Spans in a draft are character offsets into the input as given (the HTML source for an
HTML page), so the text extracted from HTML keeps, for each character, the offset of the
input character it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.entities import name2codepoint
from html.parser import HTMLParser

from comove.errors import DataFileError

MAX_BYTES = 5_000_000
"""Largest input (a news page's HTML, scripts included, is often over 1 MB)."""
MAX_TEXT = 600_000
"""Largest article text once HTML is stripped: about 100,000 words, drafted in about 10 s."""
SKIP_TAGS = frozenset({"head", "script", "style", "noscript", "template", "nav", "header",
                       "footer",
                       "aside", "form", "button", "svg", "iframe", "select", "figure"})
VOID_TAGS = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area",
                       "base", "col", "embed", "track"})
# elements whose class or id says they are not the article (banners, sharing, related links)
NOISE_ATTR = re.compile(r"cookie|consent|banner|newsletter|subscribe|signup|share|social|"
                        r"related|recommend|trending|popular|promo|sponsor|advert|\bads?\b|"
                        r"comment|sidebar|breadcrumb|paywall|modal|popup", re.IGNORECASE)
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                        "section", "article", "blockquote", "tr", "table", "title", "pre",
                        "dd", "dt", "main", "hr"})


@dataclass
class Source:
    """The article text and how to find each character in the input.

    Attributes
    ----------
    text
        Plain text (for HTML: the visible text, blocks separated by blank lines).
    input
        The input as decoded text.
    offsets
        ``offsets[i]`` is the input offset of ``text[i]``; ``None`` when text is the input.
    kind
        ``"text"`` or ``"html"``.
    """

    text: str
    input: str
    offsets: list[int] | None
    kind: str

    def input_span(self, start: int, end: int) -> tuple[int, int]:
        """The input offsets of ``text[start:end]``."""
        if self.offsets is None or not self.offsets:
            return start, end
        last = self.offsets[min(end, len(self.offsets)) - 1] + 1 if end > start else \
            self.offsets[min(start, len(self.offsets) - 1)]
        return self.offsets[min(start, len(self.offsets) - 1)], last


def decode(data: bytes, name: str = "input") -> str:
    """UTF-8 (or UTF-16 with a BOM) text from bytes; binary or huge input is refused.

    Raises
    ------
    DataFileError
        For empty, binary, oversized or undecodable input.
    """
    if len(data) > MAX_BYTES:
        raise DataFileError(f"{name}: {len(data) / 1e6:.1f} MB is too large for an article "
                            f"(limit {MAX_BYTES // 1_000_000} MB)",
                            "pass the article's text, or cut it into parts")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise DataFileError(f"{name}: binary data, not text", "pass a plain-text or HTML "
                            "article (save PDFs or Word files as text first)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DataFileError(f"{name}: neither UTF-8 nor Windows-1252 text",
                                "save the article as UTF-8") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 8:
        raise DataFileError(f"{name}: binary data, not text", "pass a plain-text or HTML "
                            "article")
    return text


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return bool(re.search(r"<(!doctype html|html|body|p|div|article|head)[\s>]", head))


def read_source(text: str) -> Source:
    """The article as a :class:`Source` (HTML is reduced to its visible text)."""
    if not looks_like_html(text):
        return Source(text, text, None, "text")
    parser = _TextParser(text)
    parser.feed(text)
    parser.close()
    out, offsets = "".join(parser.chars), parser.offsets
    return Source(out, text, offsets, "html")


class _TextParser(HTMLParser):
    """Visible text of an HTML page, each character with its offset in the page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page = page
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.skip_depth = 0
        self.open_tags: list[tuple[str, bool]] = []

    def _here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, at: int, verbatim: bool = True) -> None:
        if self.skip_depth:
            return
        for k, ch in enumerate(text):
            self.chars.append(ch)
            self.offsets.append(at + k if verbatim else at)

    def _block(self) -> None:
        while self.chars and self.chars[-1] == " ":
            self.chars.pop()
            self.offsets.pop()
        if self.skip_depth or not self.chars or self.chars[-1] == "\n":
            return
        at = self.offsets[-1] if self.offsets else 0
        self.chars.extend("\n\n")
        self.offsets.extend((at, at))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            self.handle_startendtag(tag, attrs)
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role", "aria-label"))
        skip = tag in SKIP_TAGS or (tag not in ("html", "body", "main", "article")
                                    and bool(NOISE_ATTR.search(marks)))
        self.open_tags.append((tag, skip))
        self.skip_depth += skip
        if tag in BLOCK_TAGS:
            self._block()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self._block()

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, _ in self.open_tags):
            while self.open_tags:  # close what the page left open inside it
                name, skip = self.open_tags.pop()
                self.skip_depth -= skip
                if name == tag:
                    break
        if tag in BLOCK_TAGS:
            self._block()

    def handle_data(self, data: str) -> None:
        if data.isspace() and (not self.chars or self.chars[-1] in " \n"):
            return
        at = self._here()
        # collapse runs of whitespace inside a block, keeping the offset of each kept char
        for m in re.finditer(r"\s+|\S+", data):
            piece = " " if m.group(0).isspace() else m.group(0)
            self._emit(piece, at + m.start())

    def handle_entityref(self, name: str) -> None:
        code = name2codepoint.get(name)
        self._emit(chr(code) if code else f"&{name};", self._here(), verbatim=False)

    def handle_charref(self, name: str) -> None:
        try:
            ch = chr(int(name[1:], 16) if name[:1] in "xX" else int(name))
        except (ValueError, OverflowError):
            ch = "\ufffd"
        self._emit(ch, self._here(), verbatim=False)


__all__ = ["MAX_BYTES", "MAX_TEXT", "Source", "decode", "looks_like_html", "read_source"]
