"""Sentences price data cannot test: flows, earnings, supply, policy, constituents, opinion.

A sentence that names one of these is drafted as an ``untestable`` claim with the reason,
provided it is check-worthy (it names an asset or market and states a number or date), so
that a reader sees it was read and why it gets no verdict.
"""

from __future__ import annotations

import re

from comove.articles.context import Mapped, Sentence

REASONS: list[tuple[str, str]] = [
    (r"\bearnings\b|\bEPS\b|\brevenues?\b|\bprofits?\b|\bmargins\b|\bguidance\b",
     "Company earnings are not price data."),
    (r"\b(?:tech|technology|sector|financial|energy)\s+(?:stocks|companies|names)\s+in\s+the\b|"
     r"\bconstituents?\b|\bproportion\b|\bshare of (?:companies|firms|stocks)\b|"
     r"\bmedian market cap|\bcompanies in the\b|\bsmallest companies\b|"
     r"\bmarket capitali[sz]ation\b",
     "Needs index constituents, sectors or company data, which comove does not have (its "
     "universe is S&P 500 members only)."),
    (r"\b(?:in|out)flows?\b|\bnet (?:in|out)flows?\b|\bflowing (?:in|out)\b|\bmoney is "
     r"(?:flowing|leaving)|\ballocat\w+ (?:more )?to\b|\babsorb\w*\b.*\bdollars\b|"
     r"\bfunds? flowed\b|\bAUM\b|\bassets under management\b|\bwithdr[ae]w\w*\b|"
     r"\bredemptions?\b|\bpulled\s+(?:\$|about|roughly|nearly|some|more)|\btook in\s+\$|"
     r"\b(?:dumped|sold|bought|poured|piled|pumped)\s+(?:[\w-]+\s+){0,2}\$[\d.,]+"
     r"\s*(?:billion|million|bn|m)\b|\babsorb\w*\s+(?:more than\s+|about\s+|nearly\s+)?\$|"
     r"\bshort sellers\b|\bliquidat\w+|\bopen interest\b|\bleveraged positions\b",
     "Fund flows are not in price data."),
    (r"\bmined\b|\bsupply\b|\binflation rate\b|\bwhales?\b|\bon-chain\b|\bhash ?rate\b|"
     r"\bissuance\b|\bwallets?\b|\bof all bitcoin\b|\btreasuries hold\b|\bminers?\b|"
     r"\bstablecoins?\b|\bpeg\b|\breserves\b",
     "Supply and on-chain figures are not price data."),
    (r"\bfutures\b.*\b(?:pre-market|premarket|overnight|intraday|earlier)\b|"
     r"\b(?:pre-market|premarket|intraday)\b.*\bfutures\b",
     "An intraday futures move; comove holds daily closes, and no futures data after "
     "2025-07-11."),
    (r"\b(?:will|could|would|might|may)\s+(?:\w+\s+){0,3}(?:see|reach|hit|rise|fall|rally|"
     r"climb|drop|surge|test|retest|break)\b|\bforecasts?\b|\btargets?\b|\bprojected\b|"
     r"\bexpectations?\b|\bexpected to\b|\bexpects?\b.{0,60}\bto\b|\bpredicts?\b|"
     r"\b(?:chance|odds|probability) (?:that|of)\b",
     "A forecast: it can only be checked after the fact, against a date it does not give."),
]
# reasons that yield to a test fitting the same sentence
SOFT: list[tuple[str, str]] = [
    (r"\brate cuts?\b|\bbasis[- ]points?(?:-worth)? (?:of )?(?:rate )?(?:reduction|cuts?|hikes?)\b"
     r"|\b(?:cut|cuts|cutting|raise[sd]?|raising|hike[sd]?|hiking|lower(?:s|ed|ing)?)\s+"
     r"(?:interest\s+)?rates\b|\brate (?:hikes?|increases?|decreases?)\b|\bpriced into\b"
     r"|\bFed ?Watch\b|\bpurchase (?:program|plan)"
     r"\b|\bbill purchases?\b|\bbalance sheet\b|\breserve management\b|\bquantitative\b",
     "A monetary-policy decision or expectation; comove's tests cover market prices, not "
     "policy (DFF shows the rate itself)."),
    (r"\binflation\b|\bCPI\b|\bconsumer prices\b|\bjobs report\b|\bpayrolls\b|"
     r"\bunemployment\b|\bGDP\b|\bretail sales\b",
     "A macroeconomic figure (inflation, jobs, output); comove holds market prices and "
     "rates, not macro releases."),
    (r"\bon course for\b|\bon track (?:for|to)\b",
     "A forecast: it can only be checked after the fact, against a date it does not give."),
]
RATE_MOVE = (r"\b(?:cut|cuts|cutting|raise[sd]?|raising|hike[sd]?|hiking|lower(?:s|ed|ing)?|"
             r"pause[sd]?)\s+(?:interest\s+)?rates\b|\brate (?:cuts?|hikes?|increases?)\b")


def _plain(s: Sentence) -> str:
    # "than forecast", "than economists had expected" report a surprise, not a forecast
    return re.sub(r"\bthan\s+(?:\w+\s+){0,2}(?:forecasts?|expected|expectations)\b", "", s.text,
                  flags=re.IGNORECASE)


def soft_reason(s: Sentence) -> str | None:
    """A reason that holds only when no test fits the sentence ("X rose 5% as consumer
    prices cooled" is still a move)."""
    text = _plain(s)
    for pattern, reason in SOFT:
        if re.search(pattern, text, re.IGNORECASE):
            return reason
    return None


def untestable_reason(s: Sentence) -> str | None:
    """The first reason the sentence cannot be tested with prices, or ``None``."""
    text = _plain(s)
    for pattern, reason in REASONS:
        if re.search(pattern, text, re.IGNORECASE):
            return reason
    return None


def untestable_claim(s: Sentence, reason: str) -> Mapped | None:
    """An untestable claim with ``reason`` when the sentence is check-worthy."""
    has_number = bool(s.quantities_of("percent", "dollars", "bps", "points", "multiple",
                                      "count") or [q for q in s.quantities_of("number")
                                                   if q.value >= 10])
    strong = reason.startswith(("Fund flows", "Company earnings", "Needs index",
                                "A macroeconomic")) or (
        reason.startswith("Supply") and bool(s.quantities_of("dollars"))) or (
        reason.startswith(("A monetary-policy", "A forecast")) and bool(s.has(RATE_MOVE)))
    if has_number and (strong or s.assets or s.has(r"\b(?:index|markets?|ETFs?|companies|"
                                                  r"prices|Fed|Federal Reserve|rates?)\b")):
        pass
    elif not (strong and (s.times or s.assets)):
        return None
    return Mapped(None, untestable=reason, base_confidence=0.8 if has_number else 0.7)


__all__ = ["REASONS", "SOFT", "soft_reason", "untestable_claim", "untestable_reason"]
