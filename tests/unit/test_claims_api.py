"""Claims as a library: typed parameters, Market.check and its result, the CLI on top of it,
one store connection per run, and honest verdicts when a period has no data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import comove
from comove.claims.checks import CHECKS
from comove.claims.engine import evaluate
from comove.claims.loader import load_claims
from comove.claims.model import SourceSpan, Verdict
from comove.ingest import import_files
from comove.results.render import jsonable
from tests.conftest import run_cli, store_connections


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SPX and RUT on weekdays, BTC every day (with volume), 2024-01-01 to 2024-06-28."""
    from comove.store import Store

    folder = tmp_path_factory.mktemp("tiny")
    rng = np.random.default_rng(7)
    for name, days in (("spx", pd.bdate_range("2024-01-01", "2024-06-28")),
                       ("rut", pd.bdate_range("2024-01-01", "2024-06-28")),
                       ("btc", pd.date_range("2024-01-01", "2024-06-28"))):
        closes = 100 * np.exp(np.cumsum(rng.normal(0.001, 0.02, len(days))))
        frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "close": closes.round(4)})
        if name == "btc":
            frame["volume"] = rng.integers(1_000, 5_000, len(days))
        frame.to_csv(folder / f"{name}.csv", index=False)
    store = Store(folder / "store")
    import_files(store, sorted(folder.glob("*.csv")))
    return folder / "store"


GOOD = """
  - id: OK1
    text: SPX rose over the first half of 2024.
    source: {start: 10, end: 52, article: a.md}
    status: draft
    confidence: 0.75
    test: return_period
    params: {symbol: SPX, start: 2024-01-02, end: 2024-06-28, claimed: -0.99, op: above}
"""

# One claim per test, each asking about a period (or date) that has no data.
EMPTY = {
    "record_on_date": "{date: 2023-06-01, records: [SPX]}",
    "record_count": "{symbol: SPX, end: 2023-01-01, claimed: 5}",
    "divergence_state": "{date: 2023-06-01, leader: SPX, laggard: BTC, claimed_below: -0.2}",
    "return_period": "{symbol: SPX, start: 2023-01-02, end: 2023-02-01, claimed: 0.1}",
    "level_on_date": "{symbol: SPX, date: 2023-06-01, op: below, value: 100}",
    "correlation_period": "{a: BTC, b: SPX, start: 2020-01-01, end: 2020-12-31, "
                          "claimed: positive}",
    "correlation_shift": "{a: BTC, b: SPX, before: '2019-01-01:2019-12-31', "
                         "after: '2024-01-01:2024-06-01', claimed: increase}",
    "synchrony": "{a: SPX, b: BTC, episodes: ['2024-01-01:2024-02-01'], since: 2030-01-01}",
    "co_bottom": "{a: SPX, b: BTC, date: 2019-01-01}",
    "event_study": "{a: SPX, b: BTC, event: {kind: record}, claimed: up, start: 2030-01-01}",
    "conditional_volume": "{a: SPX, b: BTC, event: {kind: record}, claimed_low: 1.2, "
                          "start: 2030-01-01}",
    "breakout": "{symbol: SPX, after: 2020-01-01, claimed_month: 2024-02}",
    "distance_from_record": "{symbol: SPX, date: 2023-06-01, claimed: -0.1}",
    "first_since": "{symbol: SPX, month: 2023-06, years: 1}",
    "streak": "{symbol: SPX, end: 2023-06-01, claimed: 3}",
    "correlation_value": "{a: BTC, b: SPX, start: 2020-01-01, end: 2020-12-31, claimed: 0.3}",
    "halving_comparison": "{date: 2011-01-01, claimed: [2]}",
    "halving_records": "{claimed_before: [2024-04-20]}",
    "leadlag": "{a: SPX, b: BTC, claimed: a_leads_b, start: 2030-01-01}",
    "beta_comparison": "{more: SPX, less: RUT, driver: BTC, start: 2019-01-01, "
                       "end: 2019-12-31}",
}


