"""Terraform's type conversions: primitives, and variable values to their declared type."""

from __future__ import annotations

from fixer.model.unknown import UNKNOWN
from fixer.syntax.cst import Expression, FunctionCall, Object, Parens, Tuple, Variable
from fixer.syntax.values import NotLiteral, Unknown, literal_value


class EvalError(Exception):
    """An expression Terraform would reject with these (known) values."""


class ConversionError(EvalError):
    """A value that does not convert to the wanted type."""


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def normalize_number(value: float) -> int | float:
    """Integral floats as ints, as Terraform's arbitrary-precision numbers print them."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def format_number(value: int | float) -> str:
    value = normalize_number(value)
    return str(value) if isinstance(value, int) else repr(value)


def to_string(value: object) -> str:
    """A primitive as a string (bools as `true`/`false`); raises ConversionError otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)  # type: ignore[arg-type]
    raise ConversionError(f"cannot convert {type(value).__name__} to string")


def to_number(value: object) -> int | float:
    if is_number(value):
        return value  # type: ignore[return-value]
    if isinstance(value, str):
        try:
            return normalize_number(float(value)) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            pass
    raise ConversionError(f"cannot convert {value!r} to number")


def to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ConversionError(f"cannot convert {value!r} to bool")


def to_set(items: list[object]) -> list[object]:
    """A set as the model holds it: a list without duplicates, sorted when primitive."""
    unique: list[object] = []
    for item in items:
        if not any(same(item, other) for other in unique):
            unique.append(item)
    if all(isinstance(item, str) for item in unique):
        return sorted(unique)  # type: ignore[type-var]
    if all(is_number(item) for item in unique):
        return sorted(unique)  # type: ignore[type-var]
    return unique


def same(a: object, b: object) -> bool:
    """Terraform equality of two known values: bools are not numbers, 1 == 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def convert(value: object, type_expr: Expression | None) -> object:
    """`value` converted to the type a `type = ...` expression declares.

    Applies `optional(T, default)` defaults and drops undeclared object attributes, as
    Terraform does. Raises ConversionError when Terraform would reject the value.
    """
    if type_expr is None or value is None or value is UNKNOWN or isinstance(value, Unknown):
        return UNKNOWN if isinstance(value, Unknown) else value
    while isinstance(type_expr, Parens):
        type_expr = type_expr.expr
    if isinstance(type_expr, Variable):
        name = type_expr.name.text
        if name == "string":
            return to_string(value)
        if name == "number":
            return to_number(value)
        if name == "bool":
            return to_bool(value)
        return value  # any, or a name we do not know
    if not isinstance(type_expr, FunctionCall) or len(type_expr.args) != 1:
        return value
    name, arg = type_expr.name, type_expr.args[0]
    if name in ("list", "set"):
        if not isinstance(value, list):
            raise ConversionError(f"cannot convert {type(value).__name__} to {name}")
        items = [convert(item, arg) for item in value]
        return to_set(items) if name == "set" else items
    if name == "map":
        if not isinstance(value, dict):
            raise ConversionError(f"cannot convert {type(value).__name__} to map")
        return {key: convert(item, arg) for key, item in value.items()}
    if name == "tuple" and isinstance(arg, Tuple):
        if not isinstance(value, list) or len(value) != len(arg.items):
            raise ConversionError("cannot convert to tuple")
        return [convert(item, t) for item, t in zip(value, arg.items, strict=True)]
    if name == "object" and isinstance(arg, Object):
        return _convert_object(value, arg)
    return value


def _convert_object(value: object, spec: Object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ConversionError(f"cannot convert {type(value).__name__} to object")
    result: dict[str, object] = {}
    for item in spec.items:
        key = item.key_name
        if key is None:
            raise ConversionError("object type with a computed attribute name")
        attr_type: Expression | None = item.value
        optional = isinstance(attr_type, FunctionCall) and attr_type.name == "optional"
        if optional:
            assert isinstance(attr_type, FunctionCall)
            args = attr_type.args
            attr_type = args[0] if args else None
        if value.get(key) is not None:
            result[key] = convert(value[key], attr_type)
        elif optional:
            result[key] = _optional_default(attr_type, item.value)
        elif key in value:
            result[key] = None
        else:
            raise ConversionError(f"attribute {key!r} is required")
    return result


def _optional_default(attr_type: Expression | None, spec: Expression) -> object:
    assert isinstance(spec, FunctionCall)
    if len(spec.args) < 2:
        return None
    try:
        default = literal_value(spec.args[1])
    except NotLiteral:
        return UNKNOWN
    return convert(default, attr_type)
