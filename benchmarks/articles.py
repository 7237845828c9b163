"""Accuracy and speed of the claim extractor (``comove claims draft``).

For every gold file in tests/fixtures/articles (``*gold.yaml``), drafts each article and
prints, per article and overall: detection recall (testable claims, and all), precision
(strict: against the hand-made gold list; lenient: also counting check-worthy sentences the
list leaves out), mapping accuracy (test, symbols, number, period) and untestable-flag
accuracy; then the time to draft a 5,000-word article. Definitions: comove.articles.score.

Run from the repository root: ``python benchmarks/articles.py [--details]``. Articles in
../shared/articles are skipped (with a line saying so) when that folder is absent.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from comove.articles import draft_claims
from comove.articles.score import Score, load_gold, score_draft
from comove.articles.text import decode

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "fixtures" / "articles"
COLUMNS = ["article", "recall testable", "recall all", "precision", "precision lenient",
           "mapping", "untestable flag"]


def run(details: bool = False) -> dict[str, Score]:
    totals: dict[str, Score] = {}
    for gold_path in sorted(GOLD.glob("*gold.yaml")):
        gold = load_gold(gold_path)
        folder = (REPO / gold.get("folder", ".")).resolve() if gold.get("folder") else GOLD
        rows: list[Score] = []
        for art in gold["articles"]:
            path = folder / art["file"]
            if not path.exists():
                print(f"skipped {art['file']}: {folder} is absent")
                continue
            text = decode(path.read_bytes(), path.name)
            draft = draft_claims(text, name=path.name)
            score = score_draft(draft, text, art, path.name)
            rows.append(score)
            if details:
                print(f"{path.name}: missed {score.misses}; mapped wrong: {score.wrong}; "
                      f"false positives: {score.false_positives}")
        if not rows:
            continue
        total = rows[0]
        for r in rows[1:]:
            total = total + r
        total.name = f"overall ({gold_path.stem})"
        print(f"\n### {gold_path.name}\n")
        _table([r.row() for r in [*rows, total]])
        totals[gold_path.stem] = total
    print(f"\ndrafting time, 5,000-word article: {speed():.3f} s (best of 3)")
    return totals


def _table(rows: list[dict[str, str]]) -> None:
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for r in rows:
        print("| " + " | ".join(r[c] for c in COLUMNS) + " |")


def speed(words: int = 5000) -> float:
    """Seconds to draft a 5,000-word article made of the article sentences (page noise and
    end markers left out, so that every sentence is read) of the labelled articles."""
    from comove.articles.segment import split_sentences

    sentences = [s.text for p in sorted(GOLD.glob("*.txt"))
                 for s in split_sentences(p.read_text(encoding="utf-8"))
                 if s.kind == "sentence"]
    if not sentences:
        return float("nan")
    body: list[str] = []
    while sum(len(t.split()) for t in body) < words:
        body.extend(sentences)
    article = "Published 2024-03-12\n\n" + "\n".join(body)
    article = " ".join(article.split(" ")[:words])
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        draft = draft_claims(article)
        best = min(best, time.perf_counter() - began)
    print(f"({len(article.split()):,} words, {len(draft.claims)} claims drafted)")
    return best


if __name__ == "__main__":
    run(details="--details" in sys.argv)
