"""Writing a result's files all or nothing: each file (or folder) is written beside its
target under a temporary name, with the permissions a new file gets under the umask, and
renamed into place only once everything was written. The brief's pages and chart folder
and the fact-check and claims-draft outputs are written this way."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType


def umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Staging:
    """Files and folders staged beside their targets, renamed into place by
    :meth:`commit`; whatever was not committed is removed when the ``with`` block ends,
    so a failing write (a full disk, a missing folder) leaves nothing behind.

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
        ``target``'s place (replacing what is there)."""
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
        """Rename the folders, then the files, into place."""
        while self._folders:
            staged, target = self._folders[0]
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            staged.rename(target)
            self._folders.pop(0)
        while self._files:
            staged, target = self._files[0]
            os.replace(staged, target)
            self._files.pop(0)


__all__ = ["Staging", "umask"]
