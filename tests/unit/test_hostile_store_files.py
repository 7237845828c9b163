"""Hostile files and damaged stores (issue 13, items 1, 2, 4 and 5): each gets one clear
line naming the problem and the fix, and leaves the store exactly as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from comove.errors import ComoveError, DataFileError, EmptyRangeError, StoreError
from comove.ingest import import_files
from comove.store import Store
from tests.conftest import fingerprint, run_cli, write_csv

HEADER = "date,open,high,low,close,volume\n"
GOOD = HEADER + "2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n"


def one_line(result, codes: tuple[int, ...] = (1,)) -> str:
    assert result.code in codes, result.err
    assert result.err.count("\n") == 1 and result.err.startswith("comove: error: "), result.err
    return result.err


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def filled(tmp_path, store) -> Store:
    import_files(store, [write_csv(tmp_path / "rut.csv", GOOD)])
    return store


# -- 1. half-made, empty, foreign and damaged stores ----------------------------------------

def test_a_store_killed_during_its_first_import_is_reused(tmp_path, store):
    store.path.mkdir()
    duckdb.connect(str(store.db_path)).close()  # what a kill before the first commit leaves
    one_line(run_cli("--store", store.path, "data", "list"))
    assert store.symbols() == {} and store.last_dates() == {}
    result = run_cli("--store", store.path, "data", "import", write_csv(tmp_path / "spx.csv", GOOD))
    assert result.code == 0, result.err
    assert len(store.read("SPX")) == 2


def test_a_blank_file_left_by_a_full_disk_is_replaced(tmp_path, store):
    store.path.mkdir()
    store.db_path.touch()
    assert "is empty" in one_line(run_cli("--store", store.path, "data", "show", "SPX"))
    import_files(store, [write_csv(tmp_path / "spx.csv", GOOD)])
    assert len(store.read("SPX")) == 2


def test_a_foreign_duckdb_file_is_never_written(tmp_path, store):
    store.path.mkdir()
    con = duckdb.connect(str(store.db_path))
    con.execute("CREATE TABLE people (name VARCHAR); INSERT INTO people VALUES ('ada')")
    con.close()
    before = folder_digest(store.path)
    err = one_line(run_cli("--store", store.path, "data", "import",
                           write_csv(tmp_path / "spx.csv", GOOD)))
    assert "not a comove store (it holds people)" in err and "--store" in err
    assert folder_digest(store.path) == before


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("UPDATE meta SET value = '99'", "schema version '99'"),
        ("DELETE FROM meta", "no schema_version"),
        ("DROP TABLE ingests", "table ingests is missing"),
        ("ALTER TABLE observations DROP COLUMN flags", "table observations has columns"),
    ],
)
def test_a_wrong_schema_is_named(filled, damage, expected):
    con = duckdb.connect(str(filled.db_path))
    con.execute(damage)
    con.close()
    before = folder_digest(filled.path)
    for args in (["data", "list"], ["data", "show", "RUT"], ["data", "add-symbol", "X",
                 "--class", "stock", "--calendar", "us-exchange"]):
        assert expected in one_line(run_cli("--store", filled.path, *args))
    assert folder_digest(filled.path) == before


def test_an_unknown_asset_class_in_the_store_is_named(filled):
    con = duckdb.connect(str(filled.db_path))
    con.execute("UPDATE symbols SET asset_class = 'martian'")
    con.close()
    err = one_line(run_cli("--store", filled.path, "data", "show", "RUT"))
    assert "invalid metadata for symbol RUT" in err and "add-symbol RUT" in err


def test_a_half_truncated_store_is_named(filled):
    size = filled.db_path.stat().st_size
    os.truncate(filled.db_path, size // 2)
    err = one_line(run_cli("--store", filled.path, "data", "list"))
    assert "comove.duckdb" in err and "import your files again" in err


def test_a_corrupt_block_hit_by_a_query_is_named(tmp_path, shared_data):
    store = Store(tmp_path / "s")
    import_files(store, [shared_data / "dff.csv", shared_data / "spx.csv"])
    data = bytearray(store.db_path.read_bytes())
    for offset in range(3 * 262_144, len(data) - 4096, 262_144):  # every block but the headers
        data[offset + 100: offset + 4000] = b"\xff" * 3900
    store.db_path.write_bytes(bytes(data))
    err = one_line(run_cli("--store", store.path, "data", "show", "SPX", "--start",
                           "2020-01-01", "--end", "2020-01-10"))
    assert "comove.duckdb" in err


DISK_FULL = textwrap.dedent("""
    import resource, signal, sys
    from comove.cli.main import main
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail like ENOSPC
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
    sys.exit(main(sys.argv[2:]))
