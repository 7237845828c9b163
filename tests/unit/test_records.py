"""Records, drawdowns, gaps and breakouts against plain-Python references and hand cases."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comove.errors import EmptyRangeError
from comove.kernels.records import (
    drawdown,
    drawdown_periods,
    episodes,
    nearest_gaps,
    previous_records,
    record_mask,
    share_within,
)
from comove.records import drawdown_table, find_breakouts, find_records


def reference_records(values):
    """A record is strictly above every earlier non-NaN value; the first is not one."""
    out, best = [], None
    for v in values:
        if v != v:
            out.append(False)
            continue
        out.append(best is not None and v > best)
        best = v if best is None else max(best, v)
    return out


VALUES = st.lists(st.one_of(st.integers(1, 20).map(float), st.just(float("nan"))), max_size=80)


@settings(max_examples=200)
@given(VALUES)
def test_record_mask_matches_a_plain_loop(values):
    assert record_mask(np.array(values, dtype=float)).tolist() == reference_records(values)


@settings(max_examples=200)
@given(st.lists(st.floats(0.5, 100), min_size=1, max_size=80))
def test_drawdown_matches_pandas_cummax(values):
    s = pd.Series(values)
    np.testing.assert_allclose(drawdown(s.to_numpy()), (s / s.cummax() - 1).to_numpy(),
                               rtol=0, atol=1e-15)


def reference_periods(values):
    peaks, troughs, recoveries, depths = [], [], [], []
    peak_i, i = 0, 1
    while i < len(values):
        if values[i] >= values[peak_i]:
            peak_i = i
            i += 1
            continue
        trough_i = i
        while i < len(values) and values[i] < values[peak_i]:
            if values[i] < values[trough_i]:
                trough_i = i
            i += 1
        peaks.append(peak_i)
        troughs.append(trough_i)
        recoveries.append(i if i < len(values) else -1)
        depths.append(values[trough_i] / values[peak_i] - 1)
        if i < len(values):
            peak_i = i
            i += 1
    return peaks, troughs, recoveries, depths


@settings(max_examples=200)
@given(st.lists(st.integers(1, 30).map(float), min_size=1, max_size=60))
def test_drawdown_periods_match_a_plain_loop(values):
    peak, trough, recovery, depth = drawdown_periods(np.array(values))
    ref = reference_periods(values)
    assert peak.tolist() == ref[0]
    assert trough.tolist() == ref[1]
    assert recovery.tolist() == ref[2]
    np.testing.assert_allclose(depth, ref[3])


def bars(values, start="2024-01-01", freq="B"):
    index = pd.date_range(start, periods=len(values), freq=freq, name="date")
    return pd.DataFrame({"close": np.asarray(values, dtype=float),
                         "high": np.asarray(values, dtype=float)}, index=index)


def test_edge_cases():
    never = find_records(bars([10, 9, 8, 10, 7]), "X")  # 10 again is a tie, not a record
    assert never.records.empty and never.last_record is None
    assert never.drawdown == pytest.approx(-0.3)
    assert "no record after the first observation" in never.notes
    last = find_records(bars([10, 9, 11]), "X")
    assert last.last_record[1] == 11 and last.drawdown == 0 and last.trading_days_since == 0
    one = find_records(bars([5]), "X")
    assert one.records.empty and one.drawdown == 0
    gappy = find_records(bars([10, np.nan, 12, np.nan, 11, 13]), "X")
    assert gappy.records["value"].tolist() == [12, 13]
    with pytest.raises(EmptyRangeError):
        find_records(bars([np.nan, np.nan]), "X")


def test_gaps_breakouts_and_counts_by_hand():
    # Records at rows 2 (11), 3 (12), 8 (13); last row 10.
    report = find_records(bars([10, 9, 11, 12, 11, 10, 9, 11, 13, 12, 12]), "X")
    assert report.records["date"].dt.day.tolist() == [3, 4, 11]  # 2024-01-03, -04, -11
    assert report.records["rows_since_previous"].tolist() == [2, 1, 5]
    gaps = report.gaps.set_index("start")
    assert gaps["trading_days"].tolist() == [5, 2, 1]  # 04->11 (5), 11->end open (2), 03->04
    assert gaps["open"].tolist() == [False, True, False]
    breakouts = find_breakouts(report, 4)
    assert breakouts["date"].tolist() == [pd.Timestamp("2024-01-11")]
    assert breakouts["previous_value"].tolist() == [12]
    assert report.records_by_year == {2024: 3}


def test_window_keeps_earlier_history():
    report = find_records(bars([10, 20, 15, 18, 19, 21]), "X", start=date(2024, 1, 3))
    assert report.records["value"].tolist() == [21]  # 18 and 19 are below the earlier 20


def test_high_basis_uses_close_where_high_is_missing_or_lower():
    frame = bars([10, 11, 12])
    frame["high"] = [10.5, np.nan, 11.5]  # day 2 has no high; day 3's high is below its close
    report = find_records(frame, "X", basis="high")
    assert report.records["value"].tolist() == [11, 12]
    assert "1 rows have no intraday high" in report.notes[0]


def test_drawdown_table_by_hand():
    table = drawdown_table(bars([10, 8, 9, 11, 5, 6]))
    assert table["depth"].tolist() == pytest.approx([5 / 11 - 1, -0.2])
    assert math.isnan(table["days_to_recovery"][0])
    assert table.loc[1, "recovery"] == pd.Timestamp("2024-01-04")


def test_episodes():
    first, last = episodes(np.array([1, 2, 3, 10, 11, 30]), max_gap=2)
    assert first.tolist() == [1, 10, 30] and last.tolist() == [3, 11, 30]


def reference_nearest(a_days, b_days):
    """For each day of A, the nearest day of B by a plain scan (ties: the earlier day)."""
    nearest, gaps = [], []
    for a in a_days:
        best = None
        for i, b in enumerate(b_days):
            if best is None or abs(b - a) < abs(b_days[best] - a):
                best = i
        nearest.append(best)
        gaps.append(b_days[best] - a)
    return nearest, gaps


DAYS = st.lists(st.integers(-50, 400), max_size=40, unique=True).map(sorted)


@settings(max_examples=300)
@given(DAYS, DAYS.filter(len))
def test_nearest_gaps_match_a_plain_loop(a_days, b_days):
    nearest, gaps = nearest_gaps(np.array(a_days, dtype=np.int64),
                                 np.array(b_days, dtype=np.int64))
    assert (nearest.tolist(), gaps.tolist()) == reference_nearest(a_days, b_days)


def test_nearest_gaps_ties_go_to_the_earlier_day_and_share_within():
    nearest, gaps = nearest_gaps(np.array([5, 20]), np.array([3, 7, 33]))  # two ties
    assert nearest.tolist() == [0, 1] and gaps.tolist() == [-2, -13]
    assert share_within(np.array([5, 20, 29]), np.array([3, 7, 30]), 2) == pytest.approx(2 / 3)
    assert share_within(np.array([5]), np.array([], dtype=np.int64), 2) == 0.0
    assert math.isnan(share_within(np.array([], dtype=np.int64), np.array([3]), 2))
    with pytest.raises(ValueError):
        nearest_gaps(np.array([1]), np.array([], dtype=np.int64))


@settings(max_examples=200)
@given(VALUES)
def test_previous_records_match_a_plain_loop(values):
    positions = [i for i, r in enumerate(reference_records(values)) if r]
    expected = []
    for k, p in enumerate(positions):
        if k:
            expected.append(positions[k - 1])
            continue
        best = max(v for v in values[:p] if v == v)
        expected.append(max(j for j in range(p) if values[j] == best))
    got = previous_records(np.array(values, dtype=float), np.array(positions, dtype=np.int64))
    assert got.tolist() == expected
