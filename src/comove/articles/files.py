"""Reading an article and writing outputs all-or-nothing (temporary files, then rename)."""

from __future__ import annotations

import sys
from pathlib import Path

from comove.articles.text import MAX_BYTES
from comove.errors import DataFileError, UsageError
from comove.results.files import Staging


def read_article(where: str) -> tuple[bytes, str]:
    """The bytes of an article file, or of standard input for ``-``, and its name.

    Raises
    ------
    UsageError
        If the file does not exist or is a directory.
    DataFileError
        If it cannot be read or is over the size limit.
    """
    if where == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return data, "-"
    path = Path(where)
    if not path.exists():
        raise UsageError(f"{where}: no such file", "check the path, or pass - for stdin")
    if path.is_dir():
        raise UsageError(f"{where} is a directory", "name an article file (text or HTML)")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataFileError(f"{path.name}: {size / 1e6:.1f} MB is too large for an article "
                            f"(limit {MAX_BYTES // 1_000_000} MB)",
                            "pass the article's text, or cut it into parts")
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        raise DataFileError(f"{path.name}: cannot be read ({exc.strerror})",
                            "check its permissions") from None


def check_writable(*targets: Path) -> None:
    """Refuse early (before any work) a target whose folder does not exist."""
    for target in targets:
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such folder", "create it, or pick another path")
        if target.is_dir():
            raise UsageError(f"{target} is a directory", "name a file")


def write_all(outputs: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary file beside its target, and the
    temporary files are renamed into place only when all were written.

    Raises
    ------
    UsageError
        If a target's folder does not exist or cannot be written, or a target cannot be
        replaced (a folder there, say).
    """
    with Staging() as staging:
        for target, text in outputs.items():
            folder = target.parent if str(target.parent) else Path(".")
            if not folder.is_dir():
                raise UsageError(f"{folder}: no such folder", "create it, or pick another path")
            try:
                staging.text(target, text)
            except OSError as exc:
                raise UsageError(f"{folder}: cannot write there ({exc.strerror})",
                                 "pick a folder you can write to") from None
        try:
            staging.commit()
        except OSError as exc:  # Staging.commit has put back what it replaced
            raise UsageError(f"{exc.filename or 'an output'}: cannot write there "
                             f"({exc.strerror})", "pick another path") from None


__all__ = ["check_writable", "read_article", "write_all"]
