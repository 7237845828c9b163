"""Reading and validating a claims file (YAML, loaded safely: no code runs).

Every problem names the file, the claim (by id, or by position when the id is missing)
and the field, e.g. ``claims.yaml: claim B1, params.date: '2025-13-11' is not a date``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from comove.claims.checks import CHECKS
from comove.claims.model import Claim, Param, TestSpec
from comove.errors import DataFileError

CLAIM_FIELDS = {"id", "text", "source", "made", "test", "params", "tests", "untestable", "note"}
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$")


class ClaimFileError(DataFileError):
    """A claims file that cannot be used as it is."""


def load_claims(path: Path) -> list[Claim]:
    """Read and validate every claim of ``path``.

    Raises
    ------
    ClaimFileError
        For the first problem found, pointing at the claim and field.
    """
    import yaml

    if not path.exists():
        raise ClaimFileError(f"{path}: no such file", "check the path")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_safe_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ClaimFileError(f"{path.name}{where}: not valid YAML "
                             f"({getattr(exc, 'problem', None) or exc})",
                             "check the indentation and quoting near that line") from exc
    except UnicodeDecodeError as exc:
        raise ClaimFileError(f"{path.name}: not UTF-8 text", "save the file as UTF-8") from exc
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise ClaimFileError(f"{path.name}: no 'claims:' list at the top level",
                             "see docs/claims.md for the format")
    claims, seen = [], set()
    for position, item in enumerate(data["claims"], start=1):
        claim = _claim(path.name, position, item)
        if claim.id in seen:
            raise ClaimFileError(f"{path.name}: claim {claim.id}: the id is used twice",
                                 "give every claim its own id")
        seen.add(claim.id)
        claims.append(claim)
    if not claims:
        raise ClaimFileError(f"{path.name}: the claims list is empty", "add claims")
    return claims


def _safe_loader():  # type: ignore[no-untyped-def]
    """yaml's SafeLoader (no code runs), leaving dates as text so that a bad date gets our
    message rather than a parser error."""
    import yaml

    class DatesAsText(yaml.SafeLoader):
        pass

    DatesAsText.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return DatesAsText


def _claim(name: str, position: int, item: Any) -> Claim:
    where = f"{name}: claim #{position}"
    if not isinstance(item, dict):
        raise ClaimFileError(f"{where}: not a mapping of fields", "each claim is 'id: ...', "
                             "'text: ...', 'test: ...' and 'params: ...'")
    cid = str(item.get("id", "")).strip()
    if not ID_PATTERN.match(cid):
        raise ClaimFileError(f"{where}, id: missing or not a short name ('{cid}')",
                             "use letters, digits, . _ -, e.g. A1")
    where = f"{name}: claim {cid}"
    unknown = set(item) - CLAIM_FIELDS
    if unknown:
        raise ClaimFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}",
                             f"known fields: {', '.join(sorted(CLAIM_FIELDS))}")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ClaimFileError(f"{where}, text: the claim as written is missing",
                             "quote the sentence being tested")
    made = item.get("made")
    if made is not None and not isinstance(made, date):
        made = _date(f"{where}, made", made)
    claim = Claim(cid, text.strip(), str(item.get("source", "")), made,
                  note=str(item.get("note", "")))
    if "untestable" in item:
        if not isinstance(item["untestable"], str) or not item["untestable"].strip():
            raise ClaimFileError(f"{where}, untestable: give the reason as text",
                                 "e.g. untestable: \"fund flows are not in price data\"")
        if "test" in item or "tests" in item:
            raise ClaimFileError(f"{where}: both 'untestable' and a test",
                                 "keep one of them")
        claim.untestable = item["untestable"].strip()
        return claim
    if "tests" in item:
        specs = item["tests"]
        if not isinstance(specs, list) or not specs:
            raise ClaimFileError(f"{where}, tests: a list of {{test, params}} is needed",
                                 "or use 'test' and 'params' for a single test")
        for k, spec in enumerate(specs, start=1):
            if not isinstance(spec, dict):
                raise ClaimFileError(f"{where}, tests[{k}]: not a mapping", "use test: and "
                                     "params:")
            claim.tests.append(_test(f"{where}, tests[{k}]", spec.get("test"),
                                     spec.get("params")))
        return claim
    if "test" not in item:
        raise ClaimFileError(f"{where}: no 'test' (or 'untestable' with a reason)",
                             f"tests: {', '.join(sorted(CHECKS))}")
    claim.tests.append(_test(where, item["test"], item.get("params")))
    return claim


def _test(where: str, name: Any, params: Any) -> TestSpec:
    if name not in CHECKS:
        raise ClaimFileError(f"{where}, test: unknown test '{name}'",
                             f"known tests: {', '.join(sorted(CHECKS))}")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise ClaimFileError(f"{where}, params: not a mapping", "write params as key: value")
    spec = CHECKS[name].params
    unknown = set(params) - set(spec)
    if unknown:
        raise ClaimFileError(f"{where}, params: unknown parameter(s) "
                             f"{', '.join(sorted(unknown))} for test {name}",
                             f"{name} takes: {', '.join(spec)}")
    values = {}
    for key, param in spec.items():
        field = f"{where}, params.{key}"
        if key not in params or params[key] is None:
            if param.required:
                raise ClaimFileError(f"{field}: required by test {name}",
                                     param.help or f"a {param.kind}")
            values[key] = param.default
            continue
        values[key] = _value(field, param, params[key])
    return TestSpec(str(name), values)


def _date(field: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ClaimFileError(f"{field}: '{value}' is not a YYYY-MM-DD date",
                             "write dates as YYYY-MM-DD") from None


def _number(field: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClaimFileError(f"{field}: '{value}' is not a number", "write e.g. 0.27 or 40")
    return float(value)


def _symbol(field: str, value: Any) -> str:
    from comove.symbols import normalize_name

    if not isinstance(value, str):
        raise ClaimFileError(f"{field}: '{value}' is not a symbol", "e.g. SPX")
    try:
        return normalize_name(value)
    except Exception:
        raise ClaimFileError(f"{field}: '{value}' is not a valid symbol name",
                             "e.g. SPX, BTC") from None


def _value(field: str, param: Param, value: Any) -> Any:
    kind = param.kind
    if kind == "date":
        return _date(field, value)
    if kind == "dates":
        if not isinstance(value, list):
            raise ClaimFileError(f"{field}: a list of dates is needed", "e.g. [2024-04-20]")
        return [_date(field, v) for v in value]
    if kind == "number":
        return _number(field, value)
    if kind == "numbers":
        if not isinstance(value, list) or not value:
            raise ClaimFileError(f"{field}: a list of numbers is needed", "e.g. [1.5, 5, 27]")
        return [_number(field, v) for v in value]
    if kind in ("int", "ints"):
        items = value if kind == "ints" else [value]
        if not isinstance(items, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in items):
            raise ClaimFileError(f"{field}: '{value}' is not a whole number"
                                 + (" list" if kind == "ints" else ""), "e.g. 90")
        return items if kind == "ints" else items[0]
    if kind == "symbol":
        return _symbol(field, value)
    if kind == "symbols":
        if not isinstance(value, list):
            raise ClaimFileError(f"{field}: a list of symbols is needed", "e.g. [SPX, RUT]")
        return [_symbol(field, v) for v in value]
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise ClaimFileError(f"{field}: text is needed", param.help or "a short text")
        return value.strip()
    if kind == "series":
        if not isinstance(value, str):
            raise ClaimFileError(f"{field}: '{value}' is not a symbol or ratio", "e.g. ETH/BTC")
        return "/".join(_symbol(field, part) for part in value.split("/", 1))
    if kind == "bool":
        if not isinstance(value, bool):
            raise ClaimFileError(f"{field}: true or false is needed", "write true or false")
        return value
    if kind == "choice":
        if value not in param.choices:
            raise ClaimFileError(f"{field}: '{value}' is not one of "
                                 f"{', '.join(param.choices)}", "choose one of them")
        return value
    if kind == "period":
        return _period(field, value)
    if kind == "periods":
        if not isinstance(value, list) or not value:
            raise ClaimFileError(f"{field}: a list of START:END periods is needed",
                                 "e.g. [2021-11-01:2021-11-30]")
        return [_period(field, v) for v in value]
    if kind == "mapping":
        if not isinstance(value, dict):
            raise ClaimFileError(f"{field}: a mapping is needed", param.help or "key: value")
        return value
    raise ClaimFileError(f"{field}: unsupported parameter kind {kind}")


def _period(field: str, value: Any) -> tuple[date, date]:
    text = str(value)
    start, sep, end = text.partition(":")
    if not sep:
        raise ClaimFileError(f"{field}: '{text}' is not START:END",
                             "e.g. 2017-01-01:2019-12-31")
    first, last = _date(field, start.strip()), _date(field, end.strip())
    if first > last:
        raise ClaimFileError(f"{field}: '{text}' ends before it starts", "swap the dates")
    return first, last


__all__ = ["ClaimFileError", "load_claims"]
