"""A seeded corpus of malformed CSV and Parquet files, and what import makes of each.

Every case is imported with the real command line into a copy of a small filled store
(and, for a sample, into a new store). A case is *handled* when the import succeeds, or
when it fails with exit 1 or 2, one printable line on stderr, and the store unchanged.
Anything else (exit 70, a traceback, a multi-line or raw-control-character message, a
store changed by a refused import) is a *failure*.
"""

from __future__ import annotations

import io
import random
import shutil
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from comove.cli.main import main
from comove.store import Store
from tests.conftest import fingerprint

PRICE_HEADER = "date,open,high,low,close,volume"
HOSTILE_CELLS = [
    "", "nan", "NaN", "null", ".", "-1", "0", "1e308", "-1e308", "inf", "-inf", "1e-320",
    "abc", "\x1b[31mred\x1b[0m", "1,5", "\"1\"", "0x1A", "1_000", "١٢٣", "1e", "--1",
    "\x00", "\r", "🙂", "9" * 400, "2024-01-02", "True", " 12 ", "1e15", "1e16",
]
HOSTILE_DATES = [
    "", "2024-13-01", "2024-02-30", "02/01/2024", "2024-1-2", "20240102", "9999-12-31",
    "1600-01-01", "2024-01-02T25:00", "2024-01-02 10:00+14:00", "\x1b[2J", "2024-01-02\x00",
    "0000-00-00", "2024-01-02Z", "-2024-01-02",
]


@dataclass
class Case:
    name: str
    suffix: str
    payload: bytes


@dataclass
class Outcome:
    tried: int = 0
    accepted: int = 0
    refused: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.accepted + self.refused


def _base_rows(rng: random.Random, n: int) -> list[list[str]]:
    days = pd.bdate_range("2023-01-02", periods=n)
    price = 100.0
    rows = []
    for day in days:
        price *= 1 + rng.gauss(0, 0.01)
        low, high = price * 0.99, price * 1.01
        rows.append([day.strftime("%Y-%m-%d"), f"{price:.4f}", f"{high:.4f}", f"{low:.4f}",
                     f"{price:.4f}", str(rng.randint(1, 10**6))])
    return rows


def _csv(header: str, rows: list[list[str]]) -> bytes:
    return ("\n".join([header, *(",".join(r) for r in rows)]) + "\n").encode("utf-8")


def _cell_mutations(rng: random.Random, rows: list[list[str]]) -> list[list[str]]:
    rows = [list(r) for r in rows]
    for _ in range(rng.randint(1, 4)):
        row = rng.randrange(len(rows))
        column = rng.randrange(6)
        rows[row][column] = rng.choice(HOSTILE_DATES if column == 0 else HOSTILE_CELLS)
    return rows


def _structure_mutations(rng: random.Random, rows: list[list[str]]) -> tuple[str, list]:
    header = PRICE_HEADER
    choice = rng.randrange(10)
    rows = [list(r) for r in rows]
    if choice == 0:
        header = "date,open,high,low,close,close"
    elif choice == 1:
        rows.insert(rng.randrange(len(rows)), [rows[0][0], "1", "1", "1", "999", "1"])
    elif choice == 2:
        rows[rng.randrange(len(rows))].append("extra")
    elif choice == 3:
        rows[rng.randrange(len(rows))] = rows[rng.randrange(len(rows))][:3]
    elif choice == 4:
        rng.shuffle(rows)
    elif choice == 5:
        header = rng.choice(["", "date", "close", "Date,Close,Close", "date,,close",
                             "\x1b[31mdate\x1b[0m,close", "date,open,high,low"])
    elif choice == 6:
        rows.insert(rng.randrange(len(rows)), [""] * 6)
    elif choice == 7:
        header = "date,AAPL,MSFT,NVDA,LOW,ES"
        rows = [[r[0], r[1], r[2], rng.choice(HOSTILE_CELLS), r[4], ""] for r in rows]
        if rng.random() < 0.5:
            rows[rng.randrange(len(rows))][0] = ""
    elif choice == 8:
        header = "date,value"
        rows = [[r[0], rng.choice([r[4], *HOSTILE_CELLS])] for r in rows]
    else:
        rows = rows[: rng.randrange(len(rows))]
    return header, rows


