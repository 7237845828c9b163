"""Hostile and broken claims files: each gets one clear line and exit 1 or 2, quickly."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from comove.claims.loader import ClaimFileError, load_claims
from tests.conftest import run_cli

ONE = "claims:\n  - id: X1\n    text: t\n"


def write(tmp_path: Path, text: str, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    lines.append("claims: [*i]")
    return "\n".join(lines) + "\n"


HOSTILE = [
    ("aliases", billion_laughs(), "aliases expand to more than 200,000 values"),
    ("many aliases", "x: &x 1\nclaims: [" + ", ".join(["*x"] * 150) + "]\n",
     "more than 100 aliases"),
    ("deep", "claims: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested more than 32 levels"),
    ("self alias", ONE + "    test: record_on_date\n    params: {date: 2024-01-02, "
     "near: &n {SPX: *n}}\n", "refers to a value that contains it"),
    ("alias in mapping", "base: &b {SPX: lots}\n" + ONE + "    test: record_on_date\n"
     "    params: {date: 2024-01-02, near: *b}\n", "params.near.SPX: 'lots' is not a number"),
    ("huge days", ONE + "    test: record_count\n    params: {symbol: SPX, end: 2024-01-02, "
     "claimed: 4, days: 99999999999999999999999}\n",
     "params.days: 99999999999999999999999 is outside 1 to 36,500"),
    ("huge resamples", ONE + "    test: beta_comparison\n    params: {more: RUT, less: NDX, "
     "driver: DGS10, start: 2022-01-01, end: 2025-01-01, resamples: 1000000000000}\n",
     "params.resamples: resamples=1000000000000 is outside 100 to 200,000"),
    ("huge horizons", ONE + "    test: event_study\n    params: {a: SPX, b: BTC, event: "
     "{kind: record}, claimed: up, horizons: [90, 99999]}\n",
     "params.horizons: horizons=99999 is outside 1 to 3,650"),
    ("digits", ONE + "    test: record_count\n    params: {symbol: SPX, end: 2024-01-02, "
     f"claimed: {'9' * 5000}}}\n", "a value cannot be read"),
    ("event kind", ONE + "    test: event_study\n    params: {a: SPX, b: BTC, event: "
     "{kind: nonsense}, claimed: up}\n", "params.event.kind: 'nonsense' is not one of record,"),
    ("event threshold", ONE + "    test: event_study\n    params: {a: SPX, b: BTC, event: "
     "{kind: level}, claimed: up}\n", "params.event.threshold: a level event needs a threshold"),
    ("text min_days", ONE + "    test: event_study\n    params: {a: RUT, b: BTC, event: "
     "{kind: breakout, min_days: many}, claimed: up}\n",
     "params.event.min_days: 'many' is not a whole number"),
    ("event field", ONE + "    test: event_study\n    params: {a: SPX, b: BTC, event: "
     "{kind: record, colour: red}, claimed: up}\n", "unknown parameter(s) colour for event"),
    ("nan", ONE + "    test: record_count\n    params: {symbol: SPX, end: 2024-01-02, "
     "claimed: .nan}\n", "params.claimed: nan is not a finite number"),
    ("inf", ONE + "    test: return_period\n    params: {symbol: SPX, start: 2024-01-02, "
     "end: 2024-02-02, claimed: -.inf}\n", "params.claimed: -inf is not a finite number"),
    ("year 1", ONE + "    test: record_on_date\n    params: {date: 0001-01-01}\n",
     "params.date: 0001-01-01 is outside 1850-01-01 to 2150-12-31"),
    ("missing value", ONE + "    test: level_on_date\n    params: {symbol: SPX, "
     "date: 2024-01-02, op: between, low: 5}\n", "op: between needs low and high"),
    ("volume in percent", ONE + "    test: conditional_volume\n    params: {a: SPX, b: BTC, "
     "event: {kind: record}, claimed_low: \"20%\", claimed_high: 1.3}\n",
     "params.claimed_low: '20%' is a percentage, and claimed_low is a ratio of volume to its "
     "baseline (write 1.2 for 20% more)"),
    ("volume range reversed", ONE + "    test: conditional_volume\n    params: {a: SPX, b: BTC, "
     "event: {kind: record}, claimed_low: 1.3, claimed_high: 1.2}\n",
     "claimed_low 1.3 is above claimed_high 1.2 (swap them)"),
    ("volume in percent, down", ONE + "    test: conditional_volume\n    params: {a: SPX, "
     "b: BTC, event: {kind: record}, claimed_low: \"-20%\"}\n", "(write 0.8 for 20% less)"),
    ("volume ratio", ONE + "    test: conditional_volume\n    params: {a: SPX, b: BTC, "
     "event: {kind: record}, claimed_low: -1}\n", "params.claimed_low: -1 is outside 0 to 1e6"),
    ("month", ONE + "    test: breakout\n    params: {symbol: SPX, after: 2022-01-01, "
     "claimed_month: November}\n", "params.claimed_month: 'November' is not a YYYY-MM month"),
    ("control in text", "claims:\n  - id: X1\n    text: \"red \\e[31m alert\"\n"
     "    untestable: why\n", "text: contains the control character \\x1b"),
    ("bidi in note", "claims:\n  - id: X1\n    text: t\n    note: \"a \\u202e b\"\n"
     "    untestable: why\n", "note: contains the control character \\u202e"),
    ("long text", "claims:\n  - id: X1\n    text: " + "x" * 20_000 + "\n    untestable: why\n",
     "text: 20,000 characters; at most 10,000"),
    ("status", ONE + "    untestable: why\n    status: approved\n",
     "status: 'approved' is not one of draft, reviewed"),
    ("confidence", ONE + "    untestable: why\n    confidence: 1.5\n",
     "confidence: 1.5 is outside 0 to 1"),
    ("source span", ONE + "    untestable: why\n    source: {start: 50, end: 10}\n",
     "source.end: end 10 is before start 50"),
    ("duplicate key", ONE + "    test: record_on_date\n    params: {date: 2024-01-02}\n"
     "    params: {date: 2024-01-03}\n", "line 6: the key 'params' appears twice"),
    ("source field", ONE + "    untestable: why\n    source: {start: 1, end: 10, page: 3}\n",
     "unknown parameter(s) page for source"),
]


@pytest.mark.parametrize(("body", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_files_get_one_line_errors_fast(tmp_path, body, message):
    path = write(tmp_path, body)
    began = time.perf_counter()
    with pytest.raises(ClaimFileError) as err:
        load_claims(path)
    assert time.perf_counter() - began < 5
    assert message in str(err.value)
    result = run_cli("--store", tmp_path / "s", "check", path)
    assert result.code == 1 and result.err.count("\n") == 1, result.err
    assert result.err.startswith("comove: error: ") and "internal error" not in result.err


def test_ids_and_values_are_escaped_and_cut_when_echoed(tmp_path):
    for raw in ("\\e]0;owned\\a" + "A" * 10_000, "X" * 100_000):
        path = write(tmp_path, f'claims:\n  - id: "{raw}"\n    text: t\n    untestable: why\n')
        result = run_cli("--store", tmp_path / "s", "check", path)
        assert result.code == 1 and result.err.count("\n") == 1
        assert "\x1b" not in result.err and "\x07" not in result.err
        assert len(result.err) < 300
    path = write(tmp_path, ONE + '    test: "\\e[2Jnope' + "z" * 5000 + '"\n')
    result = run_cli("--store", tmp_path / "s", "check", path)
    assert "\x1b" not in result.err and len(result.err) < 800 and "\\x1b[2Jnope" in result.err


def test_large_file_is_refused_before_it_is_read(tmp_path):
    path = write(tmp_path, ONE + "    untestable: why\n" + "# padding\n" * 600_000)
    with pytest.raises(ClaimFileError, match="bytes; a claims file is at most 5,242,880"):
        load_claims(path)


def test_a_directory_or_missing_file_as_claims(tmp_path):
    result = run_cli("--store", tmp_path / "s", "check", tmp_path)
    assert result.code == 1 and "is a directory, not a claims file" in result.err
    result = run_cli("--store", tmp_path / "s", "check", tmp_path / "nope.yaml")
    assert result.code == 1 and "no such file" in result.err
    (tmp_path / "latin1.yaml").write_bytes("claims: [{id: X, text: caf\xe9}]".encode("latin-1"))
    result = run_cli("--store", tmp_path / "s", "check", tmp_path / "latin1.yaml")
    assert result.code == 1 and "not UTF-8 text" in result.err


def test_markdown_into_a_missing_or_unmarked_file_is_a_usage_error(tmp_path):
    claims = write(tmp_path, ONE + "    untestable: why\n")
    for target, message in ((tmp_path / "missing.md", "missing.md: no such file"),
                            (tmp_path, "is a directory"),
                            (write(tmp_path, "# no markers\n", "plain.md"), "has no")):
        result = run_cli("--store", tmp_path / "s", "check", claims, "--markdown-into", target)
        assert result.code == 2 and result.err.count("\n") == 1, result.err
        assert message in result.err
    assert (tmp_path / "plain.md").read_text() == "# no markers\n"


def test_unknown_only_id_names_the_option(tmp_path):
    claims = write(tmp_path, ONE + "    untestable: why\n")
    result = run_cli("--store", tmp_path / "s", "check", claims, "--only", "X1,Z9")
    assert result.code == 2 and "no claim with id Z9 in claims.yaml" in result.err
