"""Scoring drafts against gold labels: detection, mapping and untestable-flag accuracy.

A gold file (YAML) lists articles; each gold claim gives ``anchors`` (short exact quotes
of the sentences that state it), what a correct mapping must match (``test``,
``symbols``, ``number``, ``when``, ``claimed``) or ``untestable: true``. ``also`` lists
check-worthy sentences outside the gold list (not false positives in the lenient
precision). Definitions:

* a gold claim is *found* when a draft claim's span covers the start of one of its anchors;
* a draft claim is a *true positive* when its span covers the start of any gold anchor;
* a found claim is *mapped* correctly when the best covering draft has the same test, the
  same set of symbols, the same main number (if the gold gives one), the same period or
  date (if given) and the same claimed direction (if given);
* the untestable flag is right when that draft is untestable exactly when the gold is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from comove.articles.draft import Draft, DraftClaim
from comove.errors import DataFileError

SYMBOL_KEYS = ("symbol", "a", "b", "leader", "laggard", "more", "less", "driver")


def draft_key(c: DraftClaim) -> dict[str, Any]:
    """What mapping accuracy compares: test, symbols, number, when, claimed."""
    p = c.params
    symbols: set[str] = {str(p[k]) for k in SYMBOL_KEYS if p.get(k)}
    symbols |= set(p.get("records", [])) | set(p.get("near", {}))
    if c.test in ("halving_comparison", "halving_records"):
        symbols.add("BTC")
    number: float | None = None
    for k in ("claimed_below", "value", "low", "claimed_low"):
        number = _number(p.get(k))
        if number is not None:
            break
    claimed = p.get("claimed")
    if number is None:
        number = _number(claimed[0] if isinstance(claimed, list) and claimed else claimed)
    if _number(claimed) is not None:
        claimed = None  # a figure ("9%"), not a direction
    if number is None and isinstance(p.get("event"), dict):
        e = p["event"]
        if isinstance(e.get("threshold"), int | float):
            number = float(e["threshold"])
    when = _when(c.test or "", p)
    return {"test": c.test, "symbols": symbols, "number": number, "when": when,
            "claimed": claimed if isinstance(claimed, str) else None}


def _number(value: Any) -> float | None:
    """A claimed figure as a number: ``0.09``, or text the claims file reads (``"9%"``,
    ``"roughly 40"``); ``None`` for anything else (``"up"``)."""
    from comove.claims.verdicts import parse_figure

    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    figure = parse_figure(value) if isinstance(value, str) else None
    return None if figure is None else float(figure)


def _when(test: str, p: dict[str, Any]) -> str | None:
    if test in ("return_period", "correlation_period", "beta_comparison"):
        return f"{p.get('start')}:{p.get('end')}"
    if test == "correlation_shift":
        return str(p.get("after"))
    if test == "synchrony":
        return ",".join(str(e) for e in p.get("episodes", []))
    if test == "breakout":
        return str(p.get("claimed_month"))
    if test in ("event_study", "leadlag"):
        return str(p.get("start")) if p.get("start") else None
    if test == "record_count":
        return str(p.get("end"))
    if test == "halving_records":
        return str(p.get("claimed_before", [""])[0])
    return str(p["date"]) if p.get("date") else None


@dataclass
class Score:
    """Counts for one article (or the sum of several)."""

    name: str
    gold_testable: int = 0
    found_testable: int = 0
    gold_untestable: int = 0
    found_untestable: int = 0
    drafts: int = 0
    true_drafts: int = 0
    lenient_drafts: int = 0
    mapped: int = 0
    flag_right: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def __add__(self, other: Score) -> Score:
        out = Score("overall")
        for k in ("gold_testable", "found_testable", "gold_untestable", "found_untestable",
                  "drafts", "true_drafts", "lenient_drafts", "mapped", "flag_right"):
            setattr(out, k, getattr(self, k) + getattr(other, k))
        out.seconds = self.seconds + other.seconds
        return out

    @property
    def found(self) -> int:
        return self.found_testable + self.found_untestable

    def row(self) -> dict[str, Any]:
        def pct(a: int, b: int) -> str:
            return f"{a / b:.0%} ({a}/{b})" if b else "n/a"
        return {"article": self.name,
                "recall testable": pct(self.found_testable, self.gold_testable),
                "recall all": pct(self.found, self.gold_testable + self.gold_untestable),
                "precision": pct(self.true_drafts, self.drafts),
                "precision lenient": pct(self.lenient_drafts, self.drafts),
                "mapping": pct(self.mapped, self.found_testable),
                "untestable flag": pct(self.flag_right, self.found)}


def _covers(c: DraftClaim, at: int) -> bool:
    return c.start <= at < c.end


def best_covering(draft: Draft, text: str, g: dict[str, Any], name: str) -> DraftClaim | None:
    """The draft that :func:`score_draft` scores for gold claim ``g``: among the drafts
    covering one of its anchors, an untestable one for an untestable gold claim, else the
    one agreeing most with the gold mapping; ``None`` when no draft covers an anchor."""
    spots = [_find(text, a, name) for a in g["anchors"]]
    covering = [c for c in draft.claims if any(_covers(c, at) for at in spots)]
    if g.get("untestable"):
        covering = [c for c in covering if c.untestable] or covering
    return max(covering, key=lambda c: _agreement(c, g)) if covering else None


def score_draft(draft: Draft, text: str, gold: dict[str, Any], name: str) -> Score:
    """Score one draft against one article's gold labels (offsets are into ``text``)."""
    s = Score(name, drafts=len(draft.claims), seconds=draft.seconds)
    anchor_at: list[int] = []
    for g in gold.get("claims", []):
        spots = [_find(text, a, name) for a in g["anchors"]]
        anchor_at += spots
        covering = [c for c in draft.claims if any(_covers(c, at) for at in spots)]
        untestable = bool(g.get("untestable"))
        if untestable:
            s.gold_untestable += 1
        else:
            s.gold_testable += 1
        if not covering:
            s.misses.append(str(g["id"]))
            continue
        if untestable:
            s.found_untestable += 1
            s.flag_right += any(c.untestable for c in covering)
            continue
        s.found_testable += 1
        best = max(covering, key=lambda c: _agreement(c, g))
        s.flag_right += not best.untestable
        if _agreement(best, g) == 5:
            s.mapped += 1
        else:
            s.wrong.append(f"{g['id']}: {_difference(best, g)}")
    also = [_find(text, a, name) for a in gold.get("also", [])]
    for c in draft.claims:
        hit = any(_covers(c, at) for at in anchor_at)
        s.true_drafts += hit
        lenient = hit or any(_covers(c, at) for at in also)
        s.lenient_drafts += lenient
        if not lenient:
            s.false_positives.append(f"{c.id} {c.kind}: {' '.join(c.text.split())[:70]}")
    return s


