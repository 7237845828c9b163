"""Staged writes: everything or nothing, permissions from the umask, a folder replaced
(a symlink to one only unlinked)."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from comove.articles.files import write_all
from comove.errors import UsageError
from comove.results import files
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


# commit() all or nothing: checks first, old versions kept aside, renames undone on failure.

def _tree(root):  # type: ignore[no-untyped-def]
    """Every path under ``root`` with its type, mode and contents (symlinks not followed)."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            key = os.path.relpath(path, root)
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                found[key] = ("dir", stat.S_IMODE(info.st_mode))
            else:
                with open(path, "rb") as handle:
                    found[key] = ("file", stat.S_IMODE(info.st_mode), handle.read())
    return found


def _old_state(root):  # type: ignore[no-untyped-def]
    """An old page, an old chart folder, a symlinked chart folder; b.md and n_charts new."""
    root.mkdir()
    (root / "a.html").write_text("old a")
    os.chmod(root / "a.html", 0o600)
    (root / "a_charts").mkdir()
    (root / "a_charts" / "stale.png").write_bytes(b"stale")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "keep.txt").write_text("keep")
    (root / "c_charts").symlink_to(root / "elsewhere")


def _stage(staging, root):  # type: ignore[no-untyped-def]
    (staging.folder(root / "a_charts") / "new.png").write_bytes(b"new")
    (staging.folder(root / "c_charts") / "c.png").write_bytes(b"c")
    (staging.folder(root / "n_charts") / "n.png").write_bytes(b"n")
    staging.text(root / "a.html", "new a")
    staging.text(root / "b.md", "new b")


class _Renames:
    """os.rename, os.replace and os.link counted; from call ``fail`` on (up to ``last``)
    each raises EIO, as a disk failing mid-commit would."""

    def __init__(self, monkeypatch, fail=0, last=0, link_errno=0):  # type: ignore[no-untyped-def]
        self.calls = 0
        self.fail, self.last, self.link_errno = fail, last, link_errno
        for name in ("rename", "replace", "link"):
            monkeypatch.setattr(os, name, self._wrap(name, getattr(os, name)))

    def _wrap(self, name, real):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            if name == "link" and self.link_errno:
                raise OSError(self.link_errno, os.strerror(self.link_errno))
            self.calls += 1
            if self.fail <= self.calls <= self.last:
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(args[0]))
            return real(*args, **kwargs)
        return call


@pytest.mark.parametrize("link_errno", [0, errno.EPERM], ids=["hard-link", "no-links"])
def test_a_failure_at_any_rename_of_commit_leaves_every_target_as_before(
        tmp_path, monkeypatch, link_errno):
    _old_state(tmp_path / "count")
    with Staging() as staging:
        _stage(staging, tmp_path / "count")
        with monkeypatch.context() as patch:
            counted = _Renames(patch, link_errno=link_errno)
            staging.commit()
    assert counted.calls == 8  # 3 old versions set aside, 5 new ones renamed in
    for step in range(1, counted.calls + 1):
        root = tmp_path / str(step)
        _old_state(root)
        before = _tree(root)
        with Staging() as staging:
            _stage(staging, root)
            with monkeypatch.context() as patch:
                renames = _Renames(patch, fail=step, last=step, link_errno=link_errno)
                with pytest.raises(OSError) as caught:
                    staging.commit()
        assert caught.value.errno == errno.EIO and renames.calls >= step
        assert _tree(root) == before, step  # contents, types, modes; no hidden name left


def test_a_commit_that_cannot_undo_keeps_the_old_versions_and_names_them(
        tmp_path, monkeypatch):
    _old_state(tmp_path / "w")
    with Staging() as staging:
        _stage(staging, tmp_path / "w")
        with monkeypatch.context() as patch:
            counted = _Renames(patch)
            staging.commit()
    root = tmp_path / "x"
    _old_state(root)
    with Staging() as staging:
        _stage(staging, root)
        with monkeypatch.context() as patch:
            _Renames(patch, fail=counted.calls, last=10**6)  # the last rename, and the undo
            with pytest.raises(OSError) as caught:
                staging.commit()
    notes = getattr(caught.value, "__notes__", [])
    kept = {note.split(" (")[0].removeprefix("could not put back "):
            note.rsplit(" is at ", 1)[1] for note in notes if " is at " in note}
    assert set(kept) == {str(root / n) for n in ("a.html", "a_charts", "c_charts")}
    assert Path(kept[str(root / "a.html")]).read_text() == "old a"
    assert os.listdir(kept[str(root / "a_charts")]) == ["stale.png"]
    assert os.readlink(kept[str(root / "c_charts")]) == str(root / "elsewhere")
    assert any("n_charts" in note for note in notes)


