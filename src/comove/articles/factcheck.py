"""Draft, then check: every drafted claim through the claims engine.

The draft is written to a temporary claims file and read back with the claims loader, so
a drafted claim is checked exactly as a hand-written one would be. A claim the loader
refuses (a parameter the drafter got wrong) is reported as not checked, with the loader's
message, and never stops the others.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from comove.articles.draft import Draft


@dataclass
class FactCheck:
    """A draft with its verdicts.

    Attributes
    ----------
    results
        Claim id -> the engine's ``as_dict()`` of its result.
    errors
        Claim id -> why it was not checked.
    """

    draft: Draft
    asof: date | None
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def to_html(self) -> str:
        from comove.articles.report import to_html

        return to_html(self.draft, self.results, self.asof, self.errors)

    def to_markdown(self) -> str:
        from comove.articles.report import to_markdown

        return to_markdown(self.draft, self.results, self.asof, self.errors)

    def to_json(self) -> str:
        from comove.articles.report import to_json

        return to_json(self.draft, self.results, self.asof, self.errors)

    def summary(self) -> str:
        from comove.articles.report import verdict_of

        counts: dict[str, int] = {}
        for c in self.draft.claims:
            v = verdict_of(self.results.get(c.id))
            counts[v] = counts.get(v, 0) + 1
        return (f"{len(self.draft.claims)} claims checked: "
                + ", ".join(f"{n} {v}" for v, n in counts.items()))


def _load(yaml_text: str) -> list[Any]:
    from comove.claims.loader import load_claims

    with tempfile.TemporaryDirectory(prefix="comove-draft-") as folder:
        path = Path(folder) / "draft.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        return list(load_claims(path))


def _load_draft(draft: Draft, errors: dict[str, str]) -> list[Any]:
    """The drafted claims as the loader reads them: all at once, else one by one."""
    from comove.errors import ComoveError

    for compatible in (False, True):
        try:
            return _load(draft.to_yaml(loader_compatible=compatible))
        except ComoveError:
            continue
    claims = []
    for c in draft.claims:
        one = Draft([c], draft.made, draft.made_from, draft.name)
        try:
            claims += _load(one.to_yaml(loader_compatible=True))
        except ComoveError as exc:
            errors[c.id] = f"not checked: {exc}"
    return claims


def check_draft(draft: Draft, store: Any, asof: date | None = None) -> FactCheck:
    """Evaluate every drafted claim on ``store`` with data up to ``asof``."""
    from comove.claims.engine import evaluate

    out = FactCheck(draft, asof)
    claims = _load_draft(draft, out.errors)
    if claims:
        for result in evaluate(claims, store, asof):
            item = result.as_dict()
            out.results[str(item["id"])] = item
    return out


__all__ = ["FactCheck", "check_draft"]
