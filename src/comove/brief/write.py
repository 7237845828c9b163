"""Writing the brief's files: all or nothing.

The PNG folder and the pages are written beside their final places under temporary names
and renamed at the end (:class:`comove.results.files.Staging`), so a full disk or a
failing write never leaves a partial charts folder or a half page. Every failure is one
line naming the path and the fix.
"""

from __future__ import annotations

from pathlib import Path

from comove.errors import ComoveError, UsageError
from comove.results.files import Staging


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


def chart_folder(html_path: Path) -> Path:
    """The folder of the Markdown twin's PNG charts: ``STEM_charts`` beside the page."""
    return html_path.with_name(html_path.stem + "_charts")


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
    """Write the page, its twin and the chart folder (:func:`chart_folder`) atomically."""
    if html_path.is_dir():
        raise UsageError(f"{html_path} is a folder", "give a file name that is not a folder, "
                         "or the folder to write into")
    _check_parent(html_path)
    md_path = html_path.with_suffix(".md")
    assets = chart_folder(html_path)
    if md_path.is_dir():
        raise UsageError(f"{md_path} is a folder", "move it or choose another name")
    try:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        with Staging() as staging:
            folder = staging.folder(assets)
            for name, data in pngs.items():
                (folder / name).write_bytes(data)
            staging.text(html_path, html_text)
            staging.text(md_path, md_text)
            staging.commit()
    except OSError as exc:
        raise _fail(html_path, exc) from None
    return html_path, md_path, assets
