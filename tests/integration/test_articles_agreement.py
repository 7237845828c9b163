"""Drafted claims of the source articles against the hand-written claims file, on
../shared/data: the verdict agreement docs/articles.md reports, and its differences."""

from __future__ import annotations

import pytest

from comove.articles.agreement import compare, main
from tests.conftest import REPO

pytestmark = pytest.mark.integration
GOLD = REPO / "tests" / "fixtures" / "articles" / "source-gold.yaml"
CLAIMS = REPO / "claims" / "source-claims.yaml"
SHARED_ARTICLES = REPO.parent / "shared" / "articles"


@pytest.fixture(autouse=True)
def _articles() -> None:
    if not (SHARED_ARTICLES / "README.md").exists():
        pytest.skip("../shared/articles is absent")


def test_drafted_and_hand_written_verdicts_agree_but_for_three(shared_store):
    pairs = compare(GOLD, CLAIMS, shared_store, root=REPO)
    assert len(pairs) == 26
    differ = {p.id: (p.hand, p.drafted) for p in pairs if not p.agree}
    assert differ == {"A2": ("depends on convention", "supported"),
                      "A5": ("contradicted", "untestable"),
                      "A9": ("depends on convention", "supported")}
    by_id = {p.id: p for p in pairs}
    assert by_id["C3"].drafted == "supported" and by_id["C3"].draft is not None
    assert by_id["C3"].draft.params["claimed"] == "each_up"
    assert by_id["C10"].drafted == "untestable"


def test_judged_with_data_to_the_day_of_article_c_the_count_is_the_same(shared_store, capsys,
                                                                        monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["--store", str(shared_store.path), "--asof", "2026-01-23", "--judge",
                 "asof"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "same verdict (marginal flag included): 23 of 26"
    assert "!= A5   hand: contradicted" in out
