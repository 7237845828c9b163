"""Matches collected in the order patterns are tried, the first match of a span winning."""

from __future__ import annotations

import re
from typing import Generic, TypeVar

Item = TypeVar("Item")


class FirstMatches(Generic[Item]):
    """Items found by several patterns over one sentence; a match overlapping an earlier
    one is dropped, so more specific patterns are tried first."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self._taken: list[tuple[int, int]] = []

    def add(self, match: re.Match[str], item: Item) -> None:
        if any(match.start() < end and begin < match.end() for begin, end in self._taken):
            return
        self._taken.append((match.start(), match.end()))
        self.items.append(item)
