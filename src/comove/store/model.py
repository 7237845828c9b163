"""What goes into the store and what a write reports back."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from comove.symbols import Symbol

ConflictPolicy = Literal["refuse", "replace", "keep"]


def default_store_path() -> Path:
    """``$COMOVE_HOME`` if set, else the per-user data directory."""
    env = os.environ.get("COMOVE_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("comove", appauthor=False))


@dataclass
class IngestBatch:
    """Everything one command writes, committed together or not at all.

    Attributes
    ----------
    action
        ``"import"`` or ``"fetch"``.
    rows
        Columns :data:`~comove.store.schema.ROW_COLUMNS`; ``open``, ``high``, ``low`` and
        ``volume`` may be absent (all empty), as in the rows of a wide matrix.
    symbols
        Metadata of every symbol in ``rows``.
    sources
        Symbol to source description (``file:/path`` or ``yahoo:^GSPC``).
    warnings
        Symbol to the warnings raised while validating its rows.
    notes
        Symbol to a note kept in its metadata (e.g. why its volume was dropped).
    """

    action: str
    rows: pd.DataFrame
    symbols: dict[str, Symbol]
    sources: dict[str, str]
    warnings: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Conflict:
    """A stored value that differs from the new one."""

    symbol: str
    date: date
    column: str
    stored: float
    new: float

    def describe(self) -> str:
        return f"{self.symbol} {self.date} {self.column}: stored {self.stored!r}, new {self.new!r}"


@dataclass
class SymbolWriteReport:
    """What a write did to one symbol's rows."""

    symbol: str
    source: str
    new: int = 0
    filled: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.filled or self.replaced)


@dataclass
class WriteReport:
    """What a write did, per symbol."""

    symbols: list[SymbolWriteReport]

    @property
    def rows_new(self) -> int:
        return sum(s.new for s in self.symbols)

    @property
    def rows_changed(self) -> int:
        return sum(s.filled + s.replaced for s in self.symbols)
