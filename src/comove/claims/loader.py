"""Reading and validating a claims file (YAML, loaded safely: no code runs).

Every problem names the file, the claim (by id, or by position when the id is missing)
and the field, e.g. ``claims.yaml: claim B1, params.date: '2025-13-11' is not a date``.
A hostile file gets the same kind of one-line message: the file's size, the nesting depth,
the number of aliases and the size of what they expand to are bounded before anything is
built, and every value echoed back is escaped and cut short.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from comove.claims.checks import CHECKS
from comove.claims.model import Claim, SourceSpan, TestSpec
from comove.claims.params import ClaimFileError, date_value, decode, number
from comove.claims.text import MAX_FILE_BYTES, MAX_TEXT, control_character, shown

CLAIM_FIELDS = ("id", "text", "source", "made", "test", "params", "tests", "untestable",
                "note", "status", "confidence")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$")
MAX_DEPTH = 32  # a claims file needs about 6 levels
MAX_ALIASES = 100
MAX_NODES = 200_000  # values after aliases are expanded
MAX_CLAIMS = 5_000
STATUSES = ("draft", "reviewed")


def load_claims(path: Path | str) -> list[Claim]:
    """Read and validate every claim of ``path``.

    Raises
    ------
    ClaimFileError
        For the first problem found, pointing at the claim and field.
    """
    path = Path(path)
    name = shown(path.name, 80)
    if not path.exists():
        raise ClaimFileError(f"{shown(path, 200)}: no such file", "check the path")
    if not path.is_file():
        raise ClaimFileError(f"{shown(path, 200)} is a directory, not a claims file",
                             "name a YAML file, e.g. claims/source-claims.yaml")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ClaimFileError(f"{name}: {size:,} bytes; a claims file is at most "
                             f"{MAX_FILE_BYTES:,}", "split it into several files")
    try:
        text = path.read_bytes()[:MAX_FILE_BYTES + 1].decode("utf-8")
    except UnicodeDecodeError:
        raise ClaimFileError(f"{name}: not UTF-8 text", "save the file as UTF-8") from None
    except OSError as exc:
        raise ClaimFileError(f"{name}: cannot be read ({shown(exc.strerror)})",
                             "check its permissions") from None
    return parse_claims(text, name)


def parse_claims(text: str, name: str = "claims") -> list[Claim]:
    """Validate the claims of a YAML text; ``name`` prefixes every message."""
    data = _parse_yaml(text, name)
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise ClaimFileError(f"{name}: no 'claims:' list at the top level",
                             "see docs/claims.md for the format")
    if len(data["claims"]) > MAX_CLAIMS:
        raise ClaimFileError(f"{name}: {len(data['claims']):,} claims; at most {MAX_CLAIMS:,}",
                             "split the file")
    claims, seen = [], set()
    for position, item in enumerate(data["claims"], start=1):
        claim = _claim(name, position, item)
        if claim.id in seen:
            raise ClaimFileError(f"{name}: claim {claim.id}: the id is used twice",
                                 "give every claim its own id")
        seen.add(claim.id)
        claims.append(claim)
    if not claims:
        raise ClaimFileError(f"{name}: the claims list is empty", "add claims")
    return claims


def _parse_yaml(text: str, name: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_bounded_loader(name))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc
        raise ClaimFileError(f"{name}{where}: not valid YAML ({shown(problem, 120)})",
                             "check the indentation and quoting near that line") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        raise ClaimFileError(f"{name}: a value cannot be read ({shown(exc, 120)})",
                             "write numbers of sensible size") from None


def _bounded_loader(name: str):  # type: ignore[no-untyped-def]
    """yaml's SafeLoader (no code runs) with bounds on depth, aliases and expanded size,
    leaving dates as text so that a bad date gets our message rather than a parser error."""
    import yaml

    class Bounded(yaml.SafeLoader):
        depth = aliases = 0
        open_anchors: set[str]

        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            event = self.peek_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise ClaimFileError(f"{name} line {line}: more than {MAX_ALIASES} aliases",
                                         "write the values out")
                if event.anchor in self.open_anchors:
                    raise ClaimFileError(f"{name} line {line}: the alias "
                                         f"*{shown(event.anchor, 30)} refers to a value that "
                                         "contains it", "remove the alias")
                return super().compose_node(parent, index)
            if self.depth >= MAX_DEPTH:
                raise ClaimFileError(f"{name} line {line}: nested more than {MAX_DEPTH} levels "
                                     "deep", "a claims file needs only a few levels")
            self.depth += 1
            anchor = event.anchor
            if anchor is not None:
                self.open_anchors.add(anchor)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1
                self.open_anchors.discard(anchor)

        def compose_mapping_node(self, anchor):  # type: ignore[no-untyped-def]
            node = super().compose_mapping_node(anchor)
            seen = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in seen:
                        raise ClaimFileError(f"{name} line {key.start_mark.line + 1}: the key "
                                             f"'{shown(key.value, 30)}' appears twice in one "
                                             "mapping", "keep one of them")
                    seen.add(key.value)
            return node

        def get_single_node(self):  # type: ignore[no-untyped-def]
            self.open_anchors = set()
            node = super().get_single_node()
            if node is not None and _expanded_size(node, {}) > MAX_NODES:
                raise ClaimFileError(f"{name}: its aliases expand to more than {MAX_NODES:,} "
                                     "values", "write the values out, without nested aliases")
            return node

    def written_int(loader, node):  # type: ignore[no-untyped-def]
        return _Written(yaml.SafeLoader.construct_yaml_int(loader, node), node.value)

    def written_float(loader, node):  # type: ignore[no-untyped-def]
        return _WrittenFloat(yaml.SafeLoader.construct_yaml_float(loader, node), node.value)

    Bounded.add_constructor("tag:yaml.org,2002:int", written_int)
    Bounded.add_constructor("tag:yaml.org,2002:float", written_float)
    Bounded.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Bounded


class _RemembersText:
    """A number that remembers how it was written, so that a claim's precision can be read
    from it (``40``, ``2_700``, ``0.09``)."""

    text: str

    def __new__(cls, value: float, text: str) -> Any:
        out = super().__new__(cls, value)  # type: ignore[call-arg]  # int or float, by MRO
        out.text = text
        return out


class _Written(_RemembersText, int):
    """A YAML integer as written."""


class _WrittenFloat(_RemembersText, float):
    """A YAML float as written."""


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    """How many values ``node`` stands for once every alias is expanded (shared nodes are
    counted once per use, computed once)."""
    import yaml

    key = id(node)
    if key not in memo:
        if isinstance(node, yaml.SequenceNode):
            memo[key] = 1 + sum(_expanded_size(child, memo) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            memo[key] = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo)
                                for k, v in node.value)
        else:
            memo[key] = 1
    return memo[key]


def _claim(name: str, position: int, item: Any) -> Claim:
    where = f"{name}: claim #{position}"
    if not isinstance(item, dict):
        raise ClaimFileError(f"{where}: not a mapping of fields", "each claim is 'id: ...', "
                             "'text: ...', 'test: ...' and 'params: ...'")
    raw_id = item.get("id", "")
    cid = raw_id.strip() if isinstance(raw_id, str) else str(raw_id) if isinstance(
        raw_id, int) and not isinstance(raw_id, bool) else ""
    if not ID_PATTERN.match(cid):
        raise ClaimFileError(f"{where}, id: missing or not a short name ('{shown(raw_id)}')",
                             "use up to 41 letters, digits, . _ -, e.g. A1")
    where = f"{name}: claim {cid}"
    unknown = [k for k in item if k not in CLAIM_FIELDS]
    if unknown:
        raise ClaimFileError(f"{where}: unknown field(s) "
                             f"{', '.join(shown(k, 30) for k in unknown[:5])}",
                             f"known fields: {', '.join(sorted(CLAIM_FIELDS))}")
    text = _text(f"{where}, text", item.get("text"), "quote the sentence being tested")
    made = item.get("made")
    claim = Claim(cid, text, _source(f"{where}, source", item.get("source")),
                  date_value(f"{where}, made", made) if made is not None else None,
                  note=_text(f"{where}, note", item["note"], "a short text")
                  if item.get("note") is not None else "",
                  status=_status(f"{where}, status", item.get("status")),
                  confidence=_confidence(f"{where}, confidence", item.get("confidence")))
    if "untestable" in item:
        claim.untestable = _text(f"{where}, untestable", item["untestable"],
                                 'e.g. untestable: "fund flows are not in price data"')
        if "test" in item or "tests" in item:
            raise ClaimFileError(f"{where}: both 'untestable' and a test", "keep one of them")
        return claim
    if "tests" in item:
        specs = item["tests"]
        if not isinstance(specs, list) or not specs:
            raise ClaimFileError(f"{where}, tests: a list of {{test, params}} is needed",
                                 "or use 'test' and 'params' for a single test")
        for k, spec in enumerate(specs, start=1):
            here = f"{where}, tests[{k}]"
            if not isinstance(spec, dict) or set(spec) - {"test", "params", "part",
                                                          "untestable"}:
                raise ClaimFileError(f"{here}: not a mapping of test and params",
                                     "use test: and params: (and part: to name the part)")
            part = _text(f"{here}, part", spec["part"], "the part of the claim it tests") if (
                spec.get("part") is not None) else ""
            if "untestable" in spec:
                if "test" in spec:
                    raise ClaimFileError(f"{here}: both 'untestable' and a test",
                                         "keep one of them")
                reason = _text(f"{here}, untestable", spec["untestable"],
                               "why this part cannot be measured")
                claim.tests.append(TestSpec("untestable", None, part, frozenset(), reason))
                continue
            test = _test(here, spec.get("test"), spec.get("params"))
            test.part = part
            claim.tests.append(test)
        if all(t.untestable for t in claim.tests):
            raise ClaimFileError(f"{where}, tests: every part is untestable",
                                 "use untestable: with the reason instead")
        return claim
    if "test" not in item:
        raise ClaimFileError(f"{where}: no 'test' (or 'untestable' with a reason)",
                             f"tests: {', '.join(sorted(CHECKS))}")
    claim.tests.append(_test(where, item["test"], item.get("params")))
    return claim


def _test(where: str, name: Any, params: Any) -> TestSpec:
    if not isinstance(name, str) or name not in CHECKS:
        raise ClaimFileError(f"{where}, test: unknown test '{shown(name)}'",
                             f"known tests: {', '.join(sorted(CHECKS))}")
    if params is not None and not isinstance(params, dict):
        raise ClaimFileError(f"{where}, params: not a mapping", "write params as key: value")
    return TestSpec(name, decode(CHECKS[name].params, params, f"{where}, params",
                                 f"test {name}"), pinned=frozenset(params or ()))


def _text(where: str, value: Any, hint: str) -> str:
    """A non-empty text without control characters, at most MAX_TEXT characters."""
    if not isinstance(value, str) or not value.strip():
        what = {"text": "the claim as written is missing",
                "untestable": "give the reason as text"}.get(where.rsplit(", ", 1)[-1],
                                                             "text is needed")
        raise ClaimFileError(f"{where}: {what}", hint)
    if len(value) > MAX_TEXT:
        raise ClaimFileError(f"{where}: {len(value):,} characters; at most {MAX_TEXT:,}",
                             "shorten it")
    bad = control_character(value)
    if bad is not None:
        raise ClaimFileError(f"{where}: contains the control character {bad}",
                             "remove it (newlines and tabs are fine)")
    return value.strip()


def _source(where: str, value: Any) -> str | SourceSpan:
    """A source text (``A``), or character offsets into an article."""
    if value is None:
        return ""
    if isinstance(value, dict):
        if value.get("article") in ("", None):  # no article name: the span alone
            value = {k: v for k, v in value.items() if k != "article"}
        return decode(SourceSpan, value, where, "source")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return _text(where, str(value), "e.g. source: A")
    raise ClaimFileError(f"{where}: a text or {{start, end, article}} is needed",
                         "e.g. source: A, or source: {start: 120, end: 245}")


def _status(where: str, value: Any) -> Any:
    if value is None:
        return None
    if value not in STATUSES:
        raise ClaimFileError(f"{where}: '{shown(value)}' is not one of {', '.join(STATUSES)}",
                             "draft: not yet read by a person; reviewed: read and kept")
    return value


def _confidence(where: str, value: Any) -> float | None:
    if value is None:
        return None
    result = number(where, value)
    if not 0 <= result <= 1:
        raise ClaimFileError(f"{where}: {shown(value)} is outside 0 to 1", "e.g. 0.8")
    return result


__all__ = ["ClaimFileError", "load_claims", "parse_claims"]
