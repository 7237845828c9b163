"""Files a command writes: an existing one is never replaced without a word; the article
commands go through the API."""

from __future__ import annotations

import json

import pytest

import comove
from comove.results.render import jsonable
from tests.conftest import run_cli

pytestmark = pytest.mark.integration


def test_replacing_an_existing_output_is_said(shared_store, tmp_path):
    chart = tmp_path / "corr.png"
    chart.write_bytes(b"old")
    result = run_cli("--store", shared_store.path, "corr", "BTC", "SPX", "--resamples", "200",
                     "--plot", chart)
    assert result.code == 0 and f"note: replacing the existing {chart}" in result.err
    assert chart.read_bytes()[:4] == b"\x89PNG"
    series = tmp_path / "dd.csv"
    series.write_text("old")
    result = run_cli("--store", shared_store.path, "highs", "SPX", "--drawdown-series", series)
    assert "note: replacing the existing" in result.err
    fresh = run_cli("--store", shared_store.path, "highs", "SPX", "--drawdown-series",
                    tmp_path / "new.csv")
    assert "note: replacing" not in fresh.err


def test_factcheck_and_draft_through_the_api(shared_store, tmp_path):
    article = tmp_path / "note-2026-01-23.txt"
    article.write_text(
        "Small caps ran hard. Three weeks into 2026 the Russell 2000 is up 9% and has broken "
        "through 2,700 points. In 2025 the Russell 2000 rose over 40%.\n")
    m = comove.open(shared_store.path)
    draft = m.draft_claims(article)
    assert len(draft.claims) >= 2
    checked = m.factcheck(article)
    report = tmp_path / "report.html"
    result = run_cli("--store", shared_store.path, "factcheck", article, "-o", report)
    assert result.code == 0, result.err
    assert json.loads(report.with_suffix(".json").read_text()) == json.loads(checked.to_json())
    out = run_cli("--store", shared_store.path, "claims", "draft", article, "--json")
    assert json.loads(out.out) == jsonable(draft.to_dict())
