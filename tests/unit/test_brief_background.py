"""The brief's PNG charts drawn in a forked child: the child draws the early charts from
the rows alone and the rest from the numbers sent later; a failing child leaves the
charts to this process; a cancelled child is reaped."""

from __future__ import annotations

import os
import sys
from datetime import date

import pytest

from comove.brief import charts
from comove.brief.background import PngsAhead, png_charts_later
from comove.brief.model import BriefData
from comove.brief.result import BriefResult

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="fork: Linux only")
PARENT = os.getpid()


@pytest.fixture(autouse=True)
def fake_charts(monkeypatch):
    """Charts whose bytes say which process drew them and from which numbers."""
    monkeypatch.delenv("COMOVE_NO_FORK", raising=False)
    for key in ("story", "records", "rolling", "cycles"):
        def draw(data: BriefData, key: str = key) -> bytes:
            return f"{key} pairs={len(data.pairs)} pid={os.getpid()}".encode()
        monkeypatch.setattr(charts, f"{key}_chart", draw)


def _data(pairs: int) -> BriefData:
    return BriefData(date(2026, 6, 23), [], [object()] * pairs, [])  # type: ignore[list-item]


def test_early_charts_from_the_rows_the_rest_from_the_numbers_sent_later():
    ahead = PngsAhead.start(_data(0))
    assert ahead is not None
    pngs = ahead.finish(BriefResult(_data(4)))()
    assert list(pngs) == ["story", "records", "rolling", "cycles"]
    assert pngs["story"].startswith(b"story pairs=0") and pngs["records"].startswith(
        b"records pairs=0")
    assert pngs["rolling"].startswith(b"rolling pairs=4")
    assert all(not v.endswith(f"pid={PARENT}".encode()) for v in pngs.values())


def test_a_failing_child_leaves_the_charts_to_this_process(monkeypatch):
    def rolling(data: BriefData) -> bytes:
        if os.getpid() != PARENT:
            raise RuntimeError("the child fails")
        return b"drawn here"

    monkeypatch.setattr(charts, "rolling_chart", rolling)
    pngs = png_charts_later(BriefResult(_data(2)))()
    assert pngs["rolling"] == b"drawn here"
    assert pngs["story"].endswith(f"pid={PARENT}".encode())


def test_a_cancelled_child_is_reaped():
    ahead = PngsAhead.start(_data(0))
    assert ahead is not None
    ahead.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(ahead.pid, os.WNOHANG)


def test_no_child_when_forking_is_off(monkeypatch):
    monkeypatch.setenv("COMOVE_NO_FORK", "1")
    assert PngsAhead.start(_data(0)) is None
    assert png_charts_later(BriefResult(_data(1)))()["cycles"].endswith(
        f"pid={PARENT}".encode())
