"""Providers against recorded answers (tests/fixtures/providers): FRED at the wire
(httpx.MockTransport), Yahoo and the exchanges at the library boundary (yfinance frames,
ccxt candle lists). No network."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pandas as pd
import pytest

from comove.errors import ProviderError, UsageError
from comove.ingest import import_files
from comove.providers import CoinbaseFetcher, FredFetcher, YahooFetcher
from comove.providers.base import FetchQuery
from comove.providers.fetch import FetchOptions, fetch_symbols
from comove.providers.http import HttpClient
from tests.conftest import FIXTURES, fingerprint, run_cli
from tests.fixtures.providers.answers import (
    FakeExchange,
    FakeYahoo,
    coinbase_candles,
    yahoo_answer,
    yahoo_answer_from_body,
    yahoo_body,
)

RECORDED = FIXTURES / "providers"
NOW = datetime(2024, 4, 6, 12, tzinfo=UTC)
TODAY = date(2024, 4, 6)
GSPC = "yahoo_gspc_2024-03-20_2024-04-05.json"
YAHOO = FakeYahoo({"^GSPC": yahoo_answer(GSPC),
                   "BTC-USD": yahoo_answer("yahoo_btc_2024-03-20_2024-04-05.json")})
FETCHERS = {"yahoo": YahooFetcher(now=NOW, history=YAHOO),
            "coinbase": CoinbaseFetcher(now=NOW, exchange=FakeExchange(coinbase_candles())),
            "fred": FredFetcher()}


def yahoo_with(body: dict, now: datetime = NOW) -> dict:
    """Fetchers whose Yahoo serves ``body`` (a chart JSON) for ^GSPC."""
    return {**FETCHERS, "yahoo": YahooFetcher(
        now=now, history=FakeYahoo({"^GSPC": yahoo_answer_from_body(body)}))}


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


def serve(routes: dict[str, list[httpx.Response] | httpx.Response]):
    """A client whose transport answers by URL path fragment; records the requests made."""
    seen: list[httpx.Request] = []
    queues = {k: (v if isinstance(v, list) else [v]) for k, v in routes.items()}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        for fragment, answers in queues.items():
            if fragment in str(request.url):
                return answers.pop(0) if len(answers) > 1 else answers[0]
        return httpx.Response(404)

    return HttpClient(httpx.MockTransport(handler), sleep=lambda s: None), seen


OK_ROUTES = {
    "fredgraph": httpx.Response(200, content=recorded("fred_dgs10_2024-03-20_2024-04-05.csv")),
}
WINDOW = FetchOptions(start=date(2024, 3, 20), end=date(2024, 4, 5))


def test_yahoo_index_dates_are_new_york_dates_and_match_the_shared_file(store, shared_data):
    client, seen = serve(OK_ROUTES)
    [result] = fetch_symbols(store, ["SPX"], WINDOW, client, FETCHERS, today=TODAY)
    assert result.rows == 12 and result.write.new == 12
    stored = store.read("SPX")
    assert pd.Timestamp("2024-03-29") not in stored.index  # Good Friday
    reference = pd.read_csv(shared_data / "spx.csv", index_col="date", parse_dates=True)
    pd.testing.assert_series_equal(
        stored["close"], reference.loc["2024-03-20":"2024-04-05", "close"], check_names=False,
        check_freq=False)
    assert YAHOO.calls[-1] == ("^GSPC", date(2024, 3, 20), date(2024, 4, 6))  # end exclusive
    assert not seen  # Yahoo goes through yfinance, not comove's HTTP client
    assert store.summary().loc[0, "sources"] == "yahoo:^GSPC"


def test_yahoo_crypto_uses_utc_days_and_drops_todays_partial_bar(store):
    client, _ = serve(OK_ROUTES)
    fetcher = YahooFetcher(now=datetime(2024, 4, 5, 15, tzinfo=UTC), history=YAHOO)
    [result] = fetch_symbols(store, ["BTC"], WINDOW, client, {"yahoo": fetcher},
                             today=date(2024, 4, 5))
    assert result.rows == 16  # 03-20..04-04; the 04-05 bar is today's, still open
    assert store.read("BTC").index[-1] == pd.Timestamp("2024-04-04")


@pytest.mark.parametrize("date_column", ["observation_date", "DATE"])
def test_fred_csv_skips_empty_holiday_values_under_either_date_header(store, date_column):
    body = recorded("fred_dgs10_2024-03-20_2024-04-05.csv").replace(
        b"observation_date", date_column.encode())
    client, seen = serve({"fredgraph": httpx.Response(200, content=body)})
    [result] = fetch_symbols(store, ["DGS10"], WINDOW, client, FETCHERS, today=TODAY)
    assert result.rows == 12
    assert seen[0].url.params["id"] == "DGS10"
    assert store.read("DGS10").loc["2024-04-01", "close"] == 4.33


def test_coinbase_candles_go_to_their_own_symbol_page_by_page(store):
    exchange = FakeExchange(coinbase_candles())
    fetchers = {"coinbase": CoinbaseFetcher(now=NOW, exchange=exchange)}
    fetcher = fetchers["coinbase"]
    fetcher.page_size = 5  # type: ignore[misc]
    [result] = fetch_symbols(store, ["BTC_COINBASE"], WINDOW, None, fetchers, today=TODAY)
    assert result.rows == 17 and result.identifier == "BTC/USD"
    assert len(exchange.calls) == 4  # 17 days in pages of 5
    stored = store.read("BTC_COINBASE")
    assert stored.index.is_monotonic_increasing
    assert stored.loc["2024-04-04", "close"] == 68508.84375
    assert "coinbase" not in store.resolve("BTC").providers  # volume in BTC, not USD


def test_incremental_fetch_starts_before_the_last_stored_date(store):
    fetch_symbols(store, ["SPX"], WINDOW, None, FETCHERS, today=TODAY)
    before = fingerprint(store)
    fetch_symbols(store, ["SPX"], FetchOptions(end=date(2024, 4, 5)), None, FETCHERS,
                  today=TODAY)
    assert YAHOO.calls[-1][1] == date(2024, 3, 29)  # 04-05 less 7 days
    assert fingerprint(store) == before  # same values: nothing changes


def test_revision_from_the_same_provider_is_applied(store):
    fetch_symbols(store, ["SPX"], WINDOW, None, FETCHERS, today=TODAY)
    body = yahoo_body(GSPC)
    body["chart"]["result"][0]["indicators"]["quote"][0]["close"][-1] += 1.0
    [result] = fetch_symbols(store, ["SPX"], WINDOW, None, yahoo_with(body), today=TODAY)
    assert result.write.replaced == 1


def test_retries_on_429_then_succeeds(store):
    client, seen = serve({"fredgraph": [httpx.Response(429, headers={"Retry-After": "1"}),
                                        httpx.Response(503), OK_ROUTES["fredgraph"]]})
    [result] = fetch_symbols(store, ["DGS10"], WINDOW, client, FETCHERS, today=TODAY)
    assert len(seen) == 3 and result.rows == 12


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (httpx.Response(500), "answered HTTP 500 after 4 attempts"),
        (httpx.Response(404), "does not know"),
        (httpx.Response(403), "refused the request"),
        (httpx.Response(200, content=b""), "the body is empty"),
        (httpx.Response(200, content=b"<html>moved</html>"), "an HTML page instead of CSV"),
        (httpx.Response(200, content=b"date,OTHER\n2024-01-02,1\n"), "header date,OTHER"),
    ],
)
def test_provider_failures_are_clear_and_write_nothing(store, answer, message):
    client, _ = serve({"fredgraph": answer})
    with pytest.raises(ProviderError, match=message):
        fetch_symbols(store, ["DGS10"], WINDOW, client, FETCHERS, today=TODAY)
    assert fingerprint(store) == "absent"


def test_yahoo_library_failures_are_clear_and_write_nothing(store):
    from yfinance.exceptions import YFPricesMissingError, YFRateLimitError

    for error, message in ((YFRateLimitError(), "rate-limiting"),
                           (YFPricesMissingError("^GSPC", ""), r"yahoo has no data for \^GSPC")):
        fetchers = {"yahoo": YahooFetcher(now=NOW, history=FakeYahoo({"^GSPC": error}))}
        with pytest.raises(ProviderError, match=message):
            fetch_symbols(store, ["SPX"], WINDOW, None, fetchers, today=TODAY)
    assert fingerprint(store) == "absent"


def test_timeouts_are_retried_then_reported(store):
    def handler(request):
        raise httpx.ReadTimeout("slow", request=request)

    client = HttpClient(httpx.MockTransport(handler), sleep=lambda s: None)
    with pytest.raises(ProviderError, match="timed out after 4 attempts"):
        fetch_symbols(store, ["DGS10"], WINDOW, client, FETCHERS, today=TODAY)


def test_a_short_answer_is_an_error_not_silent_success(store):
    body = yahoo_body(GSPC)
    result = body["chart"]["result"][0]
    keep = [0, 1, 10, 11]
    result["timestamp"] = [result["timestamp"][i] for i in keep]
    quote = result["indicators"]["quote"][0]
    for k in quote:
        quote[k] = [quote[k][i] for i in keep]
    with pytest.raises(ProviderError, match="returned 4 rows"):
        fetch_symbols(store, ["SPX"], WINDOW, None, yahoo_with(body), today=TODAY)


def test_a_series_that_stops_early_is_an_error_unless_allowed(store):
    late = FetchOptions(start=date(2024, 3, 20), end=date(2024, 4, 30))
    with pytest.raises(ProviderError, match="stops at 2024-04-05"):
        fetch_symbols(store, ["SPX"], late, None, FETCHERS, today=date(2024, 5, 1))
    late.allow_partial = True
    fetch_symbols(store, ["SPX"], late, None, FETCHERS, today=date(2024, 5, 1))


def test_a_failure_in_one_symbol_writes_none(store):
    client, _ = serve({"fredgraph": httpx.Response(502)})
    with pytest.raises(ProviderError):
        fetch_symbols(store, ["SPX", "DGS10"], WINDOW, client, FETCHERS, today=TODAY)
    assert fingerprint(store) == "absent"


def test_conflict_with_another_source_is_refused(tmp_path, store, shared_data):
    import_files(store, [shared_data / "spx.csv"])
    body = yahoo_body(GSPC)
    body["chart"]["result"][0]["indicators"]["quote"][0]["close"][0] *= 1.01
    before = fingerprint(store)
    from comove.errors import ConflictError

    with pytest.raises(ConflictError, match="SPX 2024-03-20 close"):
        fetch_symbols(store, ["SPX"], WINDOW, None, yahoo_with(body), today=TODAY)
    assert fingerprint(store) == before


def test_kraken_serves_720_days_and_says_so(store):
    from comove.providers import KrakenFetcher

    exchange = FakeExchange(coinbase_candles(), ignore_since=True)
    fetchers = {"kraken": KrakenFetcher(now=NOW, exchange=exchange)}
    early = FetchOptions(start=date(2020, 1, 1), end=date(2024, 4, 5))
    with pytest.raises(UsageError, match="latest 720 daily candles"):
        fetch_symbols(store, ["BTC_KRAKEN"], early, None, fetchers, today=TODAY)
    [result] = fetch_symbols(store, ["BTC_KRAKEN"], FetchOptions(end=date(2024, 4, 5),
                             allow_partial=True), None, fetchers, today=TODAY)
    assert result.start == date(2022, 4, 18)
    assert any("latest 720 daily candles" in w for w in result.warnings)


def test_missing_ccxt_names_the_install_command(store, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ccxt(name, *args, **kwargs):
        if name == "ccxt":
            raise ImportError("no ccxt")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ccxt)
    with pytest.raises(ProviderError, match=r"pip install 'comove\[crypto\]'"):
        fetch_symbols(store, ["BTC_BITSTAMP_OHLC"], WINDOW, None, {}, today=TODAY)


def test_fetch_query_pages_cover_the_window():
    exchange = FakeExchange(coinbase_candles())
    fetcher = CoinbaseFetcher(now=NOW, exchange=exchange)
    pages = fetcher.query(FetchQuery("BTC/USD", date(2024, 3, 20), date(2024, 4, 5)), None)
    assert sum(len(p) for p in pages) == 17


def test_symbols_without_a_mapping(store):
    with pytest.raises(UsageError, match="no provider mapping"):
        fetch_symbols(store, ["BTC_BITSTAMP"], WINDOW, today=TODAY)
    with pytest.raises(UsageError, match="no identifier at fred"):
        fetch_symbols(store, ["SPX"], FetchOptions(provider="fred"), today=TODAY)


def test_cli_fetch_unknown_symbol_lists_close_matches(tmp_path):
    result = run_cli("--store", tmp_path / "s", "data", "fetch", "SPXX")
    assert result.code == 2
    assert "unknown symbol 'SPXX'" in result.err and "SPX" in result.err


def test_cli_failed_fetch_one_line_exit_1_store_unchanged(tmp_path, monkeypatch, shared_data):
    import comove.providers.http as http

    original = http.HttpClient.__init__

    def offline(self, transport=None, **kwargs):
        def refuse(request):
            raise httpx.ConnectError("refused", request=request)

        original(self, httpx.MockTransport(refuse), sleep=lambda s: None)

    monkeypatch.setattr(http.HttpClient, "__init__", offline)
    store = tmp_path / "s"
    assert run_cli("--store", store, "data", "import", shared_data / "dgs10.csv").code == 0
    from comove.store import Store

    before = fingerprint(Store(store))
    result = run_cli("--store", store, "data", "fetch", "DGS10", "--json")
    assert result.code == 1
    assert result.err.count("\n") == 1 and result.err.startswith("comove: error:")
    assert "could not connect to fred.stlouisfed.org" in result.err
    assert result.out == ""
    assert fingerprint(Store(store)) == before


def test_fetch_all_needs_either_names_or_all(tmp_path):
    assert run_cli("--store", tmp_path / "s", "data", "fetch").code == 2
    assert run_cli("--store", tmp_path / "s", "data", "fetch", "SPX", "--all").code == 2


def test_progress_bar_only_on_a_terminal(store, monkeypatch, capsys):
    import comove.progress as progress

    assert list(progress.progress(range(3), desc="x")) == [0, 1, 2]
    assert capsys.readouterr().err == ""  # stderr is not a terminal under pytest
    monkeypatch.setattr(progress, "enabled", lambda: True)
    fetch_symbols(store, ["SPX", "BTC"], WINDOW, None, FETCHERS, today=TODAY)
    assert "fetching" in capsys.readouterr().err
