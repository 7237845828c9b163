"""One sentence to claims: run every rule, keep the readings that do not overlap.

Rules are tried in a fixed order; when one fires, the readings it makes redundant are
dropped (a distance below a record is not also a record claim; a breakout is not also a
return). A sentence yields at most two claims. Reasons a sentence cannot be tested with
prices (flows, earnings, supply, policy, constituents) take precedence: such a sentence
is drafted as untestable (when check-worthy) and never as a test. A forecast is drafted as
untestable only when no test fits ("rose 5%, its best day since economists had forecast"
is still a move).
"""

from __future__ import annotations

from collections.abc import Callable

from comove.articles import rules_cycle as cy
from comove.articles import rules_event as ev
from comove.articles import rules_relation as rel
from comove.articles import rules_state as st
from comove.articles.context import Mapped, Sentence
from comove.articles.untestable import soft_reason, untestable_claim, untestable_reason

Rule = Callable[[Sentence], Mapped | None]
RULES: list[tuple[str, Rule]] = [
    ("small_sample", ev.small_sample), ("halving", cy.halving),
    ("divergence", st.divergence), ("synchrony", rel.synchrony), ("co_bottom", rel.co_bottom),
    ("event_study", ev.event_study), ("volume", rel.volume), ("beta", rel.beta),
    ("correlation", rel.correlation), ("leadlag", rel.leadlag), ("breakout", cy.breakout),
    ("record_count", st.record_count), ("return", st.return_move),
    ("records", st.records_on_date), ("level", st.level),
]
# rule -> readings it makes redundant
EXCLUDES: dict[str, set[str]] = {
    "small_sample": {"event_study", "return", "records", "level", "correlation", "leadlag"},
    "halving": {"return", "level", "breakout", "records", "record_count"},
    "divergence": {"records", "return", "level", "synchrony", "record_count"},
    "synchrony": {"records", "level", "return", "correlation", "breakout"},
    "co_bottom": {"records", "level", "return"},
    "event_study": {"breakout", "leadlag", "records", "return", "synchrony", "correlation",
                    "record_count"},
    "volume": {"records", "event_study", "return", "level", "correlation", "record_count"},
    "beta": {"correlation", "records", "return", "level"},
    "correlation": {"records", "return", "level", "leadlag", "record_count"},
    "leadlag": {"records", "return", "level"},
    "breakout": {"records", "level", "return", "record_count"},
    "record_count": {"level", "return"},
    "return": set(),
    "records": set(),
    "level": set(),
}
MAX_PER_SENTENCE = 2


def map_sentence(s: Sentence) -> list[Mapped]:
    """The claims a sentence makes (possibly none)."""
    if s.text.rstrip().endswith("?"):
        return []
    reason = untestable_reason(s)
    if reason is not None:
        claim = untestable_claim(s, reason)
        return [claim] if claim is not None else []
    fired: list[tuple[str, Mapped]] = []
    dropped: set[str] = set()
    for name, rule in RULES:
        if name in dropped:
            continue
        mapped = rule(s)
        if mapped is None:
            continue
        fired = [(n, m) for n, m in fired if n not in EXCLUDES[name]]
        fired.append((name, mapped))
        dropped |= EXCLUDES[name]
    kept = [m for _, m in fired]
    if any(m.test == "return_period" and "above_level" in m.params for m in kept):
        kept = [m for m in kept if m.test != "level_on_date"]  # the level is in the return
    soft = None if kept else soft_reason(s)
    if soft is not None:
        claim = untestable_claim(s, soft)
        return [claim] if claim is not None else []
    return kept[:MAX_PER_SENTENCE]


__all__ = ["RULES", "map_sentence"]
