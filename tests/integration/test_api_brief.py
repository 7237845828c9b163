"""The brief as a library call: --json equals to_dict(), one store connection, clear errors."""

from __future__ import annotations

import json
import pickle

import pytest

import comove
from comove.results.render import jsonable
from tests.conftest import run_cli
from tests.integration.test_api_comovement import connections  # noqa: F401

pytestmark = pytest.mark.integration


def test_brief_json_is_the_api_to_dict(shared_store, tmp_path):
    out = run_cli("--store", shared_store.path, "brief", "--asof", "2025-12-11", "-o",
                  tmp_path / "cli.html", "--json")
    assert out.code == 0, out.err
    result = comove.open(shared_store.path).brief(asof="2025-12-11")
    result.write(tmp_path / "cli.html")
    assert json.loads(out.out) == jsonable(result.to_dict())
    assert result.to_frame()["symbol"].tolist() == ["SPX", "RUT", "NDX", "DJI", "BTC", "ETH",
                                                    "VIX"]
    assert len(pickle.dumps(result.data.rows[0].__dict__["record_close"])) < 100
    assert result.summary().startswith("- ")


def test_brief_opens_the_store_once(shared_store, tmp_path, connections):  # noqa: F811
    assert run_cli("--store", shared_store.path, "brief", "--asof", "2025-12-11", "-o",
                   tmp_path / "b.html").code == 0
    assert len(connections) == 1


@pytest.mark.parametrize("extra", [[], ["--asof", "2025-01-01"]])
def test_brief_on_an_empty_store_is_a_clear_error(tmp_path, extra):
    result = run_cli("--store", tmp_path / "empty", "brief", "-o", tmp_path / "b.html", *extra)
    assert result.code == 1
    assert result.err.startswith("comove: error: none of the watchlist symbols")
    assert not (tmp_path / "b.html").exists()
