"""The claims file: validation messages, safe loading, verdict rules on hand-made data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from comove.claims.engine import evaluate
from comove.claims.loader import ClaimFileError, load_claims
from comove.claims.model import Outcome, Verdict, combine
from comove.ingest import import_files
from tests.conftest import run_cli


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(text)
    return path


GOOD = """
claims:
  - id: X1
    text: SPX closed at a record on 2024-01-05.
    test: record_on_date
    params: {date: 2024-01-05, records: [SPX]}
  - id: X2
    text: Fund flows were large.
    untestable: flows are not price data
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("claims: [{id: X1, text: t, test: nope}]", "claim X1, test: unknown test 'nope'"),
        ("claims: [{id: X1, text: t, test: record_on_date, params: {date: 2024-13-01}}]",
         "claim X1, params.date: '2024-13-01' is not a YYYY-MM-DD date"),
        ("claims: [{id: X1, text: t, test: record_count, params: {symbol: SPX}}]",
         "claim X1, params.claimed: required by test record_count"),
        ("claims: [{id: X1, text: t, test: record_on_date, params: {date: 2024-01-01, x: 1}}]",
         "unknown parameter(s) x for test record_on_date"),
        ("claims: [{id: X1, text: t, test: level_on_date, params: {symbol: SPX, "
         "date: 2024-01-01, op: sideways}}]", "params.op: 'sideways' is not one of"),
        ("claims: [{id: X1, text: t, untestable: why}, {id: X1, text: u, untestable: why}]",
         "claim X1: the id is used twice"),
        ("claims: [{text: t, untestable: why}]", "claim #1, id: missing"),
        ("claims: [{id: X1, untestable: why}]", "claim X1, text: the claim as written"),
        ("claims: [{id: X1, text: t}]", "claim X1: no 'test'"),
        ("claims:\n  - id: X1\n   text: bad indent", "not valid YAML"),
        ("nothing: here", "no 'claims:' list"),
        ("claims: [{id: X1, text: t, test: return_period, params: {symbol: SPX, start: "
         "2024-01-01, end: 2024-02-01, claimed: lots}}]", "params.claimed: 'lots' is not a number"),
    ],
)
def test_validation_points_at_the_claim_and_field(tmp_path, body, message):
    with pytest.raises(ClaimFileError) as err:
        load_claims(write(tmp_path, body))
    assert message in str(err.value)


def test_yaml_is_loaded_safely(tmp_path):
    evil = "claims: !!python/object/apply:os.system ['echo hacked']"
    with pytest.raises(ClaimFileError, match="not valid YAML"):
        load_claims(write(tmp_path, evil))


def test_cli_bad_claims_file_one_line_exit_1(tmp_path):
    result = run_cli("--store", tmp_path / "s", "check", write(tmp_path, "claims: 3"))
    assert result.code == 1 and result.err.count("\n") == 1


def test_combine_rules():
    o = lambda v: Outcome(v, "", "")  # noqa: E731
    assert combine([o(Verdict.SUPPORTED), o(Verdict.SUPPORTED)]) is Verdict.SUPPORTED
    # parts: some hold, some fail -> partly supported (issue 10); none holds -> contradicted
    assert combine([o(Verdict.SUPPORTED), o(Verdict.CONTRADICTED)]) is Verdict.PARTLY
    assert combine([o(Verdict.SUPPORTED), o(Verdict.INCONCLUSIVE)]) is Verdict.PARTLY
    assert combine([o(Verdict.CONTRADICTED), o(Verdict.INCONCLUSIVE)]) is Verdict.CONTRADICTED


@pytest.fixture
def small_store(store, tmp_path):
    days = pd.bdate_range("2024-01-01", periods=30)
    closes = np.r_[np.linspace(100, 110, 10), np.linspace(109, 95, 10), np.linspace(96, 112, 10)]
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "close": closes})
    frame.to_csv(tmp_path / "spx.csv", index=False)
    import_files(store, [tmp_path / "spx.csv"])
    return store


