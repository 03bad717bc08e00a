"""Concrete syntax tree: every node knows its span over the exact source text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from fixer.syntax.tokens import (
    CBRACE,
    IDENT,
    NUMBER,
    OBRACE,
    QUOTED_LIT,
    STRING_LIT,
    LineIndex,
    Position,
    Token,
)


@dataclass(eq=False, slots=True)
class Node:
    """A node covering source[start:end] (character offsets)."""

    start: int
    end: int

    def children(self) -> Iterator[Node]:
        return iter(())

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in source order (iteratively: no depth limit)."""
        stack: list[Node] = [self]
        pop, extend = stack.pop, stack.extend
        while stack:
            node = pop()
            yield node
            children = list(node.children())
            if children:
                children.reverse()
                extend(children)


# ---------------------------------------------------------------- expressions


@dataclass(eq=False, slots=True)
class Expression(Node):
    """Any expression."""


@dataclass(eq=False, slots=True)
class LiteralValue(Expression):
    """A number, `true`, `false` or `null`: `literal` is its text."""

    literal: str

    @property
    def token(self) -> Token:
        """Its token (made on each read: the node keeps the text only)."""
        kind = NUMBER if self.literal[:1].isdigit() else IDENT
        return Token(kind, self.literal, self.start)


@dataclass(eq=False, slots=True)
class TemplateLiteral(Node):
    """Literal text inside a template, escapes not yet resolved: `text` is its source."""

    text: str
    in_heredoc: bool = False

    @property
    def tokens(self) -> list[Token]:
        """Its tokens: a QUOTED_LIT in a quoted string, a STRING_LIT per line in a heredoc
        (made on each read: the node keeps the text only)."""
        text = self.text
        if not self.in_heredoc:
            return [Token(QUOTED_LIT, text, self.start)]
        tokens = []
        at = 0
        while at < len(text):
            end = text.find("\n", at) + 1 or len(text)
            tokens.append(Token(STRING_LIT, text[at:end], self.start + at))
            at = end
        return tokens


@dataclass(eq=False, slots=True)
class TemplateInterpolation(Node):
    """`${ expr }` inside a template."""

    expr: Expression

    def children(self) -> Iterator[Node]:
        yield self.expr


@dataclass(eq=False, slots=True)
class TemplateDirective(Node):
    """`%{ if cond }`, `%{ else }`, `%{ endif }`, `%{ for k, v in coll }` or `%{ endfor }`."""

    keyword: str
    names: list[Token] = field(default_factory=list)
    expr: Expression | None = None

    def children(self) -> Iterator[Node]:
        if self.expr is not None:
            yield self.expr


TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateDirective


@dataclass(eq=False, slots=True)
class Template(Expression):
    """A quoted string or a heredoc, as a sequence of literal and template parts."""

    parts: Sequence[TemplatePart]  # kept as a tuple
    heredoc: bool = False
    strip_indent: bool = False  # a `<<-` heredoc: its common indentation is not content

    def __post_init__(self) -> None:
        self.parts = tuple(self.parts)

    def children(self) -> Iterator[Node]:
        yield from self.parts


@dataclass(eq=False, slots=True)
class Variable(Expression):
    """A bare name: `var`, `local`, `count`, `each`, a resource type ...; `identifier`
    is the name."""

    identifier: str

    @property
    def name(self) -> Token:
        """The name's token (made on each read: the node keeps the text only)."""
        return Token(IDENT, self.identifier, self.start)


@dataclass(eq=False, slots=True)
class GetAttr(Node):
    """`.name` step of a traversal; `identifier` is the name."""

    identifier: str

    @property
    def name(self) -> Token:
        """The name's token (made on each read: the node keeps the text only)."""
        return Token(IDENT, self.identifier, self.end - len(self.identifier))


@dataclass(eq=False, slots=True)
class Index(Node):
    """`[expr]` step of a traversal."""

    key: Expression

    def children(self) -> Iterator[Node]:
        yield self.key


@dataclass(eq=False, slots=True)
class LegacyIndex(Node):
    """`.0` step of a traversal (legacy index syntax)."""

    number: Token


@dataclass(eq=False, slots=True)
class Splat(Node):
    """`.*` (attribute-only splat) or `[*]` (full splat) step of a traversal."""

    full: bool


Step = GetAttr | Index | LegacyIndex | Splat


