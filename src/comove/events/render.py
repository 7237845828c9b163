"""The text summaries of event studies and conditional comparisons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from comove.results.render import format_cell, text_table

if TYPE_CHECKING:
    import pandas as pd

    from comove.events.conditional import ConditionalSummary
    from comove.events.study import EventStudyResult


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict("records")  # type: ignore[return-value]


def _pct(value: float, sign: bool = True) -> str:
    if value != value:
        return ""
    return f"{value:+.1%}" if sign else f"{value:.0%}"


def event_summary(result: EventStudyResult) -> str:
    """What ``comove event`` prints: the episodes, the evidence per horizon, the verdicts."""
    b = result.response_symbol
    named = f"{b} ({result.response_name})" if result.response_name else b
    lines = [
        f"event: {result.description}; response: {named}",
        f"sample: {result.sample[0]} to {result.sample[1]}; {result.raw_event_count} event "
        f"days, {len(result.events)} episodes",
        f"convention: {result.convention}",
        "",
    ]
    events = result.events.copy()
    columns = ["date", f"{b}_close"] + [f"return_{h}d" for h in result.horizons]
    for h in result.horizons:
        events[f"return_{h}d"] = [
            f"{r:+.1%}" if r == r else ("no data" if not inside else "not yet")
            for r, inside in zip(events[f"return_{h}d"], events["in_sample"], strict=True)
        ]
    lines += [text_table(_rows(events), columns, right=columns[1:]), ""]
    rows = [
        {"horizon": f"{r.horizon}d", "n": r.n, "mean": _pct(r.mean), "median": _pct(r.median),
         "hit_rate": _pct(r.hit_rate, sign=False), "usual_mean": _pct(r.baseline_mean),
         "usual_hit": _pct(r.baseline_hit_rate, sign=False), "difference": _pct(r.difference),
         "95%_interval": f"{_pct(r.ci_low)} to {_pct(r.ci_high)}",
         "placebo_p": format_cell(round(r.placebo_p, 3)) if r.placebo_p == r.placebo_p else "",
         "holm_p": (format_cell(round(r.placebo_p_holm, 3))
                    if r.placebo_p_holm == r.placebo_p_holm else "")}
        for r in result.results
    ]
    lines += [text_table(rows, list(rows[0]), right=list(rows[0])[1:]), ""]
    for r in result.results:
        pending = (f" ({r.pending} recent events have no {r.horizon}-day outcome yet)"
                   if r.pending else "")
        lines.append(f"{r.horizon}d: {r.verdict}{pending}")
    lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines)


def condition_summary(s: ConditionalSummary) -> str:
    """What ``comove condition`` prints."""
    a, b = s.a or "A", s.b or "B"
    lines = [
        f"{b} {s.measure} on days when {s.description}, against {a}'s other trading days, "
        f"{s.sample[0]} to {s.sample[1]}",
        f"convention: {s.convention}",
    ]
    if s.measure == "volume":
        lines += [
            f"state days (n={s.n_state}): volume {s.state_mean:.2f}x its 30-day median "
            f"(median day {s.state_median:.2f}x)",
            f"other days (n={s.n_other}): {s.other_mean:.2f}x (median day "
            f"{s.other_median:.2f}x)",
            f"difference in log ratio: {s.difference:+.3f}, 95% interval {s.ci_low:+.3f} to "
            f"{s.ci_high:+.3f}, placebo p={s.placebo_p:.3f}",
        ]
    else:
        lines += [
            f"state days (n={s.n_state}): mean {s.state_mean:+.2%}, median "
            f"{s.state_median:+.2%}",
            f"other days (n={s.n_other}): mean {s.other_mean:+.2%}, median "
            f"{s.other_median:+.2%}",
            f"difference: {s.difference:+.2%}, 95% interval {s.ci_low:+.2%} to "
            f"{s.ci_high:+.2%}, placebo p={s.placebo_p:.3f}",
        ]
    lines.append(f"verdict: {s.verdict}")
    return "\n".join(lines)