def test_checks_by_hand(small_store, tmp_path):
    days = pd.bdate_range("2024-01-01", periods=30)
    text = f"""
claims:
  - id: R1
    text: record on day 10
    test: record_on_date
    params: {{date: {days[9].date()}, records: [SPX]}}
  - id: R2
    text: record on day 15
    test: record_on_date
    params: {{date: {days[14].date()}, records: [SPX]}}
  - id: N1
    text: 9 records in the first 10 days
    test: record_count
    params: {{symbol: SPX, start: 2024-01-01, end: {days[9].date()}, claimed: 9, tolerance: 0}}
  - id: P1
    text: up 10% over the first 10 days
    test: return_period
    params: {{symbol: SPX, start: 2024-01-01, end: {days[9].date()}, claimed: 0.1,
             tolerance: 0.001}}
  - id: L1
    text: below 100 on day 20
    test: level_on_date
    params: {{symbol: SPX, date: {days[19].date()}, op: below, value: 100}}
  - id: M1
    text: a date with no data
    test: level_on_date
    params: {{symbol: SPX, date: 2023-06-01, op: below, value: 100}}
"""
    results = {r.claim.id: r for r in evaluate(load_claims(write(tmp_path, text)), small_store)}
    assert results["R1"].verdict is Verdict.SUPPORTED
    assert results["R2"].verdict is Verdict.CONTRADICTED
    assert "below record" in results["R2"].measured
    assert results["N1"].verdict is Verdict.SUPPORTED and results["N1"].measured.startswith("9 ")
    assert results["P1"].verdict is Verdict.SUPPORTED
    assert results["L1"].verdict is Verdict.SUPPORTED
    assert results["M1"].verdict is Verdict.INCONCLUSIVE
    assert "not measurable" in results["M1"].measured


def test_asof_hides_later_data(small_store, tmp_path):
    days = pd.bdate_range("2024-01-01", periods=30)
    text = f"""
claims:
  - id: LATE
    text: record on the last day
    test: record_on_date
    params: {{date: {days[29].date()}, records: [SPX]}}
"""
    path = write(tmp_path, text)
    now = evaluate(load_claims(path), small_store)[0]
    before = evaluate(load_claims(path), small_store, asof=days[20].date())[0]
    assert now.verdict is Verdict.SUPPORTED
    assert before.verdict is Verdict.INCONCLUSIVE


def test_check_json_has_the_required_fields(small_store, tmp_path):
    result = run_cli("--store", small_store.path, "check", write(tmp_path, GOOD), "--json")
    payload = json.loads(result.out)
    for claim in payload["claims"]:
        assert {"id", "verdict", "measured", "claimed"} <= set(claim)
    assert payload["claims"][1]["verdict"] == "untestable"


def test_claims_docs_are_current_and_have_an_example_for_every_test():
    from comove.claims.checks import CHECKS
    from comove.claims.docs import BEGIN, END, reference
    from tests.conftest import REPO

    text = (REPO / "docs" / "claims.md").read_text()
    assert text[text.index(BEGIN): text.index(END) + len(END)] == reference(), (
        "regenerate: python -m comove.claims.docs --write docs/claims.md")
    assert reference().count("Example:") == len(CHECKS)


def test_a_level_range_is_read_as_rounded_ends(small_store, tmp_path):
    """Both ends share the finer precision ("around 60,000" next to "around 55,000" is
    written to the thousand): a whole unit each side for "around", half a unit without."""
    day = pd.bdate_range("2024-01-01", periods=30)[19].date()
    text = f"""
claims:
  - id: H1
    text: between around 55,000 and around 60,000
    test: level_on_date
    params: {{symbol: SPX, date: {day}, op: between, low: "around 55,000", high: "around 60,000"}}
  - id: H2
    text: between 55,000 and 60,000
    test: level_on_date
    params: {{symbol: SPX, date: {day}, op: between, low: 55000, high: 60000}}
  - id: H3
    text: between 20 and 30
    test: level_on_date
    params: {{symbol: SPX, date: {day}, op: between, low: 20, high: 30}}
"""
    results = {r.claim.id: r for r in evaluate(load_claims(write(tmp_path, text)), small_store)}
    assert results["H1"].claimed.endswith("(54,000 to 61,000)")
    assert results["H2"].claimed.endswith("(54,500 to 60,500)")
    assert results["H3"].claimed.endswith("(19.5 to 30.5)")
    assert "range ends read as rounded figures" in results["H1"].outcomes[0].conventions
