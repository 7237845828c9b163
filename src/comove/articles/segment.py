"""Sentences of an article, with their spans, and the page noise around them.

A captured page holds more than the article: navigation words, "Advertisement", a list of
unrelated articles, a question-and-answer block, lines in other languages. The article
ends at the first end marker ("Related", "Leave a Reply", "Похожее", ...) found past the
first third of the text; lines mostly in a non-Latin script, headings (no closing
punctuation) and boilerplate lines are kept as spans but never become claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

END_MARKERS = frozenset({
    "related", "related articles", "related posts", "related news", "related stories",
    "read more", "read next", "more from", "more stories", "you may also like",
    "recommended", "recommended for you", "trending", "popular", "most read", "more news",
    "continue reading", "leave a reply", "leave a comment", "comments", "about the author",
    "share this article", "похожее", "связанные с этим вопросы", "читайте также",
    "相关文章", "推荐阅读", "相关阅读", "artículos relacionados", "lire aussi", "mehr zum thema",
})
END_PREFIXES = ("original link:", "disclaimer:", "source link:", "originally published")
BOILERPLATE = re.compile(
    r"^(advertisement|sponsored|copyright\b|©|all rights reserved|click to comment|"
    r"connect with us|published|sign up|subscribe|follow us|share\b|tags?:|photo:|image:|"
    r"your email address will not be published)", re.IGNORECASE)
ABBREVIATIONS = frozenset({
    "u.s", "u.k", "e.g", "i.e", "vs", "inc", "corp", "ltd", "co", "mr", "mrs", "ms", "dr",
    "st", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "approx", "est", "fig", "p", "pp", "al", "etc", "jr", "sr", "mt", "ft",
})
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[^a-z\s,;:])")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading or noise line) of the text.

    Attributes
    ----------
    start, end
        Character offsets into the article text.
    text
        The sentence as written.
    kind
        ``sentence``, ``heading``, ``noise`` (boilerplate, other language) or ``after_end``
        (past the end of the article: related articles, Q&A, comments).
    block
        Index of the paragraph (line) it belongs to.
    """

    start: int
    end: int
    text: str
    kind: str
    block: int


def latin_share(text: str) -> float:
    """Share of letters that are Latin (1.0 for a text without letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for ch in letters if ch < "\u0250") / len(letters)


def is_end_marker(line: str) -> bool:
    key = re.sub(r"[\s:.!…\-–—]+$", "", line.strip().lower())
    return key in END_MARKERS or key.startswith(END_PREFIXES)


def split_sentences(text: str) -> list[Sentence]:
    """Every line of ``text`` cut into sentences and classified (see module docstring)."""
    out: list[Sentence] = []
    ended = False
    for block, m in enumerate(re.finditer(r"[^\n]+", text)):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        lead = m.start() + (len(line) - len(line.lstrip()))
        if not ended and is_end_marker(stripped) and m.start() > len(text) / 3:
            ended = True
        if ended:
            out.append(Sentence(lead, lead + len(stripped), stripped, "after_end", block))
            continue
        if latin_share(stripped) < 0.6 or BOILERPLATE.match(stripped) or \
                re.fullmatch(r"\W*\w+\W*", stripped):
            out.append(Sentence(lead, lead + len(stripped), stripped, "noise", block))
            continue
        if is_heading(stripped):
            out.append(Sentence(lead, lead + len(stripped), stripped, "heading", block))
            continue
        for start, end in _cut(stripped):
            piece = stripped[start:end]
            out.append(Sentence(lead + start, lead + end, piece, "sentence", block))
    return out


def is_heading(line: str) -> bool:
    """A title or section heading: short, and not ending like a sentence."""
    words = line.split()
    if re.search(r"[.!?…\"”'’]$", line) and len(words) > 3:
        return False
    return len(words) <= 24 and not re.search(r"[.!?]\s+[A-Z]", line)


def _cut(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _BOUNDARY.finditer(line):
        before = line[start:m.start()]
        word = re.search(r"([A-Za-z.]+)[.]\W*$", before)
        if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
            nxt = line[m.end():m.end() + 12]
            # "U.S. small caps" continues; "... in the U.S. The index" does not
            if not re.match(r"(The|This|It|In|But|And|However|A|An|When|Now|So)\b", nxt):
                continue
        end = m.start()
        while end > start and line[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(line):
        spans.append((start, len(line.rstrip())))
    return spans


__all__ = ["Sentence", "is_end_marker", "latin_share", "split_sentences"]