@dataclass(eq=False, slots=True)
class Traversal(Expression):
    """An expression followed by traversal steps: `aws_vpc.main.id`, `var.x[0]`, `f()[*].y`."""

    source: Expression
    steps: Sequence[Step]  # kept as a tuple

    def __post_init__(self) -> None:
        self.steps = tuple(self.steps)

    def children(self) -> Iterator[Node]:
        yield self.source
        yield from self.steps


@dataclass(eq=False, slots=True)
class FunctionCall(Expression):
    """`name(args)`, `provider::ns::name(args)`; `expand` when the last argument has `...`."""

    name: str
    args: Sequence[Expression]  # kept as a tuple
    expand: bool = False
    # The tokens of a provider function's name (they may have space between them);
    # None for a plain name, whose one token is made on each read.
    provider_name_tokens: list[Token] | None = None

    def __post_init__(self) -> None:
        self.args = tuple(self.args)

    @property
    def name_tokens(self) -> list[Token]:
        """The name's tokens: IDENT, or IDENT `::` IDENT `::` IDENT for a provider's."""
        if self.provider_name_tokens is not None:
            return self.provider_name_tokens
        return [Token(IDENT, self.name, self.start)]

    def children(self) -> Iterator[Node]:
        yield from self.args


@dataclass(eq=False, slots=True)
class Tuple(Expression):
    """`[a, b, c]`."""

    items: Sequence[Expression]  # kept as a tuple

    def __post_init__(self) -> None:
        self.items = tuple(self.items)

    def children(self) -> Iterator[Node]:
        yield from self.items


@dataclass(eq=False, slots=True)
class ObjectItem(Node):
    """`key = value` or `key: value` inside an object constructor."""

    key: Expression
    value: Expression
    separator: Token

    def children(self) -> Iterator[Node]:
        yield self.key
        yield self.value

    @property
    def key_name(self) -> str | None:
        """The key as a plain string when it is a bare name or a literal string."""
        key = self.key
        if isinstance(key, Variable):
            return key.identifier
        if isinstance(key, Template) and not key.heredoc:
            from fixer.syntax.values import template_literal

            return template_literal(key)
        return None


@dataclass(eq=False, slots=True)
class Object(Expression):
    """`{ a = 1, b = 2 }`."""

    items: Sequence[ObjectItem]  # kept as a tuple

    def __post_init__(self) -> None:
        self.items = tuple(self.items)

    def children(self) -> Iterator[Node]:
        yield from self.items


@dataclass(eq=False, slots=True)
class ForExpr(Expression):
    """`[for k, v in coll : v if c]` or `{for k, v in coll : k => v... if c}`."""

    key_var: Token | None
    value_var: Token
    collection: Expression
    key_expr: Expression | None
    value_expr: Expression
    condition: Expression | None
    grouping: bool
    is_object: bool

    def children(self) -> Iterator[Node]:
        yield self.collection
        if self.key_expr is not None:
            yield self.key_expr
        yield self.value_expr
        if self.condition is not None:
            yield self.condition


@dataclass(eq=False, slots=True)
class Conditional(Expression):
    """`cond ? a : b`."""

    condition: Expression
    true_expr: Expression
    false_expr: Expression

    def children(self) -> Iterator[Node]:
        yield self.condition
        yield self.true_expr
        yield self.false_expr


@dataclass(eq=False, slots=True)
class BinaryOp(Expression):
    """`a op b`."""

    left: Expression
    operator: Token
    right: Expression

    def children(self) -> Iterator[Node]:
        yield self.left
        yield self.right


@dataclass(eq=False, slots=True)
class UnaryOp(Expression):
    """`-a` or `!a`."""

    operator: Token
    operand: Expression

    def children(self) -> Iterator[Node]:
        yield self.operand


@dataclass(eq=False, slots=True)
class Parens(Expression):
    """`(expr)`."""

    expr: Expression

    def children(self) -> Iterator[Node]:
        yield self.expr


# ---------------------------------------------------------------- structure


class _NoComments(list):  # type: ignore[type-arg]
    """The empty list of lead comments that items without any share (one object instead of
    one per item); it cannot be changed: assign a new list instead."""

    __slots__ = ()

    def _unchangeable(self, *args: object, **kwargs: object) -> None:
        raise TypeError("NO_COMMENTS is shared by many items: assign a new list instead")

    append = extend = insert = pop = remove = clear = sort = reverse = _unchangeable  # type: ignore[assignment]
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _unchangeable  # type: ignore[assignment]


