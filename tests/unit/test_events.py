"""Event definitions, forward returns, declustering, the bootstrap and the verdicts."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from arch.bootstrap import StationaryBootstrap

from comove.errors import UsageError
from comove.events import EventKind, EventSpec, decluster, event_study, forward_returns
from comove.events import raw_event_days as days_of
from comove.events.definitions import make_spec, state_days
from comove.kernels.bootstrap import (
    bootstrap_mean_difference,
    bootstrap_means,
    stationary_indices,
)


def frame(values, start="2024-01-01", freq="D"):
    index = pd.date_range(start, periods=len(values), freq=freq, name="date")
    values = np.asarray(values, dtype=float)
    return pd.DataFrame({"close": values, "high": values}, index=index)


def test_forward_returns_use_the_last_price_on_or_before_each_date():
    prices = pd.Series([100.0, 110.0, 121.0], index=pd.to_datetime(
        ["2024-01-05", "2024-01-08", "2024-01-10"]))  # Fri, Mon, Wed
    starts = pd.to_datetime(["2024-01-05", "2024-01-06", "2024-01-08", "2024-01-09"])
    out = forward_returns(prices, starts, 3)
    # 01-05 -> 01-08: 110/100; 01-06 (Sat: Friday's price) -> 01-09 (Tue: Monday's): 110/100
    # 01-08 -> 01-11 is after the last price: NaN; 01-09 -> 01-12: NaN.
    assert out[:2] == pytest.approx([0.1, 0.1])
    assert np.isnan(out[2:]).all()


def test_event_kinds_by_hand():
    f = frame([10, 12, 11, 9, 8, 13, 12, 14])
    assert list(days_of(EventSpec(EventKind.RECORD), f).day) == [2, 6, 8]
    assert list(days_of(EventSpec(EventKind.BREAKOUT, min_days=4), f).day) == [6]
    dd = days_of(EventSpec(EventKind.DRAWDOWN, threshold=-0.25), f)
    assert list(dd.day) == [4]  # 9/12 - 1 = -25%: entered on day 4, still in on day 5
    move = days_of(EventSpec(EventKind.MOVE, threshold=0.2), f)
    assert list(move.day) == [2, 6]  # +20% and +62.5%
    fall = days_of(EventSpec(EventKind.MOVE, threshold=-0.1), f)
    assert list(fall.day) == [4, 5]  # -18.2%, -11.1%
    level = days_of(EventSpec(EventKind.LEVEL, threshold=10), f)
    assert list(level.day) == [4]
    above = days_of(EventSpec(EventKind.LEVEL, threshold=11.5, above=True), f)
    assert list(above.day) == [2, 6]
    given = days_of(EventSpec(EventKind.DATES, dates=(date(2024, 1, 3),)), f)
    assert list(given.day) == [3]
    lagging = frame([10, 9, 8, 7, 7, 7, 9, 10])
    div = days_of(EventSpec(EventKind.DIVERGENCE, threshold=-0.2, other="Y"), f, lagging)
    assert list(div.day) == [6]  # A's record on day 6 while Y is 30% below; day 8: 0%


def test_decluster_keeps_the_first_day_of_each_run():
    days = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-20", "2024-03-01"])
    first, sizes = decluster(days, 10)
    assert list(first.strftime("%m-%d")) == ["01-01", "01-20", "03-01"]
    assert sizes == [2, 1, 1]
    assert len(decluster(days, 0)[0]) == 4


def ar1(n, phi, seed):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = e[0]
    for t in range(1, n):
        x[t] = phi * x[t - 1] + e[t]
    return x


def test_bootstrap_spread_matches_arch():
    x = ar1(2000, 0.6, 1)
    ours = bootstrap_means(x, 20_000, 15, np.random.default_rng(2))
    bs = StationaryBootstrap(15, x, seed=3)
    ref = np.array([data[0][0].mean() for data in bs.bootstrap(4000)])
    assert ours.std() == pytest.approx(ref.std(), rel=0.06)
    assert ours.mean() == pytest.approx(x.mean(), abs=3 * ours.std() / np.sqrt(200))


def test_index_resamples_have_geometric_blocks_and_uniform_positions():
    n = 1000
    idx = np.vstack(list(stationary_indices(n, 400, 25, np.random.default_rng(0))))
    continues = (np.diff(idx, axis=1) % n) == 1
    assert (idx.size / (idx.shape[0] + (~continues).sum())) == pytest.approx(25, rel=0.08)
    counts = np.bincount(idx.ravel(), minlength=n)
    assert counts.std() / counts.mean() < 0.3


def test_block_of_one_is_the_iid_bootstrap():
    x = np.random.default_rng(4).standard_normal(500)
    ours = bootstrap_means(x, 20_000, 1, np.random.default_rng(5))
    assert ours.std() == pytest.approx(x.std() / np.sqrt(500), rel=0.05)


def test_mean_difference_matches_an_index_based_computation():
    x = ar1(800, 0.3, 7)
    flags = np.zeros(800, dtype=bool)
    flags[::40] = True
    fast = bootstrap_mean_difference(x, flags, 20_000, 10, np.random.default_rng(8))
    slow = []
    for idx in stationary_indices(800, 20_000, 10, np.random.default_rng(9)):
        v, f = x[idx], flags[idx]
        slow.append((v * f).sum(1) / np.maximum(f.sum(1), 1) - v.mean(1))
    slow = np.concatenate(slow)
    assert np.nanstd(fast) == pytest.approx(np.nanstd(slow), rel=0.05)
    assert np.nanmean(fast) == pytest.approx(np.nanmean(slow), abs=0.02)


def synthetic(effect: float, n_events: int, seed: int = 0):
    """A random walk whose 30-day returns after event days are shifted by ``effect``."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2015-01-01", "2024-12-31")
    steps = rng.normal(0, 0.01, len(days))
    events = pd.DatetimeIndex(sorted(rng.choice(days[:-60], n_events, replace=False)))
    for d in events:
        i = days.get_loc(d)
        steps[i + 1: i + 31] += effect / 30
    prices = pd.Series(100 * np.exp(np.cumsum(steps)), index=days)
    return events, days, prices