def _refusal(case, root, monkeypatch):  # type: ignore[no-untyped-def]
    """Stage a good folder and file, then the refused target last; the expected errno."""
    (root / "sub").mkdir()
    staging = Staging()
    _stage(staging, root)
    if case == "file-is-a-folder":
        (root / "sub" / "x.md").mkdir()
        staging.text(root / "sub" / "x.md", "x")
        return staging, errno.EISDIR
    if case == "folder-is-a-file":
        (root / "sub" / "x_charts").write_text("a file")
        staging.folder(root / "sub" / "x_charts")
        return staging, errno.ENOTDIR
    if case == "missing-folder":
        staging.text(root / "sub" / "x.md", "x")
        shutil.rmtree(root / "sub")
        return staging, errno.ENOENT
    staging.text(root / "sub" / "x.md", "x")
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: (
        Path(path) != root / "sub" and real(path, mode, **kw)))  # root may write anywhere
    return staging, errno.EACCES


@pytest.mark.parametrize("case", ["file-is-a-folder", "folder-is-a-file", "missing-folder",
                                  "not-writable"])
def test_commit_checks_every_target_before_replacing_any(tmp_path, monkeypatch, case):
    root = tmp_path / "r"
    _old_state(root)
    staging, code = _refusal(case, root, monkeypatch)
    with staging:
        before = _tree(root)
        with pytest.raises(OSError) as caught:
            staging.commit()
        assert caught.value.errno == code and _tree(root) == before
    assert not [name for name in os.listdir(root) if name.startswith(".")]


def test_write_all_refuses_a_folder_target_before_replacing_anything(tmp_path):
    (tmp_path / "a.html").write_text("old")
    (tmp_path / "b.md").mkdir()
    with pytest.raises(UsageError, match=r"b\.md: cannot write there \(Is a directory\)"):
        write_all({tmp_path / "a.html": "new", tmp_path / "b.md": "y"})
    assert (tmp_path / "a.html").read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["a.html", "b.md"]


@pytest.mark.parametrize("link_errno", [0, errno.EPERM], ids=["hard-link", "no-links"])
def test_commit_replaces_old_versions_with_umask_modes_and_leaves_no_hidden_name(
        tmp_path, monkeypatch, mask_027, link_errno):
    root = tmp_path / "r"
    _old_state(root)
    with Staging() as staging:
        _stage(staging, root)
        _Renames(monkeypatch, link_errno=link_errno)
        staging.commit()
    after = _tree(root)
    assert after == {
        "a.html": ("file", 0o640, b"new a"), "b.md": ("file", 0o640, b"new b"),
        "a_charts": ("dir", 0o750), "a_charts/new.png": ("file", 0o640, b"new"),
        "c_charts": ("dir", 0o750), "c_charts/c.png": ("file", 0o640, b"c"),
        "n_charts": ("dir", 0o750), "n_charts/n.png": ("file", 0o640, b"n"),
        "elsewhere": ("dir", 0o750), "elsewhere/keep.txt": ("file", 0o640, b"keep")}


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="Linux only")
def test_umask_is_read_without_setting_it_on_linux(mask_027, monkeypatch):
    def refused(mask):  # type: ignore[no-untyped-def]
        raise AssertionError("os.umask changes the umask of every thread")

    monkeypatch.setattr(os, "umask", refused)
    assert umask() == 0o027


def test_umask_falls_back_to_setting_it_back(monkeypatch, tmp_path, mask_027):
    monkeypatch.setattr(files, "_STATUS", str(tmp_path / "no-such-file"))
    assert umask() == 0o027 and os.umask(0o027) == 0o027
