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


def test_brief_sections_are_dataframes(shared_store):
    """A notebook can show one section of the brief."""
    result = comove.open(shared_store.path).brief(asof="2025-12-11")
    returns = result.returns_table()
    assert list(returns.columns) == ["1 day", "1 week", "1 month", "year to date", "1 year"]
    assert returns.loc["BTC", "1 day"] == pytest.approx(result.data.rows[4].change)
    records = result.records_table()
    assert records.loc["BTC", "days_since"].endswith("calendar days")
    assert records.loc["SPX", "days_since"] in ("0", "") or \
        records.loc["SPX", "days_since"].endswith("trading days")
    assert str(records.loc["BTC", "record_date"]) == "2025-10-06"
    corr, n = result.correlation_matrix("90 days")
    assert "VIX" not in corr.columns and corr.loc["BTC", "SPX"] == corr.loc["SPX", "BTC"]
    assert 55 <= n.loc["BTC", "SPX"] <= 64  # US trading days in 90 calendar days
    _, n_year = result.correlation_matrix("1 year")
    assert n_year.loc["BTC", "SPX"] > 240
    with pytest.raises(comove.errors.UsageError, match="no correlation matrix"):
        result.correlation_matrix("2 years")
    for pair in result.data.pairs:  # beta = corr * sd(a) / sd(b): same sign as corr
        assert pair.beta_last_year * pair.last_year > 0
    rolling = result.rolling_correlation()
    assert {"BTC/SPX 30d", "BTC/SPX 90d", "BTC/SPX 180d"} <= set(rolling.columns)
    episodes = result.divergence_episodes()
    assert list(episodes.columns)[:3] == ["divergence", "start", "laggard_below_record"]
    assert (episodes["laggard_below_record"] <= -0.2).all()
    cycles = result.halving_cycles()
    assert list(cycles.columns) == ["2012-11-28", "2016-07-09", "2020-05-11", "2024-04-20"]
    assert cycles.loc[0].tolist() == [1.0, 1.0, 1.0, 1.0]


def test_brief_is_dated_at_the_latest_common_day(shared_store, tmp_path):
    """Without asof, the brief is dated where every watchlist series has data, and says
    which series run later."""
    result = comove.open(shared_store.path).brief()
    ends = shared_store.last_dates()
    core = [ends[s] for s in ["SPX", "RUT", "NDX", "DJI", "BTC", "ETH", "VIX"]]
    assert result.asof == min(core)
    assert not any(r.stale for r in result.data.rows)
    assert "RUT" in result.data.dating and str(max(core)) in result.data.dating
    assert "Russell 2000" in result.lede[0] and "bitcoin" in result.lede[0]


def test_brief_before_crypto_says_why_sections_are_empty(shared_store):
    result = comove.open(shared_store.path).brief(asof="2010-01-01")
    assert result.data.pairs == [] and result.data.cycles is None
    assert "BTC and ETH have no data up to 2010-01-01" in result.data.empty["co-movement"]
    assert "no bitcoin price on a halving day" in result.data.empty["cycles"]


def test_brief_with_claims_opens_the_store_once(shared_store, tmp_path, connections):  # noqa: F811
    from tests.conftest import REPO

    assert run_cli("--store", shared_store.path, "brief", "--claims",
                   REPO / "claims" / "source-claims.yaml", "-o", tmp_path / "b.html").code == 0
    assert len(connections) == 1


def test_brief_charts_read_back_by_bokeh(shared_store):
    """The page's charts, written without bokeh's Python package, are documents bokeh's
    own deserializer reads with no validation issue (every model and attribute exists)."""
    import re

    from bokeh.core.validation import check_integrity
    from bokeh.document import Document

    from comove.plots.bokeh_json import DOC_ID
    from comove.plots.interactive import components

    charts = comove.open(shared_store.path).brief(asof="2025-12-11").html_charts()
    script, divs = components(list(charts.values()))
    text = re.search(r'id="comove-bokeh-docs">(.*?)</script>', script, re.S)
    assert text is not None
    doc = Document.from_json(json.loads(text.group(1))[DOC_ID])
    assert len(doc.roots) == len(divs) == len(charts) >= 5
    issues = check_integrity(list(doc.models))
    assert issues.error == [] and issues.warning == []


def test_brief_drawn_ahead_writes_the_same_files(shared_store, tmp_path):
    """PNG charts drawn in a forked process while the claims are checked are the ones the
    result would draw itself; the page is the same byte for byte."""
    market = comove.open(shared_store.path)
    ahead = market.brief(asof="2025-12-11", draw_ahead=True)
    assert ahead.pngs_ahead is not None
    ahead.write(tmp_path / "a.html")
    assert ahead.pngs_ahead is None
    market.brief(asof="2025-12-11").write(tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    a_md = (tmp_path / "a.md").read_text().replace("a_charts", "b_charts")
    assert a_md == (tmp_path / "b.md").read_text()
    pngs = sorted(p.name for p in (tmp_path / "a_charts").iterdir())
    assert len(pngs) >= 5
    assert all((tmp_path / "a_charts" / n).read_bytes() == (tmp_path / "b_charts" / n)
               .read_bytes() for n in pngs)
