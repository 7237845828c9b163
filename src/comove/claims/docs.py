"""The claims-format reference in docs/claims.md, generated from the registered tests.

``python -m comove.claims.docs --write docs/claims.md`` rewrites the reference section; a
test checks it is current. Examples come from claims/source-claims.yaml; parameters, their
kinds, defaults and help come from each test's parameter dataclass.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

from comove.claims.checks import CHECKS, EventParams
from comove.claims.params import describe

BEGIN = "<!-- tests-reference:begin -->"
END = "<!-- tests-reference:end -->"
REPO = Path(__file__).resolve().parents[3]


EXTRA_EXAMPLES = {  # tests that no source claim uses
    "streak": """  - id: S1
    text: The S&P 500 rose five days in a row to 2024-12-06.
    test: streak
    params: {symbol: SPX, end: 2024-12-06, claimed: 5, kind: up}""",
    "correlation_value": """  - id: IMF1
    text: Bitcoin's correlation with the S&P 500 was 0.36 in 2020-21.
    made: 2022-01-11
    test: correlation_value
    params: {a: BTC, b: SPX, start: 2020-01-01, end: 2021-12-31, claimed: 0.36}""",
}


def _examples() -> dict[str, str]:
    text = (REPO / "claims" / "source-claims.yaml").read_text()
    blocks = re.split(r"\n(?=  - id: )", text)
    found: dict[str, str] = {}
    for block in blocks[1:]:
        block = block.split("\n\n")[0].rstrip()
        for name in CHECKS:
            if re.search(rf"test: {name}\b", block) and name not in found:
                found[name] = block
        if "untestable:" in block and "untestable" not in found:
            found["untestable"] = block
    return {**EXTRA_EXAMPLES, **found}


def _table(params: type) -> list[str]:
    out = ["| parameter | kind | required | default | meaning |", "|---|---|---|---|---|"]
    for p in describe(params):
        default = "" if p.required else f"`{p.default}`"
        out.append(f"| `{p.name}` | {p.kind} | {'yes' if p.required else 'no'} | {default} | "
                   f"{p.help} |")
    return out


def _rules() -> list[str]:
    from comove.claims.verdicts import RULES

    out = ["### Verdicts", "", "| verdict | rule |", "|---|---|"]
    out += [f"| **{verdict.value}** | {rule} |" for verdict, rule in RULES.items()]
    return [*out, "", "A verdict whose measured value is within 1% of its threshold (5% for "
            "counts and distances from a tolerance's edge, 10% for p-values), or whose 95% "
            "interval ends within 2% of its width from zero, is shown as *marginal*.", ""]


def reference() -> str:
    examples = _examples()
    out = [BEGIN, *_rules()]
    for name, check in CHECKS.items():
        out += [f"### `{name}`", "", check.summary[0].upper() + check.summary[1:] + ".", ""]
        doc = inspect.getdoc(check.run) or ""
        out += [doc, "", *_table(check.params)]
        if check.readings:
            out += ["", "Readings, evaluated when the claim does not give the parameter: " +
                    "; ".join(f"`{field}`: " + ", ".join(label for _, label in values)
                              for field, values in check.readings.items()) + "."]
        if check.window is not None:
            out += ["", "Not yet measurable while the window the test needs has not passed "
                    "at the evaluation date."]
        if name in examples:
            out += ["", "Example:", "", "```yaml", examples[name], "```"]
        out.append("")
    out += ["### The `event` mapping", "",
            "`event_study` and `conditional_volume` name the event in A as a mapping, checked "
            "when the file is loaded:", "", *_table(EventParams), ""]
    out += ["### untestable", "", "A claim that price data cannot test names the reason "
            "instead of a test; its verdict is `untestable`.", ""]
    if "untestable" in examples:
        out += ["```yaml", examples["untestable"], "```", ""]
    out.append(END)
    return "\n".join(out)


def write_into(path: Path) -> None:
    text = path.read_text()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + reference() + text[end:])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        write_into(Path(sys.argv[2]))
    else:
        print(reference())
