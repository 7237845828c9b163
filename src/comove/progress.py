"""Progress bars on stderr, shown only when stderr is a terminal.

One helper for every long loop (fetch, large imports, scans, claim checks), so that
scripts and pipes never see bar characters and tests see nothing at all::

    for item in progress(items, total=len(items), desc="fetching"):
        ...
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def enabled() -> bool:
    """True when bars would be seen: stderr is a terminal and COMOVE_NO_PROGRESS is unset."""
    if os.environ.get("COMOVE_NO_PROGRESS"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


def progress(
    iterable: Iterable[T], total: int | None = None, desc: str = "", min_items: int = 2,
) -> Iterator[T]:
    """Iterate over ``iterable``, drawing a tqdm bar on stderr when it is a terminal.

    Parameters
    ----------
    iterable
        What to iterate over.
    total
        Its length, when ``iterable`` has none.
    desc
        A few words in front of the bar ("fetching", "reading").
    min_items
        No bar for fewer items than this (a bar for one step is noise).
    """
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if not enabled() or (total is not None and total < min_items):
        yield from iterable
        return
    from tqdm import tqdm

    with tqdm(iterable, total=total, desc=desc, file=sys.stderr, leave=False,
              dynamic_ncols=True, unit="") as bar:
        yield from bar
