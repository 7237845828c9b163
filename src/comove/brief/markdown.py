"""The brief's Markdown twin: the same sections as the page, charts as PNG files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from comove import __version__
from comove.brief.escape import md
from comove.brief.render import Table, sections
from comove.brief.series import chart_titles
from comove.brief.text import lede

if TYPE_CHECKING:
    from comove.brief.model import BriefData


def table_md(table: Table) -> list[str]:
    rows = table.rows
    if not rows:
        return ["None.", ""]
    keys = list(rows[0])
    lines = [md(table.caption), ""] if table.caption else []
    lines += ["| " + " | ".join(md(k) or " " for k in keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(md(row[k]) for k in keys) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(data: BriefData, charts: dict[str, str], asset_dir: str) -> str:
    """The twin; ``charts`` maps a chart key to its PNG file name in ``asset_dir``."""
    lines = [f"# Market brief, {md(data.asof)}", ""]
    lines += [md(s) + "\n" for s in lede(data)]
    lines += [f"comove {md(__version__)}, from the local store, using only data up to "
              f"{md(data.asof)}. Every number is computed; none is typed.", ""]
    titles = chart_titles(data)
    for s in sections(data):
        lines += [f"## {md(s.title)}", ""]
        if s.bullets:
            lines += [f"- {md(p)}" for p in s.paragraphs if p] + [""]
        else:
            lines += [md(p) + "\n" for p in s.paragraphs if p]
        figures = []
        for key, caption in s.charts:
            if key in charts:
                caption = caption.split("; zoom")[0].replace(" (hover for its start date)", "")
                figures += [f"![{md(titles.get(key, key))}]({asset_dir}/{charts[key]})", "",
                            md(caption), ""]
        tables = [line for tb in s.tables for line in table_md(tb)]
        lines += (figures + tables) if s.charts_first else (tables + figures)
    return "\n".join(lines)
