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
    if type(memo) is tuple:  # one fact so far: (function, fact)
        if memo[0] is compute:
            return cast(T, memo[1])
    elif memo is not None and compute in memo:
        return cast(T, memo[compute])
    value = compute(item)
    memo = item.memo  # computing may have memoized other facts of the item
    if memo is None:  # the first fact: a pair, where a dict would cost four times as much
        item.memo = (compute, value)
    elif type(memo) is tuple:
        item.memo = {memo[0]: memo[1], compute: value}
    else:
        memo[compute] = value
    return value


def facts(item: Item) -> dict[Callable[..., object], object]:
    """What `memoized` keeps with the item: each function and what it computed."""
    memo = item.memo
    if memo is None:
        return {}
    if type(memo) is tuple:
        return {memo[0]: memo[1]}
    return dict(memo)
