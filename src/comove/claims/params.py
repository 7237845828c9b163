"""Typed parameters of claim tests, decoded from YAML generically from their dataclass fields.

Each test declares a frozen, keyword-only dataclass; a field's type says how its value is
read (``dt.date``, ``float``, ``int``, ``Literal[...]`` for choices, ``Symbol``, ``Series``,
``Text``, lists of these, ``Period``, ``dict[Symbol, float]``, or another parameter
dataclass for a nested mapping), ``param(...)`` gives its default, help text and bounds. A
field without a default is required. Every number is finite and within its bounds (from
:mod:`comove.validate` where a bound exists there), so no value from a file can ask for
unbounded work.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from comove.claims.text import MAX_TEXT, shown
from comove.errors import DataFileError, UsageError

Symbol = Annotated[str, "symbol"]
Series = Annotated[str, "series"]  # a symbol or a ratio A/B
Text = Annotated[str, "text"]
Period = tuple[dt.date, dt.date]

MAX_NUMBER = 1e12  # no price, level or ratio in a claim is larger
FIRST_DATE, LAST_DATE = dt.date(1850, 1, 1), dt.date(2150, 12, 31)  # +-a century stays in
# the range of pandas timestamps (1677 to 2262)
MAX_LIST = 50
P = TypeVar("P")


class ClaimFileError(DataFileError):
    """A claims file that cannot be used as it is."""


def param(default: Any = dataclasses.MISSING, *, help: str = "", low: float | None = None,
          high: float | None = None, check: Callable[[Any, str], Any] | None = None,
          nonempty: bool = False) -> Any:
    """A parameter field: ``default`` (lists and mappings are copied per claim), ``help`` for
    the docs, and bounds: ``low``/``high`` for numbers, or ``check(value, name)`` from
    :mod:`comove.validate`, which raises :class:`UsageError`; ``nonempty`` for a list that
    needs at least one item."""
    metadata = {"help": help, "low": low, "high": high, "check": check, "nonempty": nonempty}
    if isinstance(default, list | dict):
        value = default
        return dataclasses.field(default_factory=lambda: type(value)(value), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True)
class FieldInfo:
    """A parameter as the docs list it."""

    name: str
    kind: str
    required: bool
    default: Any
    help: str


def describe(cls: type) -> list[FieldInfo]:
    """The parameters of ``cls`` in declaration order, for the generated docs."""
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        factory: Callable[[], Any] = f.default_factory  # type: ignore[assignment]
        default = (None if required else f.default if f.default is not dataclasses.MISSING
                   else factory())
        out.append(FieldInfo(f.name, kind_of(hints[f.name]), required, default,
                             f.metadata.get("help", "")))
    return out


def kind_of(tp: Any) -> str:
    """A short name of a parameter type: symbol, date, number, choice (a, b), ..."""
    tp = _strip_optional(tp)
    if get_origin(tp) is Annotated:
        return str(get_args(tp)[1])
    if get_origin(tp) is Literal:
        return f"choice ({', '.join(str(a) for a in get_args(tp))})"
    if tp == Period:
        return "period"
    if get_origin(tp) is list:
        inner = kind_of(get_args(tp)[0])
        return {"number": "numbers", "int": "ints"}.get(inner, inner + "s")
    if get_origin(tp) is dict:
        return "mapping"
    if dataclasses.is_dataclass(tp):
        return "mapping"
    return {dt.date: "date", float: "number", int: "int", bool: "bool", str: "text"}[tp]


def decode(cls: type[P], raw: Any, where: str, owner: str = "") -> P:
    """An instance of the parameter dataclass ``cls`` from the YAML mapping ``raw``.

    Raises
    ------
    ClaimFileError
        Naming ``where`` and the field, for an unknown or missing parameter or a value of
        the wrong kind or outside its bounds. ``owner`` names what takes the parameters
        (``test record_count``).
    """
    owner = owner or cls.__name__
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ClaimFileError(f"{where}: not a mapping", "write key: value pairs")
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = [k for k in raw if k not in fields]
    if unknown:
        names = ", ".join(shown(k, 30) for k in unknown[:5])
        raise ClaimFileError(f"{where}: unknown parameter(s) {names} for {owner}",
                             f"{owner.split()[-1]} takes: {', '.join(fields)}")
    values = {}
    for name, f in fields.items():
        here = f"{where}.{name}"
        if raw.get(name) is None:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ClaimFileError(f"{here}: required by {owner}",
                                     f.metadata.get("help") or f"a {kind_of(hints[name])}")
            continue
        values[name] = _value(here, hints[name], raw[name], dict(f.metadata))
    instance = cls(**values)
    validate = getattr(instance, "validate", None)
    if validate is not None:
        try:
            validate()
        except UsageError as exc:
            raise ClaimFileError(f"{where}.{exc.param}: {exc.message}" if exc.param else
                                 f"{where}: {exc.message}", exc.hint) from None
    return instance


def _strip_optional(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _value(where: str, tp: Any, value: Any, meta: dict[str, Any]) -> Any:
    tp = _strip_optional(tp)
    origin = get_origin(tp)
    if origin is Annotated:
        return _text(where, get_args(tp)[1], value, meta.get("help", ""))
    if origin is Literal:
        choices = get_args(tp)
        if not isinstance(value, str) or value not in choices:
            raise ClaimFileError(f"{where}: '{shown(value)}' is not one of "
                                 f"{', '.join(choices)}", "choose one of them")
        return value
    if tp == Period:
        return _period(where, value)
    if origin is list:
        if not isinstance(value, list) or (meta.get("nonempty") and not value):
            raise ClaimFileError(f"{where}: a list of {kind_of(tp)} is needed",
                                 meta.get("help") or "write [a, b]")
        if len(value) > MAX_LIST:
            raise ClaimFileError(f"{where}: {len(value):,} items; at most {MAX_LIST}",
                                 "shorten the list")
        items = [_value(where, get_args(tp)[0], v, {**meta, "check": None}) for v in value]
        check = meta.get("check")
        return items if check is None else _bounded(where, check, items, where.split(".")[-1])
    if origin is dict:
        if not isinstance(value, dict):
            raise ClaimFileError(f"{where}: a mapping is needed",
                                 meta.get("help") or "key: value")
        if len(value) > MAX_LIST:
            raise ClaimFileError(f"{where}: {len(value):,} entries; at most {MAX_LIST}",
                                 "shorten the mapping")
        key_tp, value_tp = get_args(tp)
        return {_value(where, key_tp, k, meta): _value(f"{where}.{shown(k, 30)}", value_tp, v,
                                                       meta) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return decode(typing.cast(type, tp), value, where, where.split(".")[-1])
    if tp is dt.date:
        return date_value(where, value)
    if tp is bool:
        if not isinstance(value, bool):
            raise ClaimFileError(f"{where}: true or false is needed", "write true or false")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ClaimFileError(f"{where}: '{shown(value)}' is not a whole number", "e.g. 90")
        return _in_bounds(where, int(value), meta)
    if tp is float:
        return _in_bounds(where, number(where, value), meta)
    if tp is str:
        return _text(where, "text", value, "")
    raise TypeError(f"unsupported parameter type {tp!r} at {where}")


def _in_bounds(where: str, value: float, meta: dict[str, Any]) -> Any:
    check = meta.get("check")
    if check is not None:
        return _bounded(where, check, value, where.split(".")[-1])
    low, high = meta.get("low"), meta.get("high")
    low = -MAX_NUMBER if low is None else low
    high = MAX_NUMBER if high is None else high
    if not low <= value <= high:
        raise ClaimFileError(f"{where}: {shown(value)} is outside {low:,g} to {high:,g}",
                             meta.get("help") or "use a value in that range")
    return value


def _bounded(where: str, check: Callable[[Any, str], Any], value: Any, name: str) -> Any:
    try:
        return check(value, name)
    except UsageError as exc:
        raise ClaimFileError(f"{where}: {exc.message}", exc.hint) from None


def number(where: str, value: Any) -> float:
    """A finite number (YAML ``.nan`` and ``.inf`` are refused), kept as a
    :class:`~comove.claims.verdicts.Figure` that remembers how it was written (``0.09``,
    ``"9%"``, ``"about 40"``), so that a tolerance can follow the claim's own precision."""
    from comove.claims.verdicts import Figure, parse_figure

    written = getattr(value, "text", None)
    if isinstance(value, str):
        parsed = parse_figure(value)
        if parsed is None:
            raise ClaimFileError(f"{where}: '{shown(value)}' is not a number",
                                 'write e.g. 0.27, 40, "9%" or "about 40"')
        return _finite(where, parsed, parsed)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClaimFileError(f"{where}: '{shown(value)}' is not a number",
                             "write e.g. 0.27 or 40")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    _finite(where, value, result)
    if isinstance(value, Figure):
        return value
    return Figure(result, written) if isinstance(written, str) else result


