"""Staged writes: everything or nothing, permissions from the umask, a folder replaced
(a symlink to one only unlinked)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile

import pytest

from comove.articles.files import write_all
from comove.errors import UsageError
from comove.results.files import Staging, umask


@pytest.fixture
def mask_027():  # type: ignore[no-untyped-def]
    old = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(old)


def test_commit_puts_files_and_folder_in_place_with_umask_modes(tmp_path, mask_027):
    assert umask() == mask_027
    with Staging() as staging:
        folder = staging.folder(tmp_path / "b_charts")
        (folder / "a.png").write_bytes(b"png")
        staging.text(tmp_path / "b.html", "<p>é</p>")
        staging.text(tmp_path / "b.md", "# b")
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == []
        staging.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.html", "b.md", "b_charts"]
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == "<p>é</p>"
    assert (tmp_path / "b_charts" / "a.png").read_bytes() == b"png"
    assert stat.S_IMODE((tmp_path / "b.html").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "b_charts").stat().st_mode) == 0o750


def test_a_failure_before_commit_leaves_nothing_and_keeps_old_files(tmp_path):
    (tmp_path / "b.html").write_text("old")
    with pytest.raises(OSError, match="disk full"), Staging() as staging:
        folder = staging.folder(tmp_path / "b_charts")
        (folder / "a.png").write_bytes(b"png")
        staging.text(tmp_path / "b.html", "new")
        raise OSError(errno.ENOSPC, "disk full")
    assert [p.name for p in tmp_path.iterdir()] == ["b.html"]
    assert (tmp_path / "b.html").read_text() == "old"


def test_commit_replaces_a_folder_and_only_unlinks_a_symlink(tmp_path):
    charts = tmp_path / "b_charts"
    charts.mkdir()
    (charts / "stale.png").write_bytes(b"old")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    (tmp_path / "c_charts").symlink_to(elsewhere)
    for target in (charts, tmp_path / "c_charts"):
        with Staging() as staging:
            (staging.folder(target) / "new.png").write_bytes(b"new")
            staging.commit()
        assert not target.is_symlink()
        assert [p.name for p in target.iterdir()] == ["new.png"]
    assert (elsewhere / "keep.txt").read_text() == "keep"


def test_write_all_words_a_refused_write_and_leaves_nothing(tmp_path, monkeypatch):
    calls = []
    real = tempfile.mkstemp

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        if len(calls) > 1:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(UsageError, match=r"cannot write there \(Permission denied\)"):
        write_all({tmp_path / "a.html": "x", tmp_path / "b.md": "y"})
    assert list(tmp_path.iterdir()) == []
