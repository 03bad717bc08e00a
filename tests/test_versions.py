"""fixer.model.versions: the bounds of required_version constraints, and what they
guarantee or exclude; Module.required_versions."""

from __future__ import annotations

import pytest

from fixer.model.files import SourceFile
from fixer.model.project import build_project
from fixer.model.versions import Bounds, excludes, guarantees, raise_floor, version_bounds


@pytest.mark.parametrize(
    ("constraints", "floor", "ceiling"),
    [
        ([">= 1.10"], (1, 10, 0, 1), None),
        (["~> 1.10"], (1, 10, 0, 1), (2, 0, 0, 0)),
        (["~> 1.3.0"], (1, 3, 0, 1), (1, 4, 0, 0)),
        (["~> 1"], (1, 0, 0, 1), (2, 0, 0, 0)),
        (["1.11.4"], (1, 11, 4, 1), (1, 11, 4, 1)),
        (["v1.6"], (1, 6, 0, 1), (1, 6, 0, 1)),
        ([">= 1.10.0-beta1"], (1, 10, 0, 0), None),
        ([">= 1.5.0, < 2.0.0"], (1, 5, 0, 1), (2, 0, 0, 1)),
        ([">= 1.2", ">= 1.9"], (1, 9, 0, 1), None),
        (["< 1.4"], None, (1, 4, 0, 1)),
        (["!= 1.5.0"], None, None),
        ([], None, None),
    ],
)
def test_version_bounds(
    constraints: list[str], floor: tuple[int, ...] | None, ceiling: tuple[int, ...] | None
) -> None:
    bounds = version_bounds(constraints)
    assert bounds is not None
    assert (bounds.floor, bounds.ceiling) == (floor, ceiling)


def test_an_exact_or_at_most_ceiling_is_inclusive() -> None:
    assert version_bounds(["<= 1.4"]) == Bounds(None, (1, 4, 0, 1), True)
    assert version_bounds(["= 1.4"]) == Bounds((1, 4, 0, 1), (1, 4, 0, 1), True)
    assert version_bounds(["< 1.4"]) == Bounds(None, (1, 4, 0, 1), False)


def test_unparsable_constraint_has_no_bounds() -> None:
    assert version_bounds([">= one"]) is None
    assert version_bounds([">= 1.2", "latest"]) is None


@pytest.mark.parametrize(
    ("constraints", "expected"),
    [
        ([">= 1.10"], True),
        (["~> 1.11.0"], True),
        (["> 1.9"], False),  # the floor is 1.9 itself: not a guarantee of 1.10
        ([">= 1.10.0-rc1"], False),  # a pre-release of 1.10 is allowed
        ([">= 1.5", ">= 1.10"], True),
        ([], False),
        (["nonsense"], False),
    ],
)
def test_guarantees(constraints: list[str], expected: bool) -> None:
    assert guarantees(constraints, (1, 10, 0)) is expected


@pytest.mark.parametrize(
    ("constraints", "expected"),
    [
        (["< 1.4"], True),
        (["~> 1.3.0"], True),
        (["<= 1.4"], False),
        (["~> 1.3"], False),
        ([">= 1.0"], False),
        ([], False),
        (["nonsense"], False),
    ],
)
def test_excludes(constraints: list[str], expected: bool) -> None:
    assert excludes(constraints, (1, 4, 0)) is expected


def test_module_required_versions_lists_every_terraform_block() -> None:
    files = {
        "a.tf": 'terraform {\n  required_version = ">= 1.5"\n}\n',
        "b.tf": 'terraform {\n  required_version = "< 2.0"\n}\n\nterraform {}\n',
    }
    module = build_project({rel: SourceFile(rel, text) for rel, text in files.items()}).modules[""]
    assert module.required_versions == [">= 1.5", "< 2.0"]
    assert module.required_version == ">= 1.5"


def test_a_module_without_constraints_has_none() -> None:
    module = build_project({"main.tf": SourceFile("main.tf", "terraform {}\n")}).modules[""]
    assert module.required_versions == []
    assert module.required_version is None


@pytest.mark.parametrize(
    ("constraint", "raised"),
    [
        (">= 1.2, < 2.0", ">= 1.4, < 2.0"),
        ("~> 1.2", "~> 1.4"),
        ("< 2.0", ">= 1.4, < 2.0"),
        (">= 0.13", ">= 1.4"),
        (">= 1.2, != 1.3.1", ">= 1.4, != 1.3.1"),
        (">= 1.6", ">= 1.6"),
        ("~> 1.3.0", None),
        ("1.3.5", None),
        ("not a version", None),
    ],
)
def test_raise_floor(constraint: str, raised: str | None) -> None:
    assert raise_floor(constraint, (1, 4, 0)) == raised
