"""Looking up codemods by code or name, and selecting them with --select / --ignore."""

from __future__ import annotations

from collections.abc import Iterable

from fixer.codemod import Codemod

CodemodClass = type[Codemod]


class UnknownCodeError(ValueError):
    """A code or name in a selection that matches no codemod."""


def all_codemods() -> tuple[CodemodClass, ...]:
    """The registry: the explicit tuple in `codemods`, sorted by code."""
    from codemods import ALL_CODEMODS

    return tuple(sorted(ALL_CODEMODS, key=lambda cls: cls.code))


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
