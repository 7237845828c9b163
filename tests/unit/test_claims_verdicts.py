"""Issue 10, the verdict side: the verdict rules, readings, tolerances from a claim's own
precision, marginal verdicts, not yet measurable windows, the as-made verdict against what
happened since, and bitcoin's records on the Bitstamp splice."""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import comove
from comove.claims.loader import parse_claims
from comove.claims.model import Verdict
from comove.claims.verdicts import (
    figure,
    is_marginal,
    over_parts,
    over_readings,
    parse_figure,
    stated_range,
    tolerance,
)
from comove.ingest import import_files
from comove.kernels.resample import holm
from comove.results.render import jsonable
from tests.conftest import run_cli

S, C, D, P = Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.DEPENDS, Verdict.PARTLY
Q, U, N = Verdict.INCONCLUSIVE, Verdict.UNTESTABLE, Verdict.NOT_YET
MADE = "2024-03-01"


def _bars(days: pd.DatetimeIndex, close: np.ndarray, high: np.ndarray | None = None
          ) -> pd.DataFrame:
    high = close if high is None else np.maximum(high, close)
    return pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "open": close, "high": high,
                         "low": close * 0.99, "close": close})


def make_store(folder: Path, late_spx: float = 1.0) -> Path:
    """SPX weekdays 2023-01-02 to 2024-06-28: a 100 peak in January 2023, an intraday
    break of it in February 2024 (closes stay at 99), the first close above it in April
    2024, a close of 15.03 on 2024-03-01 (A8-like). ``late_spx`` scales the closes after
    2024-03-01 (data a claim made that day must not see). BTC_BITSTAMP peaks at 1,000 in
    December 2013; BTC (from 2014-09-17, at 400) first closes above it on 2015-06-01 (a
    random walk from 1,100)."""
    from comove.store import Store

    folder.mkdir(parents=True, exist_ok=True)
    days = pd.bdate_range("2023-01-02", "2024-06-28")
    close = np.full(len(days), 90.0)
    close[days == pd.Timestamp("2023-01-31")] = 100.0
    high = close.copy()
    feb = (days >= pd.Timestamp("2024-02-01")) & (days < pd.Timestamp("2024-04-01"))
    close[feb], high[feb] = 99.0, 101.0
    april = days >= pd.Timestamp("2024-04-01")
    close[april] = 102.0 + np.arange(april.sum()) * 0.1
    close[days == pd.Timestamp(MADE)] = 15.03
    late = days > pd.Timestamp(MADE)
    close[late] *= late_spx
    high[late] *= late_spx
    _bars(days, close, high).to_csv(folder / "spx.csv", index=False)
    stamp = pd.date_range("2013-01-01", "2014-09-16")
    old = np.where(stamp.month == 12, 1000.0, 500.0)
    pd.DataFrame({"date": stamp.strftime("%Y-%m-%d"), "close": old}).to_csv(
        folder / "btc_bitstamp.csv", index=False)
    btc_days = pd.date_range("2014-09-17", "2024-06-28")
    rng = np.random.default_rng(3)
    btc = np.where(btc_days < pd.Timestamp("2015-06-01"), 400.0,
                   1100 * np.exp(np.cumsum(rng.normal(0.0005, 0.02, len(btc_days)))))
    _bars(btc_days, btc).assign(volume=1000).to_csv(folder / "btc.csv", index=False)
    store = Store(folder / "store")
    import_files(store, sorted(folder.glob("*.csv")))
    return folder / "store"


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("verdicts"))


