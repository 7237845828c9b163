"""Result objects of the data commands: import, fetch, list, show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from comove.results.base import Result
from comove.results.render import text_table

if TYPE_CHECKING:
    import pandas as pd

    from comove.ingest.importer import ImportResult
    from comove.providers.fetch import FetchResult

MAX_WARNINGS_SHOWN = 8


@dataclass
class ImportReport(Result):
    """What an import read, validated and wrote, per file and per symbol."""

    result: ImportResult
    store: str

    def to_dict(self) -> dict[str, Any]:
        r = self.result
        assert r.write is not None
        warnings = r.batch.warnings
        return {
            "store": self.store,
            "seconds": round(r.seconds, 3),
            "files": [{"path": str(f.path), "layout": f.layout.value, "symbols": len(f.symbols),
                       "rows": f.rows, "ignored_columns": f.ignored_columns} for f in r.files],
            "symbols": [{"symbol": s.symbol, "new": s.new, "filled": s.filled,
                         "replaced": s.replaced, "unchanged": s.unchanged, "kept": s.kept,
                         "warnings": warnings.get(s.symbol, [])} for s in r.write.symbols],
            "new_symbols": [s.symbol for s in r.new_symbols],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per symbol written."""
        import pandas as pd

        return pd.DataFrame(self.to_dict()["symbols"])

    def summary(self) -> str:
        r = self.result
        assert r.write is not None
        per_symbol = {s.symbol: s for s in r.write.symbols}
        warnings = r.batch.warnings
        lines = []
        for f in r.files:
            what = f.symbols[0] if len(f.symbols) == 1 else f"{len(f.symbols)} symbols"
            counts = [per_symbol[s] for s in f.symbols if s in per_symbol]
            new = sum(s.new for s in counts)
            changed = sum(s.filled + s.replaced for s in counts)
            same = sum(s.unchanged + s.kept for s in counts)
            lines.append(f"{f.path.name}: {what}, {f.rows:,} rows ({new:,} new, {changed:,} "
                         f"changed, {same:,} already stored)")
            if f.ignored_columns:
                lines.append(f"  ignored columns: {', '.join(f.ignored_columns)}")
            shown = 0
            for sym in f.symbols:
                for text in warnings.get(sym, []):
                    if shown < MAX_WARNINGS_SHOWN:
                        lines.append(f"  warning: {sym}: {text}")
                    shown += 1
            if shown > MAX_WARNINGS_SHOWN:
                lines.append(f"  ... and {shown - MAX_WARNINGS_SHOWN} more warnings (--json "
                             "lists them all)")
        if r.new_symbols:
            names = [s.symbol for s in r.new_symbols]
            listed = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6
                                             else "")
            first = r.new_symbols[0]
            lines.append(f"registered {len(names)} new symbols ({listed}); class "
                         f"{first.asset_class}, calendar {first.calendar} (set with "
                         "--class/--calendar)")
        lines.append(f"imported {r.write.rows_new:,} new rows, changed {r.write.rows_changed:,}, "
                     f"in {r.seconds:.2f} s into {self.store}")
        return "\n".join(lines)


@dataclass
class FetchReport(Result):
    """What each fetched symbol brought: provider, range, rows, warnings, what was written."""

    results: list[FetchResult]

    def to_dict(self) -> dict[str, Any]:
        return {"symbols": [r.as_dict() for r in self.results]}

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([r.as_dict() for r in self.results])

    def summary(self) -> str:
        return "\n".join(r.describe() for r in self.results)


@dataclass
class SeriesList(Result):
    """The stored series: one row per symbol (class, calendar, first, last, rows, sources)."""

    rows: list[dict[str, Any]]
    hidden: dict[str, int] = field(default_factory=dict)
    hidden_rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"series": self.rows}

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows)

    def summary(self) -> str:
        if not self.rows:
            return "no stored series match"
        lines = [text_table(self.rows, ["symbol", "asset_class", "calendar", "first", "last",
                                        "rows", "sources"], right=["rows"])]
        lines += [f"note: {row['symbol']}: {row['notes']}" for row in self.rows
                  if isinstance(row.get("notes"), str)]
        if self.hidden:
            left = ", ".join(f"{n:,} {cls}" for cls, n in self.hidden.items())
            lines.append(f"not shown: {left} series ({self.hidden_rows:,} rows); drop "
                         "--exclude-class to list them")
        return "\n".join(lines)


@dataclass
class SeriesRows(Result):
    """Stored rows of one symbol (with flags as names, and provenance when asked)."""

    symbol: str
    frame: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "rows": self.frame.to_dict("records")}

    def to_frame(self) -> pd.DataFrame:
        return self.frame

    def summary(self) -> str:
        return text_table(self.frame.to_dict("records"), list(self.frame.columns))

    def to_csv(self) -> str:
        return str(self.frame.to_csv(index=False))


@dataclass
class SymbolTable(Result):
    """Known symbols: built in, and registered in the store."""

    rows: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"symbols": self.rows}

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.rows)

    def summary(self) -> str:
        builtin = [r for r in self.rows if r["builtin"]]
        lines = [text_table(builtin, ["symbol", "asset_class", "calendar", "providers", "name"])]
        others = len(self.rows) - len(builtin)
        if others:
            lines.append(f"and {others:,} symbols registered in the store (--json lists them)")
        return "\n".join(lines)