def test_a_strong_effect_is_found_and_reproducible():
    events, days, prices = synthetic(0.15, 40)
    kwargs = dict(description="x", event_symbol="A", response_symbol="B", seed=11,
                  n_resamples=2000, n_placebo=2000)
    result = event_study(events, days, prices, [30], **kwargs)
    r = result.results[0]
    assert r.n == 40 and r.ci_low > 0 and r.placebo_p < 0.01
    assert "higher than usual" in r.verdict
    again = event_study(events, days, prices, [30], **kwargs).results[0]
    assert (again.ci_low, again.ci_high, again.placebo_p) == (r.ci_low, r.ci_high, r.placebo_p)
    # The reported event returns are the forward returns computed directly.
    direct = prices.reindex(events + pd.Timedelta(days=30)).to_numpy() / prices[events] - 1
    np.testing.assert_allclose(result.events["return_30d"], direct, rtol=1e-12)


def test_no_effect_is_not_called_significant_and_tiny_samples_say_so():
    events, days, prices = synthetic(0.0, 40, seed=3)
    r = event_study(events, days, prices, [30], description="x", event_symbol="A",
                    response_symbol="B", n_resamples=2000, n_placebo=2000).results[0]
    assert "not distinguishable" in r.verdict
    tiny = event_study(events[:2], days, prices, [30], description="x", event_symbol="A",
                       response_symbol="B", n_resamples=500, n_placebo=500).results[0]
    assert tiny.verdict.startswith("too few events (n=2)")
    thin = event_study(events[:5], days, prices, [30], description="x", event_symbol="A",
                       response_symbol="B", n_resamples=500, n_placebo=500).results[0]
    assert thin.verdict.startswith("thin evidence (n=5)")


def test_state_days_are_every_day_in_the_state():
    f = frame([10, 12, 11, 9, 8, 13, 12, 9, 9.5, 14])
    # At least 25% below the record: 9/12 (day 4), 8/12 (5), 9/13 (8), 9.5/13 (9).
    spec = EventSpec(EventKind.DRAWDOWN, threshold=-0.25)
    assert list(state_days(spec, f).day) == [4, 5, 8, 9]
    assert list(days_of(spec, f).day) == [4, 8]
    level = EventSpec(EventKind.LEVEL, threshold=10)
    assert list(state_days(level, f).day) == [4, 5, 8, 9]
    assert list(days_of(level, f).day) == [4, 8]
    assert level.describe_state("VIX") == "VIX is below 10"
    record = EventSpec(EventKind.RECORD)
    assert list(state_days(record, f)) == list(days_of(record, f))


def test_make_spec_checks_and_names_parameters():
    spec = make_spec("dates", dates="2024-01-03,2024-01-05")
    assert spec.dates == (date(2024, 1, 3), date(2024, 1, 5))
    assert make_spec("drawdown", threshold=-0.2).threshold == -0.2
    for kwargs, param in [({"on": "level"}, "threshold"), ({"on": "x"}, "on"),
                          ({"on": "record", "basis": "low"}, "basis"),
                          ({"on": "divergence", "threshold": -0.2}, "other")]:
        with pytest.raises(UsageError) as caught:
            make_spec(**kwargs)
        assert caught.value.param == param


def test_an_unknown_placebo_is_one_line_naming_the_choices():
    from comove.events import conditional_summary

    days = pd.date_range("2024-01-01", periods=5)
    bars = frame(np.arange(5.0) + 1)
    calls = [lambda: event_study(days[:1], days, bars["close"], [1], description="",
                                 event_symbol="A", response_symbol="B", placebo="shuffle"),
             lambda: conditional_summary(days[:1], days, bars, "return", placebo="shuffle")]
    for call in calls:
        with pytest.raises(UsageError) as caught:
            call()
        assert caught.value.param == "placebo"
        assert str(caught.value).count("\n") == 0
        assert "'shuffle' is not one of 'circular', 'random'" in str(caught.value)
