"""The HTML brief opened in headless Chromium (Debian's package; ./scripts/test installs it)
with DNS blocked: no console error, no request leaves the file, every chart is drawn and
answers the mouse (hover shows a value), the story is on the first screen.

Keeps screenshots in test-artifacts/ (not committed): brief.png (whole page),
brief-first-screen.png and brief-phone.png (390 px wide)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
MAX_BYTES = 2_500_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def brief_html(tmp_path_factory, shared_data) -> Path:
    """The main job's brief: every shared series, the source claims, no --asof."""
    from comove.ingest import import_files
    from comove.store import Store

    folder = tmp_path_factory.mktemp("brief")
    store = Store(folder / "store")
    import_files(store, sorted(shared_data.glob("*.csv")))
    result = run_cli("--store", store.path, "brief", "--claims",
                     REPO / "claims" / "source-claims.yaml", "-o", folder / "out")
    assert result.code == 0, result.err
    (page,) = (folder / "out").glob("comove-brief-*.html")
    return page


def test_page_is_small(brief_html):
    assert brief_html.stat().st_size < MAX_BYTES


def _hover_shows_a_value(page, chart) -> str:  # type: ignore[no-untyped-def]
    """Move the mouse over a chart until a bokeh tooltip shows a value; return it."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None and box["height"] > 100
    for fy in (0.2, 0.35, 0.5, 0.12):
        for fx in (0.3, 0.55, 0.75, 0.2):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(150)
            values = [v for v in page.locator(".bk-tooltip-row-value").all_inner_texts()
                      if v.strip()]
            if values:
                return values[0]
    return ""


def test_brief_renders_offline_in_chromium(brief_html):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run ./scripts/test, which installs Debian's "
                    "chromium package", pytrace=False)
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    failed: list[str] = []
    requests: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--host-resolver-rules=MAP * ~NOTFOUND"])
        page = browser.new_page(viewport=DESKTOP)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(brief_html.as_uri())
        page.wait_for_load_state("load")
        charts = page.locator("figure.chart")
        n_charts = charts.count()
        page.wait_for_function(
            f"window.Bokeh && Bokeh.documents.length === 1 && "
            f"Bokeh.documents[0].roots().length === {n_charts} && "
            f"document.querySelectorAll('figure.chart').length === {n_charts}",
            timeout=30_000)
        page.wait_for_function(f"Object.keys(Bokeh.index).length >= {n_charts}",
                               timeout=30_000)
        page.wait_for_timeout(500)
        canvases = page.locator("canvas").count()
        # the story is on the first screen: the lede and the BTC/RUT/SPX chart
        lede = page.locator("p.lede")
        lede_text = lede.inner_text()
        lede_box = lede.bounding_box()
        story_box = charts.first.bounding_box()
        page.screenshot(path=str(ARTIFACTS / "brief-first-screen.png"))
        hovered = {}
        for i in range(n_charts):
            hovered[i] = _hover_shows_a_value(page, charts.nth(i))
        page.mouse.move(0, 0)
        page.screenshot(path=str(ARTIFACTS / "brief.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(800)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(ARTIFACTS / "brief-phone.png"), full_page=True)
        claims_closed = page.evaluate("!document.querySelector('details').open")
        browser.close()
    assert errors == [] and failed == []
    assert all(u.startswith(("file://", "data:", "blob:")) for u in requests), requests
    assert n_charts >= 5 and canvases >= n_charts
    assert all(hovered.values()), hovered
    assert "Russell 2000" in lede_text and "bitcoin" in lede_text
    assert lede_box is not None and lede_box["y"] + lede_box["height"] < DESKTOP["height"]
    assert story_box is not None and story_box["y"] < DESKTOP["height"] - 150
    assert overflow <= PHONE["width"] + 1
    assert claims_closed
