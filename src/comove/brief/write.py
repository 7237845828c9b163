"""Writing the brief's files: all or nothing.

The PNG folder is written beside its final place under a temporary name and renamed at
the end, and the pages are written to temporary files and renamed, so a full disk or a
failing write never leaves a partial charts folder or a half page. Every failure is one
line naming the path and the fix.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from comove.errors import ComoveError, UsageError


def target(path: Path | None, asof: object) -> Path:
    """The HTML file a brief goes to: ``path`` itself when it ends in ``.html`` (and is not
    a folder), else ``comove-brief-DATE.html`` inside the folder ``path``."""
    name = f"comove-brief-{asof}.html"
    if path is None:
        return Path(name)
    if path.suffix.lower() == ".html":
        return path
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} exists and is not a folder or an .html file",
                         "give an .html file name or a folder")
    return path / name


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fail(path: Path, exc: OSError) -> ComoveError:
    reason = exc.strerror or str(exc)
    return ComoveError(f"cannot write the brief to {path}: {reason}",
                      "choose a writable folder with free space")


def _check_parent(html_path: Path) -> None:
    for parent in [html_path.parent, *html_path.parent.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"cannot write the brief to {html_path}: {parent} is a file, "
                                 "not a folder", "choose another output path")
            return


def write_files(html_path: Path, html_text: str, md_text: str,
                pngs: dict[str, bytes]) -> tuple[Path, Path, Path]:
    """Write the page, its twin and the chart folder (``STEM_charts``) atomically."""
    if html_path.is_dir():
        raise UsageError(f"{html_path} is a folder", "give a file name that is not a folder, "
                         "or the folder to write into")
    _check_parent(html_path)
    md_path = html_path.with_suffix(".md")
    assets = html_path.with_name(html_path.stem + "_charts")
    if md_path.is_dir():
        raise UsageError(f"{md_path} is a folder", "move it or choose another name")
    temps: list[Path] = []
    try:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{assets.name}.", dir=html_path.parent))
        temps.append(staging)
        os.chmod(staging, 0o777 & ~_umask())
        for name, data in pngs.items():
            (staging / name).write_bytes(data)
        pages = []
        for final, text in ((html_path, html_text), (md_path, md_text)):
            fd, name = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent)
            temps.append(Path(name))
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(name, 0o666 & ~_umask())
            pages.append((Path(name), final))
        if assets.is_dir() and not assets.is_symlink():
            shutil.rmtree(assets)
        elif assets.exists() or assets.is_symlink():
            assets.unlink()
        staging.rename(assets)
        temps.remove(staging)
        for page, final in pages:
            os.replace(page, final)
            temps.remove(page)
    except OSError as exc:
        raise _fail(html_path, exc) from None
    finally:
        for leftover in temps:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
    return html_path, md_path, assets
