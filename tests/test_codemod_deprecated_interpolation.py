"""FX016 deprecated-interpolation: lone `"${expr}"` strings unwrapped, grouping kept."""

from __future__ import annotations

import pytest
from tflint_helpers import fixed_files, one, run, sources

from codemods.deprecated_interpolation import DeprecatedInterpolation
from fixer.codemod import Context
from fixer.findings import Applicability
from fixer.model.config import ModelConfig


def unwrapped(value: str) -> str:
    text = f"locals {{\n  a = {value}\n}}\n"
    return fixed_files(DeprecatedInterpolation, {"main.tf": text})["main.tf"][15:-3]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"${var.a}"', "var.a"),
        ('["${var.a}", "${var.b}"]', "[var.a, var.b]"),
        ('upper("${var.a}")', "upper(var.a)"),
        ('{ x = "${var.a}" }', "{ x = var.a }"),
        ('{ "${var.k}" = 1 }', "{ (var.k) = 1 }"),
        ('"${var.a + 1}" * 2', "(var.a + 1) * 2"),
        ('!"${var.a || var.b}"', "!(var.a || var.b)"),
        ('"${var.a ? 1 : 2}" == 1', "(var.a ? 1 : 2) == 1"),
        ('"${var.list}"[0]', "var.list[0]"),
        ('["${var.a + 1}"]', "[var.a + 1]"),
        ('"${~ var.a ~}"', "var.a"),
    ],
)
def test_unwrapping(value: str, expected: str) -> None:
    assert unwrapped(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # A line break inside `${ }` is allowed; outside brackets it would end the argument.
        ('"${var.a\n  + 1}"', "(var.a\n  + 1)"),
        ('"${var.a\n  ? 1 : 2}"', "(var.a\n  ? 1 : 2)"),
        ('"${upper(\n    var.a,\n  )}"', "upper(\n    var.a,\n  )"),
    ],
)
def test_an_expression_spanning_lines_keeps_parsing(value: str, expected: str) -> None:
    assert unwrapped(value) == expected


def test_finding_is_safe_and_says_what_to_write() -> None:
    finding = one(DeprecatedInterpolation, {"main.tf": 'locals {\n  a = ["${var.a}"]\n}\n'})
    assert finding.message == "Interpolation-only string: write var.a without the quotes and ${ }"
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE


@pytest.mark.parametrize(
    "value",
    ['"x-${var.a}"', '"${var.a}-x"', '"$${var.a}"', '"%{if true}x%{endif}"', "var.a", '"a"'],
)
def test_templates_with_more_than_one_interpolation_are_not_reported(value: str) -> None:
    assert run(DeprecatedInterpolation, {"main.tf": f"locals {{\n  a = {value}\n}}\n"}) == []


def test_heredoc_is_not_reported() -> None:
    text = "locals {\n  a = <<EOT\n${var.a}\nEOT\n}\n"
    assert run(DeprecatedInterpolation, {"main.tf": text}) == []


def test_interpolation_holding_a_comment_has_no_fix() -> None:
    finding = one(DeprecatedInterpolation, {"main.tf": 'locals {\n  a = ["${var.a /* x */}"]\n}\n'})
    assert finding.fix is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"${"${var.a}"}"', "var.a"),
        ('["${"${"${var.a + 1}"}"}"]', "[var.a + 1]"),
        ('"${"${var.a}"}" * 2', "var.a * 2"),
        ('"${"${var.a ? 1 : 2}"}" == 1', "(var.a ? 1 : 2) == 1"),
    ],
)
def test_a_chain_of_strings_is_one_finding_unwrapped_at_once(value: str, expected: str) -> None:
    """Each level of "${"${x}"}" used to be a finding whose fix waited for the one around
    it: a pass per level, so deep chains never converged."""
    text = f"locals {{\n  a = {value}\n}}\n"
    assert len(run(DeprecatedInterpolation, {"main.tf": text})) == 1
    assert unwrapped(value) == expected


def test_items_whose_strings_go_on_after_an_interpolation_are_not_walked() -> None:
    # Walking every item holding a `"${` took 0.2 s on the corpus for five findings; a
    # lone interpolation closes its string at once (`}"`), and a walked item keeps what
    # was found with it (its memo).
    text = 'locals {\n  a = "${var.x}-suffix"\n}\n\nlocals {\n  b = "${var.y}"\n}\n'
    files = sources({"main.tf": text})
    codemod = DeprecatedInterpolation()
    assert len(list(codemod.check(Context(files, ModelConfig(), codemod)))) == 1
    tree = files["main.tf"].tree
    assert tree is not None
    assert [item.memo is None for item in tree.body.items] == [True, False]
