"""Reading expressions: literal values where they have one, and the references they make."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fixer.syntax.cst import (
    Expression,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    LegacyIndex,
    LiteralValue,
    Node,
    Object,
    Parens,
    Template,
    TemplateDirective,
    TemplateLiteral,
    Traversal,
    Tuple,
    UnaryOp,
    Variable,
)


class Unknown:
    """Stands for a sub-expression whose value is not known without evaluation."""

    __slots__ = ("expr",)

    def __init__(self, expr: Expression) -> None:
        self.expr = expr

    def __repr__(self) -> str:
        return f"Unknown({type(self.expr).__name__})"


class NotLiteral(Exception):
    """Raised internally when an expression has no literal value."""


_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unescape_quoted(raw: str) -> str:
    """The string a quoted-template literal stands for (`\\n`, `\\u00e9`, `$${` ...)."""
    if "\\" not in raw and "$${" not in raw and "%%{" not in raw:
        return raw

    def replace(match: re.Match[str]) -> str:
        text = match.group()
        if text == "$${":
            return "${"
        if text == "%%{":
            return "%{"
        if text[1] in "uU":
            return chr(int(text[2:], 16))
        return _SIMPLE_ESCAPES.get(text[1], text)

    return _ESCAPE.sub(replace, raw)


def template_literal(template: Template) -> str | None:
    """The string of a template without interpolations or directives, else None."""
    pieces: list[str] = []
    for part in template.parts:
        if not isinstance(part, TemplateLiteral):
            return None
        pieces.extend(tok.text for tok in part.tokens)
    raw = "".join(pieces)
    if not template.heredoc:
        return unescape_quoted(raw)
    return raw.replace("$${", "${").replace("%%{", "%{")


def literal_value(expr: Expression, partial: bool = False) -> object:
    """The Python value of a literal expression.

    Strings without interpolation, numbers, bools, null (None), tuples (lists) and objects
    (dicts). Raises NotLiteral when the expression is not literal, unless `partial`, in
    which case non-literal parts are returned as Unknown placeholders.
    """
    if isinstance(expr, LiteralValue):
        text = expr.token.text
        if text == "true":
            return True
        if text == "false":
            return False
        if text == "null":
            return None
        return _number(text)
    if isinstance(expr, Template):
        value = template_literal(expr)
        if value is not None:
            return value
    elif isinstance(expr, Tuple):
        return [literal_value(item, partial) for item in expr.items]
    elif isinstance(expr, Object):
        result: dict[str, object] = {}
        for item in expr.items:
            key = item.key_name
            if key is None:
                if not partial:
                    raise NotLiteral(item.key)
                continue
            result[key] = literal_value(item.value, partial)
        return result
    elif isinstance(expr, Parens):
        return literal_value(expr.expr, partial)
    elif (
        isinstance(expr, UnaryOp)
        and expr.operator.text == "-"
        and isinstance(expr.operand, LiteralValue)
    ):
        value = literal_value(expr.operand)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return -value
    if partial:
        return Unknown(expr)
    raise NotLiteral(expr)


def try_literal(expr: Expression | None) -> tuple[bool, object]:
    """(True, value) when expr has a literal value, else (False, None)."""
    if expr is None:
        return False, None
    try:
        return True, literal_value(expr)
    except NotLiteral:
        return False, None


def jsonencode_argument(expr: Expression) -> Expression | None:
    """The argument of `jsonencode(...)`, for reading a policy document as data."""
    if isinstance(expr, FunctionCall) and expr.name == "jsonencode" and len(expr.args) == 1:
        return expr.args[0]
    return None


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference an expression makes: `var.x`, `aws_vpc.main.id`, `path.module` ...

    `parts` are the root name followed by the static steps (attribute names, literal
    indexes) up to the first dynamic one; `node` is the whole traversal.
    """

    parts: tuple[str | int, ...]
    node: Expression

    @property
    def root(self) -> str:
        return str(self.parts[0])

    @property
    def subject(self) -> str:
        """What is referred to: `var.x`, `local.y`, `module.m`, `data.t.n`, `aws_vpc.main`."""
        names = [str(p) for p in self.parts]
        if self.root == "data":
            return ".".join(names[:3])
        return ".".join(names[:2])

    def __str__(self) -> str:
        out = str(self.parts[0])
        for part in self.parts[1:]:
            out += f"[{part}]" if isinstance(part, int) else f".{part}"
        return out


def references(expr: Node) -> list[Reference]:
    """Every reference an expression makes, in source order, minus for-expression names."""
    return list(_references(expr, frozenset()))


def _references(node: Node, bound: frozenset[str]) -> Iterator[Reference]:
    if isinstance(node, Variable):
        if node.name.text not in bound:
            yield Reference((node.name.text,), node)
        return
    if isinstance(node, Traversal) and isinstance(node.source, Variable):
        root = node.source.name.text
        if root not in bound:
            parts: list[str | int] = [root]
            for step in node.steps:
                if isinstance(step, GetAttr):
                    parts.append(step.name.text)
                elif isinstance(step, LegacyIndex):
                    parts.append(int(step.number.text))
                elif isinstance(step, Index):
                    ok, key = try_literal(step.key)
                    if ok and isinstance(key, str | int) and not isinstance(key, bool):
                        parts.append(key)
                    else:
                        break
                else:
                    break
            yield Reference(tuple(parts), node)
        for step in node.steps:
            yield from _references(step, bound)
        return
    if isinstance(node, ForExpr):
        yield from _references(node.collection, bound)
        names = {node.value_var.text}
        if node.key_var is not None:
            names.add(node.key_var.text)
        inner = bound | names
        for child in (node.key_expr, node.value_expr, node.condition):
            if child is not None:
                yield from _references(child, inner)
        return
    if isinstance(node, Template):
        inner = bound
        for part in node.parts:
            if isinstance(part, TemplateDirective) and part.keyword == "for":
                if part.expr is not None:
                    yield from _references(part.expr, inner)
                inner = inner | {name.text for name in part.names}
                continue
            yield from _references(part, inner)
        return
    for child in node.children():
        yield from _references(child, bound)
