"""The co-movement API on the real data: CLI --json equals to_dict(), one store connection,
and the bugs the issue-9 audit found."""

from __future__ import annotations

import json
import pickle

import pytest

import comove
from comove.results.render import jsonable
from tests.conftest import run_cli, store_connections

pytestmark = pytest.mark.integration

PERIODS = "2017-01-01:2019-12-31,2020-01-01:2021-12-31"


@pytest.fixture
def connections(monkeypatch):
    """The store files opened."""
    return store_connections(monkeypatch)


@pytest.mark.parametrize(("command", "method", "args", "kwargs"), [
    (["corr", "BTC", "SPX", "--periods", PERIODS, "--resamples", "500"], "corr",
     ("BTC", "SPX"), {"periods": PERIODS, "resamples": 500}),
    (["corr", "ETH/BTC", "SPX", "--ewm-halflife", "30", "--resamples", "300"], "corr",
     ("ETH/BTC", "SPX"), {"ewm_halflife": 30, "resamples": 300}),
    (["breaks", "BTC", "SPX"], "breaks", ("BTC", "SPX"), {}),
    (["leadlag", "BTC", "SPX", "--align", "weekly"], "leadlag", ("BTC", "SPX"),
     {"align": "weekly"}),
])
def test_cli_json_is_the_api_to_dict(shared_store, command, method, args, kwargs):
    result = run_cli("--store", shared_store.path, *command, "--json")
    assert result.code == 0, result.err
    api = getattr(comove.open(shared_store.path), method)(*args, **kwargs)
    assert json.loads(result.out) == jsonable(api.to_dict())
    text = run_cli("--store", shared_store.path, *command)
    assert text.out == api.summary() + "\n"


@pytest.mark.parametrize("command", [
    ["corr", "BTC", "SPX", "--periods", PERIODS, "--resamples", "200"],
    ["breaks", "BTC", "SPX"],
    ["leadlag", "BTC", "SPX"],
])
def test_one_store_connection_per_command(shared_store, connections, command):
    assert run_cli("--store", shared_store.path, *command).code == 0
    assert len(connections) == 1


def test_corr_result_numbers_and_objects(shared_store, tmp_path):
    result = comove.open(shared_store.path).corr("BTC", "SPX", periods=PERIODS)
    # The pinned figures of the README (equity policy, log returns).
    assert result.periods[0].corr == pytest.approx(0.022, abs=5e-4)
    assert result.periods[1].corr == pytest.approx(0.358, abs=5e-4)
    assert result.differences[0].difference == pytest.approx(0.336, abs=5e-4)
    assert result.statistic == result.full.corr
    lo, hi = result.confidence_interval
    assert lo < result.statistic < hi
    frame = result.to_frame()
    assert list(frame["scope"][:3]) == ["full", "period", "period"]
    assert "<pre>" in result._repr_html_()
    assert len(pickle.dumps(result)) < 2_000_000
    ax = result.plot()
    assert ax.get_title(loc="left").startswith("BTC against SPX")


def test_short_overlap_prints_without_a_rolling_window(shared_store):
    # Was an internal error (KeyError: 'window') for any overlap under about 72 returns.
    result = run_cli("--store", shared_store.path, "corr", "BTC", "SPX", "--start",
                     "2024-01-01", "--end", "2024-04-01", "--resamples", "200")
    assert result.code == 0, result.err
    assert "no 90-row window has 72 pairs" in result.out
    assert "expanding correlation" in result.out


def test_ewma_correlation_is_printed_and_in_json(shared_store):
    text = run_cli("--store", shared_store.path, "corr", "BTC", "SPX", "--ewm-halflife", "30",
                   "--resamples", "200")
    assert "EWMA correlation (half-life 30 rows) on 2026-08-21" in text.out
    payload = json.loads(run_cli("--store", shared_store.path, "corr", "BTC", "SPX",
                                 "--ewm-halflife", "30", "--resamples", "200", "--json").out)
    assert -1 <= payload["latest"]["ewm_corr"] <= 1
    assert payload["conventions"]["ewm_halflife"] == 30


def test_help_states_the_beta_the_code_computes():
    result = run_cli("corr", "--help")
    assert "beta of A to B (the\nOLS slope of A's returns on B's)" in result.out
    payload_beta = "OLS slope of BTC returns on SPX returns"
    assert payload_beta  # the JSON conventions say the same (tested above via to_dict)


def test_panel_says_why_it_ends_early(shared_store):
    from comove.align import load_aligned

    panel = load_aligned(shared_store, ["BTC", "SPX", "RUT"])
    assert panel.prices.index[-1].date().isoformat() == "2026-06-23"
    assert panel.notes == ("the panel ends 2026-06-23 because RUT data end 2026-06-23 "
                           "(BTC to 2026-08-21, SPX to 2026-08-21)",
                           "the panel starts 2014-09-17 because BTC data start 2014-09-17")
    assert "because RUT data end 2026-06-23" in panel.returns("log").convention


def test_library_errors_name_parameters_and_the_cli_names_options(shared_store):
    from comove.errors import UsageError

    with pytest.raises(UsageError) as caught:
        comove.open(shared_store.path).breaks("BTC", "SPX", min_size=5)
    assert caught.value.param == "min_size" and "min_size=5" in caught.value.message
    result = run_cli("--store", shared_store.path, "breaks", "BTC", "SPX", "--min-size", "5")
    assert result.code == 2 and "--min-size=5 is outside" in result.err
    result = run_cli("--store", shared_store.path, "breaks", "BTC", "SPX", "--min-size", "2000")
    assert result.code == 1 and "lower --min-size" in result.err


def test_asof_view_hides_later_data(shared_store):
    market = comove.open(shared_store.path).asof("2021-12-31")
    result = market.corr("BTC", "SPX", resamples=200)
    assert result.full.end.isoformat() <= "2021-12-31"
