"""The brief escapes every text from data, symbols and claims files, and writes all or
nothing with one-line errors."""

from __future__ import annotations

import errno
import os
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

import comove
from tests.conftest import run_cli

pytestmark = pytest.mark.integration

PAYLOAD = ('<script>alert(1)</script> "><img src=x onerror=alert(2)> '
           '[click](javascript:alert(3)) a|b|c *bold* _x_ `code`')
NAME = PAYLOAD + "\n# Injected heading\n| x | y |"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, shared_data) -> tuple[Path, Path]:
    from comove.ingest import import_files
    from comove.store import Store

    folder = tmp_path_factory.mktemp("hostile")
    store = Store(folder / "store")
    import_files(store, [shared_data / "spx.csv", shared_data / "btc.csv"])
    assert run_cli("--store", store.path, "data", "add-symbol", "HOST", "--class", "crypto",
                   "--calendar", "24/7", "--name", NAME).code == 0
    lines = (shared_data / "btc.csv").read_text().splitlines()
    (folder / "host.csv").write_text("\n".join([lines[0], *lines[-800:]]) + "\n")
    import_files(store, [folder / "host.csv"])
    claims = folder / "claims.yaml"
    claims.write_text(textwrap.dedent("""\
        version: 1
        claims:
          - id: X1
            text: |-
              %s
              ## Injected <a href="javascript:alert(4)">link</a>
              | broken | table |
            source: test
            made: 2025-12-01
            test: record_on_date
            params: {date: 2025-12-10, records: [SPX]}
        """) % PAYLOAD.replace("\\", "\\\\"))
    watchlist = folder / "watchlist.txt"
    watchlist.write_text("SPX\nBTC\nHOST\n")
    out = folder / "brief.html"
    result = run_cli("--store", store.path, "brief", "--asof", "2025-12-11", "--watchlist",
                     watchlist, "--claims", claims, "-o", out)
    assert result.code == 0, result.err
    return out, out.with_suffix(".md")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, attrs))


def test_html_has_no_injected_markup(hostile):
    html = hostile[0].read_text()
    assert "Injected heading" in html and "Injected &lt;a" in html  # name and claim, as text
    assert "&lt;script&gt;alert(1)" in html
    assert "<script>alert(1)" not in html
    parser = _Tags()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert "img" not in tags and "a" not in tags
    for _, attrs in parser.tags:
        for key, value in attrs:
            assert not key.startswith("on")
            assert "javascript:" not in (value or "")


def test_markdown_has_no_injected_markup(hostile):
    markdown = hostile[1].read_text()
    assert "Injected heading" in markdown and "Injected &lt;a" in markdown
    assert "<script" not in markdown and "<img" not in markdown and "<a " not in markdown
    assert "](javascript:" not in markdown.replace("\\](javascript:", "")
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert all("Injected" not in line for line in headings)
    # every table row has as many unescaped cell separators as its header
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    widths = set()
    for line in rows:
        cells = len(re.findall(r"(?<!\\)\|", line))
        if line.startswith("|---"):
            continue
        widths.add(cells)
    table_starts = [i for i, line in enumerate(markdown.splitlines()) if line.startswith("|---")]
    assert table_starts
    lines = markdown.splitlines()
    for start in table_starts:
        width = len(re.findall(r"(?<!\\)\|", lines[start - 1]))
        i = start + 1
        while i < len(lines) and lines[i].startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", lines[i])) == width, lines[i]
            i += 1


def test_markdown_images_are_in_the_chart_folder(hostile):
    from comove.brief.write import chart_folder

    markdown = hostile[1].read_text()
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", markdown)
    assert len(links) >= 3
    folder = chart_folder(hostile[0])
    assert {Path(link).parent.name for link in links} == {folder.name}
    assert all((hostile[0].parent / link).is_file() for link in links)


@pytest.fixture(scope="module")
def small(tmp_path_factory, shared_data) -> Path:
    from comove.ingest import import_files
    from comove.store import Store

    store = Store(tmp_path_factory.mktemp("small") / "store")
    import_files(store, [shared_data / "spx.csv", shared_data / "btc.csv"])
    return store.path


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.code != 0
    assert result.err.startswith("comove: error:") and result.err.count("\n") == 1, result.err
    return result.err


def test_output_errors_are_one_line(small, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    (tmp_path / "x.html").mkdir()
    for target, words in ((afile / "b.html", "is a file"), (tmp_path / "x.html", "is a folder"),
                          (Path("/dev/full"), "not a folder"),
                          (Path("/proc/comove-brief/b.html"), "cannot write the brief")):
        err = _one_line_error(run_cli("--store", small, "brief", "--asof", "2025-12-11", "-o",
                                      target))
        assert words in err, err
    assert afile.read_text() == "x" and not any((tmp_path / "x.html").iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_unwritable_folder_is_one_line(small, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        err = _one_line_error(run_cli("--store", small, "brief", "--asof", "2025-12-11", "-o",
                                      locked))
        assert "cannot write the brief" in err and "Permission denied" in err
    finally:
        locked.chmod(0o700)


def test_full_disk_leaves_nothing_behind(small, tmp_path, monkeypatch):
    result = comove.open(small).brief(asof="2025-12-11")
    out = tmp_path / "out"
    out.mkdir()
    real = Path.write_bytes
    calls = []

    def full(self, data):  # type: ignore[no-untyped-def]
        calls.append(self)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(comove.errors.ComoveError, match="No space left on device"):
        result.write(out / "b.html")
    assert list(out.iterdir()) == []
    monkeypatch.setattr(Path, "write_bytes", real)
    result.write(out / "b.html")
    assert sorted(p.name for p in out.iterdir()) == ["b.html", "b.md", "b_charts"]
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "b.html").stat().st_mode & 0o777 == 0o666 & ~umask


def test_permission_denied_is_one_line_even_as_root(small, tmp_path, monkeypatch):
    """Root writes anywhere, so the refusal is simulated where the folder is made."""
    import tempfile

    result = comove.open(small).brief(asof="2025-12-11")

    def denied(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    with pytest.raises(comove.errors.ComoveError) as caught:
        result.write(tmp_path / "b.html")
    assert str(caught.value).count("\n") == 0
    assert "cannot write the brief to" in str(caught.value)
    assert "Permission denied" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_pngs_drawn_in_the_child_equal_those_drawn_here(small, monkeypatch):
    from comove.brief.background import png_charts_later

    result = comove.open(small).brief(asof="2025-12-11")
    forked = png_charts_later(result)()
    monkeypatch.setenv("COMOVE_NO_FORK", "1")
    here = png_charts_later(result)()
    assert set(forked) == set(here) == {"story", "records", "rolling", "cycles",
                                        "divergence_0"}
    assert forked == here