def _finite(where: str, value: Any, result: float) -> float:
    if not math.isfinite(result) or abs(result) > MAX_NUMBER:
        raise ClaimFileError(f"{where}: {shown(value)} is not a finite number of sensible size",
                             f"use a number between -{MAX_NUMBER:g} and {MAX_NUMBER:g}")
    return result


def date_value(where: str, value: Any) -> dt.date:
    """A date from a YAML value (dates are read as text), within FIRST_DATE to LAST_DATE."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:40])
    except ValueError:
        raise ClaimFileError(f"{where}: '{shown(value)}' is not a YYYY-MM-DD date",
                             "write dates as YYYY-MM-DD") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ClaimFileError(f"{where}: {day} is outside {FIRST_DATE} to {LAST_DATE}",
                             "check the year")
    return day


def _period(where: str, value: Any) -> Period:
    text = value if isinstance(value, str) else ""
    start, sep, end = text.partition(":")
    if not sep:
        raise ClaimFileError(f"{where}: '{shown(value)}' is not START:END",
                             "e.g. 2017-01-01:2019-12-31")
    first, last = date_value(where, start.strip()), date_value(where, end.strip())
    if first > last:
        raise ClaimFileError(f"{where}: '{shown(value)}' ends before it starts", "swap the dates")
    return first, last


def _text(where: str, kind: str, value: Any, help: str) -> str:
    from comove.symbols import normalize_name

    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise ClaimFileError(f"{where}: text is needed", help or "a short text")
        if len(value) > MAX_TEXT:
            raise ClaimFileError(f"{where}: {len(value):,} characters; at most {MAX_TEXT:,}",
                                 "shorten it")
        return value.strip()
    example = "e.g. ETH/BTC" if kind == "series" else "e.g. SPX, BTC"
    if not isinstance(value, str):
        raise ClaimFileError(f"{where}: '{shown(value)}' is not a symbol", example)
    parts = value.split("/", 1) if kind == "series" else [value]
    try:
        return "/".join(normalize_name(part) for part in parts)
    except Exception:
        raise ClaimFileError(f"{where}: '{shown(value)}' is not a valid symbol name",
                             example) from None


__all__ = ["ClaimFileError", "FieldInfo", "Period", "Series", "Symbol", "Text", "date_value",
           "decode", "describe", "kind_of", "number", "param"]