def check(store: Path, body: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    claims = parse_claims("claims:" + body)
    return {r.claim.id: r for r in comove.open(store).check(claims, progress=False,
                                                            **kwargs).claims}


# -- the rules ----------------------------------------------------------------------------

def test_rules_over_readings():
    assert over_readings([S, S]) is S
    assert over_readings([C, C]) is C
    assert over_readings([S, C]) is D            # readings disagree
    assert over_readings([S, Q]) is D            # one reading cannot tell
    assert over_readings([C, Q]) is Q            # none supports, not all contradict
    assert over_readings([N, S]) is S            # an unfinished reading does not count...
    assert over_readings([N, N]) is N            # ...unless none is finished
    assert over_readings([P, C]) is P


def test_rules_over_parts():
    assert over_parts([S, S]) is S
    assert over_parts([S, C]) is P
    assert over_parts([S, Q]) is P
    assert over_parts([C, Q]) is C
    assert over_parts([S, D]) is D
    assert over_parts([S, U]) is S               # an untestable part is shown, not counted
    assert over_parts([C, U]) is C
    assert over_parts([U, U]) is U
    assert over_parts([N]) is N
    assert over_parts([Q, D]) is D


def test_figures_keep_their_precision():
    assert parse_figure("9%").half_width == pytest.approx(0.005)
    assert parse_figure("about 40").half_width == 10
    assert parse_figure("roughly 2,700").half_width == 100
    # a lone significant 1 is read to the next digit; a hedge widens by at most a quarter
    assert parse_figure("100,000").half_width == 5_000
    assert parse_figure("near 100,000").half_width == 10_000
    assert parse_figure("10%").half_width == pytest.approx(0.005)
    assert parse_figure("about 20,000").half_width == 5_000
    assert parse_figure("about 40").half_width == 10 and parse_figure("1").half_width == 0.5
    assert parse_figure("-27%") == pytest.approx(-0.27)
    assert parse_figure("$60,000") == 60_000 and parse_figure("1.5x") == 1.5
    assert parse_figure("nine percent") is None and parse_figure("very 40") is None
    assert figure(0.09).half_width == pytest.approx(0.005)
    assert figure(40.0).half_width == 5
    assert tolerance(figure(40.0), 0.25, relative=True) == 0.25   # explicit wins
    assert tolerance(parse_figure("about 40"), None, relative=True) == 0.25


def test_a_stated_range_is_read_at_its_rounding_not_as_a_hedge():
    def bounds(low: str, high: str) -> tuple[float, float]:
        return stated_range(parse_figure(low), parse_figure(high))  # type: ignore[arg-type]

    # one unit of tens wide: read to the unit, as a lone significant 1 is
    assert bounds("20%", "30%") == pytest.approx((0.195, 0.305))
    assert bounds("10%", "20%") == pytest.approx((0.095, 0.205))
    # the ends share the finer precision of the two
    assert bounds("20%", "25%") == pytest.approx((0.195, 0.255))
    assert bounds("55,000", "60,000") == pytest.approx((54_500, 60_500))
    # wider than one unit: each end by half a unit of the tens, as "20%" alone
    assert bounds("20%", "40%") == pytest.approx((0.15, 0.45))
    assert bounds("-30%", "-20%") == pytest.approx((-0.305, -0.195))
    # equal ends are one figure; a hedged end widens by a whole unit, at most a quarter
    assert bounds("20%", "20%") == pytest.approx((0.15, 0.25))
    assert bounds("about 5,000", "about 5,000") == pytest.approx((4_000, 6_000))
    assert bounds("around 55,000", "around 60,000") == pytest.approx((54_000, 61_000))


@pytest.mark.parametrize(("params", "interval", "verdict", "claimed"), [
    # "20-30%": 1.195x to 1.305x; the exact 1.2-1.3 would contradict both
    ("claimed_low: 1.2, claimed_high: 1.3", (0.95, 1.198), Q, "1.2x to 1.3x (1.195x to 1.305x)"),
    ("claimed_low: 1.2, claimed_high: 1.3", (0.95, 1.19), C, "(1.195x to 1.305x)"),
    ("claimed_low: 1.2, claimed_high: 1.3", (1.303, 1.4), S, "(1.195x to 1.305x)"),
    ("claimed_low: 1.2, claimed_high: 1.3", (1.31, 1.4), C, "(1.195x to 1.305x)"),
    # a lone "20%" by its own precision (from 15%); "10%" read to the unit (from 9.5%)
    ("claimed_low: 1.2", (0.95, 1.17), Q, "1.2x+ (from 1.15x)"),
    ("claimed_low: 1.2", (0.95, 1.14), C, "1.2x+ (from 1.15x)"),
    ("claimed_low: 1.1", (0.95, 1.097), Q, "1.1x+ (from 1.095x)"),
    ("claimed_low: 1.1", (0.95, 1.09), C, "1.1x+ (from 1.095x)"),
    # "up to 50% more": 0% is read to its precision beside 50% (was 0.95x to 1.55x)
    ("claimed_low: 1.0, claimed_high: 1.5", (0.96, 0.99), C, "(0.995x to 1.505x)"),
    ("claimed_low: 1.0, claimed_high: 1.5", (0.96, 0.997), Q, "(0.995x to 1.505x)"),
    # higher, no figure: exactly above 1
    ("claimed_low: 1.0", (0.95, 0.998), C, "1x+"),
    ("claimed_low: 1.0", (1.001, 1.1), S, "1x+"),
])
def test_conditional_volume_reads_the_claimed_change_at_its_precision(
        synth, monkeypatch, params, interval, verdict, claimed):
    lo, hi = np.log(interval)
    summary = types.SimpleNamespace(difference=(lo + hi) / 2, ci_low=lo, ci_high=hi,
                                    n_state=10, convention="stub", as_dict=dict)
    monkeypatch.setattr("comove.claims.checks.events._volume_summary",
                        lambda *args: summary)
    found = check(synth, f"""
  - id: V
    text: BTC volume surges on SPX records
    test: conditional_volume
    params: {{a: SPX, b: BTC, event: {{kind: record}}, baseline_days: 30, {params}}}
""")["V"]
    assert found.verdict is verdict, found.measured
    assert claimed in found.claimed
    assert ("read at its precision" in found.outcomes[0].conventions) == ("(" in claimed)


def test_figure_text_is_bounded_and_linear():
    import time

    from comove.claims import ClaimFileError

    start = time.perf_counter()
    assert parse_figure("a" * 59 + "!") is None and parse_figure("about " * 9 + "x") is None
    assert parse_figure("40" + " " * 58 + "x5") is None  # too long: refused, not cut short
    assert time.perf_counter() - start < 0.1
    with pytest.raises(ClaimFileError, match="is not a number"):
        parse_claims("""claims:
  - {id: a, text: t, test: record_count, params: {symbol: SPX, end: 2024-02-01,
     claimed: "forty-ish"}}
""")


def test_the_loader_keeps_the_written_scalar():
    claims = parse_claims("""claims:
  - {id: a, text: t, test: return_period, params: {symbol: SPX, start: 2024-01-02,
     end: 2024-02-01, claimed: 0.09}}
  - {id: b, text: t, test: return_period, params: {symbol: SPX, start: 2024-01-02,
     end: 2024-02-01, claimed: "about 9%"}}
  - {id: c, text: t, test: record_count, params: {symbol: SPX, end: 2024-02-01, claimed: 40}}
""")
    a, b, c = (claim.tests[0].params.claimed for claim in claims)
    assert a.text == "0.09" and tolerance(a, None) == pytest.approx(0.005)
    assert b.hedged and tolerance(b, None) == pytest.approx(0.01)
    assert c.text == "40" and tolerance(c, None, relative=True) == pytest.approx(0.125)


def test_the_volume_baseline_is_a_parameter_of_relative_volume():
    from comove.events import conditional

    days = pd.date_range("2024-01-01", periods=400)
    volume = pd.Series(np.r_[np.full(200, 100.0), np.full(200, 400.0)], index=days)
    long = conditional.relative_volume(volume, lookback_days=365)
    short = conditional.relative_volume(volume)
    assert short.iloc[300] == pytest.approx(0.0)              # a month of 400s before it
    assert long.iloc[300] == pytest.approx(np.log(4))          # 200 days of 100, 100 of 400


def test_marginal_and_holm():
    from comove.claims.checks.common import interval_marginal

    assert is_marginal(15.03, 15) and not is_marginal(15.3, 15)
    assert interval_marginal(0.001, 0.2) and interval_marginal(-0.3, -0.002)
    assert not interval_marginal(0.05, 0.2) and not interval_marginal(float("nan"), 1)
    assert holm([0.01, 0.04, float("nan")])[:2] == pytest.approx([0.02, 0.04])
    assert holm([0.03, 0.02]) == pytest.approx([0.04, 0.04])


# -- readings, pins, parts ----------------------------------------------------------------

BREAKOUT = """
  - id: BO
    text: broke through in February 2024
    test: breakout
    params: {symbol: SPX, after: 2023-06-01, claimed_month: "2024-02"}
  - id: PIN
    text: closed above the peak in February 2024
    test: breakout
    params: {symbol: SPX, after: 2023-06-01, claimed_month: "2024-02", basis: close}
"""


def test_an_open_convention_is_read_both_ways_and_a_given_one_pins_it(synth):
    found = check(synth, BREAKOUT)
    bo, pin = found["BO"], found["PIN"]
    assert bo.verdict is D
    readings = {r["reading"]: r["verdict"] for r in bo.readings()}
    assert readings == {"close": "contradicted", "intraday high": "supported"}
    assert "supported on: intraday high" in bo.outcomes[0].notes
    assert pin.verdict is C and pin.readings() == []
    assert "close: contradicted; intraday high: supported" in bo.disagreeing()


def test_claims_built_in_python_pin_what_they_give(synth):
    from comove.claims import Claim
    from comove.claims.model import TestSpec

    claim = Claim("PY", "t", tests=[TestSpec("breakout", {"symbol": "SPX", "after":
                                                          "2023-06-01", "claimed_month":
                                                          "2024-02", "basis": "high"})])
    result = comove.open(synth).check([claim], progress=False).claims[0]
    assert result.verdict is S and result.readings() == []


def test_parts_and_an_untestable_part(synth):
    found = check(synth, """
  - id: PARTS
    text: SPX closed at a record on 2024-04-01; futures fell 0.5% that morning; it rose 5 days
      in a row to 2024-04-05
    tests:
      - part: record close
        test: record_on_date
        params: {date: 2024-04-01, records: [SPX], basis: close}
      - part: futures
        untestable: intraday futures moves are not in daily data
      - part: streak
        test: streak
        params: {symbol: SPX, end: 2024-04-05, claimed: 3, kind: up}
""")
    r = found["PARTS"]
    assert [o.verdict for o in r.outcomes] == [S, U, C]  # the streak is 5 days (04-01..05)
    assert r.verdict is P
    assert "5 up days in a row to 2024-04-05 (from 2024-04-01)" in r.outcomes[2].measured
    assert r.as_dict()["tests"][1]["part"] == "futures"


def test_a_claims_file_of_only_untestable_parts_is_refused():
    from comove.claims import ClaimFileError

    with pytest.raises(ClaimFileError, match="every part is untestable"):
        parse_claims("claims:\n  - {id: x, text: t, tests: [{untestable: no data}]}")


def test_tolerance_from_precision_and_marginal_verdicts(synth):
    found = check(synth, """
  - id: LOW
    text: SPX closed below 15 on 2024-03-01
    test: level_on_date
    params: {symbol: SPX, date: 2024-03-01, op: below, value: 15}
  - id: NINE
    text: SPX fell 85% in February
    test: return_period
    params: {symbol: SPX, start: 2024-02-29, end: 2024-03-01, claimed: "-85%"}
  - id: WIDE
    text: SPX fell 85% in February
    test: return_period
    params: {symbol: SPX, start: 2024-02-29, end: 2024-03-01, claimed: "-85%", tolerance: 0.01}
""")
    assert found["LOW"].verdict is C and found["LOW"].marginal
    assert found["LOW"].shown_verdict == "contradicted (marginal)"
    # 15.03 / 99 - 1 = -84.8%: inside -85.5% to -84.5% from the figure's precision
    assert found["NINE"].verdict is S
    assert found["WIDE"].verdict is S and "-86.0% to -84.0%" in found["WIDE"].claimed


def test_distance_from_record_on_both_bases(synth):
    found = check(synth, """
  - id: DIST
    text: SPX is 2% below its record
    test: distance_from_record
    params: {symbol: SPX, date: 2024-02-15, claimed: "-2%"}
""")
    readings = {r["reading"]: r for r in found["DIST"].readings()}
    # 99 / 100 - 1 = -1.0% from the record close; 99 / 101 - 1 = -2.0% from the record high
    assert readings["close"]["verdict"] == "contradicted"
    assert readings["intraday high"]["verdict"] == "supported"
    assert found["DIST"].verdict is D
    assert "-1.0%" in readings["close"]["measured"] and "-2.0%" in readings[
        "intraday high"]["measured"]


def test_an_open_window_is_read_three_ways(synth):
    found = check(synth, """
  - id: REC
    text: SPX set about 60 record closes recently
    test: record_count
    params: {symbol: SPX, end: 2024-06-28, claimed: "about 60"}
""")
    # every close from 2024-04-01 is a record: 65 in 90 days, and the same in 182 and 365
    readings = {r["reading"]: r["measured"] for r in found["REC"].readings()}
    assert set(readings) == {"the last 365 days", "the last 6 months", "the last 90 days"}
    assert found["REC"].verdict is S and "(50 to 70)" in found["REC"].claimed


def test_first_since_and_its_gap(synth):
    found = check(synth, """
  - id: FS
    text: SPX set its first record in a year in April 2024
    test: first_since
    params: {symbol: SPX, month: "2024-04", years: 1, basis: close}
""")
    r = found["FS"]
    assert r.verdict is S and "1.17 years after the one on 2023-01-31" in r.measured


# -- not yet measurable, as made and since -------------------------------------------------

COUNT = f"""
  - id: NY
    text: SPX will set 30 record closes by mid-2024
    made: {MADE}
    test: record_count
    params: {{symbol: SPX, start: 2024-01-01, end: 2024-06-28, claimed: 30}}
  - id: ST
    text: SPX is below 15
    made: {MADE}
    test: level_on_date
    params: {{symbol: SPX, date: {MADE}, op: below, value: 16}}
"""


def test_a_window_not_finished_is_not_yet_measurable(synth):
    made = check(synth, COUNT)["NY"]
    assert made.verdict is N and made.as_of == dt.date(2024, 3, 1)
    assert "the window runs to 2024-06-28" in made.measured
    later = check(synth, COUNT, judge="asof")["NY"]
    assert later.verdict is C and later.as_of == dt.date(2024, 6, 28)


def test_the_as_made_verdict_does_not_see_later_data_and_since_does(synth, tmp_path):
    other = make_store(tmp_path / "other", late_spx=0.1)  # the same until MADE, not after
    a, b = check(synth, COUNT)["ST"], check(other, COUNT)["ST"]
    assert a.verdict is b.verdict is S
    assert a.as_dict()["measured"] == b.as_dict()["measured"]
    assert a.since is not None and b.since is not None
    assert a.since.end == b.since.end == dt.date(2024, 6, 28)
    assert a.since.holds is False and b.since.holds is True       # 10.2 on the last day
    assert a.since.numbers["SPX"]["return"] != b.since.numbers["SPX"]["return"]
    cut = check(synth, COUNT, asof=MADE)["ST"]
    assert cut.since is None and cut.verdict is S


def test_json_carries_verdict_readings_as_of_and_since(synth, tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text("claims:" + COUNT + BREAKOUT)
    result = comove.open(synth).check(path, progress=False)
    cli = run_cli("--store", synth, "check", path, "--json")
    assert cli.code == 0, cli.err
    import json

    out = json.loads(cli.out)
    assert out == jsonable(result.to_dict())
    claim = {c["id"]: c for c in out["claims"]}
    assert set(claim["ST"]) >= {"verdict", "readings", "as_of", "since", "marginal"}
    assert claim["ST"]["since"]["end"] == "2024-06-28"
    assert claim["BO"]["readings"][0] == {"part": "breakout", "reading": "close",
                                          "measured": claim["BO"]["readings"][0]["measured"],
                                          "verdict": "contradicted", "marginal": False}


# -- absence of evidence, the splice ------------------------------------------------------

def test_granger_that_finds_nothing_never_contradicts(synth, monkeypatch):
    from comove.comovement import leadlag

    def fake(*args: object, **kwargs: object) -> object:
        return types.SimpleNamespace(x_causes_y_p=0.52, y_causes_x_p=0.002, granger_lag=1,
                                     granger_test="F-test with HC3 covariance",
                                     criterion="aic", warnings=[], as_dict=lambda: {})

    monkeypatch.setattr(leadlag, "lead_lag", fake)
    found = check(synth, """
  - id: LL
    text: SPX leads BTC
    test: leadlag
    params: {a: SPX, b: BTC, claimed: a_leads_b, policy: equity}
""")
    assert found["LL"].verdict is Q
    assert any("not evidence against it" in n for n in found["LL"].outcomes[0].notes)


def test_bitcoin_records_start_from_the_bitstamp_history(synth):
    found = check(synth, """
  - id: SPL
    text: bitcoin set no record close before June 2015
    test: record_count
    params: {symbol: BTC, start: 2014-09-17, end: 2015-05-31, claimed: 0, tolerance: 0}
  - id: BRK
    text: bitcoin broke its 2013 high in June 2015
    test: breakout
    params: {symbol: BTC, after: 2014-01-01, claimed_month: "2015-06", basis: close}
""")
    assert found["SPL"].verdict is S, found["SPL"].measured
    assert "BTC_BITSTAMP" in found["SPL"].outcomes[0].conventions
    assert found["BRK"].verdict is S and "2013-11-30 peak" in found["BRK"].measured


def test_between_names_what_is_missing_and_how_much_is_needed():
    from comove.claims.checks.common import between
    from comove.errors import EmptyRangeError

    frame = pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0]},
                         index=pd.date_range("2024-01-01", periods=4))
    assert len(between(frame, None, None, "rows", 3)) == 3
    with pytest.raises(EmptyRangeError, match=r"only 3 rows between .*at least 4 are needed"):
        between(frame, None, None, "rows", 4)
    with pytest.raises(EmptyRangeError, match="no rows between 2025-01-01"):
        between(frame, dt.date(2025, 1, 1), None, "rows")
