"""Canonical symbols, their metadata and their identifiers at each provider.

A symbol is comove's short name for a series (``SPX``, ``BTC``, ``DGS10``). The built-in
table below maps each one to its provider identifiers; users register their own symbols in
the store (see :meth:`comove.store.Store.register_symbol`). This module has no heavy
imports, so the CLI can resolve names before loading pandas or DuckDB.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from comove.errors import UnknownSymbolError, UsageError


class AssetClass(StrEnum):
    """What kind of thing a series measures."""

    INDEX = "index"
    ETF = "etf"
    STOCK = "stock"
    CRYPTO = "crypto"
    FUTURES = "futures"
    VOLATILITY = "volatility"
    RATE = "rate"
    MACRO = "macro"
    SERIES = "series"

    @property
    def is_price(self) -> bool:
        """True for prices (must be positive; changes are ratios), False for levels
        such as rates or balance-sheet totals (any sign; changes are differences)."""
        return self not in (AssetClass.RATE, AssetClass.MACRO, AssetClass.SERIES)


class Calendar(StrEnum):
    """On which days a series has observations."""

    US_EXCHANGE = "us-exchange"
    """US exchange trading days (weekdays less NYSE holidays)."""
    ALWAYS = "24/7"
    """Every calendar day (crypto; FRED daily series such as DFF)."""
    BUSINESS = "business"
    """Weekdays, less the source's own holidays (FRED business-day series)."""
    WEEKLY = "weekly"
    """One observation a week (e.g. WALCL, Wednesdays)."""

    @property
    def is_exchange(self) -> bool:
        return self is Calendar.US_EXCHANGE


PROVIDERS = ("yahoo", "fred", "coinbase", "kraken", "bitstamp")

_SYMBOL_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._\-^=]{0,31}$")


@dataclass(frozen=True)
class Symbol:
    """A series comove knows about.

    Attributes
    ----------
    symbol
        Canonical short name, upper case.
    name
        Human-readable description.
    asset_class
        What the series measures; decides whether values must be positive.
    calendar
        On which days observations exist.
    currency
        Currency of prices, or the unit of a level series (``"percent"``).
    providers
        Identifier at each provider, e.g. ``{"yahoo": "^GSPC"}``.
    """

    symbol: str
    name: str
    asset_class: AssetClass
    calendar: Calendar
    currency: str = "USD"
    providers: dict[str, str] = field(default_factory=dict)

    @property
    def default_provider(self) -> str | None:
        """The provider used by ``comove data fetch`` when none is named."""
        for provider in PROVIDERS:
            if provider in self.providers:
                return provider
        return None

    def with_changes(self, **changes: object) -> Symbol:
        return replace(self, **changes)  # type: ignore[arg-type]


def _sym(
    symbol: str,
    name: str,
    asset_class: AssetClass,
    calendar: Calendar,
    currency: str = "USD",
    **providers: str,
) -> Symbol:
    return Symbol(symbol, name, asset_class, calendar, currency, dict(providers))


_EX, _247 = Calendar.US_EXCHANGE, Calendar.ALWAYS

