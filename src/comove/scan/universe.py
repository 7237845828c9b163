"""Which assets a scan covers: a file, an asset class, or a list of names."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from comove.errors import EmptyRangeError, UsageError

if TYPE_CHECKING:
    from comove.data.source import DataSource

Universe = str | Path | Sequence[str]


def universe_names(source: DataSource, universe: Universe) -> list[str]:
    """The names a universe lists, as written (not yet matched to stored symbols)."""
    if isinstance(universe, Path) or (isinstance(universe, str) and Path(universe).exists()):
        return _file_names(Path(universe))
    if isinstance(universe, str):
        if universe.startswith("class:"):
            wanted = universe.split(":", 1)[1].strip().lower()
            return sorted(name for name, sym in source.symbols().items()
                          if sym.asset_class.value == wanted)
        return [n.strip() for n in universe.split(",") if n.strip()]
    if isinstance(universe, Sequence) and all(isinstance(n, str) for n in universe):
        return [n.strip() for n in universe if n.strip()]
    raise UsageError(f"universe={universe!r} is not a file, class:NAME or list of symbols",
                     "e.g. universe='class:stock' or universe=['AAPL', 'MSFT']",
                     param="universe")


def _file_names(path: Path) -> list[str]:
    if not path.is_file():
        raise UsageError(f"the universe file {path} is not a file", "name a CSV or text file",
                         param="universe")
    if path.suffix.lower() == ".csv":
        import pandas as pd

        frame = pd.read_csv(path)
        column = next((c for c in frame.columns if str(c).lower() in ("symbol", "ticker")),
                      None)
        if column is None:
            raise UsageError(f"{path.name} has no Symbol column",
                             "use a CSV with a Symbol column, or one symbol per line",
                             param="universe")
        names = [str(s) for s in frame[column].dropna()]
    else:
        names = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
    return [n for n in names if n]


def resolve_universe(source: DataSource, universe: Universe) -> tuple[list[str], list[str]]:
    """Stored symbols of a universe: a file (one symbol per line, or a CSV with a Symbol
    column), ``class:NAME`` for every stored symbol of an asset class, a comma-separated
    text, or a list of names.

    Returns
    -------
    known, missing
        The stored symbols (in the universe's order, without repeats) and the names that
        are not stored. Tickers are matched as written, with ``.`` as ``-``, and as
        ``NAME_STOCK`` for those renamed on import.

    Raises
    ------
    UsageError
        The universe lists nothing.
    EmptyRangeError
        None of its names is stored.
    """
    names = universe_names(source, universe)
    if not names:
        raise UsageError(f"the universe '{universe}' is empty",
                         "name symbols, a file or class:stock", param="universe")
    stored = set(source.last_dates())
    known, missing = [], []
    for name in names:
        candidate = name.upper().replace(".", "-")
        for option in (f"{candidate}_STOCK", name.upper(), candidate):
            if option in stored:
                known.append(option)
                break
        else:
            missing.append(name)
    if not known:
        raise EmptyRangeError(f"none of the {len(names)} universe symbols is stored",
                              "import them first (e.g. the universe matrix)")
    return list(dict.fromkeys(known)), missing
