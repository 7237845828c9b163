"""Verdicts of drafted claims against hand-written ones (docs/articles.md).

For each claim of a gold file, the draft that :func:`comove.articles.score.score_draft`
scores (:func:`~comove.articles.score.best_covering`) is checked by the claims engine, as
``comove factcheck`` checks it, and its verdict and marginal flag are compared with those
of the hand-written claim of the same id. Run from the repository root::

    python -m comove.articles.agreement --store PATH [--asof DATE] [--judge asof]

(defaults: tests/fixtures/articles/source-gold.yaml against claims/source-claims.yaml).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from comove.articles.draft import DraftClaim


@dataclass(frozen=True)
class Pair:
    """One gold claim: the hand-written verdict and the best covering draft's."""

    id: str
    hand: str
    drafted: str
    draft: DraftClaim | None

    @property
    def agree(self) -> bool:
        return self.hand == self.drafted


def _verdict(item: dict[str, Any] | None) -> str:
    if item is None:
        return "not checked"
    return f"{item['verdict']}{' (marginal)' if item.get('marginal') else ''}"


def compare(gold_file: Path, claims_file: Path, store: Any, asof: date | None = None,
            judge: str = "made", root: Path = Path()) -> list[Pair]:
    """Pair every gold claim's hand-written verdict with its best covering draft's.

    Parameters
    ----------
    gold_file
        Gold labels (:func:`comove.articles.score.load_gold`).
    claims_file
        The hand-written claims, with the gold claims' ids.
    store
        The store both files are checked on.
    asof, judge
        As for :func:`comove.claims.engine.evaluate`.
    root
        The folder the gold file's ``folder`` is relative to (the repository root).
    """
    from comove.articles import draft_claims
    from comove.articles.factcheck import _load_draft
    from comove.articles.score import best_covering, load_gold
    from comove.articles.text import decode
    from comove.claims.engine import evaluate
    from comove.claims.loader import load_claims

    def verdicts(claims: list[Any]) -> dict[str, dict[str, Any]]:
        results = evaluate(claims, store, asof, judge=judge)  # type: ignore[arg-type]
        return {str(r.as_dict()["id"]): r.as_dict() for r in results}

    hand = verdicts(load_claims(claims_file))
    gold = load_gold(gold_file)
    folder = root / gold["folder"] if gold.get("folder") else gold_file.parent
    pairs = []
    for art in gold["articles"]:
        path = folder / art["file"]
        text = decode(path.read_bytes(), path.name)
        draft = draft_claims(text, name=path.name)
        drafted = verdicts(_load_draft(draft, {}))
        for g in art["claims"]:
            best = best_covering(draft, text, g, path.name)
            pairs.append(Pair(str(g["id"]), _verdict(hand.get(str(g["id"]))),
                              _verdict(drafted.get(best.id) if best else None), best))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m comove.articles.agreement",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--gold", type=Path,
                        default=Path("tests/fixtures/articles/source-gold.yaml"))
    parser.add_argument("--claims", type=Path, default=Path("claims/source-claims.yaml"))
    parser.add_argument("--asof", type=date.fromisoformat)
    parser.add_argument("--judge", choices=("made", "asof"), default="made")
    args = parser.parse_args(argv)
    from comove.store import Store

    pairs = compare(args.gold, args.claims, Store(args.store), args.asof, args.judge)
    for p in pairs:
        mark = "  " if p.agree else "!="
        kind = p.draft.kind if p.draft else "-"
        print(f"{mark} {p.id:4} hand: {p.hand:32} draft: {p.drafted:32} ({kind})")
    print(f"same verdict (marginal flag included): {sum(p.agree for p in pairs)} of "
          f"{len(pairs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
