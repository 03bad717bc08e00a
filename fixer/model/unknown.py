"""The UNKNOWN sentinel: a value the model cannot know without running Terraform."""

from __future__ import annotations

from fixer.syntax.values import Unknown


class _UnknownType:
    """The type of UNKNOWN; it refuses truth tests so that no one guesses by accident."""

    __slots__ = ()
    _instance: _UnknownType | None = None

    def __new__(cls) -> _UnknownType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value: test `is UNKNOWN` or use is_known()")

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _UnknownType()


def is_known(value: object) -> bool:
    """Whether a value, and everything inside it, is known."""
    if value is UNKNOWN or isinstance(value, Unknown):
        return False
    if isinstance(value, list):
        return all(is_known(item) for item in value)
    if isinstance(value, dict):
        return all(is_known(item) for item in value.values())
    return True
