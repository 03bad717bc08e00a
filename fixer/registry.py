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


def known_codes() -> set[str]:
    return {cls.code for cls in all_codemods()}


def find_codemod(key: str) -> CodemodClass | None:
    """The codemod with this code (any case) or kebab-case name."""
    for cls in all_codemods():
        if key.upper() == cls.code or key.lower() == cls.name:
            return cls
    return None


def _matches(cls: CodemodClass, pattern: str) -> bool:
    pattern_upper = pattern.upper()
    return (
        pattern_upper == "ALL" or cls.code.startswith(pattern_upper) or pattern.lower() == cls.name
    )


def select_codemods(
    select: Iterable[str] = ("ALL",), ignore: Iterable[str] = ()
) -> tuple[CodemodClass, ...]:
    """Codemods matching any `select` pattern and no `ignore` pattern.

    A pattern is `ALL`, a code, a code prefix (`FX0`) or a codemod name.
    """
    select, ignore = list(select), list(ignore)
    registry = all_codemods()
    for pattern in select + ignore:
        if not any(_matches(cls, pattern) for cls in registry):
            raise UnknownCodeError(f"unknown codemod code or name: {pattern!r}")
    return tuple(
        cls
        for cls in registry
        if any(_matches(cls, p) for p in select) and not any(_matches(cls, p) for p in ignore)
    )