# One claim per test on one to a few days of data: a verdict or a reason, never a crash.
SHORT = {
    "record_on_date": "{date: 2024-01-01, records: [SPX], near: {RUT: 0.1}, not_records: [BTC]}",
    "record_count": "{symbol: SPX, start: 2024-01-01, end: 2024-01-01, claimed: 0}",
    "divergence_state": "{date: 2024-01-02, leader: SPX, laggard: BTC, claimed_below: -0.2, "
                        "first_in_years: 5}",
    "return_period": "{symbol: SPX, start: 2024-01-01, end: 2024-01-01, claimed: 0}",
    "level_on_date": "{symbol: BTC, date: 2024-01-01, op: below, value: 100, basis: high}",
    "correlation_period": "{a: BTC, b: SPX, start: 2024-01-02, end: 2024-01-04, "
                          "claimed: positive, resamples: 100}",
    "correlation_shift": "{a: BTC, b: SPX, before: '2024-01-02:2024-01-03', "
                         "after: '2024-06-27:2024-06-28', claimed: increase, resamples: 100}",
    "synchrony": "{a: SPX, b: BTC, episodes: ['2024-01-01:2024-01-02'], since: 2024-06-27}",
    "co_bottom": "{a: SPX, b: BTC, date: 2024-06-28, window_days: 1}",
    "event_study": "{a: SPX, b: BTC, event: {kind: record}, claimed: up, start: 2024-06-27, "
                   "resamples: 100}",
    "conditional_volume": "{a: SPX, b: BTC, event: {kind: record}, claimed_low: 1.2, "
                          "start: 2024-06-20, resamples: 100}",
    "breakout": "{symbol: SPX, after: 2024-01-02, claimed_month: 2024-02, record_on: 2024-01-02}",
    "distance_from_record": "{symbol: SPX, date: 2024-01-03, claimed: -0.1}",
    "first_since": "{symbol: SPX, month: 2024-01, years: 1}",
    "streak": "{symbol: SPX, end: 2024-01-05, claimed: 2}",
    "correlation_value": "{a: BTC, b: SPX, start: 2024-01-02, end: 2024-01-04, claimed: 0.3, "
                         "resamples: 100}",
    "halving_comparison": "{date: 2024-05-01, claimed: [2, 3, 4, 5]}",
    "halving_records": "{claimed_before: []}",
    "leadlag": "{a: SPX, b: BTC, claimed: a_leads_b, start: 2024-06-01, policy: equity}",
    "beta_comparison": "{more: SPX, less: RUT, driver: BTC, start: 2024-01-02, end: 2024-01-04, "
                       "resamples: 100}",
}
UNMEASURABLE = {"level_on_date", "correlation_period", "correlation_shift", "halving_comparison",
                "halving_records", "leadlag", "beta_comparison", "first_since",
                "correlation_value"}


def claims_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text("claims:" + body)
    return path


def test_every_test_has_an_empty_data_case():
    assert set(EMPTY) == set(CHECKS)


def test_no_data_is_inconclusive_with_the_reason_and_the_others_still_run(tiny, tmp_path):
    body = "".join(f"\n  - id: E{k}\n    text: {name} on no data\n    test: {name}\n"
                   f"    params: {params}\n" for k, (name, params) in enumerate(EMPTY.items()))
    path = claims_file(tmp_path, body + GOOD)
    results = {r.claim.id: r for r in comove.open(tiny).check(path).claims}
    for k, name in enumerate(EMPTY):
        result = results[f"E{k}"]
        assert result.verdict is Verdict.INCONCLUSIVE, (name, result.measured)
        assert result.measured.startswith("not measurable: "), (name, result.measured)
    assert results["OK1"].verdict is Verdict.SUPPORTED
    cli = run_cli("--store", tiny, "check", path)
    assert cli.code == 0, cli.err
    assert f"{len(EMPTY)} inconclusive, 1 supported" in cli.out


def test_short_data_gets_a_verdict_or_a_reason(tiny, tmp_path):
    assert set(SHORT) == set(CHECKS)
    body = "".join(f"\n  - id: S{k}\n    text: {name} on a few days\n    test: {name}\n"
                   f"    params: {params}\n" for k, (name, params) in enumerate(SHORT.items()))
    results = comove.open(tiny).check(claims_file(tmp_path, body)).claims
    assert len(results) == len(SHORT)
    for name, result in zip(SHORT, results, strict=True):
        assert result.measured.startswith("not measurable: ") == (name in UNMEASURABLE), (
            name, result.measured)
        if name in UNMEASURABLE:
            assert result.verdict is Verdict.INCONCLUSIVE


