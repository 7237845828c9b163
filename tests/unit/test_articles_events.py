"""Drafting claims about what followed events: named episodes (each described), patterns
(tested against chance) and what a handful of episodes can show (a statement of logic)."""

from __future__ import annotations

from datetime import date
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
    ("When the Nasdaq broke out in 2019 and 2023, ether rose over the next year.",
     "IXIC", "ETH", [2019, 2023], 0.0),
    ("In 2016 and 2020, when small caps broke out, bitcoin rallied.",  # years framing "when"
     "RUT", "BTC", [2016, 2020], 0.2),
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


@pytest.mark.parametrize(("text", "years"), [
    # the response's year is not an episode of the event
    ("After the Dow broke out in 2017, ether climbed 90% in 2018.", [2017]),
    ("Breakouts in the Nasdaq in 2017 coincided with bitcoin rallies in 2018.", [2017]),
    # the event clause runs on to the comma before the response
    ("When small caps broke out in 2016, 2020 and 2024, bitcoin rallied.", [2016, 2020, 2024]),
])
def test_the_years_are_those_of_the_event_clause(text: str, years: list[int]) -> None:
    p = only_event(text)
    assert (p["claimed"], p["years"]) == ("each_up", years)


@pytest.mark.parametrize("text", [
    "When small caps broke out between 2017 and 2021, ether surged.",
    "When small caps broke out in 2017–2021, bitcoin rallied.",
    "When the Dow broke out in 2016-20, bitcoin took off.",
    "When the Dow broke out in 2016 through 2020, bitcoin took off.",
])
def test_a_period_names_no_episode(text: str) -> None:
    p = only_event(text)
    assert p["claimed"] == "up" and "years" not in p


@pytest.mark.parametrize(("text", "kind"), [
    ("Ether climbed after the Nasdaq hit a record high in 2021.", "record"),
    ("When the S&P 500 hit a record in 2017 and 2021, ether rose over the next year.",
     "record"),
    ("When the VIX fell below 15 in 2017, bitcoin rallied.", "level"),
])
def test_a_frequent_event_in_a_named_year_stays_a_test_against_chance(text: str,
                                                                       kind: str) -> None:
    (claim,) = [c for c in drafted(text) if c.test == "event_study"]
    assert claim.params["event"]["kind"] == kind
    assert claim.params["claimed"] == "up" and "years" not in claim.params
    assert f"(a {kind} event comes many times a year: a year names no single episode)" \
        in claim.note


@pytest.mark.parametrize("text", [
    "When the Russell 2000 broke out in 2016, bitcoin did not rally.",
    "When the Dow broke out in 2016, bitcoin failed to rally.",
    "When small caps broke out in 2016, few expected bitcoin to rise.",
    "When small caps broke out in 2016, nobody expected ether to rise.",
    "When small caps broke out in 2020, no bitcoin rally followed.",
    "When the Russell 2000 broke out in 2016, the bitcoin rally never came.",
    "Bitcoin did not climb after the Nasdaq broke out in 2020.",
    "It is not true that when the Russell 2000 broke out in 2016, bitcoin rallied.",
    "Breakouts in small caps in 2016 and 2020 did not coincide with bitcoin rallies.",
    "Breakouts in small caps in 2016 and 2020 coincided with no bitcoin rally.",
])
def test_a_negated_response_drafts_no_rise(text: str) -> None:
    assert not [c for c in drafted(text) if c.params.get("claimed") in ("up", "each_up")]


@pytest.mark.parametrize("text", [
    "When small caps broke out in 2016, bitcoin didn't rally; it fell.",
    "When the Russell 2000 broke out in 2016, bitcoin did not rally but fell.",
])
def test_a_stated_fall_after_a_denied_rally_is_claimed_down(text: str) -> None:
    p = only_event(text)
    assert p["claimed"] == "down" and "years" not in p


@pytest.mark.parametrize("text", [
    "When the Russell 2000 broke out in 2016, bitcoin not only rallied but doubled.",
    "It is no coincidence that when small caps broke out in 2016, bitcoin rallied.",
])
def test_an_affirming_idiom_is_no_negation(text: str) -> None:
    assert only_event(text)["claimed"] == "each_up"


def test_a_denied_catch_up_is_not_drafted() -> None:
    text = ("The Russell 2000 is hitting record highs while bitcoin remains 27% below its "
            "record. Bitcoin is unlikely to catch up.")
    assert [c.test for c in drafted(text)] == ["divergence_state"]
    assert [c.test for c in drafted(text.replace("is unlikely to", "is likely to"))] == \
        ["divergence_state", "event_study"]


@pytest.mark.parametrize(("text", "start"), [
    ("After the Dow broke out in 2013, bitcoin took off.", date(2013, 1, 1)),
    ("When the S&P 500 broke out in 2013 and 2016, bitcoin rallied both times.",
     date(2013, 1, 1)),
    ("When the S&P 500 broke out in 2016, bitcoin rallied.", date(2015, 1, 1)),
])
def test_the_sample_starts_no_later_than_the_first_named_year(text: str,
                                                              start: date) -> None:
    p = only_event(text)
    assert p["claimed"] == "each_up" and p["start"] == start


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
