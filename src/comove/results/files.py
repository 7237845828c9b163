"""Writing a result's files all or nothing: each file (or folder) is written beside its
target under a temporary name, with the permissions a new file gets under the umask, and
renamed into place only once everything was written, the old versions kept aside until
every rename succeeded. The brief's pages and chart folder and the fact-check and
claims-draft outputs are written this way."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

_STATUS = "/proc/self/status"
# Why a hard link can be refused where a rename would work (a file system without them,
# Linux's protected_hardlinks, a file's link limit).
_NO_LINKS = {errno.EPERM, errno.EACCES, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS,
             errno.EXDEV, errno.EMLINK}


def umask() -> int:
    """The process's umask.

    Linux reports it in ``/proc/self/status``; elsewhere it can only be read by setting
    it (``os.umask``) and setting it back at once, which another thread creating a file
    at that instant would see.
    """
    try:
        with open(_STATUS, encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass
class _Step:
    """One target's move into place, with what is needed to undo it."""

    staged: Path
    target: Path
    folder: bool
    backup: Path | None = None  # the old version, kept until every target is in place
    linked: bool = False  # the backup is a hard link: the target still holds the old file
    tree: bool = False  # the backup is a real directory (deleted with rmtree)
    placed: bool = False


def _error(code: int, path: Path) -> OSError:
    return OSError(code, os.strerror(code), str(path))


