"""The result of drafting: claims with their spans, and the ways to show or save them."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

STATUS = "draft"


@dataclass
class DraftClaim:
    """One drafted claim.

    Attributes
    ----------
    id
        ``D1``, ``D2``, ... in article order.
    text
        The sentence(s) as written.
    start, end
        Character offsets of the sentence(s) in the input.
    test, params
        The mapped test, or ``None`` for an untestable claim.
    tests
        Further tests the claim needs (all must hold), as ``(test, params)``.
    untestable
        Why price data cannot test it, or ``None``.
    confidence
        0-1: how sure the mapping is (each assumption lowers it).
    assumptions
        Every reading chosen (dates, proxies, tolerances); joined into ``note``.
    """

    id: str
    text: str
    start: int
    end: int
    made: date
    test: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    tests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    untestable: str | None = None
    confidence: float = 0.5
    assumptions: list[str] = field(default_factory=list)
    text_span: tuple[int, int] = (-1, -1)
    """Offsets in the extracted text (differs from start, end for HTML input)."""

    @property
    def note(self) -> str:
        return "; ".join(self.assumptions)

    @property
    def kind(self) -> str:
        return self.test or "untestable"

    def to_dict(self, source_name: str = "", loader_compatible: bool = False) -> dict[str, Any]:
        """The claim as a claims-file mapping. ``loader_compatible`` gives the fields the
        current loader accepts (source as text; status and confidence in the note)."""
        out: dict[str, Any] = {"id": self.id, "text": " ".join(self.text.split())}
        if loader_compatible:
            out["source"] = f"{source_name} characters {self.start}-{self.end}".strip()
        else:
            out["source"] = {"article": source_name, "start": self.start, "end": self.end}
            out["status"] = STATUS
            out["confidence"] = self.confidence
        out["made"] = self.made
        if self.untestable:
            out["untestable"] = self.untestable
        elif self.tests:
            out["tests"] = [{"test": self.test, "params": self.params}] + [
                {"test": t, "params": p} for t, p in self.tests]
        else:
            out["test"] = self.test
            out["params"] = self.params
        note = self.note
        if loader_compatible:
            note = f"draft (confidence {self.confidence:.2f}). {note}".strip()
        if note:
            out["note"] = note
        return out


@dataclass
class Draft:
    """Claims drafted from one article.

    Attributes
    ----------
    claims
        The drafted claims, in article order.
    made, made_from
        The article date and where it came from ("--made", a date in the text, the name).
    name
        The article's name (file name, or ``"-"`` for standard input).
    skipped
        Counts of what was read but not drafted (noise, headings, after the end).
    empty_reason
        Why no claim was drafted, when none was.
    """

    claims: list[DraftClaim]
    made: date | None
    made_from: str
    name: str = ""
    skipped: dict[str, int] = field(default_factory=dict)
    empty_reason: str = ""
    seconds: float = 0.0
    text: str = ""
    """The article as plain text (the visible text of an HTML page)."""

    def __len__(self) -> int:
        return len(self.claims)

    def summary(self) -> str:
        """A few lines for people: counts, then one line per claim."""
        testable = sum(1 for c in self.claims if c.test)
        head = (f"{len(self.claims)} claims drafted from {self.name or 'the text'} "
                f"({testable} testable, {len(self.claims) - testable} untestable); article "
                f"date {self.made} from {self.made_from}")
        if self.skipped:
            head += "; skipped " + ", ".join(f"{n} {k}" for k, n in self.skipped.items() if n)
        lines = [head]
        if self.empty_reason:
            lines.append(f"no claims: {self.empty_reason}")
        for c in self.claims:
            text = " ".join(c.text.split())
            lines.append(f"{c.id:<4} {c.kind:<19} {c.confidence:.2f}  "
                         f"{text[:90] + ('...' if len(text) > 90 else '')}")
        return "\n".join(lines)

    def to_dict(self, loader_compatible: bool = False) -> dict[str, Any]:
        return {"version": 1,
                "claims": [c.to_dict(self.name, loader_compatible) for c in self.claims]}

    def to_yaml(self, loader_compatible: bool = False) -> str:
        """The claims file (format: docs/claims.md), with a header saying how it was made."""
        import yaml

        header = [f"# Claims drafted by 'comove claims draft' from {self.name or 'the text'}.",
                  f"# Article date {self.made} (from {self.made_from}). Every claim is a "
                  "draft:",
                  "# read its note, fix the params, then run: comove check FILE"]
        if self.empty_reason:
            header.append(f"# No claims: {self.empty_reason}")
        class NoAliases(yaml.SafeDumper):
            def ignore_aliases(self, data: Any) -> bool:
                return True

        body = yaml.dump(self.to_dict(loader_compatible), Dumper=NoAliases, sort_keys=False,
                         allow_unicode=True, width=100, default_flow_style=None)
        return "\n".join(header) + "\n" + body

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), default=str, ensure_ascii=False, indent=1)

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per claim (pandas DataFrame)."""
        import pandas as pd

        return pd.DataFrame([{
            "id": c.id, "start": c.start, "end": c.end, "test": c.kind,
            "confidence": c.confidence, "text": " ".join(c.text.split()),
            "params": json.dumps(c.params, default=str) if c.test else "",
            "untestable": c.untestable or "", "note": c.note} for c in self.claims],
            columns=["id", "start", "end", "test", "confidence", "text", "params",
                     "untestable", "note"])

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(c.id)}</td><td>{esc(c.kind)}</td><td>{c.confidence:.2f}</td>"
            f"<td>{esc(' '.join(c.text.split()))}</td><td><code>"
            f"{esc(json.dumps(c.params, default=str)) if c.test else esc(c.untestable or '')}"
            f"</code></td><td>{esc(c.note)}</td></tr>" for c in self.claims)
        caption = esc(self.summary().splitlines()[0])
        return (f"<table><caption>{caption}</caption><thead><tr><th>id</th><th>test</th>"
                "<th>confidence</th><th>text</th><th>params</th><th>note</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")


__all__ = ["Draft", "DraftClaim"]
