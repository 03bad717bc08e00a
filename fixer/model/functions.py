"""The Terraform functions the evaluator knows, over known Python values.

Each takes the evaluated arguments and returns a value or raises EvalError. Functions
in PARTIAL accept arguments holding UNKNOWN parts; the others are only called with
fully known arguments (the evaluator returns UNKNOWN otherwise).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from fixer.model.conversion import (
    EvalError,
    is_number,
    normalize_number,
    same,
    to_bool,
    to_number,
    to_set,
    to_string,
)
from fixer.model.unknown import UNKNOWN, is_known

Function = Callable[[list[object]], object]


def _arity(args: list[object], low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args) <= high:
        raise EvalError(f"expected {low}..{high} arguments, got {len(args)}")


def _string(value: object) -> str:
    if value is None:
        raise EvalError("null where a string is required")
    return to_string(value)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise EvalError(f"{type(value).__name__} where a list is required")
    return value


def _map(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise EvalError(f"{type(value).__name__} where a map is required")
    return value


def _length(args: list[object]) -> object:
    _arity(args, 1)
    value = args[0]
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, str | list | dict):
        return len(value)
    raise EvalError("length of a value that has none")


def _lookup(args: list[object]) -> object:
    _arity(args, 2, 3)
    table, key = args[0], args[1]
    if table is UNKNOWN or not is_known(key):
        return UNKNOWN
    table, key = _map(table), _string(key)
    if key in table:
        return table[key]
    if len(args) == 3:
        return args[2]
    raise EvalError(f"lookup: no key {key!r}")


def _contains(args: list[object]) -> object:
    _arity(args, 2)
    return any(same(item, args[1]) for item in _list(args[0]))


def _coalesce(args: list[object]) -> object:
    for value in args:
        if value is UNKNOWN:
            return UNKNOWN
        if value is not None and value != "":
            # Terraform unifies the arguments' types: with a string among them, a string.
            if isinstance(value, bool | int | float) and any(isinstance(a, str) for a in args):
                return to_string(value)
            return value
    raise EvalError("coalesce: no non-null argument")


def _concat(args: list[object]) -> object:
    result: list[object] = []
    for value in args:
        result.extend(_list(value))
    return result


def _merge(args: list[object]) -> object:
    result: dict[str, object] = {}
    for value in args:
        if value is not None:
            result.update(_map(value))
    return result


def _element(args: list[object]) -> object:
    _arity(args, 2)
    items, index = _list(args[0]), to_number(args[1])
    if not items or not float(index).is_integer() or index < 0:
        raise EvalError("element: bad index")
    return items[int(index) % len(items)]


def _one(args: list[object]) -> object:
    _arity(args, 1)
    items = _list(args[0])
    if len(items) > 1:
        raise EvalError("one: more than one element")
    return items[0] if items else None


def _replace(args: list[object]) -> object:
    _arity(args, 3)
    text, old, new = (_string(arg) for arg in args)
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        return UNKNOWN  # a regular expression: Go's syntax, not Python's
    return text.replace(old, new)


def _format(args: list[object]) -> object:
    if not args:
        raise EvalError("format: no format string")
    spec, rest = _string(args[0]), list(args[1:])
    out: list[str] = []
    pieces = re.split(r"(%%|%[sdv])", spec)
    for piece in pieces:
        if piece == "%%":
            out.append("%")
        elif piece in ("%s", "%v", "%d"):
            if not rest:
                raise EvalError("format: too few arguments")
            value = rest.pop(0)
            if piece == "%d" and not (is_number(value) and float(value).is_integer()):  # type: ignore[arg-type]
                raise EvalError("format: %d needs an integer")
            if isinstance(value, list | dict) or value is None:
                return UNKNOWN  # Terraform's own rendering of collections and null
            out.append(_string(value))
        elif "%" in piece:
            return UNKNOWN  # a verb we do not implement
        else:
            out.append(piece)
    return "".join(out)


def _numbers(args: list[object]) -> list[int | float]:
    if not args:
        raise EvalError("no arguments")
    return [to_number(arg) for arg in args]


def _flatten(args: list[object]) -> object:
    _arity(args, 1)
    result: list[object] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                result.append(item)

    walk(_list(args[0]))
    return result


def _distinct(args: list[object]) -> object:
    _arity(args, 1)
    result: list[object] = []
    for item in _list(args[0]):
        if not any(same(item, seen) for seen in result):
            result.append(item)
    return result


def _unary(convert: Callable[[object], object]) -> Function:
    def call(args: list[object]) -> object:
        _arity(args, 1)
        return None if args[0] is None else convert(args[0])

    return call


def _strings(method: Callable[[str], object]) -> Function:
    def call(args: list[object]) -> object:
        _arity(args, 1)
        return method(_string(args[0]))

    return call


def _pair(method: Callable[[str, str], object]) -> Function:
    def call(args: list[object]) -> object:
        _arity(args, 2)
        return method(_string(args[0]), _string(args[1]))

    return call


def _join(args: list[object]) -> object:
    _arity(args, 2)
    return _string(args[0]).join(_string(item) for item in _list(args[1]))


def _keys(args: list[object]) -> object:
    _arity(args, 1)
    return sorted(_map(args[0]))


def _values(args: list[object]) -> object:
    _arity(args, 1)
    return [value for _, value in sorted(_map(args[0]).items())]


def _compact(args: list[object]) -> object:
    _arity(args, 1)
    return [_string(item) for item in _list(args[0]) if item is not None and item != ""]


def _number_function(method: Callable[[int | float], object]) -> Function:
    def call(args: list[object]) -> object:
        _arity(args, 1)
        return method(to_number(args[0]))

    return call


def _tolist(value: object) -> object:
    return list(_list(value))


def _tomap(value: object) -> object:
    return dict(_map(value))


FUNCTIONS: dict[str, Function] = {
    "length": _length,
    "lookup": _lookup,
    "contains": _contains,
    "coalesce": _coalesce,
    "concat": _concat,
    "merge": _merge,
    "element": _element,
    "one": _one,
    "replace": _replace,
    "format": _format,
    "flatten": _flatten,
    "distinct": _distinct,
    "lower": _strings(str.lower),
    "upper": _strings(str.upper),
    "trimspace": _strings(str.strip),
    "startswith": _pair(str.startswith),
    "endswith": _pair(str.endswith),
    "strcontains": _pair(lambda text, part: part in text),
    "split": _pair(lambda sep, text: text.split(sep) if sep else list(text)),
    "join": _join,
    "keys": _keys,
    "values": _values,
    "compact": _compact,
    "tolist": _unary(_tolist),
    "toset": _unary(lambda value: to_set(_list(value))),
    "tomap": _unary(_tomap),
    "tostring": _unary(to_string),
    "tonumber": _unary(to_number),
    "tobool": _unary(to_bool),
    "min": lambda args: normalize_number(min(_numbers(args))),
    "max": lambda args: normalize_number(max(_numbers(args))),
    "abs": _number_function(abs),
    "ceil": _number_function(math.ceil),
    "floor": _number_function(math.floor),
}

# Functions that handle UNKNOWN parts in their arguments themselves.
PARTIAL = frozenset({"length", "lookup", "coalesce"})
