"""Reading expressions: literal values where they have one, and the references they make."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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
    ObjectItem,
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
            value = int(text[2:], 16)
            if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                return "\ufffd"  # the parser rejects these; never raise here
            return chr(value)
        return _SIMPLE_ESCAPES.get(text[1], text)

    return _ESCAPE.sub(replace, raw)


def template_literal(template: Template) -> str | None:
    """The string of a template without interpolations or directives, else None."""
    pieces: list[str] = []
    for part in template.parts:
        if not isinstance(part, TemplateLiteral):
            return None
        pieces.append(part.text)
    raw = "".join(pieces)
    if not template.heredoc:
        return unescape_quoted(raw)
    if template.strip_indent:
        raw = _strip_common_indent(raw)
    return raw.replace("$${", "${").replace("%%{", "%{")


def _strip_common_indent(text: str) -> str:
    """A `<<-` heredoc's text without the indentation its non-blank lines share."""
    lines = text.splitlines(keepends=True)
    widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip(" \t\r\n")]
    cut = min(widths, default=0)
    return "".join(line[cut:] if line.strip(" \t\r\n") else line.lstrip(" \t") for line in lines)


def literal_value(expr: Expression, partial: bool = False) -> object:
    """The Python value of a literal expression.

    Strings without interpolation, numbers, bools, null (None), tuples (lists) and objects
    (dicts). Raises NotLiteral when the expression is not literal, unless `partial`, in
    which case non-literal parts are returned as Unknown placeholders. Iterative (an
    explicit stack of the places still to fill), so deep nesting is no problem.
    """
    root: list[object] = [None]
    # What to read, and where its value goes: (node, container, key); an ObjectItem
    # node stands for one entry of an object, read in source order.
    stack: list[tuple[Node, Any, Any]] = [(expr, root, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, target, key = pop()
        if type(node) is ObjectItem:
            name = node.key_name
            if name is None:
                if not partial:
                    raise NotLiteral(node.key)
                continue
            target[name] = None  # its place in the dict's order; the value comes next
            push((node.value, target, name))
            continue
        while type(node) is Parens:
            node = node.expr
        if type(node) is Tuple:
            items = node.items
            value: Any = [None] * len(items)
            for index in range(len(items) - 1, -1, -1):
                push((items[index], value, index))
        elif type(node) is Object:
            value = {}
            for item in reversed(node.items):
                push((item, value, None))
        else:
            value = _leaf_value(node, partial)  # type: ignore[arg-type]
        target[key] = value
    return root[0]


def _leaf_value(expr: Expression, partial: bool) -> object:
    """The value of an expression that is neither a tuple nor an object."""
    if isinstance(expr, LiteralValue):
        text = expr.literal
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
    elif (
        isinstance(expr, UnaryOp)
        and expr.operator.text == "-"
        and isinstance(expr.operand, LiteralValue)
    ):
        operand = _leaf_value(expr.operand, False)
        if isinstance(operand, int | float) and not isinstance(operand, bool):
            return -operand
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
    # What is referred to: `var.x`, `local.y`, `module.m`, `data.t.n`, `aws_vpc.main`.
    subject: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [str(p) for p in self.parts[: 3 if self.parts[0] == "data" else 2]]
        # One str per subject (`var.x` read in ten places, ten references): references
        # live with their items' memos, 61,000 subjects for 8,800 distinct on the corpus.
        object.__setattr__(self, "subject", sys.intern(".".join(names)))

    @property
    def root(self) -> str:
        return str(self.parts[0])

    def __str__(self) -> str:
        out = str(self.parts[0])
        for part in self.parts[1:]:
            out += f"[{part}]" if isinstance(part, int) else f".{part}"
        return out


def references(expr: Node) -> list[Reference]:
    """Every reference an expression makes, in source order, minus for-expression names.

    Iterative, so that long operator chains (deeply left-nested trees) never hit
    Python's recursion limit.
    """
    found: list[Reference] = []
    stack: list[tuple[Node, frozenset[str]]] = [(expr, _NOTHING_BOUND)]
    pop, push = stack.pop, stack.append
    while stack:
        node, bound = pop()
        kind = type(node)
        if kind is Variable:
            if node.identifier not in bound:
                found.append(Reference((node.identifier,), node))
        elif kind is Traversal and type(node.source) is Variable:
            root = node.source.identifier
            if root not in bound:
                found.append(Reference(_static_parts(root, node), node))
            for step in reversed(node.steps):
                push((step, bound))
        elif kind is ForExpr or kind is Template:
            stack.extend(reversed(list(_scoped_children(node, bound))))
        else:
            children = list(node.children())
            for child in reversed(children):
                push((child, bound))
    return found


_NOTHING_BOUND: frozenset[str] = frozenset()


def _scoped_children(
    node: ForExpr | Template, bound: frozenset[str]
) -> Iterator[tuple[Node, frozenset[str]]]:
    """The children of a node that binds names, each with the names bound where it is."""
    if isinstance(node, ForExpr):
        yield node.collection, bound
        names = {node.value_var.text} | ({node.key_var.text} if node.key_var else set())
        inner = bound | names
        for child in (node.key_expr, node.value_expr, node.condition):
            if child is not None:
                yield child, inner
        return
    scopes = [bound]
    for part in node.parts:
        if isinstance(part, TemplateDirective) and part.keyword == "for":
            if part.expr is not None:
                yield part.expr, scopes[-1]
            scopes.append(scopes[-1] | {name.text for name in part.names})
            continue
        if isinstance(part, TemplateDirective) and part.keyword == "endfor":
            if len(scopes) > 1:
                scopes.pop()
            continue
        yield part, scopes[-1]


def _static_parts(root: str, node: Traversal) -> tuple[str | int, ...]:
    parts: list[str | int] = [root]
    for step in node.steps:
        if isinstance(step, GetAttr):
            parts.append(step.identifier)
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
    return tuple(parts)
