"""FX018 empty-list-equality: `x == []` compared by length, tuples left alone, nulls guarded."""

from __future__ import annotations

import pytest
from tflint_helpers import fixed_files, one, run, sources

from codemods.empty_list_equality import EmptyListEquality
from fixer.codemod import Context
from fixer.findings import Applicability
from fixer.model.config import ModelConfig

TYPED = 'variable "l" {\n  type = list(string)\n}\n\n'


def rewritten(value: str, declarations: str = TYPED) -> str:
    text = f"{declarations}locals {{\n  a = {value}\n}}\n"
    fixed = fixed_files(EmptyListEquality, {"main.tf": text})["main.tf"]
    return fixed[len(declarations) + 15 : -3]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("var.l == []", "length(var.l) == 0"),
        ("var.l != []", "length(var.l) != 0"),
        ("[] == var.l", "length(var.l) == 0"),
        ("var.l == ([])", "length(var.l) == 0"),
        ("var.l == [] ? 0 : 1", "length(var.l) == 0 ? 0 : 1"),
        ("concat(var.l, []) == []", "length(concat(var.l, [])) == 0"),
    ],
)
def test_rewrite(value: str, expected: str) -> None:
    assert rewritten(value) == expected


def test_finding_is_unsafe_and_explains() -> None:
    finding = one(EmptyListEquality, {"main.tf": TYPED + "locals {\n  a = var.l == []\n}\n"})
    assert finding.message == (
        "var.l == [] is false whenever var.l is a list, set or map: write length(var.l) == 0"
    )
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


def test_null_guard_in_the_same_condition_uses_try() -> None:
    # Terraform evaluates both sides of ||: length(null) would fail the plan.
    value = "var.l == null || var.l == []"
    assert rewritten(value) == "var.l == null || try(length(var.l), 0) == 0"
    value = "var.l != null && var.l != []"
    assert rewritten(value) == "var.l != null && try(length(var.l), 0) != 0"


def test_variable_with_a_null_default_uses_try() -> None:
    declarations = 'variable "l" {\n  type    = list(string)\n  default = null\n}\n\n'
    assert rewritten("var.l == []", declarations) == "try(length(var.l), 0) == 0"
    not_nullable = (
        'variable "l" {\n  type     = list(string)\n  default  = null\n  nullable = false\n}\n\n'
    )
    assert rewritten("var.l == []", not_nullable) == "length(var.l) == 0"


@pytest.mark.parametrize(
    "value",
    [
        "[for x in var.l : x] == []",
        '["a"] == []',
        "local.t == []",
        "[] == []",
        "length(var.l) == 0",
        "var.l == [1]",
        "{ for x in var.l : x => x } == {}",
    ],
)
def test_tuples_and_other_comparisons_are_not_reported(value: str) -> None:
    text = TYPED + f"locals {{\n  t = []\n  a = {value}\n}}\n"
    assert run(EmptyListEquality, {"main.tf": text}) == []


@pytest.mark.parametrize(
    "value",
    [
        "(var.l) == (\n    # none left\n    []\n  )",
        "[] /* empty */ != var.l",
        "(\n    var.l == // none\n    []\n  )",
    ],
)
def test_comments_and_parentheses_around_the_operator_are_still_seen(value: str) -> None:
    text = f"{TYPED}locals {{\n  a = {value}\n}}\n"
    assert len(run(EmptyListEquality, {"main.tf": text})) == 1


def test_items_with_empty_brackets_but_no_comparison_with_them_are_not_walked() -> None:
    # Walking every expression of each item holding a `[]` took 0.44 s on the corpus for
    # no finding; a walked item keeps what was found with it (its memo).
    files = sources({"main.tf": 'variable "a" {\n  default = []\n}\n\nlocals {\n  b = 1 == 2\n}\n'})
    tree = files["main.tf"].tree
    assert tree is not None
    codemod = EmptyListEquality()
    assert list(codemod.check(Context(files, ModelConfig(), codemod))) == []
    assert [item.memo for item in tree.body.items] == [None, None]
