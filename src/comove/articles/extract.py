"""Article in, draft claims out: the pipeline that ties the pieces together."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import date

from comove.articles import segment
from comove.articles.context import Mapped, Sentence
from comove.articles.dates import TimeRef, article_date, find_times
from comove.articles.draft import Draft, DraftClaim
from comove.articles.mapper import map_sentence
from comove.articles.numbers import find_quantities
from comove.articles.text import MAX_BYTES, MAX_TEXT, Source, decode, read_source
from comove.articles.vocabulary import Vocabulary
from comove.errors import DataFileError, UsageError

ENGLISH = frozenset({
    "the", "a", "an", "and", "of", "to", "in", "is", "are", "was", "were", "has", "have", "had",
    "it", "its", "that", "this", "for", "on", "with", "as", "by", "at", "from", "but", "or",
    "which", "be", "been", "after", "than", "more",
})


def english_share(text: str) -> float:
    words = re.findall(r"[A-Za-z]+", text.lower())
    return sum(1 for w in words if w in ENGLISH) / len(words) if words else 0.0


def draft_claims(text: str | bytes, made: date | None = None,
                 vocabulary: Vocabulary | None = None, name: str = "") -> Draft:
    """Draft a claims file from an article (plain text or HTML).

    Parameters
    ----------
    text
        The article, as text or bytes (decoded as UTF-8, else Windows-1252).
    made
        The article's date; when ``None`` it is read from the text's first full date,
        else from a YYYY-MM-DD date in ``name``.
    vocabulary
        Asset aliases (default: :class:`Vocabulary`).
    name
        The article's name (file name), used for the date and in the output.

    Returns
    -------
    Draft
        The claims; empty, with ``empty_reason``, when the text holds none.

    Raises
    ------
    DataFileError
        Binary, oversized or undecodable input.
    UsageError
        No date in the text or the name, and no ``made``.
    """
    began = time.perf_counter()
    raw = decode(text, name or "input") if isinstance(text, bytes) else text
    if len(raw) > MAX_BYTES:
        raw = decode(raw.encode("utf-8", "replace"), name or "input")
    source = read_source(raw)
    if len(source.text) > MAX_TEXT:
        raise DataFileError(f"{name or 'input'}: {len(source.text):,} characters of text is too "
                            f"long for one article (limit {MAX_TEXT:,})",
                            "draft the article in parts")
    vocab = vocabulary or Vocabulary()
    if not source.text.strip():
        return Draft([], made, "--made" if made else "", name,
                     empty_reason="the input is empty (no visible text)")
    sentences = segment.split_sentences(source.text)
    body = [s for s in sentences if s.kind == "sentence"]
    skipped = {k: sum(1 for s in sentences if s.kind == k)
               for k in ("noise", "heading", "after_end")}
    draft = Draft([], made, "--made" if made else "", name, skipped=skipped, text=source.text)
    if not body or english_share(" ".join(s.text for s in body)) < 0.08:
        draft.empty_reason = ("no English sentences found (comove drafts claims from "
                              "English market commentary)" if body else
                              "no sentences found, only headings or page noise")
        draft.seconds = time.perf_counter() - began
        return draft
    if made is None:
        found = article_date(source.text, name)
        if found is None:
            raise UsageError(f"{name or 'the article'}: no date in the text or the file name, "
                             "so 'on Thursday' or 'last November' cannot be resolved",
                             "pass --made YYYY-MM-DD (the article's publication date)")
        made, draft.made_from = found
        draft.made = made
    _draft_body(draft, body, source, vocab, made)
    if not draft.claims:
        draft.empty_reason = "no sentence names an asset with a testable statement"
    draft.seconds = time.perf_counter() - began
    return draft


def _draft_body(draft: Draft, body: list[segment.Sentence], source: Source, vocab: Vocabulary,
                made: date) -> None:
    previous: list[Mapped] = []
    previous_assets: list[str] = []
    claims: list[DraftClaim] = []
    skip_until = -1
    present = _present(body, made)
    claimed_last = False
    for k, seg in enumerate(body):
        if k <= skip_until or (english_share(seg.text) < 0.05 and len(seg.text.split()) > 6):
            claimed_last = k <= skip_until
            continue
        found: list[Mapped] = []
        times: list[TimeRef] = []
        before = list(previous_assets)
        for clause in _clauses(seg.text):
            # a clause without its own time shares the sentence's ("X rose 45% since
            # Nov. 5, while Y is up 8%")
            times = find_times(clause, made) or [replace(t, at=len(clause)) for t in times]
            assets = vocab.find(clause)
            s = Sentence(clause, made, assets, find_quantities(clause),
                         times, vocab, previous, list(before),
                         body[k - 1].text if k else "", [b.text for b in body[k + 1:k + 4]],
                         claimed_last, present)
            found += [m for m in map_sentence(s) if m not in found]
            before += [a.symbol for a in assets]
        claimed_last = bool(found)
        for mapped in found[:3]:
            first = k - mapped.absorb_previous
            last = k + mapped.absorb_next
            start, end = body[first].start, body[last].end
            if _merge(claims, mapped, start, end, source):
                continue
            istart, iend = source.input_span(start, end)
            used = _symbols_in(mapped.params)
            meanings = [a.meaning for a in vocab.find(seg.text) if a.meaning and a.symbol in used]
            notes = list(dict.fromkeys(mapped.assumptions + meanings))
            claims.append(DraftClaim(
                f"D{len(claims) + 1}", source.input[istart:iend] if source.kind == "text"
                else source.text[start:end], istart, iend, made, mapped.test,
                mapped.params, mapped.extra_tests, mapped.untestable, mapped.confidence,
                notes, (start, end)))
            previous.append(mapped)
            skip_until = max(skip_until, last)
        previous_assets.extend(a.symbol for a in vocab.find(seg.text))
    draft.claims = claims


def _symbols_in(value: object) -> set[str]:
    """Every symbol a test's parameters name (ratios split, mapping keys included)."""
    if isinstance(value, str):
        return set(value.split("/")) if re.fullmatch(r"[A-Z0-9_.^=/-]{1,40}", value) else set()
    if isinstance(value, dict):
        return set().union(*(_symbols_in(k) | _symbols_in(v) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return set().union(*(_symbols_in(v) for v in value))
    return set()


CONTRAST = re.compile(r",?\s+but\s+|;\s+|,\s+while\s+|,\s+whereas\s+|,\s+yet\s+|"
                      r",\s+(?=(?:lagging|trailing|outpacing|beating|against|closing|"
                      r"ending|leaving|extending|adding|bringing|taking|pushing|paring)\b)")
RELATIVE = re.compile(r"^(?P<subject>[^,]{3,60}),\s+which\s+(?P<inner>[^,]+),\s+(?P<rest>.+)$")


def _clauses(text: str) -> list[str]:
    """A sentence cut at contrasts ("X rose 40%, but ETFs saw outflows") so that a testable
    part and an untestable part each get their claim; short parts stay joined."""
    rel = RELATIVE.match(text)
    if rel:  # "The VIX, which spiked above 50 on Tuesday, closed near 33 on Wednesday."
        return [f"{rel['subject']} {rel['inner']}", f"{rel['subject']} {rel['rest']}"]
    parts = CONTRAST.split(text)
    if len(parts) < 2 or any(len(p.split()) < 4 for p in parts):
        return [text]
    return parts


def _present(body: list[segment.Sentence], made: date) -> date | None:
    """The article date when the article reports that day's close ("closed at another
    all-time high" with no other date), else ``None`` (the last weekday before it)."""
    for seg in body[:12]:
        if re.search(r"\b(?:closed|closes)\s+(?:at\s+(?:a|an|another)\s+(?:new\s+)?"
                     r"(?:record|all-time)|up|down|higher|lower)\b", seg.text, re.I) and \
                not any(t.kind == "day" and t.start != made for t in find_times(seg.text, made)):
            return made
    return None


def _merge(claims: list[DraftClaim], mapped: Mapped, start: int, end: int,
           source: Source) -> bool:
    """Fold a record claim into the one just before when both are about the same day in
    neighbouring sentences ("X printed a record on Thursday. Y is just below its high.")."""
    if not claims or mapped.test != "record_on_date" or claims[-1].test != "record_on_date":
        return False
    last = claims[-1]
    if last.params.get("date") != mapped.params.get("date"):
        return False
    istart, iend = source.input_span(start, end)
    if istart - last.end > 400:
        return False
    params = dict(last.params)
    records = list(params.get("records", []))
    records += [r for r in mapped.params.get("records", []) if r not in records]
    near = dict(params.get("near", {}))
    near.update({k: v for k, v in mapped.params.get("near", {}).items() if k not in records})
    if records:
        params["records"] = records
    if near:
        params["near"] = near
    text = source.input[last.start:iend] if source.kind == "text" else \
        last.text + " " + source.text[start:end]
    merged = replace(last, params=params, end=iend, text=text,
                     text_span=(last.text_span[0], end),
                     assumptions=list(dict.fromkeys(last.assumptions + mapped.assumptions)))
    claims[-1] = merged
    return True


__all__ = ["draft_claims", "english_share"]