BUILTIN_SYMBOLS: dict[str, Symbol] = {
    s.symbol: s
    for s in [
        _sym("SPX", "S&P 500 index", AssetClass.INDEX, _EX, yahoo="^GSPC"),
        _sym("RUT", "Russell 2000 index", AssetClass.INDEX, _EX, yahoo="^RUT"),
        _sym("NDX", "Nasdaq-100 index", AssetClass.INDEX, _EX, yahoo="^NDX"),
        _sym("IXIC", "Nasdaq Composite index", AssetClass.INDEX, _EX, yahoo="^IXIC"),
        _sym("DJI", "Dow Jones Industrial Average", AssetClass.INDEX, _EX, yahoo="^DJI"),
        _sym("VIX", "CBOE Volatility Index", AssetClass.VOLATILITY, _EX, "points", yahoo="^VIX"),
        _sym("ES", "E-mini S&P 500 futures, continuous", AssetClass.FUTURES, _EX, yahoo="ES=F"),
        _sym("GOLD", "Gold futures (COMEX), continuous", AssetClass.FUTURES, _EX, yahoo="GC=F"),
        _sym("SILVER", "Silver futures (COMEX), continuous", AssetClass.FUTURES, _EX, yahoo="SI=F"),
        _sym("SPY", "SPDR S&P 500 ETF", AssetClass.ETF, _EX, yahoo="SPY"),
        _sym("QQQ", "Invesco QQQ (Nasdaq-100) ETF", AssetClass.ETF, _EX, yahoo="QQQ"),
        _sym("IWM", "iShares Russell 2000 ETF", AssetClass.ETF, _EX, yahoo="IWM"),
        _sym("BTC", "Bitcoin", AssetClass.CRYPTO, _247, yahoo="BTC-USD"),
        _sym("ETH", "Ethereum", AssetClass.CRYPTO, _247, yahoo="ETH-USD"),
        _sym("SOL", "Solana", AssetClass.CRYPTO, _247, yahoo="SOL-USD"),
        # Exchange candles have volume in the coin, not USD: their own symbols, never BTC.
        _sym("BTC_COINBASE", "Bitcoin, Coinbase Exchange BTC/USD (volume in BTC)",
             AssetClass.CRYPTO, _247, coinbase="BTC/USD"),
        _sym("ETH_COINBASE", "Ethereum, Coinbase Exchange ETH/USD (volume in ETH)",
             AssetClass.CRYPTO, _247, coinbase="ETH/USD"),
        _sym("SOL_COINBASE", "Solana, Coinbase Exchange SOL/USD (volume in SOL)",
             AssetClass.CRYPTO, _247, coinbase="SOL/USD"),
        _sym("BTC_KRAKEN", "Bitcoin, Kraken BTC/USD, last 720 days (volume in BTC)",
             AssetClass.CRYPTO, _247, kraken="BTC/USD"),
        _sym("ETH_KRAKEN", "Ethereum, Kraken ETH/USD, last 720 days (volume in ETH)",
             AssetClass.CRYPTO, _247, kraken="ETH/USD"),
        _sym("BTC_BITSTAMP_OHLC", "Bitcoin, Bitstamp BTC/USD daily candles from 2011 "
             "(volume in BTC)", AssetClass.CRYPTO, _247, bitstamp="BTC/USD"),
        _sym(
            "BTC_BITSTAMP",
            "Bitcoin, Bitstamp-derived daily price (about 00:00 UTC)",
            AssetClass.CRYPTO,
            _247,
        ),
        _sym("DFF", "Effective federal funds rate", AssetClass.RATE, _247, "percent", fred="DFF"),
        _sym(
            "DGS10",
            "10-year Treasury constant-maturity yield",
            AssetClass.RATE,
            Calendar.BUSINESS,
            "percent",
            fred="DGS10",
        ),
        _sym(
            "WALCL",
            "Federal Reserve total assets (Wednesday level)",
            AssetClass.MACRO,
            Calendar.WEEKLY,
            "USD millions",
            fred="WALCL",
        ),
    ]
}


def normalize_name(text: str) -> str:
    """Upper-case a user-typed symbol and check that it is a valid name.

    Raises
    ------
    UsageError
        If the name has characters other than letters, digits and ``. _ - ^ =``.
    """
    name = text.strip().upper()
    if not _SYMBOL_PATTERN.match(name):
        from comove.store.text import shown  # at call time: comove.store imports this module

        raise UsageError(
            f"'{shown(text, 40)}' is not a valid symbol name",
            "use 1-32 letters, digits or . _ - ^ =, starting with a letter or digit",
        )
    return name


def resolve(text: str, registered: dict[str, Symbol] | None = None) -> Symbol:
    """Find the symbol a user means.

    Accepts a canonical name in any case (``spx``) or a provider identifier (``^GSPC``,
    ``BTC-USD``).

    Parameters
    ----------
    text
        What the user typed.
    registered
        Symbols registered in the store, which take precedence over built-ins.

    Raises
    ------
    UnknownSymbolError
        With the closest known names in the hint.
    """
    known = {**BUILTIN_SYMBOLS, **(registered or {})}
    name = text.strip().upper()
    if name in known:
        return known[name]
    # A provider identifier stands for its symbol when only one symbol uses it (BTC/USD
    # is listed at three exchanges, so it names none of them).
    owners = [s for s in known.values()
              if any(name == ident.upper() for ident in s.providers.values())]
    if len(owners) == 1:
        return owners[0]
    from comove.store.text import shown  # at call time: comove.store imports this module

    raise UnknownSymbolError(f"unknown symbol '{shown(text, 40)}'",
                             hint=suggestion(name[:64], known))


def suggestion(name: str, known: dict[str, Symbol]) -> str:
    """The hint for an unknown symbol: close matches, or how to list symbols."""
    candidates = list(known)
    aliases = {ident.upper(): s.symbol for s in known.values() for ident in s.providers.values()}
    matches = difflib.get_close_matches(name, candidates + list(aliases), n=4, cutoff=0.5)
    named = []
    for match in matches:
        canonical = aliases.get(match, match)
        if canonical not in named:
            named.append(canonical)
    if named:
        return "did you mean " + ", ".join(named) + "? 'comove data symbols' lists every symbol"
    return "'comove data symbols' lists every symbol; 'comove data import' adds your own"
