"""Synchrony of records, halving cycles and conditional summaries, by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from comove.events.conditional import conditional_summary, relative_volume
from comove.events.halvings import halving_table, long_bitcoin
from comove.kernels.bootstrap import bootstrap_group_difference
from comove.records.synchrony import (
    nearest_records,
    record_episodes,
    significant_lows,
    synchrony,
)


def series(values, start="2024-01-01"):
    return pd.Series(np.asarray(values, dtype=float),
                     index=pd.date_range(start, periods=len(values)))


def test_nearest_records_and_signed_distance():
    a = pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-01"])
    b = pd.to_datetime(["2024-01-03", "2024-01-08", "2024-02-25"])
    out = nearest_records(a, b)
    assert out["distance_days"].tolist() == [-2, -12, -5]  # tie-free; 01-20: 01-08 is nearer
    assert out["b_record"].iloc[2] == pd.Timestamp("2024-02-25")


def test_episodes_and_share_within():
    # A records on days 2, 3, 10; B records on days 3, 11.
    a = series([1, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4])
    b = series([5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7])
    report = synchrony("A", a, "B", b, within_days=1, episode_gap=2)
    assert report.nearest["distance_days"].tolist() == [1, 0, 1]
    assert report.share_within == 1.0
    assert report.a_episodes["records"].tolist() == [2, 1]
    assert len(report.overlapping) == 2
    # On every A day, a B record is within a day on days 2, 3, 4, 10, 11: 5 of 11.
    assert report.chance_share == pytest.approx(5 / 11)
    assert report.state["A"]["below_record"] == 0
    assert "A is at a record" in report.state["summary"]


def test_record_episodes_by_gap():
    days = pd.to_datetime(["2024-01-01", "2024-01-10", "2024-03-01"])
    eps = record_episodes(days, 30)
    assert eps["records"].tolist() == [2, 1]


def test_significant_lows():
    closes = series([10, 9, 6, 8, 10, 12, 11, 12.5])
    lows = significant_lows(closes, 2, 0.3)
    assert lows["date"].tolist() == [pd.Timestamp("2024-01-03")]  # 6 is 40% below 10
    assert significant_lows(closes, 2, 0.5).empty


def test_halving_table_by_hand():
    prices = series(np.arange(1, 2001), start="2012-01-01")
    prices.attrs["sources"] = [(date(2012, 1, 1), date(2017, 6, 22), "test")]
    rows = halving_table(prices, [10])
    first = rows[0]
    assert first.date == date(2012, 11, 28)
    day = (pd.Timestamp("2012-11-28") - pd.Timestamp("2012-01-01")).days
    assert first.price == day + 1
    assert first.returns[10] == pytest.approx((day + 11) / (day + 1) - 1)
    assert first.peak_date == date(2016, 7, 8)  # the day before the next halving
    assert first.complete and not rows[1].complete


def test_long_bitcoin_shifts_bitstamp_and_prefers_yahoo():
    bitstamp = series([1, 2, 3, 4], start="2014-09-14")
    yahoo = series([30, 40], start="2014-09-17")
    out = long_bitcoin(yahoo, bitstamp)
    # Bitstamp's 09-15 value (2) stands for the close of 09-14; 09-17 on is Yahoo.
    assert out["2014-09-14"] == 2 and out["2014-09-16"] == 4 and out["2014-09-17"] == 30
    assert len(out.attrs["sources"]) == 2


def test_relative_volume_by_hand():
    volume = series([100.0] * 30 + [200.0])
    rel = relative_volume(volume)
    assert rel.iloc[-1] == pytest.approx(np.log(2))
    assert np.isnan(rel.iloc[5])  # fewer than 10 earlier days


def test_conditional_summary_difference_and_group_bootstrap():
    days = pd.date_range("2020-01-01", periods=400)
    prices = pd.Series(100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.01, 400))),
                       index=days)
    bars = pd.DataFrame({"close": prices, "volume": 1.0}, index=days)
    state = days[::7]
    summary = conditional_summary(state, days, bars, "return", horizon=1, n_resamples=2000)
    returns = prices.shift(-1) / prices - 1
    returns = returns.dropna()
    flags = returns.index.isin(state)
    expected = returns[flags].mean() - returns[~flags].mean()
    assert summary.difference == pytest.approx(expected, rel=1e-12)
    assert summary.n_state == flags.sum()
    assert summary.ci_low < summary.difference < summary.ci_high


def test_group_bootstrap_iid_spread():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(1000)
    flags = np.zeros(1000, dtype=bool)
    flags[:200] = True
    boot = bootstrap_group_difference(x, flags, 20_000, 1, np.random.default_rng(1))
    assert np.nanstd(boot) == pytest.approx(np.sqrt(1 / 200 + 1 / 800), rel=0.06)
