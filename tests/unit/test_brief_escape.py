"""Escaping of data, symbol and claim texts in the brief's HTML and Markdown."""

from __future__ import annotations

import re

import pytest

from comove.brief.escape import h, md

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    "line one\n# heading\n\n| a | b |",
    "a|b\\|c",
    "*bold* _it_ `code` ~strike~",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_html_escape_leaves_no_markup(text):
    out = h(text)
    assert "<" not in out and ">" not in out and '"' not in out


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escape_is_one_inert_line(text):
    out = md(text)
    assert "\n" not in out
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<!\\)[|\[\]*_`~]", out)  # no table break, link or emphasis
    assert not out.startswith("#")


def test_markdown_escape_keeps_plain_text_readable():
    assert md("BTC -49.8% (since 2025-10-06), S&P 500") == \
        "BTC -49.8% (since 2025-10-06), S&P 500"
