"""The fact-check report: the article with each claim highlighted by its verdict.

HTML (self-contained, no script: hover a highlight for its verdict and evidence, click it
to jump to the claim's row in the summary table), with a Markdown and a JSON twin. Every
text taken from the article or the claims is HTML-escaped.
"""

from __future__ import annotations

import html
import itertools
import json
from datetime import date
from typing import Any

from comove.articles.draft import Draft, DraftClaim

SEVERITY = ["contradicted", "inconclusive", "supported", "untestable", "not checked"]
COLOURS = {"supported": "#c8ecd0", "contradicted": "#f7c6c5", "inconclusive": "#fbe7b0",
           "untestable": "#dcdcdc", "not checked": "#e4dcf5"}
STYLE = """
body { font: 16px/1.55 Georgia, serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }
h1 { font: 600 1.4rem system-ui, sans-serif; } h2 { font: 600 1.1rem system-ui, sans-serif; }
.meta, table { font: 13px/1.4 system-ui, sans-serif; }
.article { white-space: pre-wrap; border-left: 3px solid #ddd; padding-left: 1rem; }
mark { border-radius: 3px; padding: 0 1px; color: inherit; }
mark a { color: inherit; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left;
         vertical-align: top; }
td.v { font-weight: 600; white-space: nowrap; }
tr:target { outline: 2px solid #333; }
.legend span { padding: 0 6px; margin-right: 6px; border-radius: 3px; }
"""


def verdict_of(result: dict[str, Any] | None) -> str:
    return str(result.get("verdict")) if result else "not checked"


def _hover(c: DraftClaim, r: dict[str, Any] | None) -> str:
    v = verdict_of(r)
    if r is None:
        return f"{c.id}: not checked"
    if v == "untestable":
        return f"{c.id} untestable: {r.get('untestable_reason') or c.untestable}"
    return (f"{c.id} {v} ({c.kind}): measured {r.get('measured', '')}; claimed "
            f"{r.get('claimed', '')}")


def _segments(claims: list[DraftClaim], size: int) -> list[tuple[int, int, list[DraftClaim]]]:
    """Cut the text at every claim boundary; each piece lists the claims covering it."""
    cuts = {0, size}
    for c in claims:
        cuts |= {max(0, min(size, c.text_span[0])), max(0, min(size, c.text_span[1]))}
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        covering = [c for c in claims if c.text_span[0] <= a and b <= c.text_span[1]]
        out.append((a, b, covering))
    return out


def to_html(draft: Draft, results: dict[str, dict[str, Any]], asof: date | None,
            errors: dict[str, str]) -> str:
    """The report as one self-contained HTML page."""
    esc = html.escape
    parts = []
    for a, b, covering in _segments(draft.claims, len(draft.text)):
        piece = esc(draft.text[a:b])
        if not covering:
            parts.append(piece)
            continue
        verdicts = [verdict_of(results.get(c.id)) for c in covering]
        worst = min(verdicts, key=SEVERITY.index)
        title = esc(" | ".join(_hover(c, results.get(c.id)) for c in covering), quote=True)
        parts.append(f'<mark style="background:{COLOURS[worst]}" title="{title}">'
                     f'<a href="#{esc(covering[0].id)}">{piece}</a></mark>')
    rows = []
    for c in draft.claims:
        r = results.get(c.id)
        v = verdict_of(r)
        if r is None:
            detail = errors.get(c.id, "not checked")
        elif v == "untestable":
            detail = r.get("untestable_reason") or c.untestable or ""
        else:
            detail = f"measured: {r.get('measured', '')}; claimed: {r.get('claimed', '')}"
        rows.append(
            f'<tr id="{esc(c.id)}"><td>{esc(c.id)}</td><td class="v" style="background:'
            f'{COLOURS[v]}">{esc(v)}</td><td>{esc(" ".join(c.text.split()))}</td>'
            f"<td>{esc(c.kind)}<br><small>confidence {c.confidence:.2f}</small></td>"
            f"<td>{esc(detail)}<br><small>{esc(c.note)}</small></td></tr>")
    counts = _counts(draft, results)
    legend = "".join(f'<span style="background:{COLOURS[k]}">{esc(k)} {n}</span>'
                     for k, n in counts.items())
    title = esc(f"Fact-check: {draft.name or 'article'}")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>{STYLE}</style></head><body>"
            f"<h1>{title}</h1><p class=\"meta\">Article date {esc(str(draft.made))} (from "
            f"{esc(draft.made_from)}); data up to {esc(str(asof or 'the latest date stored'))}."
            f" Claims were drafted by machine (status: draft): read each note before "
            f"relying on a verdict.</p><p class=\"meta legend\">{legend}</p>"
            f"<h2>Article</h2><div class=\"article\">{''.join(parts)}</div>"
            f"<h2>Claims</h2><table><thead><tr><th>id</th><th>verdict</th><th>claim</th>"
            f"<th>test</th><th>evidence and assumptions</th></tr></thead><tbody>"
            f"{''.join(rows)}</tbody></table></body></html>\n")


def _counts(draft: Draft, results: dict[str, dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITY, 0)
    for c in draft.claims:
        counts[verdict_of(results.get(c.id))] += 1
    return {k: n for k, n in counts.items() if n}


def to_markdown(draft: Draft, results: dict[str, dict[str, Any]], asof: date | None,
                errors: dict[str, str]) -> str:
    """The summary table as Markdown."""
    def cell(text: object) -> str:
        return " ".join(str(text).split()).replace("|", "\\|")

    lines = [f"# Fact-check: {cell(draft.name or 'article')}", "",
             f"Article date {draft.made} (from {cell(draft.made_from)}); data up to "
             f"{asof or 'the latest date stored'}. Claims drafted by machine: read each note.",
             "", ", ".join(f"{n} {k}" for k, n in _counts(draft, results).items()), "",
             "| id | verdict | claim | test | measured | claimed | note |",
             "|---|---|---|---|---|---|---|"]
    for c in draft.claims:
        r = results.get(c.id) or {}
        v = verdict_of(results.get(c.id))
        measured = (r.get("untestable_reason") or c.untestable) if v == "untestable" else \
            r.get("measured", errors.get(c.id, ""))
        lines.append(f"| {c.id} | **{v}** | {cell(c.text)} | {c.kind} | {cell(measured)} | "
                     f"{cell(r.get('claimed', ''))} | {cell(c.note)} |")
    return "\n".join(lines) + "\n"


def to_json(draft: Draft, results: dict[str, dict[str, Any]], asof: date | None,
            errors: dict[str, str]) -> str:
    """Every drafted claim with its verdict and evidence."""
    claims = []
    for c in draft.claims:
        item = c.to_dict(draft.name)
        item["verdict"] = verdict_of(results.get(c.id))
        item["result"] = results.get(c.id)
        if c.id in errors:
            item["error"] = errors[c.id]
        claims.append(item)
    return json.dumps({"article": draft.name, "made": draft.made, "made_from": draft.made_from,
                       "asof": asof, "counts": _counts(draft, results), "claims": claims},
                      default=str, ensure_ascii=False, indent=1) + "\n"


__all__ = ["to_html", "to_json", "to_markdown", "verdict_of"]
