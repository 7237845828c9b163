"""The brief as one self-contained HTML file (charts embedded, no network) and a Markdown
twin (charts as PNG files beside it)."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

from comove import __version__
from comove.brief.model import BriefData
from comove.brief.text import headline, pair_sentence, row_cells

CSS = """
body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;max-width:1000px;
margin:2em auto;padding:0 1em;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;
border-bottom:1px solid #ddd;padding-bottom:.2em}
.meta{color:#666;font-size:.9em}table{border-collapse:collapse;width:100%;font-size:.88em;
margin:.6em 0}th,td{border-bottom:1px solid #e5e5e5;padding:.35em .5em;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}
td.verdict-supported{color:#1a7f37;font-weight:600}td.verdict-contradicted{color:#cf222e;
font-weight:600}td.verdict-inconclusive{color:#9a6700;font-weight:600}
td.verdict-untestable{color:#666;font-weight:600}td.wrap{text-align:left;max-width:28em}
img{max-width:100%;height:auto;border:1px solid #eee;margin:.5em 0}
ul.headline li{margin:.35em 0}.note{color:#666;font-size:.85em}
"""


@dataclass
class Chart:
    name: str
    title: str
    png: bytes


def _table_html(rows: list[dict[str, str]], classes: dict[str, str] | None = None) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{html.escape(k)}</th>" for k in rows[0])
    body = []
    for row in rows:
        cells = []
        for key, value in row.items():
            cls = (classes or {}).get(key, "")
            if key == "verdict":
                cls = f"verdict-{value}"
            cells.append(f'<td class="{cls}">{html.escape(str(value))}</td>' if cls
                         else f"<td>{html.escape(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _table_md(rows: list[dict[str, str]]) -> str:
    if not rows:
        return "None."
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for row in rows:
        lines.append("| " + " | ".join(str(row[k]).replace("|", "\\|") for k in keys) + " |")
    return "\n".join(lines)


def sections(data: BriefData) -> list[tuple[str, list[str], list[dict[str, str]], dict[str, str]]]:
    """(title, paragraphs, table rows, cell classes) of every section, in order."""
    out: list[tuple[str, list[str], list[dict[str, str]], dict[str, str]]] = []
    out.append(("What is notable", headline(data), [], {}))
    out.append(("Watchlist", [
        "Closes; a record is a close above every earlier close in the stored history; "
        "'from record' is the last close over the record close, minus one; 'worst drawdown, "
        "1y' is the deepest fall from a running high over the past year. Crypto closes at "
        "00:00 UTC, indices at 16:00 New York."], [row_cells(r) for r in data.rows], {}))
    pair_rows = [{"pair": f"{p.a} / {p.b}", "90d now": f"{p.rolling_now:+.2f}",
                  "as of": str(p.rolling_date), "percentile": f"{p.percentile:.0%}",
                  "median 90d": f"{p.history_median:+.2f}", "past year": f"{p.last_year:+.2f}",
                  "95% interval": f"{p.last_year_low:+.2f} to {p.last_year_high:+.2f}",
                  "full sample": f"{p.full:+.2f} (n={p.n_full})"} for p in data.pairs]
    out.append(("Co-movement now against its history",
                [pair_sentence(p) for p in data.pairs] +
                ["Daily log returns on the equity calendar (a crypto return spans the same "
                 "days as the index's); intervals from a stationary block bootstrap."],
                pair_rows, {}))
    if data.divergences:
        paragraphs = []
        for d in data.divergences:
            from comove.brief.text import divergence_sentence

            paragraphs.append(divergence_sentence(d))
        rows = []
        for d in data.divergences:
            if d.study is None:
                continue
            for r in d.study.results:
                rows.append({"divergence": f"{d.leader} record, {d.laggard} 20%+ below",
                             "horizon": f"{r.horizon}d", "n": str(r.n),
                             "mean after": f"{r.mean:+.1%}", "usual": f"{r.baseline_mean:+.1%}",
                             "95% interval of difference": f"{r.ci_low:+.1%} to "
                                                           f"{r.ci_high:+.1%}",
                             "placebo p": f"{r.placebo_p:.2f}", "what the data say": r.verdict})
        out.append(("Active divergences and what followed before", paragraphs, rows,
                    {"what the data say": "wrap", "divergence": "wrap"}))
    if data.claims:
        rows = [{"id": r.claim.id, "verdict": r.verdict.value, "claim": r.claim.text,
                 "measured": r.claim.untestable or r.measured, "claimed": r.claimed}
                for r in data.claims]
        skipped = data.claims_skipped
        out.append((f"Claims checked ({data.claims_file})", [
            f"Each claim evaluated with data up to {data.asof}; details with "
            "'comove check FILE --asof DATE'."
            + (f" {len(skipped)} claims made after {data.asof} are left out: "
               f"{', '.join(skipped)}." if skipped else "")], rows,
            {"claim": "wrap", "measured": "wrap", "claimed": "wrap"}))
    return out


def render_html(data: BriefData, charts: list[Chart]) -> str:
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>comove brief {data.asof}</title><style>{CSS}</style></head><body>",
             f"<h1>Market brief, {data.asof}</h1>",
             f'<p class="meta">Generated by comove {__version__} from the local store, using '
             f"only data up to {data.asof}. Every number is computed; none is typed.</p>"]
    for title, paragraphs, rows, classes in sections(data):
        parts.append(f"<h2>{html.escape(title)}</h2>")
        if title == "What is notable":
            parts.append('<ul class="headline">' + "".join(
                f"<li>{html.escape(p)}</li>" for p in paragraphs) + "</ul>")
        else:
            parts += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
        if rows:
            parts.append(_table_html(rows, classes))
    parts.append("<h2>Charts</h2>")
    for chart in charts:
        encoded = base64.b64encode(chart.png).decode("ascii")
        parts.append(f'<figure><img alt="{html.escape(chart.title)}" '
                     f'src="data:image/png;base64,{encoded}"><figcaption class="note">'
                     f"{html.escape(chart.title)}</figcaption></figure>")
    if data.notes:
        parts.append("<h2>Data notes</h2><ul>" + "".join(
            f"<li>{html.escape(n)}</li>" for n in data.notes) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render_markdown(data: BriefData, charts: list[Chart], asset_dir: str) -> str:
    lines = [f"# Market brief, {data.asof}", "",
             f"Generated by comove {__version__} from the local store, using only data up to "
             f"{data.asof}. Every number is computed; none is typed.", ""]
    for title, paragraphs, rows, _ in sections(data):
        lines += [f"## {title}", ""]
        if title == "What is notable":
            lines += [f"- {p}" for p in paragraphs]
        else:
            lines += [p + "\n" for p in paragraphs]
        lines.append("")
        if rows:
            lines += [_table_md(rows), ""]
    lines += ["## Charts", ""]
    for chart in charts:
        lines += [f"![{chart.title}]({asset_dir}/{chart.name}.png)", ""]
    if data.notes:
        lines += ["## Data notes", ""] + [f"- {n}" for n in data.notes] + [""]
    return "\n".join(lines)


def write_brief(data: BriefData, charts: list[Chart], html_path: Path) -> tuple[Path, Path]:
    """Write ``html_path`` and its Markdown twin (with a folder of PNG charts)."""
    html_path.parent.mkdir(parents=True, exist_ok=True)
    md_path = html_path.with_suffix(".md")
    assets = html_path.with_name(html_path.stem + "_charts")
    assets.mkdir(exist_ok=True)
    for chart in charts:
        (assets / f"{chart.name}.png").write_bytes(chart.png)
    html_path.write_text(render_html(data, charts), encoding="utf-8")
    md_path.write_text(render_markdown(data, charts, assets.name), encoding="utf-8")
    return html_path, md_path
