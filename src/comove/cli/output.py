"""Printing results: aligned text tables, JSON and CSV, and one-line errors."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from comove.results.render import format_cell, jsonable, text_table, to_json

__all__ = ["Progress", "format_cell", "jsonable", "print_json", "print_table", "say"]


def print_json(payload: Any, out: TextIO | None = None) -> None:
    """Print strict JSON (NaN and infinities become null)."""
    (out or sys.stdout).write(to_json(payload) + "\n")


def print_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], out: TextIO | None = None,
    right: Sequence[str] = (),
) -> None:
    """Print rows as an aligned text table."""
    (out or sys.stdout).write(text_table(rows, columns, right) + "\n")


def say(message: str) -> None:
    """A status or warning line for people, on stderr (stdout stays machine-readable)."""
    sys.stderr.write(message + "\n")


class Progress:
    """A one-line progress indicator on stderr, shown only on a terminal."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.done = total, what, 0
        self.active = sys.stderr.isatty() and total > 1

    def step(self, label: str) -> None:
        self.done += 1
        if self.active:
            sys.stderr.write(f"\r{self.what} {self.done}/{self.total}: {label[:50]:<50}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.active:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()