def test_parameters_are_typed_dataclasses(tmp_path):
    path = claims_file(tmp_path, GOOD + """
  - id: EV
    text: t
    test: event_study
    params: {a: spx, b: BTC, event: {kind: level, threshold: 15}, horizons: [30], claimed: up}
""")
    good, event = load_claims(path)
    params = good.tests[0].params
    assert isinstance(params, CHECKS["return_period"].params)
    assert params.start == dt.date(2024, 1, 2) and params.claimed == -0.99
    # issue 10: no default tolerance; it comes from the claimed figure's precision
    assert params.op == "above" and params.tolerance is None
    e = event.tests[0].params
    assert e.a == "SPX" and e.horizons == [30] and e.resamples == 10_000
    assert e.event.kind == "level" and e.event.threshold == 15.0 and e.event.min_days == 252
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.claimed = "down"


def test_drafted_claim_fields_are_kept(tiny, tmp_path):
    claim = load_claims(claims_file(tmp_path, GOOD))[0]
    assert claim.source == SourceSpan(10, 52, "a.md")
    assert claim.status == "draft" and claim.confidence == 0.75
    payload = comove.open(tiny).check([claim]).to_dict()["claims"][0]
    assert payload["source"] == {"start": 10, "end": 52, "article": "a.md"}
    assert payload["status"] == "draft" and payload["confidence"] == 0.75
    unnamed = load_claims(claims_file(tmp_path, GOOD.replace("article: a.md", "article: ''")))
    assert unnamed[0].source == SourceSpan(10, 52)
    plain = load_claims(claims_file(tmp_path, GOOD.replace(
        "source: {start: 10, end: 52, article: a.md}", "source: B").replace(
        "    status: draft\n    confidence: 0.75\n", "")))[0]
    payload = comove.open(tiny).check([plain]).to_dict()["claims"][0]
    assert payload["source"] == "B" and "status" not in payload and "confidence" not in payload


MIXED = GOOD + """
  - id: R1
    text: SPX at a record on 2024-06-28.
    made: 2024-06-28
    test: record_on_date
    params: {date: 2024-06-28, records: [SPX]}
    note: read as the close
  - id: C1
    text: BTC and SPX move together.
    test: correlation_period
    params: {a: BTC, b: SPX, start: 2024-01-01, end: 2024-06-28, claimed: positive,
             resamples: 500}
  - id: U1
    text: Flows were large.
    untestable: flows are not prices
"""


def test_cli_is_the_api(tiny, tmp_path):
    path = claims_file(tmp_path, MIXED)
    market = comove.open(tiny)
    for extra, kwargs in (([], {}), (["--asof", "2024-05-01"], {"asof": "2024-05-01"}),
                          (["--only", "C1,U1"], {"only": "C1,U1"})):
        result = market.check(path, **kwargs)
        cli = run_cli("--store", tiny, "check", path, *extra, "--json")
        assert cli.code == 0, cli.err
        assert json.loads(cli.out) == jsonable(result.to_dict())
        text = run_cli("--store", tiny, "check", path, *extra)
        assert text.out == result.summary() + "\n"
        markdown = run_cli("--store", tiny, "check", path, *extra, "--markdown")
        assert markdown.out == result.markdown() + "\n"
    assert market.check(path, only=["C1"]).to_dict()["claims"][0]["id"] == "C1"


def test_check_result_views(tiny, tmp_path):
    path = claims_file(tmp_path, MIXED)
    result = comove.open(tiny).asof("2024-05-01").check(path)
    assert result.asof == dt.date(2024, 5, 1) and result.file == str(path)
    frame = result.to_frame()
    assert list(frame.columns) == ["id", "verdict", "measured", "claimed", "as_of", "readings",
                                   "since"]
    assert frame["id"].tolist() == ["OK1", "R1", "C1", "U1"]
    assert frame.set_index("id").loc["U1", "measured"] == "flows are not prices"
    # R1 was made after the as-of date: not evaluated.
    assert frame.set_index("id").loc["R1", "verdict"] == "inconclusive"
    assert result.summary().endswith("(data up to 2024-05-01)")
    assert result.markdown().splitlines()[0] == (
        "| id | verdict (as made) | claim | measured | claimed | readings that disagree | "
        "since |")
    assert result.markdown().endswith("Data up to 2024-05-01.")
    html = result._repr_html_()
    assert "<table>" in html and "flows are not prices" in html
    claims = comove.open(tiny).load_claims(path)
    assert [c.id for c in claims] == ["OK1", "R1", "C1", "U1"]
    again = comove.open(tiny).check(claims, asof=dt.date(2024, 5, 1))
    assert again.file is None and again.to_dict()["claims"] == result.to_dict()["claims"]