NO_COMMENTS: list[Token] = _NoComments()


@dataclass(eq=False, slots=True)
class Item(Node):
    """An attribute or a block, with the comments that belong to it.

    `start`/`end` cover the item itself; `lead_comments` are the comment lines right
    above it (no blank line between), `line_comment` the comment after it on its last
    line. `full_start`/`full_end` cover all of that, from the start of the first lead
    line (indentation included) to the end of the item's line (newline included).
    `memo` keeps what `fixer.syntax.memo.memoized` computed from the item (a
    (function, fact) pair for the first, a dict once there are several).
    """

    lead_comments: list[Token]
    line_comment: Token | None
    full_start: int
    full_end: int
    memo: tuple[object, object] | dict[object, object] | None = field(
        default=None, kw_only=True, repr=False
    )


@dataclass(eq=False, slots=True)
class Attribute(Item):
    """`name = expr`."""

    identifier: str
    expr: Expression

    @property
    def name(self) -> str:
        return self.identifier

    @property
    def name_token(self) -> Token:
        """The name's token (made on each read: the node keeps the text only)."""
        return Token(IDENT, self.identifier, self.start)

    def children(self) -> Iterator[Node]:
        yield self.expr


@dataclass(eq=False, slots=True)
class Label(Node):
    """A block label, quoted (`"aws_vpc"`) or bare (`aws_vpc`); `value` is its string."""

    value: str
    quoted: bool


@dataclass(eq=False, slots=True)
class Body(Node):
    """The attributes and blocks of a file or of a block, in source order.

    For a block, the span runs from just after `{` to just before `}`.
    """

    items: Sequence[Item]  # kept as a tuple

    def __post_init__(self) -> None:
        self.items = tuple(self.items)

    def children(self) -> Iterator[Node]:
        yield from self.items

    @property
    def attributes(self) -> dict[str, Attribute]:
        return {item.name: item for item in self.items if isinstance(item, Attribute)}

    @property
    def blocks(self) -> list[Block]:
        return [item for item in self.items if isinstance(item, Block)]

    def attribute(self, name: str) -> Attribute | None:
        for item in self.items:
            if isinstance(item, Attribute) and item.name == name:
                return item
        return None

    def blocks_of_type(self, block_type: str, *labels: str) -> list[Block]:
        return [
            item
            for item in self.items
            if isinstance(item, Block)
            and item.type == block_type
            and tuple(label.value for label in item.labels[: len(labels)]) == labels
        ]

    def first_block(self, block_type: str, *labels: str) -> Block | None:
        found = self.blocks_of_type(block_type, *labels)
        return found[0] if found else None


@dataclass(eq=False, slots=True)
class Block(Item):
    """`type "label" ... { body }`."""

    type_name: str
    labels: Sequence[Label]  # kept as a tuple
    body: Body

    def __post_init__(self) -> None:
        self.labels = tuple(self.labels)

    @property
    def type(self) -> str:
        return self.type_name

    # Tokens made on each read: the node keeps where they are, through its body's span.
    @property
    def type_token(self) -> Token:
        return Token(IDENT, self.type_name, self.start)

    @property
    def open_brace(self) -> Token:
        return Token(OBRACE, "{", self.body.start - 1)

    @property
    def close_brace(self) -> Token:
        return Token(CBRACE, "}", self.body.end)

    @property
    def label_values(self) -> tuple[str, ...]:
        return tuple(label.value for label in self.labels)

    def children(self) -> Iterator[Node]:
        yield from self.labels
        yield self.body


@dataclass(eq=False, slots=True)
class File(Node):
    """A parsed file: the text (a leading byte-order mark included), its tokens, and its
    top-level body."""

    text: str
    tokens: Sequence[Token]  # a TokenList from the parser
    body: Body
    path: str = "<input>"
    _lines: LineIndex | None = None

    def children(self) -> Iterator[Node]:
        yield self.body

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def position(self, offset: int) -> Position:
        return self.lines.position(offset)

    def source(self, node: Node) -> str:
        """The exact source text of a node."""
        return self.text[node.start : node.end]

    def print(self) -> str:
        """Print the tree back to text: the concatenation of its tokens, node by node."""
        from fixer.syntax.printer import print_tokens

        return "".join(print_tokens(self, self.tokens))
