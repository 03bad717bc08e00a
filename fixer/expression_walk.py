"""Walking a parsed file's expressions with their parents, for codemods that rewrite them."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import repeat

from fixer.model.files import SourceFile
from fixer.syntax import tokens as t
from fixer.syntax.cst import (
    Expression,
    File,
    ForExpr,
    FunctionCall,
    Item,
    LiteralValue,
    Node,
    Object,
    Parens,
    Template,
    Traversal,
    Tuple,
    Variable,
)
from fixer.syntax.tokens import token_arrays as arrays_of

# Expressions that bind tighter than any operator: one can be indexed (`x[0]`) or be an
# operand as it is. A heredoc is left out: nothing may follow its closing marker.
_TERMS = (Variable, Traversal, FunctionCall, Parens, Tuple, Object, ForExpr, LiteralValue)


def nodes_with_parents(root: Node) -> Iterator[tuple[Node, Node | None]]:
    """Every node under root (root included) with its parent, in source order.

    Iterative, like `Node.walk`, so deeply nested expressions never hit Python's
    recursion limit.
    """
    stack: list[tuple[Node, Node | None]] = [(root, None)]
    pop, extend = stack.pop, stack.extend
    while stack:
        node, parent = pop()
        yield node, parent
        children = list(node.children())
        if children:
            children.reverse()
            extend(zip(children, repeat(node)))


def is_term(expr: Expression) -> bool:
    """Whether the expression can be indexed, or be an operand, without parentheses."""
    if isinstance(expr, Template):
        return not expr.heredoc
    return isinstance(expr, _TERMS)


def parenthesized(text: str, expr: Expression) -> str:
    """The expression's text, in parentheses when it is not a term."""
    return text if is_term(expr) else f"({text})"


def token_arrays(tree: File) -> tuple[Sequence[str], Sequence[str], Sequence[int]]:
    """The kinds, texts and start offsets of a tree's tokens: the parser's arrays, read
    without making a Token object per token (those would stay with the tree). A tree
    built of reused chunks (the editor's) holds a list of Token objects instead."""
    return arrays_of(tree.tokens)


def has_comment(tree: File, start: int, end: int) -> bool:
    """Whether a comment token lies within tree.text[start:end] (a comment starting there)."""
    starts = _comment_starts(tree)
    i = bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


_COMMENTS: dict[int, tuple[File, list[int]]] = {}


def _comment_starts(tree: File) -> list[int]:
    """The start offsets of the file's comment tokens, in order (remembered for the last
    few files): a lookup per question, where walking the tokens of each span asked about
    was quadratic in nested strings."""
    known = _COMMENTS.get(id(tree))
    if known is not None and known[0] is tree:
        return known[1]
    kinds, _, offsets = token_arrays(tree)
    starts = [start for kind, start in zip(kinds, offsets, strict=True) if kind == t.COMMENT]
    if len(_COMMENTS) > 32:
        _COMMENTS.clear()
    _COMMENTS[id(tree)] = (tree, starts)
    return starts


def one_line(text: str, limit: int = 60) -> str:
    """An expression's text for a message: on one line, cut to about `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def items_mentioning(source: SourceFile, pattern: re.Pattern[str]) -> Iterator[Item]:
    """The file's top-level items whose text the pattern matches: a quick filter, at
    regular-expression speed, before walking an item's expressions.

    The file is searched from one match to the next rather than item by item (which
    started the search again at every item). So the pattern must not look past the text
    it matches (no lookahead, `\\b` or `$` at its end): then a match inside an item is
    also a match in the whole text, at the same place.
    """
    tree = source.tree
    assert tree is not None
    search = pattern.search
    text = source.text
    found: re.Match[str] | None = None
    for item in tree.body.items:
        if found is None or found.start() < item.start:
            found = search(text, item.start)  # the first match at or after the item
            if found is None:
                return
        if found.start() >= item.end:
            continue  # the next match lies beyond this item
        if found.end() <= item.end or search(text, item.start, item.end):
            yield item
