"""Coherent fix sets: a fix that depends on another fix's result waits for that fix.

A fix that describes or builds on what another fix does (`Fix.requires`) is applied only
when a fix providing it (`Fix.provides`) is applied in the same pass or was applied in
an earlier pass of the run; otherwise it is held back, like a fix of a safety the run
does not allow, and its finding stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from fixer.findings import Fix


def requirements_met(fixes: Sequence[Fix], provided: Iterable[str] = ()) -> list[Fix]:
    """The fixes whose every requirement is in `provided` or provided by another fix that
    stays in the list (dropping one fix may leave another without its requirement)."""
    done = frozenset(provided)
    kept = list(fixes)
    while True:
        available = done.union(*(fix.provides for fix in kept))
        still = [fix for fix in kept if fix.requires <= available]
        if len(still) == len(kept):
            return kept
        kept = still
