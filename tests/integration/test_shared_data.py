"""Importing the real files in ../shared/data, checked against the facts in its README."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from comove.align import load_aligned
from comove.ingest import import_files
from comove.store import Store
from comove.store.schema import FLAG_CLOSE_OUTSIDE_RANGE, FLAG_OPEN_OUTSIDE_RANGE
from tests.conftest import fingerprint, run_cli

pytestmark = pytest.mark.integration


def store_cut_at(shared_data, folder, last_day: str) -> Store:
    """A store of ../shared/data with every row after ``last_day`` removed from the files."""
    from comove.ingest import import_files

    cut = folder / "cut"
    cut.mkdir()
    for path in sorted(shared_data.glob("*.csv")):
        frame = pd.read_csv(path)
        frame[frame["date"] <= last_day].to_csv(cut / path.name, index=False)
    store = Store(folder / "store")
    import_files(store, sorted(cut.glob("*.csv")))
    return store


@pytest.fixture(scope="module")
def full_store(tmp_path_factory, shared_data):
    store = Store(tmp_path_factory.mktemp("shared") / "store")
    universe = shared_data / "universe" / "sp500_members_close.csv"
    paths = [*sorted(shared_data.glob("*.csv")), universe]
    result = import_files(store, paths)
    return store, result, paths


def test_every_file_imports_with_the_readme_row_counts(full_store, shared_data):
    store, _result, paths = full_store
    summary = store.summary().set_index("symbol")
    for path in paths[:-1]:
        expected = sum(1 for _ in path.open()) - 1
        symbol = {"btc_bitstamp": "BTC_BITSTAMP"}.get(path.stem, path.stem.upper())
        assert summary.loc[symbol, "rows"] == expected, symbol
    stocks = summary[summary["asset_class"] == "stock"]
    assert len(stocks) == 463
    assert "ES_STOCK" in stocks.index  # Eversource's ticker clashes with E-mini futures


def test_known_defects_are_caught(full_store):
    store, result, _ = full_store
    warnings = result.batch.warnings
    # RUT's volume is a copy of SPX's on 9,029 of 9,766 days (data README).
    assert any("equals SPX's on 9,029 of 9,766 days" in w for w in warnings["RUT"])
    assert store.read("RUT")["volume"].isna().all()
    assert store.read("SPX")["volume"].notna().sum() == 24777 - 5497
    # VIX: 47 rows with open or close outside high-low, kept and flagged.
    vix = store.read("VIX")
    outside = (vix["flags"] & (FLAG_CLOSE_OUTSIDE_RANGE | FLAG_OPEN_OUTSIDE_RANGE)) > 0
    assert outside.sum() == 47
    # Gold: 441 inconsistent rows in 2001-2011 (README); one has high below low.
    gold = store.read("GOLD")
    assert (gold["flags"] > 0).sum() == 441
    # BTC rows after 2026-06-23 have close and volume only.
    tail = store.read("BTC", start=pd.Timestamp("2026-06-24").date())
    assert len(tail) == 59 and tail["open"].isna().all() and tail["close"].notna().all()


def test_published_values(full_store):
    store, _, _ = full_store
    assert store.read("BTC").loc["2021-11-08", "close"] == pytest.approx(67566.83, abs=0.005)
    spx = store.read("SPX")
    assert spx.loc["2024-12-31", "close"] == pytest.approx(5881.63, abs=0.005)


def test_reimport_is_a_no_op(full_store):
    store, _, paths = full_store
    before = fingerprint(store)
    again = import_files(store, paths)
    assert again.write.rows_new == 0 and again.write.rows_changed == 0
    assert fingerprint(store) == before


def test_aligned_btc_spx_equity_policy_on_real_data(full_store):
    store, _, _ = full_store
    panel = load_aligned(store, ["BTC", "SPX"], "equity")
    assert panel.prices.index[0] == pd.Timestamp("2014-09-17")
    assert panel.prices.index[-1] == pd.Timestamp("2026-08-21")
    assert not panel.prices.index.day_of_week.isin([5, 6]).any()
    returns = panel.returns("simple").returns
    # Monday 2024-04-01 BTC return spans Thursday 03-28 (Good Friday closed) to Monday.
    btc = store.read("BTC")["close"]
    expected = btc["2024-04-01"] / btc["2024-03-28"] - 1
    assert returns.loc["2024-04-01", "BTC"] == pytest.approx(expected, rel=1e-12)


def test_cli_show_json_on_the_real_store(full_store):
    store, _, _ = full_store
    result = run_cli("--store", store.path, "data", "show", "BTC", "--start", "2021-11-08",
                     "--end", "2021-11-08", "--json")
    [row] = json.loads(result.out)["rows"]
    assert row["date"] == "2021-11-08" and round(row["close"], 2) == 67566.83


def test_spx_set_57_record_closes_in_2024(full_store):
    store, _, _ = full_store
    result = run_cli("--store", store.path, "highs", "SPX", "--start", "2024-01-01", "--end",
                     "2024-12-31", "--json")
    payload = json.loads(result.out)
    assert payload["records_by_year"] == {"2024": 57}
    assert payload["last_record"] == {"date": "2024-12-06", "value": 6090.27002}
    assert payload["drawdown"] == pytest.approx(5881.629883 / 6090.27002 - 1)
    assert {"records_by_year", "last_record", "drawdown", "gaps"} <= set(payload)
    assert payload["gaps"][0]["trading_days"] == 46  # 2024-07-16 to 2024-09-19


def test_bitcoin_2021_record_close(full_store):
    store, _, _ = full_store
    payload = json.loads(run_cli("--store", store.path, "highs", "BTC", "--end", "2021-12-31",
                                 "--json").out)
    assert payload["last_record"]["date"] == "2021-11-08"
    assert round(payload["last_record"]["value"], 2) == 67566.83


def test_russell_breakouts_since_2000_and_bitcoin_after_them(full_store, tmp_path):
    store, _, _ = full_store
    chart = tmp_path / "rut_btc.png"
    result = run_cli("--store", store.path, "event", "RUT", "BTC", "--on", "breakout",
                     "--min-days", "252", "--start", "2000-01-01", "--horizons", "90,180,365",
                     "--json", "--plot", chart)
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    events = {e["date"]: e for e in payload["events"]}
    assert list(events) == ["2004-04-05", "2011-04-27", "2013-01-02", "2016-11-14",
                            "2020-11-13", "2025-09-18"]
    btc = store.read("BTC")["close"]
    for day in ("2016-11-14", "2020-11-13"):
        start = pd.Timestamp(day)
        for h in (90, 180, 365):
            expected = btc[start + pd.Timedelta(days=h)] / btc[start] - 1
            assert events[day][f"return_{h}d"] == pytest.approx(expected, rel=1e-12)
    assert events["2025-09-18"]["return_365d"] is None  # not a year of data after it yet
    assert events["2013-01-02"]["in_sample"] is False  # before Yahoo's BTC history
    assert chart.stat().st_size > 10_000
    assert "too few events" in payload["horizons"][2]["verdict"]


def test_halvings_on_the_long_bitcoin_history(full_store, shared_data):
    store, _, _ = full_store
    payload = json.loads(run_cli("--store", store.path, "halvings", "--json").out)
    rows = {r["date"]: r for r in payload["halvings"]}
    assert list(rows) == ["2012-11-28", "2016-07-09", "2020-05-11", "2024-04-20"]
    bitstamp = pd.read_csv(shared_data / "btc_bitstamp.csv", index_col="date")["value"]
    assert rows["2012-11-28"]["price"] == bitstamp["2012-11-29"]  # start of day d+1 = close d
    assert rows["2012-11-28"]["source"].startswith("BTC_BITSTAMP")
    btc = store.read("BTC")["close"]
    assert rows["2016-07-09"]["price"] == btc["2016-07-09"]
    cycle = btc["2016-07-09":"2020-05-10"]
    assert rows["2016-07-09"]["peak_date"] == str(cycle.idxmax().date()) == "2017-12-16"
    assert rows["2016-07-09"]["returns"]["365d"] == pytest.approx(
        btc["2017-07-09"] / btc["2016-07-09"] - 1)


def test_sync_and_condition_run_on_real_data(full_store):
    store, _, _ = full_store
    sync = json.loads(run_cli("--store", store.path, "sync", "RUT", "BTC", "--start",
                              "2015-01-01", "--json").out)
    assert 0 < sync["share_of_a_records_with_b_record_within"] < 1
    cond = run_cli("--store", store.path, "condition", "SPX", "BTC", "--on", "record",
                   "--measure", "volume", "--json")
    assert cond.code == 0 and json.loads(cond.out)["n_state"] > 300


@pytest.mark.parametrize("policy", ["equity", "calendar"])
def test_btc_spx_regimes_command(full_store, policy):
    store, _, _ = full_store
    result = run_cli("--store", store.path, "corr", "BTC", "SPX", "--periods",
                     "2017-01-01:2019-12-31,2020-01-01:2021-12-31", "--align", policy,
                     "--json", "--resamples", "2000")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    first, second = payload["periods"]
    for period in (first, second):
        assert {"start", "end", "n", "corr", "ci_low", "ci_high", "alignment",
                "returns"} <= set(period)
        assert period["alignment"] == policy and period["returns"] == "log"
        assert period["ci_low"] < period["corr"] < period["ci_high"]
    # Independent check of the point estimate with pandas on the same alignment.
    from comove.align import load_aligned

    r = load_aligned(store, ["BTC", "SPX"], policy).returns("log").returns
    part = r.loc["2020-01-01":"2021-12-31"].dropna()
    assert second["corr"] == pytest.approx(part["BTC"].corr(part["SPX"]), abs=1e-12)
    assert second["n"] == len(part)
    assert second["corr"] > first["corr"]


def test_breaks_and_leadlag_commands_run(full_store):
    store, _, _ = full_store
    breaks = json.loads(run_cli("--store", store.path, "breaks", "BTC", "SPX", "--json").out)
    assert breaks["breaks"] and breaks["segments"]
    lead = json.loads(run_cli("--store", store.path, "leadlag", "BTC", "SPX", "--json").out)
    assert lead["lags"] == list(range(-5, 6)) and lead["warnings"]


@pytest.fixture(scope="module")
def source_claims(full_store):
    from tests.conftest import REPO

    store, _, _ = full_store
    result = run_cli("--store", store.path, "check", REPO / "claims" / "source-claims.yaml",
                     "--asof", "2026-01-23", "--json")
    assert result.code == 0, result.err
    return {c["id"]: c for c in json.loads(result.out)["claims"]}


def test_source_claims_verdicts(source_claims):
    verdicts = {k: v["verdict"] for k, v in source_claims.items()}
    assert verdicts["A1"] == "supported"      # SPX record close on 2026-01-12
    # Readings disagree: the weekly reading of the correlation change is inconclusive.
    assert verdicts["A3"] == "depends on convention"
    assert verdicts["A5"] == "contradicted"   # its premise: SPX closed near 6,977, not 5,000
    assert verdicts["A8"] == "contradicted"   # VIX low was 15.03 (marginal)
    assert source_claims["A8"]["marginal"] is True
    # RUT, DJI, SPX, silver record closes on 2025-12-11; SPX 0.3% below its intraday record.
    assert verdicts["B2"] == "depends on convention"
    # Close basis: 2025-09-18; intraday basis: 2024-11-25 (as the article says).
    assert verdicts["C2"] == "depends on convention"
    assert verdicts["C3"] == "supported"      # describes two episodes that happened
    assert verdicts["C6"] == "contradicted"   # RUT +11.3% in 2025
    assert verdicts["C7"] == "inconclusive"   # absence of evidence is not a contradiction
    assert {verdicts[k] for k in ("C8", "C9", "C10")} == {"untestable"}
    assert len(verdicts) == 26
    assert "2025-09-18" in source_claims["C2"]["measured"]


def test_readme_verdict_table_is_generated(full_store, tmp_path):
    from comove.cli.check_cmd import BEGIN, END
    from tests.conftest import REPO

    store, _, _ = full_store
    copy = tmp_path / "README.md"
    copy.write_text((REPO / "README.md").read_text())
    run_cli("--store", store.path, "check", REPO / "claims" / "source-claims.yaml",
            "--markdown-into", copy)
    section = lambda text: text[text.index(BEGIN): text.index(END)]  # noqa: E731
    assert section(copy.read_text()) == section((REPO / "README.md").read_text()), (
        "regenerate: comove check claims/source-claims.yaml --markdown-into README.md")


def test_asof_equals_a_store_truncated_at_that_date(full_store, source_claims, tmp_path,
                                                    shared_data):
    """Evaluating --asof on the full store must equal evaluating a store cut at that date."""
    from tests.conftest import REPO

    truncated = store_cut_at(shared_data, tmp_path, "2026-01-23")
    result = run_cli("--store", truncated.path, "check", REPO / "claims" /
                     "source-claims.yaml", "--json")
    again = {c["id"]: c for c in json.loads(result.out)["claims"]}
    for cid, claim in source_claims.items():
        assert again[cid]["verdict"] == claim["verdict"], cid
        assert again[cid]["measured"] == claim["measured"], cid


def test_brief_describes_2025_12_11(full_store, tmp_path):
    store, _, _ = full_store
    result = run_cli("--store", store.path, "brief", "--asof", "2025-12-11", "-o",
                     tmp_path / "b.html", "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    text = " ".join(payload["headline"])
    assert "Record closes on 2025-12-11: SPX" in text and "RUT" in text and "DJI" in text
    assert "Bitcoin closed at 92,511.34 on 2025-12-11, 25.8% below its record close of " \
           "124,752.53 on 2025-10-06" in text
    html = (tmp_path / "b.html").read_text()
    # opens offline: nothing outside the inlined scripts names a URL (the browser test
    # checks that no request is made), and the interactive charts are on the page
    import re

    markup = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert "http://" not in markup and "https://" not in markup
    assert markup.count('<figure class="chart">') >= 3
    markdown = (tmp_path / "b.md").read_text()
    assert "## Watchlist" in markdown and "b_charts/records.png" in markdown
    assert (tmp_path / "b_charts" / "records.png").stat().st_size > 10_000


def test_brief_asof_equals_a_truncated_store(full_store, tmp_path, shared_data):

    store, _, _ = full_store
    truncated = store_cut_at(shared_data, tmp_path, "2025-12-11")
    full = run_cli("--store", store.path, "brief", "--asof", "2025-12-11", "-o",
                   tmp_path / "full.html")
    short = run_cli("--store", truncated.path, "brief", "-o", tmp_path / "short.html")
    assert full.code == 0 and short.code == 0
    assert (tmp_path / "full.md").read_text().replace("full_charts", "X") == \
        (tmp_path / "short.md").read_text().replace("short_charts", "X")


@pytest.mark.parametrize("args", [
    ["sync", "BTC", "SPX", "--start", "2030-01-01"],
    ["leadlag", "BTC", "SPX", "--start", "2026-08-01"],
    ["breaks", "BTC", "SPX", "--start", "2026-08-01"],
    ["corr", "BTC", "SPX", "--window", "1"],
    ["event", "SPX", "BTC", "--on", "level"],
    ["highs", "SPX", "--start", "2030-01-01"],
])
def test_short_or_empty_ranges_are_clear_errors(full_store, args):
    store, _, _ = full_store
    before = fingerprint(store)
    result = run_cli("--store", store.path, *args)
    assert result.code in (1, 2), result.err
    assert result.err.startswith("comove: error:") and result.err.count("\n") == 1
    assert fingerprint(store) == before


def test_drawdown_series_and_unrecovered_drawdowns(full_store, tmp_path):
    store, _, _ = full_store
    out = tmp_path / "dd.csv"
    # The 2025-10-06 record is not recovered: with Bitstamp before 2014 its -37% drawdown is
    # the 6th deepest, so ask for 6.
    result = run_cli("--store", store.path, "highs", "BTC", "--drawdown-series", out,
                     "--drawdowns", "6")
    assert result.code == 0 and "not recovered" in result.out
    series = pd.read_csv(out, index_col="date", parse_dates=True)["drawdown"]
    from comove.data import read_bars

    closes = read_bars(store, "BTC", long_history=True)[1]["close"]
    expected = closes / closes.cummax() - 1
    assert np.allclose(series.to_numpy(), expected.to_numpy(), atol=1e-15)
