"""``event``, ``condition``, ``sync`` and ``halvings`` through the API: the CLI prints the
result object, each command opens the store once, and bad arguments name their option."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import comove
from comove.errors import UsageError
from comove.events.study import forward_returns
from comove.results.render import jsonable
from comove.store import Store
from tests.conftest import run_cli
from tests.unit.test_api_records import ConnectionCount, build_store


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("synthetic"))


def cli(store: Store, *args: str) -> str:
    result = run_cli("--store", str(store.path), *args)
    assert result.code == 0, result.err
    return result.out


EVENT = ("SPX", "BTC", "--on", "record", "--horizons", "30,90", "--start", "2015-01-01",
         "--decluster", "10", "--resamples", "500", "--seed", "3")


def test_event_json_and_text_are_the_api_result(synthetic: Store) -> None:
    result = comove.open(synthetic.path).event(
        "SPX", "BTC", "record", horizons=[30, 90], start="2015-01-01", decluster=10,
        resamples=500, seed=3)
    assert json.loads(cli(synthetic, "event", *EVENT, "--json")) == jsonable(
        result.to_dict())
    assert cli(synthetic, "event", *EVENT) == result.summary() + "\n"
    assert list(result.to_frame().columns[:2]) == ["date", "in_sample"]


def test_event_opens_the_store_once_and_draws(synthetic: Store, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    connections = ConnectionCount(monkeypatch)
    chart = tmp_path / "event.png"
    result = run_cli("--store", str(synthetic.path), "event", "BTC", "SPX", "--on",
                     "divergence", "--other", "ETH", "--threshold", "-0.3", "--resamples",
                     "200", "--plot", str(chart))
    assert result.code == 0, result.err
    assert connections.count == 1
    assert chart.stat().st_size > 10_000


def test_condition_json_and_text_are_the_api_result(synthetic: Store,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    result = comove.open(synthetic.path).condition(
        "SPX", "BTC", "record", measure="volume", resamples=500)
    args = ("condition", "SPX", "BTC", "--on", "record", "--measure", "volume",
            "--resamples", "500")
    connections = ConnectionCount(monkeypatch)
    assert json.loads(cli(synthetic, *args, "--json")) == jsonable(result.to_dict())
    assert connections.count == 1
    assert cli(synthetic, *args) == result.summary() + "\n"


def test_condition_on_a_level_uses_every_day_beyond_it(synthetic: Store) -> None:
    spx = synthetic.read("SPX")["close"]
    level = float(spx.median())
    result = comove.open(synthetic.path).condition("SPX", "BTC", "level", threshold=level,
                                                   horizon=1, resamples=200)
    btc = synthetic.read("BTC")["close"]
    usable = ~np.isnan(forward_returns(btc, spx.index, 1))
    below = (spx.to_numpy() < level) & usable
    assert result.n_state == below.sum()  # every day below, not only the day it crosses
    assert result.n_state > 10 * len(np.flatnonzero(np.diff(below.astype(int)) == 1))
    assert result.summary().startswith(f"BTC return on days when SPX is below {level:g},")


def test_condition_on_a_drawdown_uses_every_day_below(synthetic: Store) -> None:
    spx = synthetic.read("SPX")["close"]
    deep = (spx / spx.cummax() - 1 <= -0.1).to_numpy()
    result = comove.open(synthetic.path).condition("SPX", "BTC", "drawdown", threshold=-0.1,
                                                   resamples=200)
    btc = synthetic.read("BTC")["close"]
    usable = ~np.isnan(forward_returns(btc, spx.index, 1))
    assert result.n_state == (deep & usable).sum()
    assert "SPX is 10% or more below its record" in result.summary()


def test_sync_json_and_text_are_the_api_result(synthetic: Store,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    result = comove.open(synthetic.path).sync("SPX", "BTC", within=7, start="2015-01-01")
    args = ("sync", "SPX", "BTC", "--within", "7", "--start", "2015-01-01")
    connections = ConnectionCount(monkeypatch)
    assert json.loads(cli(synthetic, *args, "--json")) == jsonable(result.to_dict())
    assert connections.count == 1
    assert cli(synthetic, *args) == result.summary() + "\n"
    assert len(result.to_frame()) == result.to_dict()["a_records"]


def test_halvings_json_and_text_are_the_api_result(synthetic: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    result = comove.open(synthetic.path).halvings(horizons=[30, 365])
    connections = ConnectionCount(monkeypatch)
    assert json.loads(cli(synthetic, "halvings", "--horizons", "30,365", "--json")) == \
        jsonable(result.to_dict())
    assert connections.count == 1
    assert cli(synthetic, "halvings", "--horizons", "30,365") == result.summary() + "\n"
    frame = result.to_frame()
    assert [str(d) for d in frame["date"]] == ["2012-11-28", "2016-07-09", "2020-05-11"]
    assert frame.loc[0, "source"].startswith("BTC_BITSTAMP")


def test_asof_cuts_what_the_analyses_see(synthetic: Store) -> None:
    m = comove.open(synthetic.path)
    cut = m.asof("2019-12-31")
    assert cut.highs("SPX").report.last[0] == pd.Timestamp("2019-12-31").date()
    assert cut.halvings().to_frame()["cycle_end"].max() <= pd.Timestamp("2019-12-31").date()
    assert cut.sync("SPX", "BTC").sample[1] <= pd.Timestamp("2019-12-31").date()


@pytest.mark.parametrize(("method", "args", "kwargs", "param"), [
    ("event", ("SPX", "BTC", "level"), {}, "threshold"),
    ("event", ("SPX", "BTC", "divergence"), {"threshold": -0.2}, "other"),
    ("event", ("SPX", "BTC", "dates"), {}, "dates"),
    ("event", ("SPX", "BTC", "dates"), {"dates": "2020-13-01"}, "dates"),
    ("event", ("SPX", "BTC", "sideways"), {}, "on"),
    ("event", ("SPX", "BTC", "record"), {"resamples": 50}, "resamples"),
    ("event", ("SPX", "BTC", "record"), {"horizons": [0]}, "horizons"),
    ("event", ("SPX", "BTC", "record"), {"decluster": -1}, "decluster"),
    ("event", ("SPX", "BTC", "drawdown"), {"threshold": -2.0}, "threshold"),
    ("event", ("SPX", "BTC", "breakout"), {"min_days": 0}, "min_days"),
    ("condition", ("SPX", "BTC", "record"), {"measure": "price"}, "measure"),
    ("condition", ("SPX", "BTC", "record"), {"horizon": 0}, "horizon"),
    ("condition", ("SPX", "BTC", "level"), {"threshold": 15, "treshold": 15}, "treshold"),
    ("event", ("SPX", "BTC", "record"), {"placebo": "shuffle"}, "placebo"),
    ("event", ("SPX", "BTC", "record"), {"seed": -1}, "seed"),
    ("sync", ("SPX", "BTC"), {"within": -1}, "within"),
    ("sync", ("SPX", "BTC"), {"min_depth": 1.5}, "min_depth"),
    ("halvings", (), {"horizons": [4000]}, "horizons"),
    ("breaks", ("SPX", "BTC"), {"alighn": "calendar"}, "alighn"),
    ("leadlag", ("SPX", "BTC"), {"start": "2020-02-30"}, "start"),
])
def test_bad_arguments_name_the_parameter(synthetic: Store, method: str, args: tuple[str, ...],
                                          kwargs: dict[str, object], param: str) -> None:
    with pytest.raises(UsageError) as caught:
        getattr(comove.open(synthetic.path), method)(*args, **kwargs)
    assert caught.value.param == param


@pytest.mark.parametrize(("args", "flag"), [
    (("event", "SPX", "BTC", "--on", "level"), "--threshold"),
    (("event", "SPX", "BTC", "--on", "divergence", "--threshold", "-0.2"), "--other"),
    (("condition", "SPX", "BTC", "--on", "record", "--resamples", "10"), "--resamples"),
    (("event", "SPX", "BTC", "--on", "record", "--horizons", "0"), "--horizons"),
    (("sync", "SPX", "BTC", "--episode-gap", "-3"), "--episode-gap"),
])
def test_cli_errors_name_the_option(synthetic: Store, args: tuple[str, ...], flag: str) -> None:
    result = run_cli("--store", str(synthetic.path), *args)
    assert result.code == 2 and result.err.count("\n") == 1
    assert flag in result.err, result.err
