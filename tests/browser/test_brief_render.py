"""The HTML brief opened in headless Chromium (Debian's package; ./scripts/test installs it).

Keeps a screenshot in test-artifacts/ (not committed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def brief_html(tmp_path_factory, shared_data) -> Path:
    from comove.ingest import import_files
    from comove.store import Store

    folder = tmp_path_factory.mktemp("brief")
    store = Store(folder / "store")
    import_files(store, sorted(shared_data.glob("*.csv")))
    result = run_cli("--store", store.path, "brief", "--asof", "2025-12-11", "--claims",
                     REPO / "claims" / "source-claims.yaml", "-o", folder / "brief.html")
    assert result.code == 0, result.err
    return folder / "brief.html"


def test_brief_renders_in_chromium(brief_html):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run ./scripts/test, which installs Debian's "
                    "chromium package", pytrace=False)
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(brief_html.as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth])")
        watchlist = page.evaluate(
            "[...document.querySelectorAll('h2')].find(h => h.textContent === 'Watchlist')"
            ".nextElementSibling.nextElementSibling.querySelectorAll('tbody tr').length")
        first_cells = page.evaluate(
            "[...document.querySelectorAll('table')][0].querySelectorAll('tbody tr td')"
            "[2].textContent")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "brief.png"), full_page=True)
        browser.close()
    assert errors == [] and failed == []
    assert len(images) >= 3 and all(done and width > 300 for done, width in images)
    assert watchlist == 7
    assert first_cells.strip() not in ("", "nan")
