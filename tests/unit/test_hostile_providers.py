"""Hostile provider answers (issue 13, items 2, 3 and 4): recorded answers bent at the
library boundary (yfinance frames, ccxt lists) or at the wire (FRED, httpx.MockTransport).
Each is refused with a clear ComoveError, or kept with a warning, and the store is
unchanged when refused."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import httpx
import numpy as np
import pandas as pd
import pytest

from comove.errors import ComoveError, DataFileError, ProviderError
from comove.providers import CoinbaseFetcher, FredFetcher, YahooFetcher
from comove.providers.fetch import FetchOptions, fetch_symbols
from comove.providers.http import HttpClient, retry_after_seconds
from comove.providers.yahoo import YahooAnswer
from tests.conftest import fingerprint, run_cli
from tests.fixtures.providers.answers import (
    FakeExchange,
    FakeYahoo,
    coinbase_candles,
    yahoo_answer,
)

NOW = datetime(2024, 4, 6, 12, tzinfo=UTC)
TODAY = date(2024, 4, 6)
WINDOW = FetchOptions(start=date(2024, 3, 20), end=date(2024, 4, 5))
GSPC = yahoo_answer("yahoo_gspc_2024-03-20_2024-04-05.json")
BTC = yahoo_answer("yahoo_btc_2024-03-20_2024-04-05.json")


def yahoo(answer: YahooAnswer, identifier: str = "^GSPC") -> dict:
    return {"yahoo": YahooFetcher(now=NOW, history=FakeYahoo({identifier: answer}))}


def coinbase(candles) -> dict:
    return {"coinbase": CoinbaseFetcher(now=NOW, exchange=FakeExchange(candles))}


def bent(answer: YahooAnswer, change) -> YahooAnswer:
    out = YahooAnswer(answer.frame.copy(), copy.deepcopy(answer.meta))
    change(out)
    return out


@pytest.fixture
def filled(store):
    """SPX and BTC fetched from the recorded answers."""
    fetch_symbols(store, ["SPX"], WINDOW, None, yahoo(GSPC), today=TODAY)
    fetch_symbols(store, ["BTC"], WINDOW, None, yahoo(BTC, "BTC-USD"), today=TODAY)
    return store


def refused(store, names, fetchers, match, options=WINDOW, error=ComoveError):
    before = fingerprint(store)
    with pytest.raises(error, match=match):
        fetch_symbols(store, names, options, None, fetchers, today=TODAY)
    assert fingerprint(store) == before


# -- 3. history silently rewritten -----------------------------------------------------------

def test_yahoo_same_date_twice_with_different_values_is_refused(filled):
    def twice(a):
        extra = a.frame.iloc[[3]].copy()
        extra["Close"] += 5
        a.frame = pd.concat([a.frame, extra])

    refused(filled, ["SPX"], yahoo(bent(GSPC, twice)), "appears 2 times with different values",
            error=DataFileError)


def test_coinbase_same_date_twice_with_different_values_is_refused(store):
    candles = coinbase_candles()
    candles.append([candles[4][0], 1.0, 2.0, 0.5, 1.5, 10.0])
    refused(store, ["BTC_COINBASE"], coinbase(candles), "appears 2 times with different")


def test_a_timezone_shift_to_plus_14_is_refused(filled):
    def shifted(a):
        a.frame.index = a.frame.index.tz_convert("Etc/GMT-14") + pd.Timedelta(hours=14)
        a.meta["exchangeTimezoneName"] = "Etc/GMT-14"

    refused(filled, ["SPX"], yahoo(bent(GSPC, shifted)), "fall on weekends, so the provider's "
            "dates are shifted")


def test_a_crypto_series_shifted_by_a_day_is_refused(filled):
    def shifted(a):
        a.frame.index = a.frame.index + pd.Timedelta(days=1)

    refused(filled, ["BTC"], yahoo(bent(BTC, shifted), "BTC-USD"), "a day earlier")


def test_a_split_adjusted_overlap_is_refused_until_a_full_refetch(filled):
    def split(a):
        for column in ("Open", "High", "Low", "Close"):
            a.frame[column] = a.frame[column] / 10

    adjusted = yahoo(bent(GSPC, split))
    refused(filled, ["SPX"], adjusted, r"times 0\.1 .*--start 2024-03-20 --replace")
    full = FetchOptions(start=date(2024, 3, 20), end=date(2024, 4, 5), on_conflict="replace")
    [result] = fetch_symbols(filled, ["SPX"], full, None, adjusted, today=TODAY)
    assert result.write.replaced == 12


@pytest.mark.parametrize("value", [1e308, -1.0, float("inf")])
def test_absurd_closes_are_refused(filled, value):
    def absurd(a):
        a.frame.iloc[2, a.frame.columns.get_loc("Close")] = value

    refused(filled, ["SPX"], yahoo(bent(GSPC, absurd)), "row 3: close")


@pytest.mark.parametrize("missing", [np.nan, None])
def test_a_missing_yahoo_close_is_warned_not_dropped_silently(store, missing):
    def hole(a):
        a.frame["Close"] = a.frame["Close"].astype(object)
        a.frame.iloc[2, a.frame.columns.get_loc("Close")] = missing

    [result] = fetch_symbols(store, ["SPX"], WINDOW, None, yahoo(bent(GSPC, hole)), today=TODAY)
    assert result.rows == 11
    assert any("1 rows without a close skipped (rows 3)" in w for w in result.warnings)


def test_a_missing_exchange_close_is_warned(store):
    candles = coinbase_candles()
    candles[3][4] = None
    [result] = fetch_symbols(store, ["BTC_COINBASE"], WINDOW, None, coinbase(candles),
                             today=TODAY)
    assert any("rows without a close skipped" in w for w in result.warnings)


# -- 4. answers of the wrong shape -----------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda a: a.frame.__setitem__("Close", ["n/a"] * len(a.frame)),
         "close value 'n/a' is not a number"),
        (lambda a: a.meta.__setitem__("exchangeTimezoneName", "Mars/Olympus_Mons"),
         "unknown timezone 'Mars/Olympus_Mons'"),
        (lambda a: setattr(a, "meta", ["not", "a", "mapping"]), "metadata is not a mapping"),
        (lambda a: setattr(a.frame, "index", pd.Index([f"t{i}" for i in range(len(a.frame))])),
         "dates are not timestamps"),
        (lambda a: setattr(a.frame, "index", a.frame.index.tz_localize(None)),
         "dates have no timezone"),
        (lambda a: setattr(a, "frame", a.frame.drop(columns=["Close"])), "no Close column"),
        (lambda a: setattr(a, "frame", "<html>"), "not a table of daily bars"),
    ],
)
def test_malformed_yahoo_answers_are_schema_errors(filled, change, expected):
    refused(filled, ["SPX"], yahoo(bent(GSPC, change)), expected, error=ProviderError)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c[2].__setitem__(4, "67000.5"), "close value '67000.5' is not a number"),
        (lambda c: c[2].__setitem__(0, "yesterday"), "candle time 'yesterday'"),
        (lambda c: c[2].__setitem__(0, float("nan")), "candle time 'nan'"),
        (lambda c: c.__setitem__(2, {"close": 1}), "a candle that is not"),
        (lambda c: c[2].pop(), "a candle that is not"),
    ],
)
def test_malformed_exchange_candles_are_schema_errors(store, change, expected):
    candles = coinbase_candles()
    change(candles)
    refused(store, ["BTC_COINBASE"], coinbase(candles), expected, error=ProviderError)


def test_an_exchange_answer_that_is_not_a_list(store):
    refused(store, ["BTC_COINBASE"], coinbase({"message": "NotFound"}), "not a list of candles")  # type: ignore[arg-type]


# -- 2. unbounded waits ----------------------------------------------------------------------

class Drip(httpx.SyncByteStream):
    """A body sent one byte per half second (on a fake clock)."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock

    def __iter__(self):
        for byte in b"observation_date,DGS10\n" * 1000:
            self.clock[0] += 0.5
            yield bytes([byte])


