"""FX017 deprecated-lookup: two-argument `lookup` written as an index."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tflint_helpers import fixed_files, one, run

from codemods.deprecated_lookup import _LOOKUP, DeprecatedLookup
from fixer.findings import Applicability


def rewritten(value: str) -> str:
    text = f"locals {{\n  a = {value}\n}}\n"
    return fixed_files(DeprecatedLookup, {"main.tf": text})["main.tf"][15:-3]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('lookup(var.m, "k")', 'var.m["k"]'),
        ("lookup(var.m, var.k)", "var.m[var.k]"),
        ('core::lookup(var.m, "k")', 'var.m["k"]'),
        ('lookup({ a = 1 }, "a")', '{ a = 1 }["a"]'),
        ('lookup(var.c ? var.m : var.n, "k")', '(var.c ? var.m : var.n)["k"]'),
        ('lookup(merge(var.m, var.n), "k")', 'merge(var.m, var.n)["k"]'),
        ('lookup(lookup(var.m, "a"), "b")', 'var.m["a"]["b"]'),
        ('lookup(\n    var.m,\n    "k",\n  )', 'var.m["k"]'),
    ],
)
def test_rewrite(value: str, expected: str) -> None:
    assert rewritten(value) == expected


def test_finding_is_safe() -> None:
    finding = one(DeprecatedLookup, {"main.tf": 'locals {\n  a = lookup(var.m, "k")\n}\n'})
    assert finding.message == 'lookup() without a default is deprecated: write var.m["k"]'
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE


@pytest.mark.parametrize(
    "value",
    [
        'lookup(var.m, "k", null)',
        "lookup(var.args...)",
        'provider::x::lookup(var.m, "k")',
        'lookup(var.m, # which key\n    "k")',
    ],
)
def test_not_reported(value: str) -> None:
    assert run(DeprecatedLookup, {"main.tf": f"locals {{\n  a = {value}\n}}\n"}) == []


@settings(max_examples=300)
@given(st.text(alphabet="lookup_ \t(x.:\n", max_size=30))
def test_the_lookup_pattern_matches_where_a_leading_word_boundary_would(text: str) -> None:
    plain = re.compile(r"\blookup[ \t]*\(")
    assert [m.span() for m in _LOOKUP.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for start in range(len(text)):
        assert bool(_LOOKUP.search(text, start)) == bool(plain.search(text, start))
