"""Looking up codemods by code or name, and selecting them with --select / --ignore."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
from collections.abc import Iterable

from fixer.codemod import Codemod

CodemodClass = type[Codemod]


class UnknownCodeError(ValueError):
    """A code or name in a selection that matches no codemod."""


# Test hook: comma-separated `module:Class` or `path/to/file.py:Class` entries naming
# codemods that join the registry (tests of front ends that run in their own process).
EXTRA_CODEMODS_VARIABLE = "FIXER_EXTRA_CODEMODS"


def all_codemods() -> tuple[CodemodClass, ...]:
    """The registry: the explicit tuple in `codemods` (plus any the test hook
    FIXER_EXTRA_CODEMODS names), sorted by code."""
    from codemods import ALL_CODEMODS

    extra = _extra_codemods(os.environ.get(EXTRA_CODEMODS_VARIABLE, ""))
    return tuple(sorted(ALL_CODEMODS + extra, key=lambda cls: cls.code))


@functools.cache
def _extra_codemods(spec: str) -> tuple[CodemodClass, ...]:
    found = []
    for entry in filter(None, (part.strip() for part in spec.split(","))):
        where, _, name = entry.rpartition(":")
        if where.endswith(".py"):
            module_spec = importlib.util.spec_from_file_location(f"_extra_{name}", where)
            assert module_spec is not None and module_spec.loader is not None
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(where)
        found.append(getattr(module, name))
    return tuple(found)


def rule_classes() -> tuple[CodemodClass, ...]:
    """The rules that are not codemods: those about suppression comments (FX000, FX100)."""
    from fixer.suppressions import InvalidSuppression, UnusedSuppression

    return (InvalidSuppression, UnusedSuppression)


def all_rules() -> tuple[CodemodClass, ...]:
    """Every codemod and rule, sorted by code: what `fixer rules` lists."""
    return tuple(sorted(all_codemods() + rule_classes(), key=lambda cls: cls.code))


def known_codes() -> set[str]:
    return {cls.code for cls in all_rules()}


def find_codemod(key: str) -> CodemodClass | None:
    """The codemod with this code (any case) or kebab-case name."""
    for cls in all_codemods():
        if key.upper() == cls.code or key.lower() == cls.name:
            return cls
    return None


def find_rule(key: str) -> CodemodClass | None:
    """The codemod or rule with this code (any case) or kebab-case name."""
    for cls in all_rules():
        if key.upper() == cls.code or key.lower() == cls.name:
            return cls
    return None


def _matches(cls: CodemodClass, pattern: str) -> bool:
    if key_matches(cls, pattern):
        return True
    if getattr(cls, "explicit_only", False):
        return False
    pattern_upper = pattern.upper()
    return pattern_upper == "ALL" or cls.code.startswith(pattern_upper)


def key_matches(cls: CodemodClass, pattern: str) -> bool:
    """Whether a pattern is the rule's own code (any case) or name."""
    return pattern.upper() == cls.code or pattern.lower() == cls.name


def resolve_pattern(pattern: str) -> frozenset[str]:
    """The codes a `--select` pattern stands for (empty when it matches no rule)."""
    return frozenset(cls.code for cls in all_rules() if _matches(cls, pattern))


def select_rules(
    select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()
) -> tuple[CodemodClass, ...]:
    """Codemods and rules matching any `select` pattern and no `ignore` pattern.

    A pattern is `ALL`, a code, a code prefix (`FX0`) or a name; rules that are off by
    default (FX100) match only their code or name.
    """
    select, ignore = list(select), list(ignore)
    registry = all_rules()
    for pattern in select + ignore:
        if not any(_matches(cls, pattern) for cls in registry):
            raise UnknownCodeError(f"unknown codemod code or name: {pattern!r}")
    return tuple(
        cls
        for cls in registry
        if any(_matches(cls, p) for p in select) and not any(_matches(cls, p) for p in ignore)
    )


def select_codemods(
    select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()
) -> tuple[CodemodClass, ...]:
    """The codemods among `select_rules`: those that run."""
    codemods = set(all_codemods())
    return tuple(cls for cls in select_rules(select, ignore) if cls in codemods)
