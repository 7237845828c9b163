"""The brief reads each series once: its sections work on the watchlist rows."""

from __future__ import annotations

from collections import Counter

import pytest

import comove
from comove.brief.model import DEFAULT_WATCHLIST

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("watchlist", [None, ["SPX", "ETH", "NDX"]])
def test_brief_reads_each_series_once(shared_store, monkeypatch, watchlist):
    """Divergences and halving cycles take the rows' closes; the cycles read only what
    the watchlist lacks (Bitstamp's bitcoin, and BTC itself when it is not listed)."""
    from comove.data.asof import AsOfView

    reads: Counter[str] = Counter()
    real = AsOfView.read

    def counting(self, symbol, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads[symbol] += 1
        return real(self, symbol, *args, **kwargs)

    monkeypatch.setattr(AsOfView, "read", counting)
    result = comove.open(shared_store.path).brief(asof="2025-12-11", watchlist=watchlist)
    assert result.data.cycles is not None
    listed = watchlist or DEFAULT_WATCHLIST
    if watchlist is None:  # the sections that read the series again before
        assert len(result.data.divergences) >= 2
        assert {"BTC", "SPX"} <= {s for d in result.data.divergences
                                  for s in (d.leader, d.laggard)}
    assert reads == Counter(dict.fromkeys([*listed, "BTC", "BTC_BITSTAMP"], 1))
