"""Alignment policies, checked against cases worked by hand.

The week used: Wed 2024-03-27 .. Tue 2024-04-02. Friday 2024-03-29 is Good Friday (NYSE
closed), then a weekend. Equity closes: Wed 100, Thu 102, Mon 99, Tue 101. Crypto closes
every day: Wed 10, Thu 11, Fri 12, Sat 13, Sun 14, Mon 15, Tue 16.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from comove.align import Policy, align_prices
from comove.errors import UsageError
from comove.symbols import Calendar

EQ = pd.Series([100.0, 102.0, 99.0, 101.0],
               index=pd.to_datetime(["2024-03-27", "2024-03-28", "2024-04-01", "2024-04-02"]))
CRYPTO = pd.Series([10.0, 11, 12, 13, 14, 15, 16],
                   index=pd.date_range("2024-03-27", "2024-04-02", freq="D"))
CALENDARS = {"EQ": Calendar.US_EXCHANGE, "BTC": Calendar.ALWAYS, "RATE": Calendar.BUSINESS}


def panel(policy: str):
    return align_prices({"EQ": EQ, "BTC": CRYPTO}, CALENDARS, policy)


def test_equity_policy_crypto_return_spans_the_holiday_and_weekend():
    p = panel("equity")
    assert [d.strftime("%m-%d") for d in p.prices.index] == ["03-27", "03-28", "04-01", "04-02"]
    r = p.returns("simple").returns
    # Thursday -> Monday for both assets: equity 99/102 - 1, crypto 15/11 - 1.
    assert r.loc["2024-04-01", "EQ"] == pytest.approx(99 / 102 - 1, abs=1e-15)
    assert r.loc["2024-04-01", "BTC"] == pytest.approx(15 / 11 - 1, abs=1e-15)
    assert r.loc["2024-04-02", "BTC"] == pytest.approx(16 / 15 - 1, abs=1e-15)
    assert p.policy is Policy.EQUITY and "equity calendar" in p.returns().convention


def test_calendar_policy_zero_equity_return_on_closed_days():
    r = panel("calendar").returns("log").returns
    assert len(r) == 6
    for day in ("2024-03-29", "2024-03-30", "2024-03-31"):
        assert r.loc[day, "EQ"] == 0.0
    assert r.loc["2024-04-01", "EQ"] == pytest.approx(math.log(99 / 102), abs=1e-15)
    assert r.loc["2024-03-30", "BTC"] == pytest.approx(math.log(13 / 12), abs=1e-15)


def test_weekly_policy_uses_the_last_observation_of_each_week():
    eq = pd.concat([EQ, pd.Series([104.0], index=pd.to_datetime(["2024-04-05"]))])
    crypto = pd.Series(np.arange(10.0, 20.0), index=pd.date_range("2024-03-27", periods=10))
    p = align_prices({"EQ": eq, "BTC": crypto}, CALENDARS, "weekly")
    assert [d.strftime("%m-%d") for d in p.prices.index] == ["03-29", "04-05"]
    # Week ending Good Friday: Thursday's equity close, Friday's crypto close.
    assert list(p.prices.loc["2024-03-29"]) == [102.0, 12.0]
    assert list(p.prices.loc["2024-04-05"]) == [104.0, 19.0]
    r = p.returns().returns
    assert r.loc["2024-04-05", "EQ"] == pytest.approx(104 / 102 - 1)


def test_equity_policy_never_fills_a_missing_exchange_day():
    gappy = EQ.drop(pd.Timestamp("2024-03-28"))
    other = EQ * 2
    p = align_prices({"EQ": gappy, "EQ2": other}, {**CALENDARS, "EQ2": Calendar.US_EXCHANGE},
                     "equity")
    assert math.isnan(p.prices.loc["2024-03-28", "EQ"])
    r = p.returns().returns
    assert math.isnan(r.loc["2024-04-01", "EQ"])


def test_levels_are_sampled_as_of_and_differenced():
    rate = pd.Series([4.2, 4.3], index=pd.to_datetime(["2024-03-28", "2024-04-01"]))
    p = align_prices({"EQ": EQ, "RATE": rate}, CALENDARS, "calendar", level_symbols={"RATE"})
    assert p.prices.loc["2024-03-31", "RATE"] == 4.2
    r = p.returns("log").returns
    assert r.loc["2024-04-01", "RATE"] == pytest.approx(0.1)


def test_multi_day_returns_overlap():
    r = panel("equity").returns("simple", horizon=2).returns
    assert list(r.index.strftime("%m-%d")) == ["04-01", "04-02"]
    assert r.loc["2024-04-02", "BTC"] == pytest.approx(16 / 11 - 1)


def test_equity_policy_needs_an_exchange_series():
    with pytest.raises(UsageError, match="exchange-traded"):
        align_prices({"BTC": CRYPTO}, CALENDARS, "equity")


def test_returns_match_pandas():
    prices = pd.DataFrame({"A": [1.0, 2.0, np.nan, 4.0, 5.0], "B": [3.0, 3.3, 3.1, 2.9, 3.5]},
                          index=pd.date_range("2024-01-01", periods=5))
    p = align_prices({"A": prices["A"], "B": prices["B"]},
                     {"A": Calendar.ALWAYS, "B": Calendar.ALWAYS}, "calendar", common_span=False)
    ours = p.returns("simple").returns
    ref = prices.pct_change(fill_method=None).iloc[1:]
    pd.testing.assert_frame_equal(ours, ref, check_names=False, check_freq=False, rtol=1e-14)
    ours_log = p.returns("log").returns
    ref_log = np.log(prices / prices.shift(1)).iloc[1:]
    pd.testing.assert_frame_equal(ours_log, ref_log, check_names=False, check_freq=False)


@pytest.mark.parametrize("unit", ["s", "us", "ns"])
def test_weekly_sampling_equals_pandas_resample(unit: str) -> None:
    from comove.align.panel import _weekly

    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 300))
        start = pd.Timestamp("2000-01-01") + pd.Timedelta(days=int(rng.integers(0, 3000)))
        offsets = np.sort(rng.choice(int(rng.integers(n, 3 * n + 10)), n, replace=False))
        index = pd.DatetimeIndex(start + pd.to_timedelta(offsets, "D")).as_unit(unit)
        s = pd.Series(rng.standard_normal(n), index, name="x")
        pd.testing.assert_series_equal(_weekly(s), s.resample("W-FRI").last(), check_freq=True)