""")


@pytest.mark.parametrize("new_store", [True, False])
def test_a_full_disk_reports_the_real_error_and_changes_nothing(tmp_path, store, shared_data,
                                                                new_store):
    if not new_store:
        import_files(store, [write_csv(tmp_path / "rut.csv", GOOD)])
    before = fingerprint(store)
    run = subprocess.run(
        [sys.executable, "-c", DISK_FULL, "400000", "--store", str(store.path), "data",
         "import", str(shared_data / "spx.csv")],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("\n") == 1 and "the disk is full" in run.stderr
    assert "cannot rollback" not in run.stderr
    assert fingerprint(store) == before
    result = import_files(store, [write_csv(tmp_path / "spx.csv", GOOD)])
    assert result.write.rows_new == 2  # the store still works


def test_a_store_path_that_is_a_file_is_named(tmp_path):
    not_a_folder = write_csv(tmp_path / "notes.txt", "hello")
    for args in (["data", "list"], ["data", "import", write_csv(tmp_path / "spx.csv", GOOD)]):
        assert "point --store at a folder" in one_line(run_cli("--store", not_a_folder, *args))
    assert not_a_folder.read_text() == "hello"


# -- 2. unbounded inputs -----------------------------------------------------------------------

def test_a_link_to_a_device_is_refused(tmp_path, filled):
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    before = fingerprint(filled)
    err = one_line(run_cli("--store", filled.path, "data", "import", link))
    assert "not a regular file" in err
    assert fingerprint(filled) == before


def test_a_named_pipe_is_refused_without_blocking(tmp_path, filled):
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(DataFileError, match="not a regular file"):
        import_files(filled, [pipe])


def test_a_file_over_the_size_bound_is_refused(tmp_path, filled, monkeypatch):
    monkeypatch.setenv("COMOVE_MAX_FILE_BYTES", "1000")
    big = write_csv(tmp_path / "spx.csv", HEADER + "2024-01-02,10,11,9,10.5,100\n" * 100)
    before = fingerprint(filled)
    with pytest.raises(DataFileError, match="COMOVE_MAX_FILE_BYTES"):
        import_files(filled, [big])
    assert fingerprint(filled) == before


# -- 3. and 5. cells and headers ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + "2024-01-02,10,11,9,1e308,100\n", "close 1e+308 is beyond the largest"),
        (HEADER + "2024-01-02,10,11,9,10,1e300\n", "volume 1e+300 is beyond the largest"),
        ("date,open,high,low,close,close\n2024-01-02,1,1,1,1,2\n",
         "column 'close' appears twice"),
        ("Date,Close,close\n2024-01-02,1,2\n", "column 'close' appears twice"),
        ("date,AAPL,MSFT,NVDA\n2024-01-02,1,2,3\n,4,5,6\n", "line 3: a row with prices but no"),
        (HEADER + "2024-01-02,10,11,9,\x1b[31mred\x1b[0m\n,100\n", r"close '\x1b[31mred"),
    ],
)
def test_bad_cells_and_headers_are_fatal(tmp_path, filled, text, expected):
    before = fingerprint(filled)
    path = write_csv(tmp_path / "spx.csv", text)
    with pytest.raises(DataFileError) as err:
        import_files(filled, [path])
    assert expected in str(err.value)
    assert fingerprint(filled) == before


def test_control_characters_and_huge_cells_are_escaped_and_cut(tmp_path, filled):
    name = "evil\x1b[2J\nname.csv"
    huge = HEADER + "2024-01-02,10,11,9," + "9" * 100 + "x" * 5_000_000 + ",100\n"
    before = fingerprint(filled)
    for path in (write_csv(tmp_path / name, HEADER + "2024-01-02,10,11,9,\x07bad,1\n"),
                 write_csv(tmp_path / "spx.csv", huge)):
        err = one_line(run_cli("--store", filled.path, "data", "import", path), (1, 2))
        assert "\x1b" not in err and "\x07" not in err and len(err) < 1000
    assert r"evil\x1b[2J\nname.csv" in one_line(
        run_cli("--store", filled.path, "data", "import", tmp_path / name), (2,))
    assert fingerprint(filled) == before


def test_every_failure_is_a_comove_error(tmp_path, filled):
    """A sample across the cases above through the API: never a bare exception."""
    for text in ("", "\x00\x01\x02", "date\n", "close\n1\n", "date,close\n2024-01-02\n"):
        with pytest.raises(ComoveError):
            import_files(filled, [write_csv(tmp_path / "spx.csv", text)])
    with pytest.raises((StoreError, EmptyRangeError)):
        Store(tmp_path / "nothing").read("SPX")