def _byte_mutations(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    choice = rng.randrange(7)
    if choice == 0 and buf:
        del buf[rng.randrange(len(buf)):]                      # truncated
    elif choice == 1:
        for _ in range(rng.randint(1, 20)):                    # flipped bytes
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif choice == 2:
        buf = bytearray(b"\xef\xbb\xbf" + bytes(buf).replace(b"\n", b"\r\n"))  # BOM, CRLF
    elif choice == 3:
        buf[rng.randrange(len(buf)):rng.randrange(len(buf))] = b"\xff\xfe\x00"  # not UTF-8
    elif choice == 4:
        buf = bytearray(bytes(buf).replace(b",", b";"))        # wrong separator
    elif choice == 5:
        at = rng.randrange(len(buf))
        buf[at:at] = b"x" * rng.choice([10_000, 1_000_000])    # a huge cell
    else:
        buf[rng.randrange(len(buf)):rng.randrange(len(buf))] = b'"'  # unbalanced quote
    return bytes(buf)


def _parquet(rng: random.Random, rows: list[list[str]]) -> bytes:
    frame = pd.DataFrame(rows, columns=PRICE_HEADER.split(","))
    choice = rng.randrange(8)
    if choice == 0:
        frame["close"] = [rng.choice(HOSTILE_CELLS) for _ in range(len(frame))]
    elif choice == 1:
        frame["date"] = pd.to_datetime(frame["date"]).dt.tz_localize(
            rng.choice(["UTC", "Etc/GMT-14", "America/New_York"]))
        frame[["open", "high", "low", "close", "volume"]] = frame[
            ["open", "high", "low", "close", "volume"]].astype(float)
    elif choice == 2:
        frame["close"] = rng.choice([True, False])
    elif choice == 3:
        frame["date"] = pd.to_datetime(frame["date"])
        frame.loc[frame.index[::3], "date"] = pd.NaT
    elif choice == 4:
        frame = frame.astype({"close": float})
        frame.loc[frame.index[rng.randrange(len(frame))], "close"] = rng.choice(
            [np.inf, -1.0, 1e308, np.nan])
    elif choice == 5:
        frame["date"] = np.arange(len(frame))
    elif choice == 6:
        frame = frame.set_index(pd.to_datetime(frame.pop("date")))
        frame.index.name = "date"
    else:
        frame["close"] = [[1, 2]] * len(frame)
    out = io.BytesIO()
    try:
        frame.to_parquet(out)
    except Exception:  # the mutation cannot be written as Parquet: try a plain one
        out = io.BytesIO()
        pd.DataFrame({"date": ["2024-01-02"], "close": [1.0]}).to_parquet(out)
    data = out.getvalue()
    if rng.random() < 0.3:
        data = _byte_mutations(rng, data)
    return data


def corpus(seed: int, count: int) -> Iterator[Case]:
    """``count`` malformed files, the same for the same seed."""
    rng = random.Random(seed)
    base = _base_rows(rng, 40)
    kinds: list[Callable[[int], Case]] = [
        lambda i: Case(f"cells-{i}", ".csv", _csv(PRICE_HEADER, _cell_mutations(rng, base))),
        lambda i: Case(f"structure-{i}", ".csv", _csv(*_structure_mutations(rng, base))),
        lambda i: Case(f"bytes-{i}", ".csv", _byte_mutations(rng, _csv(PRICE_HEADER, base))),
        lambda i: Case(f"parquet-{i}", ".parquet", _parquet(rng, base)),
    ]
    for i in range(count):
        yield kinds[i % len(kinds)](i)


def _run(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = int(exc.code or 0)
        except BaseException as exc:  # a crash is what the fuzzer counts
            return 99, f"{type(exc).__name__}: {exc}"
    return code, err.getvalue()


def _clean(stderr: str) -> bool:
    lines = stderr.splitlines()
    error = [line for line in lines if line.startswith("comove: error: ")]
    return len(error) == 1 and all(ch.isprintable() for ch in error[0]) and len(error[0]) < 2000


def run_corpus(work: Path, seed: int, count: int, template: Path) -> Outcome:
    """Import each case into a copy of ``template`` (and every fourth into a new store)."""
    outcome = Outcome()
    reference = fingerprint(Store(template))
    for case in corpus(seed, count):
        folder = work / case.name
        folder.mkdir()
        # File names are symbol-like so that the name is never the problem.
        path = folder / f"fz{case.name.split('-')[1]}{case.suffix}"
        path.write_bytes(case.payload)
        targets = [("filled", template, reference)]
        if int(case.name.split("-")[1]) % 4 == 0:
            targets.append(("new", None, "absent"))
        for label, source, before in targets:
            store = folder / f"store-{label}"
            if source is not None:
                shutil.copytree(source, store)
            outcome.tried += 1
            code, stderr = _run(["--store", str(store), "data", "import", str(path)])
            after = fingerprint(Store(store))
            if code == 0:
                outcome.accepted += 1
            elif code in (1, 2) and _clean(stderr) and after == before:
                outcome.refused += 1
            else:
                outcome.failed.append(f"{case.name} ({label} store): exit {code}: "
                                      f"{stderr.strip()[:300]!r}")
        shutil.rmtree(folder)
    return outcome