def _check(step: _Step) -> None:
    """Raise the :class:`OSError` the renames of ``step`` would meet, if it can be told."""
    if not os.path.lexists(step.staged):
        raise _error(errno.ENOENT, step.staged)
    parent = step.target.parent
    try:
        folder = os.stat(parent)
    except OSError as exc:
        raise _error(exc.errno or errno.ENOENT, parent) from None
    if not stat.S_ISDIR(folder.st_mode):
        raise _error(errno.ENOTDIR, parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _error(errno.EACCES, parent)
    try:
        old = os.lstat(step.target)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(old.st_mode):
        if not step.folder:
            raise _error(errno.EISDIR, step.target)
        if old.st_dev != folder.st_dev:  # a mount point cannot be renamed
            raise _error(errno.EBUSY, step.target)
    elif step.folder and not stat.S_ISLNK(old.st_mode):
        raise _error(errno.ENOTDIR, step.target)
    owners = (0, old.st_uid, folder.st_uid)
    if folder.st_mode & stat.S_ISVTX and os.geteuid() not in owners:
        raise _error(errno.EPERM, step.target)  # a sticky folder keeps others' files


def _free_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")


def _set_aside(step: _Step) -> None:
    """Keep the old version of ``step.target`` (if any) under a hidden name beside it."""
    try:
        old = os.lstat(step.target)
    except FileNotFoundError:
        return
    if stat.S_ISREG(old.st_mode) and not step.folder:
        for _ in range(100):  # a second name for the old file: its path never goes missing
            backup = _free_name(step.target)
            try:
                os.link(step.target, backup, follow_symlinks=False)
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in _NO_LINKS:
                    raise
                break  # no hard links here, or not to this file: rename it aside
            step.backup, step.linked = backup, True
            return
    tree = stat.S_ISDIR(old.st_mode)
    # A reserved empty name the old version is renamed over: a folder over an empty
    # folder, anything else over an empty file.
    if tree:
        reserved = Path(tempfile.mkdtemp(prefix=f".{step.target.name}.", suffix=".old",
                                         dir=step.target.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=f".{step.target.name}.", suffix=".old",
                                    dir=step.target.parent)
        os.close(fd)
        reserved = Path(name)
    try:
        os.replace(step.target, reserved)
    except BaseException:
        if tree:
            os.rmdir(reserved)
        else:
            reserved.unlink()
        raise
    step.backup, step.tree = reserved, tree


def _place(step: _Step) -> None:
    _set_aside(step)
    # A file replaces its hard-linked old version in one rename; else the target is free.
    os.replace(step.staged, step.target)
    step.placed = True


def _undo(step: _Step) -> None:
    """Put ``step.target`` back as it was before :func:`_place`."""
    if step.backup is None:
        if step.placed:
            os.rename(step.target, step.staged)
        return
    if step.linked and not step.placed:  # the target was not touched
        with suppress(OSError):
            step.backup.unlink()
        return
    if step.placed and step.folder:
        os.rename(step.target, step.staged)
        step.placed = False
    os.replace(step.backup, step.target)  # a file: over the new one, in one rename
    step.backup = None


def _discard(step: _Step) -> None:
    if step.backup is None:
        return
    if step.tree:
        shutil.rmtree(step.backup, ignore_errors=True)
    else:
        with suppress(OSError):  # the commit is done: a backup left is only a stray name
            step.backup.unlink()


class Staging:
    """Files and folders staged beside their targets, renamed into place by
    :meth:`commit`; whatever was not committed is removed when the ``with`` block ends.

    A failure while staging (a full disk, a refused folder) leaves the targets as they
    were and removes the staged names. :meth:`commit` is all or nothing as far as renames
    in a folder allow:

    * Before the first rename, every target is checked: a file target that is a folder, a
      folder target that is a file, a folder that is missing or not writable, a mount
      point, someone else's file in a sticky folder, a staged name gone. The first problem
      raises its :class:`OSError` (``filename`` set) and nothing has changed.
    * Then each target in turn (folders, then files) has its old version kept beside it
      under a hidden name (an existing file: a hard link, so its path never goes
      missing, or a rename where hard links are refused; a folder or symlink: a rename)
      and the new one renamed in. The old versions are deleted only once every target is
      in place.
    * If a rename fails part-way (a fault the checks cannot see: an I/O error, a file
      system gone read-only, a concurrent change, an interrupt), the renames done are
      undone in reverse order and the error is raised: every target holds its old
      contents and type again, and no temporary name remains.

    Not guaranteed: readers during :meth:`commit` can see some targets new and others
    old, and a folder (or a symlink, or a file where hard links are refused) is absent
    for the instant between its two renames. If undoing fails too, the error carries a
    note for each target not put back, naming where its old version was left (never
    deleted). A crash mid-commit (power loss, ``SIGKILL``) can leave the hidden names
    behind; nothing is flushed to disk (no ``fsync``). An old version that cannot be
    deleted after a successful commit stays under its hidden name.

    Every error is the :class:`OSError` raised; callers word it.

    Examples
    --------
    >>> with Staging() as staging:  # doctest: +SKIP
    ...     charts = staging.folder(Path("b_charts"))
    ...     (charts / "a.png").write_bytes(png)
    ...     staging.text(Path("b.html"), page)
    ...     staging.commit()
    """

    def __init__(self) -> None:
        self._mask = umask()
        self._folders: list[tuple[Path, Path]] = []
        self._files: list[tuple[Path, Path]] = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for staged, _ in self._folders:
            shutil.rmtree(staged, ignore_errors=True)
        for staged, _ in self._files:
            staged.unlink(missing_ok=True)

    def folder(self, target: Path) -> Path:
        """A new empty folder beside ``target`` to fill; :meth:`commit` puts it in
        ``target``'s place (replacing a folder or a symlink there)."""
        staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        self._folders.append((staged, target))
        os.chmod(staged, 0o777 & ~self._mask)
        return staged

    def text(self, target: Path, text: str) -> None:
        """Write ``text`` (UTF-8) beside ``target``; :meth:`commit` renames it there."""
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                    dir=target.parent)
        self._files.append((Path(name), target))
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(name, 0o666 & ~self._mask)

    def commit(self) -> None:
        """Check every target, then rename the folders, then the files, into place; on a
        failure put back what was changed (see the class's notes).

        Raises
        ------
        OSError
            The first problem found by the checks, or the rename that failed.
        """
        steps = [_Step(staged, target, folder=True) for staged, target in self._folders]
        steps += [_Step(staged, target, folder=False) for staged, target in self._files]
        for step in steps:
            _check(step)
        done: list[_Step] = []
        try:
            for step in steps:
                done.append(step)
                _place(step)
        except BaseException as exc:
            for step in reversed(done):
                try:
                    _undo(step)
                except OSError as undo:
                    kept = f"; its old version is at {step.backup}" if step.backup else ""
                    exc.add_note(f"could not put back {step.target} ({undo.strerror}){kept}")
            raise
        self._folders.clear()
        self._files.clear()
        for step in steps:
            _discard(step)


__all__ = ["Staging", "umask"]
