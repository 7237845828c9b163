"""``comove highs`` through the API: the CLI prints the result object, one store connection."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import comove
from comove.errors import UsageError
from comove.results.render import jsonable
from comove.store import Store
from tests.conftest import run_cli, store_connections


def _walk(days: pd.DatetimeIndex, seed: int, drift: float, vol: float, start: float
          ) -> np.ndarray:
    steps = np.random.default_rng(seed).normal(drift, vol, len(days))
    return start * np.exp(np.cumsum(steps))


def _prices(days: pd.DatetimeIndex, seed: int, drift: float, vol: float, start: float
            ) -> pd.DataFrame:
    close = _walk(days, seed, drift, vol, start)
    volume = np.random.default_rng(seed + 1).lognormal(20, 0.3, len(days)).round()
    return pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "open": close, "high": close * 1.01,
                         "low": close * 0.99, "close": close, "volume": volume})


def build_store(folder: Path) -> Store:
    """SPX (weekdays), BTC and ETH (every day) and BTC_BITSTAMP before BTC, all synthetic."""
    from comove.ingest import import_files

    folder.mkdir(parents=True, exist_ok=True)
    weekdays = pd.bdate_range("2013-01-02", "2021-12-31")
    every_day = pd.date_range("2014-09-17", "2021-12-31")
    _prices(weekdays, 1, 0.0004, 0.01, 1500).to_csv(folder / "spx.csv", index=False)
    _prices(every_day, 2, 0.001, 0.035, 450).to_csv(folder / "btc.csv", index=False)
    _prices(every_day[every_day >= "2016-01-01"], 3, 0.001, 0.05, 1).to_csv(
        folder / "eth.csv", index=False)
    early = pd.date_range("2012-01-01", "2014-09-20")
    pd.DataFrame({"date": early.strftime("%Y-%m-%d"),
                  "value": _walk(early, 4, 0.003, 0.04, 5).round(2)}).to_csv(
        folder / "btc_bitstamp.csv", index=False)
    store = Store(folder / "store")
    import_files(store, sorted(folder.glob("*.csv")))
    return store


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("synthetic"))


class ConnectionCount:
    """Counts connections opened to store files (not DuckDB's in-memory databases)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = store_connections(monkeypatch)

    @property
    def count(self) -> int:
        return len(self.opened)


def cli_json(store: Store, *args: str) -> object:
    result = run_cli("--store", str(store.path), *args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_highs_json_is_the_api_result(synthetic: Store) -> None:
    m = comove.open(synthetic.path)
    result = m.highs("SPX", start="2017-01-01", end="2020-12-31", breakouts=100, gaps=3)
    assert cli_json(synthetic, "highs", "SPX", "--start", "2017-01-01", "--end",
                    "2020-12-31", "--breakouts", "100", "--gaps", "3") == jsonable(
        result.to_dict())
    assert len(result.to_dict()["gaps"]) == 3
    assert result.to_frame()["date"].min() >= pd.Timestamp("2017-01-01")
    assert result.summary() in run_cli("--store", str(synthetic.path), "highs", "SPX",
                                       "--start", "2017-01-01", "--end", "2020-12-31",
                                       "--breakouts", "100", "--gaps", "3").out
    assert "<pre>" in result._repr_html_()


def test_highs_opens_the_store_once(synthetic: Store, monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    connections = ConnectionCount(monkeypatch)
    result = run_cli("--store", str(synthetic.path), "highs", "BTC", "--basis", "high",
                     "--drawdown-series", str(tmp_path / "dd.csv"), "--plot",
                     str(tmp_path / "highs.png"))
    assert result.code == 0, result.err
    assert connections.count == 1
    assert (tmp_path / "highs.png").stat().st_size > 10_000
    series = pd.read_csv(tmp_path / "dd.csv", index_col="date", parse_dates=True)["drawdown"]
    from comove.data import read_bars

    closes = read_bars(synthetic, "BTC", long_history=True)[1]["close"]  # Bitstamp first
    np.testing.assert_allclose(series, closes / closes.cummax() - 1, atol=1e-15)


def test_highs_chart_marks_every_record(synthetic: Store) -> None:
    result = comove.open(synthetic.path).highs("ETH")
    ax = result.plot()
    marks = [line for line in ax.get_lines() if line.get_marker() == "|"]
    assert len(marks) == 1 and len(marks[0].get_xdata()) == len(result.report.records)


@pytest.mark.parametrize(("kwargs", "param"), [
    ({"basis": "open"}, "basis"),
    ({"breakouts": 0}, "breakouts"),
    ({"gaps": -1}, "gaps"),
    ({"start": "2020-02-30"}, "start"),
    ({"start": "2021-01-01", "end": "2020-01-01"}, "start"),
])
def test_highs_arguments_are_checked(synthetic: Store, kwargs: dict[str, object],
                                     param: str) -> None:
    with pytest.raises(UsageError) as caught:
        comove.open(synthetic.path).highs("SPX", **kwargs)  # type: ignore[arg-type]
    assert param in str(caught.value)


def test_cli_names_the_option_of_a_bad_bound(synthetic: Store) -> None:
    result = run_cli("--store", str(synthetic.path), "highs", "SPX", "--breakouts", "0")
    assert result.code == 2 and "--breakouts" in result.err
