"""The data methods of the API on the real files: import, list, show, aligned panels."""

from __future__ import annotations

import pytest

import comove

pytestmark = pytest.mark.integration


def test_import_list_show_through_the_api(tmp_path, shared_data):
    m = comove.open(tmp_path / "store")
    report = m.import_files([shared_data / "btc.csv", shared_data / "spx.csv"])
    frame = report.to_frame().set_index("symbol")
    assert frame.loc["BTC", "new"] == 4357 and frame.loc["SPX", "new"] == 24777
    assert "btc.csv: BTC, 4,357 rows (4,357 new" in report.summary()
    again = m.import_files([shared_data / "btc.csv"])
    assert again.to_dict()["symbols"][0]["new"] == 0
    listed = m.list_series().to_frame().set_index("symbol")
    assert listed.loc["BTC", "rows"] == 4357
    shown = m.show("BTC", "2021-11-08", "2021-11-08").to_frame()
    assert shown["close"].tolist() == [pytest.approx(67566.83, abs=0.01)]


def test_aligned_panel_with_a_ratio(shared_store):
    m = comove.open(shared_store.path)
    panel = m.aligned(["ETH/BTC", "SPX"], align="equity", start="2024-01-01",
                      end="2024-12-31")
    assert list(panel.prices.columns) == ["ETH/BTC", "SPX"]
    eth, btc = shared_store.read("ETH")["close"], shared_store.read("BTC")["close"]
    day = panel.prices.index[10]
    assert panel.prices.loc[day, "ETH/BTC"] == pytest.approx(eth[day] / btc[day], rel=1e-12)


def test_market_repr_and_asof(shared_store):
    m = comove.open(shared_store.path)
    assert repr(m.asof("2025-12-11")).endswith("asof=2025-12-11)")
    assert m.asof("2025-12-11").show("BTC").to_frame()["date"].iloc[-1].isoformat() == \
        "2025-12-11"


@pytest.mark.parametrize(("command", "call"), [
    (["data", "list", "--exclude-class", "stock"],
     lambda m: m.list_series(exclude_class=["stock"])),
    (["data", "show", "VIX", "--start", "1992-01-01", "--end", "1992-03-31"],
     lambda m: m.show("VIX", "1992-01-01", "1992-03-31")),
    (["data", "symbols"], lambda m: m.symbols()),
])
def test_data_cli_json_is_the_api_to_dict(shared_store, command, call):
    import json

    from comove.results.render import jsonable
    from tests.conftest import run_cli

    result = run_cli("--store", shared_store.path, *command, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == jsonable(call(comove.open(shared_store.path)).to_dict())


def test_import_json_is_the_api_to_dict(tmp_path, shared_data):
    import json

    from tests.conftest import run_cli

    result = run_cli("--store", tmp_path / "cli", "data", "import", shared_data / "vix.csv",
                     "--json")
    api = comove.open(tmp_path / "api").import_files([shared_data / "vix.csv"]).to_dict()
    cli = json.loads(result.out)
    for payload in (cli, api):
        payload.pop("store"), payload.pop("seconds")
    assert cli == api