def test_a_dripping_provider_is_cut_off_by_the_whole_request_deadline(store):
    clock = [0.0]
    client = HttpClient(httpx.MockTransport(lambda r: httpx.Response(200, stream=Drip(clock))),
                        sleep=lambda s: None, retries=1, deadline=60.0,
                        clock=lambda: clock[0])
    with pytest.raises(ProviderError, match="did not finish answering within 60 s"):
        fetch_symbols(store, ["DGS10"], WINDOW, client, {"fred": FredFetcher()}, today=TODAY)
    assert clock[0] < 200  # two attempts of about 60 s, not 11 hours
    assert fingerprint(store) == "absent"


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_a_long_retry_after_fails_at_once_instead_of_sleeping(store, form):
    # The date is made when the test runs, not when it is collected (minutes earlier).
    header = "86400" if form == "seconds" else format_datetime(
        datetime.now(UTC) + timedelta(days=1), usegmt=True)
    slept: list[float] = []
    client = HttpClient(httpx.MockTransport(
        lambda r: httpx.Response(429, headers={"Retry-After": header})), sleep=slept.append)
    with pytest.raises(ProviderError, match=r"asks to wait 86,[34]\d\d s"):
        fetch_symbols(store, ["DGS10"], WINDOW, client, {"fred": FredFetcher()}, today=TODAY)
    assert slept == []