def _find(text: str, anchor: str, name: str) -> int:
    at = text.find(anchor)
    if at < 0:
        raise DataFileError(f"{name}: gold anchor not found in the article: '{anchor}'",
                            "quote the article exactly")
    return at


def _expected(g: dict[str, Any]) -> dict[str, Any]:
    when = g.get("when")
    return {"test": g.get("test"), "symbols": set(g.get("symbols", [])),
            "number": g.get("number"), "claimed": g.get("claimed"),
            "when": str(when) if isinstance(when, str | date) else None}


def _agreement(c: DraftClaim, g: dict[str, Any]) -> int:
    got, want = draft_key(c), _expected(g)
    n = 0
    n += got["test"] == want["test"]
    n += got["symbols"] == want["symbols"]
    n += want["number"] is None or (got["number"] is not None and
                                    abs(got["number"] - float(want["number"])) < 1e-6 *
                                    max(1.0, abs(float(want["number"]))))
    n += want["when"] is None or got["when"] == want["when"]
    n += want["claimed"] is None or got["claimed"] == want["claimed"]
    return n


def _difference(c: DraftClaim, g: dict[str, Any]) -> str:
    got, want = draft_key(c), _expected(g)
    parts = []
    for k in ("test", "symbols", "number", "when", "claimed"):
        if want[k] in (None, set()) and k != "test":
            continue
        if k == "number" and got[k] is not None and want[k] is not None and \
                abs(got[k] - float(want[k])) < 1e-6 * max(1.0, abs(float(want[k]))):
            continue
        if got[k] != want[k] and not (k == "symbols" and got[k] == want[k]):
            shown = sorted(got[k]) if isinstance(got[k], set) else got[k]
            wanted = sorted(want[k]) if isinstance(want[k], set) else want[k]
            parts.append(f"{k} {shown} (gold {wanted})")
    return "; ".join(parts) or "?"


def load_gold(path: Path) -> dict[str, Any]:
    """A gold file (see the module docstring)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read gold labels ({exc.__class__.__name__})",
                            "check the YAML") from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise DataFileError(f"{path}: no 'articles:' list", "see comove.articles.score")
    return data


__all__ = ["Score", "best_covering", "draft_key", "load_gold", "score_draft"]
