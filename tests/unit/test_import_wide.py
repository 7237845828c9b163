"""A numeric wide matrix is validated as a matrix: the same messages, warnings and stored
rows as the long way (cell by cell), which tests here force for comparison."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from comove.errors import DataFileError
from comove.ingest import ImportOptions, import_files
from comove.ingest.importer import prepare_import
from comove.ingest.wide import WideMatrix
from comove.store import Store
from comove.symbols import AssetClass, Calendar
from tests.conftest import fingerprint, write_csv

TODAY = datetime(2025, 1, 10)
HEADER = "date,AAA,BBB,CCC,DDD\n"
ROWS = [
    "2024-01-04,10,20,,40",
    "2024-01-05,11,21,31,41",
    "2024-01-06,12,22,32,42",  # a Saturday
    "2024-01-08,13,,33,43",
    "2024-01-09,14,24,34,44",
]


def matrix(tmp_path: Path, rows: list[str], name: str = "universe.csv") -> Path:
    return write_csv(tmp_path / name, HEADER + "\n".join(rows) + "\n")


def both_ways(
    tmp_path: Path, path: Path, monkeypatch: pytest.MonkeyPatch, options: ImportOptions
) -> tuple[object, object]:
    """The outcome (rows and warnings, or the error) the fast way and the long way."""
    outcomes: list[object] = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(WideMatrix, "build", classmethod(lambda *a: None))
        store = Store(tmp_path / f"store-{fast}")
        try:
            result = prepare_import(store, [path], options, today=TODAY)
        except DataFileError as exc:
            outcomes.append((str(exc), exc.hint))
            continue
        rows = result.batch.rows.loc[:, ["symbol", "date", "close", "flags"]]
        outcomes.append((
            [tuple(r) for r in rows.astype({"symbol": str}).itertuples(index=False)],
            result.batch.warnings,
            [(s.path, s.layout, s.symbols, s.rows) for s in result.files],
        ))
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        ({}, None),
        ({1: "2024-01-05,11,inf,31,41"}, "line 3: close is infinite"),
        ({1: "2024-01-05,11,1e300,31,-inf"}, "line 3: close is infinite"),
        ({3: "2024-01-08,13,,1e16,43"}, "close 1e+16 is beyond the largest value"),
        ({4: "2026-01-09,14,24,34,44"}, "line 6: date 2026-01-09"),
        ({0: "2024-01-04,10,-20,,0", 4: "2024-01-09,0,24,34,44"}, "close -20.0 is not positive"),
        ({2: "2024-01-06,,,,"}, None),
        ({2: ",,,,"}, None),
        ({2: ",1,,,"}, "line 4: a row with prices but no date"),
        ({2: "2024/01/06,1,,,"}, "line 4: date '2024/01/06' is not a YYYY-MM-DD date"),
        ({2: "2024-01-08,12,22,32,42"}, "2024-01-08 appears 2 times with different values"),
        ({4: ROWS[3]}, None),  # an identical repeated row (the long way: tolerated)
        ({0: "2024-01-10,10,20,,40"}, None),  # out of order: the long way
        ({k: f"2024-01-0{k + 4},,,," for k in range(5)}, "every price cell is empty"),
    ],
)
def test_the_matrix_way_matches_the_long_way(tmp_path, monkeypatch, replace, expected):
    rows = [replace.get(k, row) for k, row in enumerate(ROWS)]
    fast, slow = both_ways(tmp_path, matrix(tmp_path, rows), monkeypatch, ImportOptions())
    assert fast == slow
    if expected is None:
        assert isinstance(fast[0], list)
    else:
        assert expected in fast[0]


def test_weekend_rows_and_series_columns_match_the_long_way(tmp_path, monkeypatch):
    path = matrix(tmp_path, ROWS)
    for options in (ImportOptions(), ImportOptions(calendar=Calendar.ALWAYS),
                    ImportOptions(asset_class=AssetClass.SERIES),
                    ImportOptions(renames={"BBB": "VIX"})):
        fast, slow = both_ways(tmp_path, path, monkeypatch, options)
        assert fast == slow
        monkeypatch.undo()
    fast, _ = both_ways(tmp_path, path, monkeypatch, ImportOptions())
    assert any("weekend rows" in w for items in fast[1].values() for w in items)  # type: ignore[index]


def test_a_wide_import_stores_the_same_as_the_long_way(tmp_path, monkeypatch):
    other = write_csv(tmp_path / "spx.csv", "date,open,high,low,close,volume\n"
                      "2024-01-04,10,11,9,10.5,100\n2024-01-05,10.5,12,10,11,200\n")
    prints = []
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(WideMatrix, "build", classmethod(lambda *a: None))
        store = Store(tmp_path / f"store-{fast}")
        import_files(store, [matrix(tmp_path, ROWS), other], today=TODAY)
        with store.reading() as con:
            prints.append(con.execute(
                "SELECT o.* EXCLUDE (ingest_id), i.symbol, i.source, i.rows_new, i.warnings "
                "FROM observations o JOIN ingests i ON i.id = o.ingest_id ORDER BY ALL"
            ).fetchall())
    assert prints[0] == prints[1]
    assert len(prints[0]) == 18 - 4 + 2  # 18 cells, a Saturday of four, two SPX rows


def test_a_bad_matrix_leaves_the_store_as_it_was(tmp_path, store):
    import_files(store, [matrix(tmp_path, ROWS, "first.csv")], today=TODAY)
    before = fingerprint(store)
    bad = matrix(tmp_path, ["2024-01-10,1,2,3,4", "2024-01-11,1,2,-3,4"], "second.csv")
    with pytest.raises(DataFileError, match=r"line 3: close -3\.0 is not positive"):
        import_files(store, [bad], today=TODAY)
    assert fingerprint(store) == before


def test_a_numeric_matrix_takes_the_matrix_way_and_stays_narrow(tmp_path, monkeypatch):
    built = []
    original = WideMatrix.build.__func__  # type: ignore[attr-defined]

    def spy(cls, *args):
        built.append(original(cls, *args))
        return built[-1]

    monkeypatch.setattr(WideMatrix, "build", classmethod(spy))
    result = prepare_import(Store(tmp_path / "s"), [matrix(tmp_path, ROWS)], ImportOptions(),
                            today=TODAY)
    assert built and built[0] is not None
    assert list(result.batch.rows.columns) == ["symbol", "date", "close", "flags"]
    text = matrix(tmp_path, [*ROWS[:4], "2024-01-09,14,n/a,34,44"], "text.csv")
    prepare_import(Store(tmp_path / "t"), [text], ImportOptions(), today=TODAY)
    assert built[1] is None  # text cells: the long way
