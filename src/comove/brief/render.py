"""The brief's page: sections in order (shared by the HTML page and the Markdown twin),
and the HTML rendering (interactive charts inlined, no network).

Every text that comes from data, symbols or claims files goes through
:func:`comove.brief.escape.h` here and :func:`comove.brief.escape.md` in the twin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from comove import __version__
from comove.brief import tables as t
from comove.brief.escape import h
from comove.brief.series import STORY, chart_titles
from comove.brief.text import divergence_sentence, headline, lede, pair_sentence

if TYPE_CHECKING:
    from comove.brief.model import BriefData, Row

CSS = """
body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;max-width:1100px;
margin:1.2em auto;padding:0 1em;color:#1a1a1a;line-height:1.45}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin-top:1.6em;
border-bottom:1px solid #ddd;padding-bottom:.2em}h3{font-size:1em;margin:1em 0 .3em}
p.lede{font-size:1.12em;line-height:1.5;margin:.5em 0}.meta,.note{color:#666;font-size:.85em}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.86em;margin:.5em 0}
th,td{border-bottom:1px solid #e5e5e5;padding:.3em .45em;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}th{background:#f6f6f6}
td.verdict-supported{color:#1a7f37;font-weight:600}td.verdict-contradicted{color:#cf222e;
font-weight:600}td.verdict-inconclusive{color:#9a6700;font-weight:600}
td.verdict-untestable{color:#666;font-weight:600}td.verdict-depends-on-convention,
td.verdict-partly-supported{color:#8250df;font-weight:600}td.verdict-not-yet-measurable{
color:#666;font-weight:600}td.wrap{text-align:left;white-space:normal;
min-width:14em}ul.headline li{margin:.3em 0}.chart{margin:.6em 0 1.4em;min-height:120px}
figure.chart h3{font-size:.95em;margin:.2em 0}
details{margin:1em 0}summary{cursor:pointer;font-weight:600}
@media (max-width:600px){body{padding:0 .5em}table{font-size:.78em}}
"""


@dataclass
class Table:
    caption: str
    rows: t.Table
    classes: dict[str, str] = field(default_factory=dict)
    matrix: bool = False


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[tuple[str, str]] = field(default_factory=list)  # (key, caption)
    bullets: bool = False
    collapsed: bool = False
    charts_first: bool = False


def _standing(r: Row) -> str:
    if r.at_record:
        return f"{r.symbol} at its record"
    return f"{r.symbol} {abs(r.distance):.1%} below its record of {r.record_date}"


def sections(data: BriefData) -> list[Section]:
    """Every section of the brief, in page order."""
    from comove.brief.model import percentile_text

    out = [Section("What is notable", headline(data), bullets=True)]
    story = [r for r in data.fresh if r.symbol in STORY and not r.is_level]
    out.append(Section(
        "Bitcoin against small caps and the S&P 500",
        ["; ".join(_standing(r) for r in story) + "." if story else ""],
        charts=[("story", "Each series' close over its record close so far, minus one; "
                 "zoom with the mouse wheel or a box, hover for values.")],
        charts_first=True))
    out.append(Section("Watchlist returns", [
        "Simple returns of closes to the last close, from the last close on or before 1 "
        "day, 7 days, 30 days and 365 days earlier and from the last close of the previous "
        "year; VIX in index points. Crypto closes at 00:00 UTC, indices at 16:00 New York."],
        [Table("", t.returns_rows(data))]))
    levels = t.level_rows(data)
    level_text = [f"{r.symbol} (a volatility index, not an asset) at {r.last_close:.2f} is at "
                  f"the {percentile_text(r.percentile)} percentile of its levels since "
                  f"{r.first_date} and the {percentile_text(r.percentile_1y)} of the past "
                  "year." for r in data.rows if r.is_level]
    out.append(Section("Distance from the record", [
        "A record is a close above every earlier close in the stored history; 'from record' "
        "is the last close over the record close, minus one; days since the record are "
        "trading days for indices and calendar days for crypto (which trades every day).",
        *level_text],
        [Table("", t.record_rows(data))] + ([Table("Volatility", levels)] if levels else []),
        charts=[("records", "Closes (solid) and the record close so far (dashed); the "
                 "vertical line marks the record's date; one date axis for all panels.")]))
    if data.matrices:
        out.append(Section("Correlation matrix", [],
                           [Table(t.matrix_n_text(m), t.matrix_rows(m), matrix=True)
                            for m in data.matrices]))
    else:
        out.append(Section("Correlation matrix", [data.empty.get("matrix", "")]))
    pair_text = [pair_sentence(p) for p in data.pairs[:1]] or [
        data.empty.get("co-movement", "")]
    out.append(Section(
        "Co-movement now against its history",
        pair_text + ([data.rolling[0].convention[:1].upper() + data.rolling[0].convention[1:]
                      + ". Beta: the first asset's daily log return per unit of the second's "
                      "(OLS slope over the past year)."] if data.rolling else [])
        + (["Breaks in co-movement: " + "; ".join(
            f"{rp.a}/{rp.b} {', '.join(map(str, rp.breaks))}" for rp in data.rolling
            if rp.breaks) + "."] if any(rp.breaks for rp in data.rolling) else []),
        [Table("", t.pair_rows(data))] if data.pairs else [],
        charts=[("rolling", "Rolling correlation over 30, 90 and 180 days; shaded band: 95% "
                 "bootstrap interval of the 90-day value; orange: dates where the "
                 "co-movement broke.")] if data.rolling else []))
    div = Section("Divergences and what followed before",
                  [divergence_sentence(d) for d in data.divergences]
                  or [data.empty.get("divergences", "")])
    rows = t.divergence_rows(data)
    if rows:
        div.tables.append(Table("Averages over the earlier episodes (mean and median named; "
                                "the interval is for the difference of means)", rows,
                                {"what the data say": "wrap"}))
    for i, d in enumerate(data.divergences):
        if d.episodes is not None and not d.episodes.empty:
            div.tables.append(Table(f"Each earlier episode: {d.leader} within 2% of its "
                                    f"record while {d.laggard} was 20%+ below its own "
                                    "(episodes within 30 days are one)",
                                    t.episode_rows(d.episodes)))
            div.charts.append((f"divergence_{i}", f"{d.laggard} after each episode, one "
                               "grey line each (hover for its start date), log scale; the mean "
                               "and median on each day are over the episodes that reached it "
                               "(a recent episode's line stops early)."))
    out.append(div)
    if data.cycles is not None:
        c = data.cycles
        same = "; ".join(f"{x:.2f}x in the cycle of {d}" for d, x in sorted(c.same_day.items()))
        out.append(Section("Bitcoin's halving cycles", [
            f"Day {c.day_now} of the current cycle: bitcoin is at {c.now:.2f}x its "
            f"halving-day price" + (f", against {same} on the same day." if same else ".")
            + " Sources: " + "; ".join(c.sources) + "."],
            charts=[("cycles", "Price over the price on the halving day, by days since "
                     "the halving, log scale.")]))
    else:
        out.append(Section("Bitcoin's halving cycles", [data.empty.get("cycles", "")]))
    if data.claims:
        skipped = data.claims_skipped
        out.append(Section(
            f"Claims checked ({data.claims_file or 'claims'}): "
            + ", ".join(f"{n} {v}" for v, n in _verdict_counts(data)),
            ["Each claim is judged as made: with the data up to the day it was made, under "
             "every reading it leaves open; 'since' runs from then to "
             f"{data.asof}. Details: 'comove check FILE'."
             + (f" {len(skipped)} claims made after {data.asof} are left out: "
                f"{', '.join(skipped)}." if skipped else "")],
            [Table("", t.claim_rows(data), {"claim": "wrap", "measured": "wrap",
                                            "claimed": "wrap", "readings that disagree": "wrap",
                                            "since": "wrap"})], collapsed=True))
    notes = ([data.dating] if data.dating else []) + data.notes
    if notes:
        out.append(Section("Data notes", notes, bullets=True))
    return out


def dating_short(data: BriefData) -> str:
    """One line on why the brief has this date (the full account is in the data notes)."""
    ends = [r for r in data.rows if r.last_date == data.asof]
    return (f"Dated {data.asof}: the latest day on which all {len(ends)} watchlist series "
            "have data; some run later (see Data notes).")


def _cell_style(value: str) -> str:
    try:
        c = float(value)
    except ValueError:
        return ""
    color = "31,119,180" if c >= 0 else "214,39,40"
    return f' style="background:rgba({color},{min(abs(c), 1) * 0.55:.2f})"'


def table_html(table: Table) -> str:
    rows = table.rows
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{h(k)}</th>" for k in rows[0])
    body = []
    for row in rows:
        cells = []
        for i, (key, value) in enumerate(row.items()):
            cls = (f"verdict-{str(value).split(' (')[0].replace(' ', '-')}" if key == "verdict"
                   else table.classes.get(key, ""))
            attr = f' class="{h(cls)}"' if cls else ""
            style = _cell_style(value) if table.matrix and i else ""
            cells.append(f"<td{attr}{style}>{h(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = f'<p class="note">{h(table.caption)}</p>' if table.caption else ""
    return (f'{caption}<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>'
            f"{''.join(body)}</tbody></table></div>")


def render_html(data: BriefData, charts: dict[str, str], bokeh: tuple[str, str]) -> str:
    """The page; ``charts`` maps a chart key to its ``<div>``, ``bokeh`` is (the inlined
    core bundle, the script that draws every chart)."""
    parts = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
             f'<meta name="viewport" content="width=device-width,initial-scale=1">'
             f"<title>comove brief {h(data.asof)}</title><style>{CSS}</style>"
             f"{bokeh[0] if charts else ''}</head><body>",
             f"<h1>Market brief, {h(data.asof)}</h1>"]
    parts += [f'<p class="lede">{h(s)}</p>' for s in lede(data)[:1]]
    parts += [f"<p>{h(s)}</p>" for s in lede(data)[1:]]
    parts.append(f'<p class="meta">comove {h(__version__)}, from the local store, using only '
                 f"data up to {h(data.asof)}. Every number is computed; none is typed."
                 + (f" {h(dating_short(data))}" if data.dating else "") + "</p>")
    titles = chart_titles(data)
    for s in sections(data):
        inner = []
        if s.bullets:
            inner.append('<ul class="headline">' + "".join(
                f"<li>{h(p)}</li>" for p in s.paragraphs if p) + "</ul>")
        else:
            inner += [f"<p>{h(p)}</p>" for p in s.paragraphs if p]
        figures = [f'<figure class="chart"><h3>{h(titles.get(key, ""))}</h3>{charts[key]}'
                   f'<figcaption class="note">{h(cap)}</figcaption></figure>'
                   for key, cap in s.charts if key in charts]
        tables = [table_html(tb) for tb in s.tables]
        inner += (figures + tables) if s.charts_first else (tables + figures)
        if s.collapsed:
            parts.append(f"<details><summary>{h(s.title)}</summary>{''.join(inner)}</details>")
        else:
            parts.append(f"<h2>{h(s.title)}</h2>" + "".join(inner))
    parts.append(bokeh[1] if charts else "")
    parts.append("</body></html>")
    return "\n".join(parts)


def _verdict_counts(data: BriefData) -> list[tuple[str, int]]:
    """How many claims got each verdict, in the order of the verdict scale."""
    from comove.claims.model import Verdict

    counts = [(v.value, sum(r.verdict is v for r in data.claims)) for v in Verdict]
    return [(v, n) for v, n in counts if n]
