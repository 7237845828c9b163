"""What the rules see of one sentence, and what they return."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from comove.articles.dates import TimeRef, last_session
from comove.articles.numbers import Claimed, Quantity
from comove.articles.vocabulary import CRYPTO, AssetMention, Vocabulary


@dataclass
class Mapped:
    """A claim read from a sentence: a test with parameters, or a reason it is untestable.

    ``assumptions`` are the readings the rule had to choose; each lowers the confidence
    and goes into the claim's note. ``absorb_next`` / ``absorb_previous`` extend the span
    to neighbouring sentences that complete the claim.
    """

    test: str | None
    params: dict[str, Any] = field(default_factory=dict)
    untestable: str | None = None
    assumptions: list[str] = field(default_factory=list)
    base_confidence: float = 0.9
    absorb_next: int = 0
    absorb_previous: int = 0
    extra_tests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    free_notes: int = 0
    """Notes that are not choices (how the claims file reads a figure as written): they do
    not lower the confidence."""

    @property
    def confidence(self) -> float:
        chosen = len(self.assumptions) - self.free_notes
        return round(max(0.1, self.base_confidence - 0.1 * chosen), 2)

    def claim(self, params: dict[str, Any], claimed: Claimed, key: str = "claimed",
              prefix: str = "", chosen: bool = True) -> None:
        """Put a claimed figure into ``params[key]`` (no key: the caller places it), with
        the explicit tolerance only when its written precision cannot say it, and its
        reading (after ``prefix``) into the note; ``chosen=False`` when that reading is
        the claims file's own, not a choice of the rule."""
        if key:
            params[key] = claimed.value
        if claimed.tolerance is not None:
            params["tolerance"] = claimed.tolerance
        self.assumptions.append(prefix + claimed.note)
        self.free_notes += not chosen


@dataclass
class Sentence:
    """A sentence with its assets, quantities and times (offsets within the sentence)."""

    text: str
    made: date
    assets: list[AssetMention]
    quantities: list[Quantity]
    times: list[TimeRef]
    vocabulary: Vocabulary
    previous: list[Mapped]
    previous_assets: list[str]
    previous_text: str = ""
    next_texts: list[str] = field(default_factory=list)
    previous_claimed: bool = False
    present: date | None = None

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def now(self) -> date:
        """The close the article's present tense refers to (see :meth:`state_date`)."""
        return self.present or last_session(self.made)

    def has(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.text, re.IGNORECASE)

    def symbols(self, *, skip: tuple[str, ...] = ("ES",)) -> list[str]:
        """Distinct symbols in order of first mention."""
        out: list[str] = []
        for a in self.assets:
            if a.symbol not in out and a.symbol not in skip:
                out.append(a.symbol)
        return out

    def now_for(self, symbol: str | None) -> date:
        """The present close for ``symbol``: crypto trades every day, so the day before the
        article; exchange-traded series, the last weekday before it."""
        if self.present is None and symbol is not None and is_crypto(symbol):
            return self.made - timedelta(days=1)
        return self.now

    def quantities_of(self, *kinds: str) -> list[Quantity]:
        """Quantities of these kinds that are not part of an asset name ("S&P 500")."""
        spans = [(a.start, a.end) for a in self.assets]
        return [q for q in self.quantities if q.kind in kinds
                and not any(s <= q.at < e for s, e in spans)]

    def times_of(self, *kinds: str) -> list[TimeRef]:
        return [t for t in self.times if t.kind in kinds]

    def day(self) -> TimeRef | None:
        days = self.times_of("day")
        return days[0] if days else None

    def subject(self) -> str | None:
        """The sentence's first asset, else the last asset of the sentences before."""
        syms = self.symbols()
        if syms:
            return syms[0]
        return self.previous_assets[-1] if self.previous_assets else None

    def continues(self) -> bool:
        """A clause without its own subject ("..., closing 20% below its record"; "... but
        remains within 1% of it"): its subject is the asset named just before."""
        return bool(self.previous_assets) and re.match(
            r"(?:closing|ending|leaving|extending|adding|bringing|taking|pushing|paring|"
            r"remains?|remaining|stays?|staying|is|was|sits?|holds?|"
            r"hovers?|closed|ended)\b", self.text, re.IGNORECASE) is not None

    def history_start(self, *symbols: str) -> date:
        starts = [self.vocabulary.history_start[s] for s in symbols
                  if s in self.vocabulary.history_start]
        return max(starts) if starts else date(2015, 1, 1)

    def state_date(self, assumptions: list[str], symbol: str | None = None) -> date:
        """The date of a state the sentence reports: its own day, else the article date for
        a past-tense close ("closed at"), else the last session before the article."""
        day = self.day()
        if day is not None:
            if day.note:
                assumptions.append(day.note)
            return day.start
        if self.has(r"\b(closed|closes|closing|ended|finished|settled)\b"):
            assumptions.append(f"no date given: a reported close is read as the article "
                               f"date {self.made}")
            return self.made
        now = self.now_for(symbol)
        if now == self.made:
            assumptions.append(f"no date given: read as the article date {self.made} (the "
                               "article reports that day's close)")
        elif symbol is not None and is_crypto(symbol):
            assumptions.append(f"no date given: the present state is read as the close of "
                               f"{now}, the day before the article date")
        else:
            assumptions.append(f"no date given: the present state is read as the close of "
                               f"{now}, the last weekday before the article date "
                               f"{self.made}")
        return now


def is_crypto(symbol: str) -> bool:
    return symbol.split("/")[0] in CRYPTO


__all__ = ["Mapped", "Sentence", "is_crypto"]
