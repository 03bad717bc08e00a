"""Facts computed once per syntax item and kept with the item for as long as it lives."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from fixer.syntax.cst import Item

ItemT = TypeVar("ItemT", bound=Item)
T = TypeVar("T")


def memoized(item: ItemT, compute: Callable[[ItemT], T]) -> T:
    """`compute(item)`, computed on the first call for this item and function only.

    Trees are never changed in place, so a fact drawn from an item's subtree stays true
    while the item lives; the editor's incremental parser keeps the items of unchanged
    text from one version to the next, so their facts survive an edit elsewhere in the
    file. The one change an item sees is a move (its offsets shift), so a fact must hold
    nodes, never offsets; and nodes below the item, never the item itself (that would make
    a cycle, which only the cyclic garbage collector can free). It must not be mutated
    either: return tuples or frozensets.
    """
    memo = item.memo
    if memo is None:
        memo = item.memo = {}
    try:
        return cast(T, memo[compute])
    except KeyError:
        value = memo[compute] = compute(item)
        return value
