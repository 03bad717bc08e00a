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


def with_requirements(
    fix: Fix, others: Sequence[Fix], provided: Iterable[str] = ()
) -> list[Fix] | None:
    """The fix and what it needs to be applied (for the editor's one-fix actions): for
    each requirement not in `provided`, the first fix of `others` providing it, and in
    turn what those require; None when a requirement has no provider. The set passes
    `requirements_met` whole: the rule the engine applies to every pass."""
    done = frozenset(provided)
    chosen = [fix]
    while True:
        available = done.union(*(f.provides for f in chosen))
        missing = frozenset().union(*(f.requires for f in chosen)) - available
        if not missing:
            break
        for requirement in sorted(missing):
            provider = next((f for f in others if requirement in f.provides), None)
            if provider is None:
                return None
            if provider not in chosen:
                chosen.append(provider)
    return chosen if requirements_met(chosen, done) == chosen else None
