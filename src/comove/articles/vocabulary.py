"""The asset vocabulary: the words an article uses for each comove symbol.

Each alias maps a phrase ("small caps", "the Dow", "BTC") to a symbol. Some phrases are
readings rather than names ("crypto" is taken to mean bitcoin); those carry a ``meaning``
that goes into the claim's note. Users extend the vocabulary with a YAML file::

    aliases:
      "the Nasdaq": IXIC
      "SOL/USD": SOL
    meanings:
      "the Nasdaq": "the Nasdaq Composite, not the Nasdaq-100"
    history_start:
      SOL: 2020-04-11
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from comove.errors import DataFileError

# Phrase -> symbol. Matching is case-insensitive except for the all-caps tickers below
# (so "sol" or "eth" inside ordinary words never match).
DEFAULT_ALIASES: dict[str, str] = {
    "russell 2000": "RUT", "russell 2000 index": "RUT", "russell index": "RUT",
    "the russell": "RUT", "small caps": "RUT", "small-caps": "RUT", "small cap": "RUT",
    "small-cap index": "RUT", "small-cap stock index": "RUT", "small-cap stocks": "RUT",
    "small-cap equities": "RUT", "small cap highs": "RUT", "small-cap highs": "RUT",
    "smaller companies": "RUT", "small companies": "RUT", "smaller, more risky companies": "RUT",
    "the dow": "DJI", "dow jones": "DJI", "dow jones industrial average": "DJI",
    "blue chips": "DJI", "blue-chip stocks": "DJI", "blue-chip index": "DJI",
    "s&p 500": "SPX", "s&p": "SPX", "s&p 500 index": "SPX", "standard & poor's 500": "SPX",
    "equities": "SPX", "us equities": "SPX", "u.s. equities": "SPX", "stocks": "SPX",
    "the stock market": "SPX", "stock market": "SPX", "wall street": "SPX",
    "equity": "SPX", "stock": "SPX",
    "s&p 500 futures": "ES", "e-mini": "ES", "equity futures": "ES",
    "nasdaq 100": "NDX", "nasdaq-100": "NDX", "tech stocks": "NDX", "big tech": "NDX",
    "megacap stocks": "NDX", "megacaps": "NDX", "mega caps": "NDX", "mega-caps": "NDX",
    "megacap": "NDX", "large caps": "NDX", "large-cap stocks": "NDX",
    "nasdaq composite": "IXIC", "nasdaq": "IXIC",
    "bitcoin": "BTC", "crypto": "BTC", "cryptocurrency": "BTC", "cryptocurrencies": "BTC",
    "the largest cryptocurrency": "BTC", "digital assets": "BTC", "crypto market": "BTC",
    "crypto markets": "BTC", "btc/usd": "BTC",
    "ether": "ETH", "ethereum": "ETH", "eth/usd": "ETH",
    "solana": "SOL", "sol/usd": "SOL",
    "vix": "VIX", "volatility index": "VIX", "fear gauge": "VIX", "fear index": "VIX",
    "treasury yields": "DGS10", "treasury yield": "DGS10", "10-year yield": "DGS10",
    "10-year treasury yield": "DGS10", "ten-year treasury yields": "DGS10",
    "10-year treasury yields": "DGS10", "ten-year yield": "DGS10",
    "ten-year treasury yield": "DGS10", "10-year treasury": "DGS10", "10-year note": "DGS10",
    "ten-year treasury": "DGS10", "10-year note yield": "DGS10",
    "digital gold": "BTC", "bond yields": "DGS10", "interest rates": "DGS10",
    "interest-rate": "DGS10", "interest rate": "DGS10",
    "fed funds rate": "DFF", "federal funds rate": "DFF",
    "silver": "SILVER", "gold": "GOLD",
}
TICKERS: dict[str, str] = {
    "RUT": "RUT", "IWM": "IWM", "DJIA": "DJI", "DJI": "DJI", "SPX": "SPX", "SPY": "SPY",
    "NDX": "NDX", "QQQ": "QQQ", "BTC": "BTC", "XBT": "BTC", "ETH": "ETH", "SOL": "SOL",
    "VIX": "VIX", "ES": "ES",
}
DEFAULT_MEANINGS: dict[str, str] = {
    "crypto": "'crypto' is taken to mean bitcoin (BTC), the largest crypto asset",
    "cryptocurrency": "'cryptocurrency' is taken to mean bitcoin (BTC)",
    "cryptocurrencies": "'cryptocurrencies' is taken to mean bitcoin (BTC)",
    "digital assets": "'digital assets' is taken to mean bitcoin (BTC)",
    "crypto market": "'the crypto market' is taken to mean bitcoin (BTC)",
    "crypto markets": "'crypto markets' is taken to mean bitcoin (BTC)",
    "equities": "'equities' is taken to mean the S&P 500 (SPX)",
    "us equities": "'US equities' is taken to mean the S&P 500 (SPX)",
    "u.s. equities": "'US equities' is taken to mean the S&P 500 (SPX)",
    "stocks": "'stocks' is taken to mean the S&P 500 (SPX)",
    "stock": "'stock' is taken to mean the S&P 500 (SPX)",
    "equity": "'equity' is taken to mean the S&P 500 (SPX)",
    "the stock market": "'the stock market' is taken to mean the S&P 500 (SPX)",
    "stock market": "'the stock market' is taken to mean the S&P 500 (SPX)",
    "wall street": "'Wall Street' is taken to mean the S&P 500 (SPX)",
    "blue chips": "blue chips are proxied by the Dow Jones Industrial Average (DJI)",
    "tech stocks": "tech stocks are proxied by the Nasdaq-100 (NDX)",
    "big tech": "big tech is proxied by the Nasdaq-100 (NDX)",
    "megacap stocks": "mega caps are proxied by the Nasdaq-100 (NDX)",
    "megacaps": "mega caps are proxied by the Nasdaq-100 (NDX)",
    "mega caps": "mega caps are proxied by the Nasdaq-100 (NDX)",
    "megacap": "mega caps are proxied by the Nasdaq-100 (NDX)",
    "large caps": "large caps are proxied by the Nasdaq-100 (NDX)",
    "smaller companies": "small companies are proxied by the Russell 2000 (RUT)",
    "small companies": "small companies are proxied by the Russell 2000 (RUT)",
    "smaller, more risky companies": "small companies are proxied by the Russell 2000 (RUT)",
    "interest rates": "interest rates are proxied by the 10-year Treasury yield (DGS10)",
    "interest-rate": "interest rates are proxied by the 10-year Treasury yield (DGS10)",
    "interest rate": "interest rates are proxied by the 10-year Treasury yield (DGS10)",
    "bond yields": "bond yields are proxied by the 10-year Treasury yield (DGS10)",
    "treasury yields": "Treasury yields are read as the 10-year yield (DGS10)",
    "gold": "gold is the COMEX continuous futures contract (GOLD)",
    "digital gold": "'digital gold' is read as bitcoin (BTC)",
    "silver": "silver is the COMEX continuous futures contract (SILVER)",
    "nasdaq": "'Nasdaq' is read as the Nasdaq Composite (IXIC)",
}
# First day with a daily return in ../shared/data-like stores, used as the start of
# "historically" / "tends to" claims. BTC starts at its first full calendar year.
DEFAULT_HISTORY_START: dict[str, date] = {
    "BTC": date(2015, 1, 1), "ETH": date(2017, 11, 10), "SOL": date(2020, 4, 11),
    "VIX": date(1990, 1, 2), "RUT": date(1987, 9, 10), "NDX": date(1985, 10, 1),
    "DJI": date(1992, 1, 2), "GOLD": date(2000, 8, 30), "SILVER": date(2000, 8, 30),
    "SPX": date(1928, 1, 3), "DGS10": date(1962, 1, 2),
}
CRYPTO = frozenset({"BTC", "ETH", "SOL", "BTC_BITSTAMP"})


@dataclass(frozen=True)
class AssetMention:
    """An asset named in a sentence: the words used, the symbol and where."""

    symbol: str
    words: str
    start: int
    end: int
    meaning: str = ""


@dataclass
class Vocabulary:
    """Aliases, readings and history starts; ``find`` lists the assets a text names."""

    aliases: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ALIASES))
    tickers: dict[str, str] = field(default_factory=lambda: dict(TICKERS))
    meanings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MEANINGS))
    history_start: dict[str, date] = field(default_factory=lambda: dict(DEFAULT_HISTORY_START))
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            # "the" is matched apart, so that "The Russell 2000 Index" is not cut at
            # "The Russell" (the regex takes the first alternative that fits, not the longest)
            words = sorted({_bare(w) for w in self.aliases}, key=len, reverse=True)
            phrase = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
            tick = "|".join(sorted((re.escape(t) for t in self.tickers), key=len, reverse=True))
            self._pattern = re.compile(
                rf"(?<![\w&])(?:(?i:(?:the\s+)?(?:{phrase}))|(?P<tick>{tick})(?:/(?P<quote>USDT?|USD))?)"
                r"(?![\w&]|-\w)(?!\s+(?:traders|investors|enthusiasts|users|holders|bulls|bears|"
                r"analysts|strategists|desks?|exchanges?|projects|companies|firms|miners|"
                r"community|space|industry|winter|sentiment)\b)")
        return self._pattern

    def find(self, text: str, offset: int = 0) -> list[AssetMention]:
        """Every asset the text names, in order, with a parenthesised ticker after an alias
        of the same asset ("Russell 2000 Index (IWM)") folded into the alias."""
        found: list[AssetMention] = []
        for m in self.pattern().finditer(text):
            words = m.group(0)
            if m.group("tick"):
                symbol = self.tickers[m.group("tick")]
                meaning = ""
            else:
                key = _bare(re.sub(r"\s+", " ", words.lower()))
                symbol = self.aliases.get(key) or self.aliases[f"the {key}"]
                meaning = self.meanings.get(key) or self.meanings.get(f"the {key}", "")
            if found and text[found[-1].end:m.start()].strip() in ("(", "") and \
                    text[m.end():m.end() + 1] == ")" and m.group("tick"):
                continue
            found.append(AssetMention(symbol, words, offset + m.start(), offset + m.end(),
                                      meaning))
        return found


def _bare(phrase: str) -> str:
    return phrase[4:] if phrase.startswith("the ") else phrase


def load_vocabulary(path: Path) -> Vocabulary:
    """The default vocabulary extended by a YAML file (aliases, meanings, history_start).

    Raises
    ------
    DataFileError
        If the file cannot be read or has the wrong shape.
    """
    import yaml

    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read the vocabulary ({exc.__class__.__name__})",
                            "give a UTF-8 YAML file with an 'aliases:' mapping") from exc
    if not isinstance(data, dict) or not isinstance(data.get("aliases", {}), dict):
        raise DataFileError(f"{path}: no 'aliases:' mapping of phrase to symbol",
                            "write e.g. aliases: {\"the Nasdaq\": IXIC}")
    vocab = Vocabulary()
    for phrase, symbol in (data.get("aliases") or {}).items():
        if not isinstance(symbol, str) or not re.fullmatch(r"[A-Z0-9][A-Z0-9._^=-]{0,31}",
                                                           symbol.upper()):
            raise DataFileError(f"{path}: alias '{phrase}': '{symbol}' is not a symbol name",
                                "map each phrase to a comove symbol such as IXIC")
        text = str(phrase)
        if text.isupper() and " " not in text:
            vocab.tickers[text] = symbol.upper()
        else:
            vocab.aliases[text.lower()] = symbol.upper()
    for phrase, meaning in (data.get("meanings") or {}).items():
        vocab.meanings[str(phrase).lower()] = str(meaning)
    for symbol, start in (data.get("history_start") or {}).items():
        try:
            vocab.history_start[str(symbol).upper()] = date.fromisoformat(str(start))
        except ValueError:
            raise DataFileError(f"{path}: history_start of {symbol}: '{start}' is not a date",
                                "write YYYY-MM-DD") from None
    return vocab


__all__ = ["CRYPTO", "AssetMention", "Vocabulary", "load_vocabulary"]
