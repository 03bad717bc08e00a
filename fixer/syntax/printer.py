"""Printing a syntax tree back to text, node by node, checking that node spans nest."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from fixer.syntax.cst import File, Node
from fixer.syntax.tokens import Token, TokenList


def print_tokens(file: File, tokens: Sequence[Token]) -> Iterator[str]:
    """Emit each node's tokens between its children, checking that spans nest.

    Iterative (an explicit stack of open nodes), so deep trees print back too.
    """
    if isinstance(tokens, TokenList):
        _, texts, starts = tokens.arrays()
    else:
        texts = [tok.text for tok in tokens]
        starts = [tok.start for tok in tokens]
    count = len(starts)

    def emit(lo: int, hi: int) -> Iterator[str]:
        i = bisect_left(starts, lo)
        while i < count and starts[i] < hi:
            text = texts[i]
            if starts[i] + len(text) > hi:
                raise AssertionError(
                    f"token {text!r} at {starts[i]} crosses a node boundary at {hi}"
                )
            yield text
            i += 1

    # Each frame: the node, an iterator over its children, and the cursor in its span.
    def frame(node: Node, lo: int, hi: int) -> list:
        if not (lo <= node.start <= node.end <= hi):
            raise AssertionError(f"{type(node).__name__} span {node.start}-{node.end} escapes")
        return [node, iter(list(node.children())), node.start]

    stack = [frame(file, 0, len(file.text))]
    while stack:
        top = stack[-1]
        node, children, cursor = top
        child = next(children, None)
        if child is None:
            yield from emit(cursor, node.end)
            stack.pop()
            if stack:
                stack[-1][2] = node.end
            continue
        if child.start < cursor:
            raise AssertionError(f"{type(child).__name__} overlaps its sibling")
        yield from emit(cursor, child.start)
        stack.append(frame(child, cursor, node.end))
