"""Property-based tests: random messy files import correctly or fail cleanly, never
half-import; alignment keeps its invariants on random calendars."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comove.align import align_prices
from comove.errors import ComoveError
from comove.ingest import import_files
from comove.store import Store
from comove.symbols import Calendar
from tests.conftest import fingerprint

DATES = st.dates(min_value=pd.Timestamp("2020-01-01").date(),
                 max_value=pd.Timestamp("2020-03-31").date())
GOOD_NUMBER = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
MESSY_CELL = st.one_of(
    GOOD_NUMBER.map(repr), st.just(""), st.sampled_from(["nan", "NaN", "null", "abc", "inf",
                                                          "-1", "0", "1e400", " 12.5 "]),
)
ROW = st.tuples(
    st.one_of(DATES.map(str), st.sampled_from(["", "2020-02-30", "01/02/2020", "2020-1-5"])),
    MESSY_CELL, MESSY_CELL, MESSY_CELL, MESSY_CELL, MESSY_CELL,
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=25))
def test_messy_csv_imports_correctly_or_fails_cleanly(tmp_path_factory, rows):
    folder: Path = tmp_path_factory.mktemp("h")
    store = Store(folder / "store", lock_timeout=0.5)
    seed = folder / "ndx.csv"
    seed.write_text("date,close\n2019-12-31,100\n")
    import_files(store, [seed])
    before = fingerprint(store)
    path = folder / "spx.csv"
    path.write_text("date,open,high,low,close,volume\n"
                    + "".join(",".join(r) + "\n" for r in rows))
    try:
        result = import_files(store, [path])
    except ComoveError as exc:
        assert str(exc)  # a message, and nothing written
        assert fingerprint(store) == before
        return
    # Imported: every stored row must be a row of the file, cleaned as documented.
    stored = store.read("SPX")
    assert stored.index.is_monotonic_increasing and stored.index.is_unique
    assert (stored["close"] > 0).all()
    assert not np.isinf(stored[["open", "high", "low", "close", "volume"]].to_numpy()).any()
    assert not (stored["volume"] == 0).any()
    assert not (stored["high"] < stored["low"]).any()
    file_rows = {}
    for r in rows:
        try:
            file_rows.setdefault(pd.Timestamp(r[0].strip()), []).append(float(r[4]))
        except ValueError:
            continue
    for day, close in stored["close"].items():
        assert any(math.isclose(close, c) for c in file_rows[day])
    assert result.write.rows_new == len(stored)
    assert store.read("NDX")["close"].tolist() == [100.0]


CLOSE_SERIES = st.lists(st.floats(min_value=1, max_value=1000), min_size=5, max_size=60)


@settings(max_examples=60, deadline=None)
@given(values=CLOSE_SERIES, crypto=CLOSE_SERIES, drop=st.sets(st.integers(0, 59)),
       policy=st.sampled_from(["equity", "calendar", "weekly"]))
def test_alignment_invariants(values, crypto, drop, policy):
    days = pd.bdate_range("2024-01-01", periods=len(values))
    eq = pd.Series(values, index=days).drop(days[[i for i in drop if i < len(days) - 1]])
    btc = pd.Series(crypto, index=pd.date_range("2024-01-01", periods=len(crypto)))
    try:
        panel = align_prices({"EQ": eq, "BTC": btc},
                             {"EQ": Calendar.US_EXCHANGE, "BTC": Calendar.ALWAYS}, policy)
    except ComoveError:
        assert btc.index[-1] < eq.index[0] or eq.index[-1] < btc.index[0] or policy == "weekly"
        return
    prices = panel.prices
    assert prices.index.is_monotonic_increasing and prices.index.is_unique
    # Every aligned price is a real observation of that series (nothing invented).
    for column, source in (("EQ", eq), ("BTC", btc)):
        assert prices[column].dropna().isin(source.to_numpy()).all()
    if policy == "equity":
        assert set(prices.index) <= set(eq.index)
        # Crypto is never filled: each price is that very day's close.
        present = prices["BTC"].dropna()
        assert (present == btc.reindex(present.index)).all()
    if policy == "calendar":
        assert (prices.index.to_series().diff().dropna() == pd.Timedelta(days=1)).all()
    if policy == "weekly":
        assert (prices.index.day_of_week == 4).all()
    returns = panel.returns("log").returns
    assert np.allclose(np.exp(returns.to_numpy()), (prices / prices.shift(1)).iloc[1:].to_numpy(),
                       equal_nan=True)
