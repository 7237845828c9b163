"""What every family of analyses on :class:`~comove.api.Market` shares: its data source."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from comove.data.source import DataSource
    from comove.store import Store


def as_date(value: date | str | None, name: str) -> date | None:
    """A date from a ``date`` or ``YYYY-MM-DD`` text; errors name the parameter."""
    from comove.errors import UsageError

    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"{name}='{value}' is not a YYYY-MM-DD date",
                         f"pass {name} as a date or 'YYYY-MM-DD'", param=name) from None


def refuse_unknown(options: Iterable[str], known: Iterable[str], what: str) -> None:
    """A UsageError naming the first of ``options`` not in ``known`` (keyword options
    collected with ``**`` are checked here, since Python does not)."""
    from comove.errors import UsageError

    allowed = list(known)
    for name in options:
        if name not in allowed:
            raise UsageError(f"{name!r} is not {what}", f"use one of {', '.join(allowed)}",
                             param=name)


class MarketBase:
    """The store, an optional as-of date, and one read session per analysis call."""

    def __init__(self, store: Store, asof: date | None = None) -> None:
        self._store = store
        self._asof = asof

    @property
    def store(self) -> Store:
        """The underlying store."""
        return self._store

    @property
    def asof_date(self) -> date | None:
        """The last date analyses can see (``None``: all stored data)."""
        return self._asof

    @contextmanager
    def _source(self) -> Iterator[DataSource]:
        """One store connection for the whole call, through an as-of view when set."""
        from comove.data.asof import AsOfView

        with self._store.session():
            yield AsOfView(self._store, self._asof) if self._asof else self._store
