"""HCL body items as data: read from the syntax tree, changed, rendered back as source.

A converter reads the items of an inline argument (`versioning { enabled = true }`, or
its `dynamic "versioning"` form) into `Attr`/`Blk` values that keep their comments and
the exact source of each expression, builds the new resource's items from them, and
renders them; the result is formatted with the formatter, so it is canonical.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from fixer.syntax.cst import (
    Attribute,
    Block,
    Expression,
    FunctionCall,
    Item,
    LiteralValue,
    Parens,
    Template,
    Traversal,
    Variable,
)
from fixer.syntax.values import references, try_literal


@dataclass
class Expr:
    """An expression: its source text, and its node when it comes from the file (for
    literal values and for renaming the roots of its references)."""

    text: str
    node: Expression | None = None
    source: str = ""  # the file's text, which node offsets refer to

    def literal(self) -> tuple[bool, object]:
        return try_literal(self.node) if self.node is not None else (False, None)

    def renamed(self, roots: dict[str, str]) -> Expr:
        """The expression with the roots of its references renamed (`website.value` ->
        `each.value` for roots {"website": "each"})."""
        if self.node is None or not roots:
            return self
        edits = []
        for ref in references(self.node):
            new_root = roots.get(ref.root)
            if new_root is None:
                continue
            node = ref.node
            token = node.source.name if isinstance(node, Traversal) else node.name
            edits.append((token.start, token.end, new_root))
        if not edits:
            return self
        start = self.node.start
        text = self.source[start : self.node.end]
        for s, e, new in sorted(edits, reverse=True):
            text = text[: s - start] + new + text[e - start :]
        return Expr(text)

    @property
    def simple(self) -> bool:
        """Whether the expression needs no parentheses as an operand."""
        return self.node is None or isinstance(
            self.node, Traversal | Variable | FunctionCall | LiteralValue | Template | Parens
        )

    def operand(self) -> str:
        return self.text if self.simple else f"({self.text})"


def quoted(value: str) -> Expr:
    """A string literal (escaped for HCL: quotes, backslashes, `${` and `%{`)."""
    text = json.dumps(value, ensure_ascii=False).replace("${", "$${").replace("%{", "%%{")
    return Expr(text)


@dataclass
class Attr:
    name: str
    value: Expr
    comments: list[str] = field(default_factory=list)
    line_comment: str | None = None


@dataclass
class Dynamic:
    """How a block is generated: `dynamic "<type>" { for_each, iterator }`."""

    for_each: Expr
    iterator: str  # the name its content reads (`<type>` unless `iterator = x`)


@dataclass
class Blk:
    type: str
    items: list[Attr | Blk] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    line_comment: str | None = None
    dynamic: Dynamic | None = None

    def attr(self, name: str) -> Attr | None:
        for item in self.items:
            if isinstance(item, Attr) and item.name == name:
                return item
        return None

    def blocks(self, type_: str) -> list[Blk]:
        return [item for item in self.items if isinstance(item, Blk) and item.type == type_]

    def without(self, *names: str) -> list[Attr | Blk]:
        """The items but the attributes and blocks of these names."""
        return [
            item
            for item in self.items
            if not (isinstance(item, Attr) and item.name in names)
            and not (isinstance(item, Blk) and item.type in names)
        ]


Fragment = Attr | Blk


# ---------------------------------------------------------------- reading


def read_item(text: str, item: Item) -> Fragment | None:
    """An attribute or block of a file (`text` is its text) as a fragment; a `dynamic`
    block becomes the block it generates, with its Dynamic."""
    comments = [token.text for token in item.lead_comments]
    line_comment = item.line_comment.text if item.line_comment is not None else None
    if isinstance(item, Attribute):
        value = Expr(text[item.expr.start : item.expr.end], item.expr, text)
        return Attr(item.name, value, comments, line_comment)
    if not isinstance(item, Block):
        return None
    if item.type == "dynamic" and len(item.labels) == 1:
        body = item.body
        for_each = body.attribute("for_each")
        content = body.first_block("content")
        if for_each is None or content is None:
            return None
        iterator = body.attribute("iterator")
        name = item.labels[0].value
        if iterator is not None:
            name = text[iterator.expr.start : iterator.expr.end].strip()
        dynamic = Dynamic(
            Expr(text[for_each.expr.start : for_each.expr.end], for_each.expr, text), name
        )
        items = [f for child in content.body.items if (f := read_item(text, child)) is not None]
        return Blk(item.labels[0].value, items, comments, line_comment, dynamic)
    if item.labels:
        return None
    items = [f for child in item.body.items if (f := read_item(text, child)) is not None]
    return Blk(item.type, items, comments, line_comment)


# ---------------------------------------------------------------- rendering


def render(items: list[Fragment]) -> str:
    """HCL source of items at the top of a body (format it at its level)."""
    lines: list[str] = []
    previous: Fragment | None = None
    for item in items:
        if previous is not None and (isinstance(item, Blk) or isinstance(previous, Blk)):
            lines.append("")
        lines.extend(item.comments)
        if isinstance(item, Attr):
            suffix = f" {item.line_comment}" if item.line_comment else ""
            lines.append(f"{item.name} = {item.value.text}{suffix}")
        else:
            lines.extend(_render_block(item))
        previous = item
    return "\n".join(lines)


def _render_block(block: Blk) -> list[str]:
    suffix = f" {block.line_comment}" if block.line_comment else ""
    inner = render(block.items)
    if block.dynamic is None:
        if not inner:
            return [f"{block.type} {{}}{suffix}"]
        return [f"{block.type} {{{suffix}", inner, "}"]
    head = [f'dynamic "{block.type}" {{{suffix}', f"for_each = {block.dynamic.for_each.text}"]
    if block.dynamic.iterator != block.type:
        head.append(f"iterator = {block.dynamic.iterator}")
    return [*head, "", "content {", inner, "}", "}"]


def rename_roots(fragment: Fragment, roots: dict[str, str]) -> Fragment:
    """The fragment with the roots of every reference renamed (see Expr.renamed)."""
    if not roots:
        return fragment
    if isinstance(fragment, Attr):
        return Attr(
            fragment.name, fragment.value.renamed(roots), fragment.comments, fragment.line_comment
        )
    dynamic = fragment.dynamic
    if dynamic is not None:
        dynamic = Dynamic(dynamic.for_each.renamed(roots), dynamic.iterator)
    return Blk(
        fragment.type,
        [rename_roots(item, roots) for item in fragment.items],
        fragment.comments,
        fragment.line_comment,
        dynamic,
    )
