"""Which instances of a counted resource a reference picks: `x[count.index]`, `x[0]`,
`x[*]` ... for codemods that change how many instances a resource has."""

from __future__ import annotations

from dataclasses import dataclass

from fixer.syntax.cst import (
    Block,
    Expression,
    GetAttr,
    Index,
    LegacyIndex,
    Node,
    Splat,
    Traversal,
    Variable,
)
from fixer.syntax.values import Reference, try_literal


@dataclass(frozen=True)
class InstanceUse:
    """How a reference picks instances of a counted resource.

    `index` is the index expression applied to the list of instances (None: the whole
    list, as in `x[*].id` or `length(x)`); `full_splat` says an index follows `[*]`.
    """

    reference: Reference
    index: Expression | LegacyIndex | None
    full_splat: bool = False

    @property
    def by_count_index(self) -> bool:
        """Whether the index is exactly `count.index`."""
        key = self.index
        if not isinstance(key, Traversal) or not isinstance(key.source, Variable):
            return False
        names = [key.source.name.text] + [
            step.name.text for step in key.steps if isinstance(step, GetAttr)
        ]
        return names == ["count", "index"] and len(key.steps) == 1

    @property
    def first_instance(self) -> bool:
        """Whether the index is the literal 0 (`x[0]`, `x.0`)."""
        key = self.index
        if isinstance(key, LegacyIndex):
            return key.number.text == "0"
        if key is None:
            return False
        ok, value = try_literal(key)
        return ok and value == 0 and not isinstance(value, bool)


def instance_use(reference: Reference) -> InstanceUse:
    """Which instances a reference to `type.name` selects (see `InstanceUse`)."""
    node = reference.node
    if not isinstance(node, Traversal):
        return InstanceUse(reference, None)
    steps = node.steps[1:]  # after `.name`
    if not steps:
        return InstanceUse(reference, None)
    first = steps[0]
    if isinstance(first, Index):
        return InstanceUse(reference, first.key)
    if isinstance(first, LegacyIndex):
        return InstanceUse(reference, first)
    if isinstance(first, Splat):
        rest = steps[1:]
        while rest and isinstance(rest[0], GetAttr):
            rest = rest[1:]
        if rest and isinstance(rest[0], Index | LegacyIndex):
            key = rest[0].key if isinstance(rest[0], Index) else rest[0]
            return InstanceUse(reference, key, full_splat=first.full)
    return InstanceUse(reference, None)


def inside(block: Block, node: Node) -> bool:
    """Whether a node lies within a block's text (a reference of a resource to itself)."""
    return block.start <= node.start and node.end <= block.end