def test_retry_after_accepts_seconds_and_http_dates():
    now = datetime(2024, 4, 6, 12, tzinfo=UTC)
    assert retry_after_seconds("7", now) == 7.0
    assert retry_after_seconds("Sat, 06 Apr 2024 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Sat, 06 Apr 2024 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None


def test_an_oversized_body_is_refused(store, monkeypatch):
    import comove.providers.http as http

    monkeypatch.setattr(http, "MAX_BODY_BYTES", 1000)
    client = HttpClient(httpx.MockTransport(lambda r: httpx.Response(200, content=b"x" * 5000)),
                        sleep=lambda s: None)
    with pytest.raises(ProviderError, match="sent more than"):
        fetch_symbols(store, ["DGS10"], WINDOW, client, {"fred": FredFetcher()}, today=TODAY)


# -- the command line -------------------------------------------------------------------------

def test_cli_shifted_answer_is_one_line_exit_1(tmp_path, monkeypatch):
    import comove.providers.yahoo as module

    def shifted_history(identifier, start, end, timeout):
        a = bent(GSPC, lambda a: setattr(a.frame, "index", a.frame.index.tz_convert(
            "Etc/GMT-14") + pd.Timedelta(hours=14)))
        a.meta["exchangeTimezoneName"] = "Etc/GMT-14"
        return a

    monkeypatch.setattr(module, "yfinance_history", shifted_history)
    result = run_cli("--store", tmp_path / "s", "data", "fetch", "SPX", "--start", "2024-03-20",
                     "--end", "2024-04-05")
    assert result.code == 1, result.err
    assert result.err.count("\n") == 1 and "fall on weekends" in result.err


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("BadSymbol", "coinbase does not list BTC/USD"),
        ("RateLimitExceeded", "coinbase is rate-limiting"),
        ("DDoSProtection", "coinbase is rate-limiting"),
        ("RequestTimeout", "coinbase timed out"),
        ("ExchangeNotAvailable", "could not connect to coinbase"),
        ("ExchangeError", "coinbase failed for BTC/USD: ExchangeError"),
    ],
)
def test_ccxt_failures_become_messages(store, error, expected):
    import ccxt

    refused(store, ["BTC_COINBASE"], coinbase(getattr(ccxt, error)("boom\x1b[2J")), expected,
            error=ProviderError)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ConnectionError("Could not resolve host: query2.finance.yahoo.com"),
         "could not connect to Yahoo Finance"),
        (TimeoutError("Operation timed out after 30001 milliseconds"), "yahoo timed out"),
        (KeyError("chart"), "yahoo \\(through yfinance\\) failed for \\^GSPC: KeyError"),
    ],
)
def test_yfinance_failures_become_messages(store, error, expected):
    refused(store, ["SPX"], yahoo(error), expected, error=ProviderError)  # type: ignore[arg-type]
