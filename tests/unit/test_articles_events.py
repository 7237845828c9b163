"""Drafting claims about what followed events: named episodes (each described), patterns
(tested against chance) and what a handful of episodes can show (a statement of logic)."""

from __future__ import annotations

from typing import Any

import pytest

from comove.articles import draft_claims
from comove.articles.draft import DraftClaim

HEAD = "Published 2026-01-23\n\n"


def drafted(text: str) -> list[DraftClaim]:
    return draft_claims(HEAD + text).claims


def only_event(text: str) -> dict[str, Any]:
    (claim,) = [c for c in drafted(text) if c.test == "event_study"]
    return claim.params


@pytest.mark.parametrize(("text", "a", "b", "years", "rise"), [
    ("After the Russell 2000 broke out in 2016 and in 2020, bitcoin rallied both times.",
     "RUT", "BTC", [2016, 2020], 0.2),
    ("Breakouts in small caps in 2016 and 2020 coincided with big bitcoin rallies.",
     "RUT", "BTC", [2016, 2020], 0.2),
    ("When the S&P 500 hit a record in 2017 and 2021, ether rose over the next year.",
     "SPX", "ETH", [2017, 2021], 0.0),
])
def test_named_episodes_are_each_described(text: str, a: str, b: str, years: list[int],
                                           rise: float) -> None:
    p = only_event(text)
    assert (p["a"], p["b"], p["claimed"], p["years"], p["rise"]) == (a, b, "each_up", years,
                                                                     rise)


def test_both_cases_takes_the_episodes_named_before() -> None:
    first, second = drafted("When the Russell 2000 broke out in 2016 and 2020, bitcoin "
                            "started a bull run. The timing of the Russell 2000 breakout and "
                            "the bitcoin rally aligned in both cases.")
    assert first.params["years"] == second.params["years"] == [2016, 2020]
    assert second.params["claimed"] == "each_up"
    assert "'both' are the episodes named before" in second.note


@pytest.mark.parametrize("text", [
    "When the Russell 2000 breaks out, bitcoin tends to start a bull run.",
    "When the Russell 2000 broke out, as in 2016 and 2020, bitcoin rallied.",  # examples
    "Since 2016, when the Russell 2000 broke out, bitcoin rallied.",  # a period's start
    "When the Russell 2000 broke out, bitcoin rallied. The Russell 2000 breakout and the "
    "bitcoin rally aligned in both cases.",  # no episodes named before
])
def test_a_pattern_stays_a_test_against_chance(text: str) -> None:
    for claim in drafted(text):
        assert claim.params["claimed"] == "up" and "years" not in claim.params


def test_a_pattern_with_examples_says_every_event_counts() -> None:
    (claim,) = drafted("When the Russell 2000 broke out, as in 2016 and 2020, bitcoin "
                       "rallied.")
    assert "all such events since 2015-01-01 count, not only 2016, 2020" in claim.note


def test_named_episodes_load_as_a_claim_the_engine_reads() -> None:
    from comove.articles.factcheck import _load_draft

    draft = draft_claims(HEAD + "After the Russell 2000 broke out in 2016 and in 2020, "
                         "bitcoin rallied both times.")
    errors: dict[str, str] = {}
    (claim,) = _load_draft(draft, errors)
    assert not errors
    (test,) = claim.tests
    assert test.params.claimed == "each_up" and test.params.years == [2016, 2020]


@pytest.mark.parametrize(("text", "what"), [
    ("When the Russell 2000 broke out in 2016 and 2020, bitcoin rallied. Still, that is "
     "just two episodes.", "two episodes"),
    ("Three cases cannot prove that small caps lead bitcoin.", "three cases"),
    ("Two data points are too few to call the link between small caps and bitcoin a "
     "pattern.", "two data points"),
])
def test_what_a_few_episodes_show_is_a_statement_of_logic(text: str, what: str) -> None:
    logic = [c for c in drafted(text) if c.untestable]
    assert len(logic) == 1
    assert logic[0].untestable == (f"A statement of logic (what {what} can establish); no "
                                   "data can support or contradict it.")


@pytest.mark.parametrize("text", [
    # a count of outcomes, not a statement about inference: still an event study
    "Bitcoin rose in just three cases out of ten after a record close of the S&P 500.",
    # no claim about episodes before it and nothing about what it shows
    "The Russell 2000 rose 9% in 2016. There are only two samples.",
])
def test_a_count_of_cases_is_not_a_statement_of_logic(text: str) -> None:
    claims = drafted(text)
    assert claims and not any(c.untestable for c in claims)
