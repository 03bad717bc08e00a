"""Terraform version constraints (`required_version`): what versions they allow.

A constraint string is a comma-separated list of `op version` parts (`>= 1.5, < 2.0`,
`~> 1.10`, `1.11.4`); several strings (from several `terraform` blocks) must all hold.
Versions compare as (major, minor, patch, release), where release is 0 for a
pre-release (`1.10.0-beta1`) and 1 for the release, so a pre-release sorts first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CONSTRAINT = re.compile(
    r"^\s*(=|!=|>=|<=|>|<|~>)?\s*v?([0-9]+(?:\.[0-9]+){0,2})(-[0-9A-Za-z.-]+)?\s*$"
)

Version = tuple[int, int, int, int]  # major, minor, patch, 1 for a release, 0 for a pre-release


@dataclass(frozen=True, slots=True)
class Bounds:
    """What a set of version constraints allows: the lowest and highest versions."""

    floor: Version | None  # every allowed version is >= floor (None: no lower bound)
    ceiling: Version | None  # every allowed version is below (or at, if inclusive) ceiling
    inclusive: bool = False


def _version(text: str, pre: str | None) -> Version:
    numbers = [int(part) for part in text.split(".")] + [0, 0]
    return (numbers[0], numbers[1], numbers[2], 0 if pre else 1)


def version_bounds(constraints: Sequence[str]) -> Bounds | None:
    """The bounds of `required_version` constraints (all must hold), None if unparsable.

    `!=` parts are read but narrow nothing; `~> 1.10` allows versions below 2.0.0 and
    its pre-releases, `~> 1.3.0` versions below 1.4.0.
    """
    floor: Version | None = None
    ceiling: Version | None = None
    inclusive = False
    for constraint in constraints:
        for part in constraint.split(","):
            match = _CONSTRAINT.match(part)
            if match is None:
                return None
            operator, number, pre = match.group(1) or "=", match.group(2), match.group(3)
            version = _version(number, pre)
            low: Version | None = None
            high: tuple[Version, bool] | None = None
            if operator in ("=", ">=", ">", "~>"):
                low = version
            if operator == "=":
                high = (version, True)
            elif operator in ("<", "<="):
                high = (version, operator == "<=")
            elif operator == "~>":
                segments = [int(s) for s in number.split(".")]
                if len(segments) > 1:
                    segments = segments[:-1]
                    segments[-1] += 1
                else:
                    segments[0] += 1
                high = (_version(".".join(map(str, segments)), "pre"), False)
            if low is not None and (floor is None or low > floor):
                floor = low
            if high is not None and (ceiling is None or high[0] < ceiling):
                ceiling, inclusive = high
    return Bounds(floor, ceiling, inclusive)


def guarantees(constraints: Sequence[str], minimum: tuple[int, int, int]) -> bool:
    """Whether the constraints only allow the release `minimum` or newer (False without
    a lower bound or when a constraint cannot be read)."""
    bounds = version_bounds(constraints)
    return bounds is not None and bounds.floor is not None and bounds.floor >= (*minimum, 1)


def excludes(constraints: Sequence[str], version: tuple[int, int, int]) -> bool:
    """Whether the constraints allow only versions older than the release `version`
    (False without an upper bound or when a constraint cannot be read)."""
    bounds = version_bounds(constraints)
    if bounds is None or bounds.ceiling is None:
        return False
    release = (*version, 1)
    return bounds.ceiling < release or (bounds.ceiling == release and not bounds.inclusive)


def raise_floor(constraint: str, minimum: tuple[int, int, int]) -> str | None:
    """The constraint with its lower bound raised to the release `minimum`: `>= 1.2, < 2.0`
    -> `>= 1.4, < 2.0`, `~> 1.2` -> `~> 1.4`, `< 2.0` -> `>= 1.4, < 2.0`. The constraint
    itself when it already guarantees `minimum`; None when it cannot be read, or when
    it excludes `minimum` (raising would then allow no version at all)."""
    if version_bounds([constraint]) is None or excludes([constraint], minimum):
        return None
    if guarantees([constraint], minimum):
        return constraint
    wanted = ".".join(str(part) for part in minimum[:2])
    floor = (*minimum, 1)
    parts = [part.strip() for part in constraint.split(",")]
    raised = False
    for index, part in enumerate(parts):
        match = _CONSTRAINT.match(part)
        assert match is not None
        operator, number, pre = match.group(1) or "=", match.group(2), match.group(3)
        if operator in (">=", ">", "~>") and _version(number, pre) < floor:
            parts[index] = f"{'~>' if operator == '~>' else '>='} {wanted}"
            raised = True
    if not raised:
        parts.insert(0, f">= {wanted}")
    return ", ".join(parts)