def test_claims_built_in_python(tiny):
    from comove.claims import Claim, ClaimFileError
    from comove.claims.model import TestSpec

    claim = Claim("P1", "SPX closed at a record on 2024-06-28.", tests=[
        TestSpec("record_on_date", {"date": "2024-06-28", "records": ["spx"]})])
    result = comove.open(tiny).check([claim])
    assert result.claims[0].claim.tests[0].params.records == ["SPX"]
    assert result.claims[0].verdict in (Verdict.SUPPORTED, Verdict.CONTRADICTED)
    bad = Claim("P2", "t", tests=[TestSpec("record_on_date", {"date": "2024-13-01"})])
    with pytest.raises(ClaimFileError, match=r"claim P2, params\.date: '2024-13-01' is not"):
        comove.open(tiny).check([bad])
    with pytest.raises(ClaimFileError, match="unknown test 'nope'"):
        comove.open(tiny).check([Claim("P3", "t", tests=[TestSpec("nope", {})])])


def test_evaluate_keeps_its_signature(tiny, tmp_path):
    from comove.store import Store

    claims = load_claims(claims_file(tmp_path, MIXED))
    seen: list[str] = []
    results = evaluate(claims, Store(tiny), dt.date(2024, 5, 1), on_claim=seen.append)
    assert seen == ["OK1", "R1", "C1", "U1"]
    assert [r.verdict.value for r in results][3] == "untestable"


def test_one_store_connection_per_check_run(tiny, tmp_path, monkeypatch):
    path = claims_file(tmp_path, MIXED + "".join(
        f"\n  - id: E{k}\n    text: t\n    test: {name}\n    params: {params}\n"
        for k, (name, params) in enumerate(EMPTY.items())))
    opened = store_connections(monkeypatch)
    result = run_cli("--store", tiny, "check", path, "--json")
    assert result.code == 0, result.err
    assert len(opened) == 1
    opened.clear()
    comove.open(tiny).check(path)
    assert len(opened) == 1


def test_markdown_into_replaces_only_the_table(tiny, tmp_path):
    path = claims_file(tmp_path, MIXED)
    readme = tmp_path / "README.md"
    readme.write_text("# T\n\n<!-- verdicts:begin -->\nold\n<!-- verdicts:end -->\n\nend\n")
    result = run_cli("--store", tiny, "check", path, "--markdown-into", readme)
    assert result.code == 0 and result.out == ""
    table = comove.open(tiny).check(path).markdown()
    assert readme.read_text() == ("# T\n\n<!-- verdicts:begin -->\n" + table +
                                  "\n<!-- verdicts:end -->\n\nend\n")


def test_progress_bar_only_on_a_terminal(tiny, tmp_path, capsys, monkeypatch):
    path = claims_file(tmp_path, MIXED)
    comove.open(tiny).check(path)  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
    monkeypatch.setattr("comove.progress.enabled", lambda: True)
    comove.open(tiny).check(path)
    assert "checking" in capsys.readouterr().err
    comove.open(tiny).check(path, progress=False)
    assert capsys.readouterr().err == ""


def test_the_bar_steps_before_each_claim_and_ends_after_the_last(tiny, tmp_path, monkeypatch):
    from comove.claims.engine import Judged

    steps: list[str] = []

    def bar(items, total=None, desc="", min_items=2):  # type: ignore[no-untyped-def]
        steps.append(f"bar {total} {desc}")
        for item in items:
            steps.append("step")
            yield item
        steps.append("end")

    one = Judged.one
    monkeypatch.setattr("comove.progress.progress", bar)
    monkeypatch.setattr(Judged, "one", lambda self, claim: steps.append(claim.id) or one(
        self, claim))
    comove.open(tiny).check(claims_file(tmp_path, MIXED))
    assert steps == ["bar 4 checking", "step", "OK1", "step", "R1", "step", "C1", "step",
                     "U1", "end"]
