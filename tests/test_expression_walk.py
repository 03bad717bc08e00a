"""has_comment: whether a comment starts within a span, against a walk over every token."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fixer.expression_walk import has_comment
from fixer.model.files import SourceFile
from fixer.syntax import tokens as t
from fixer.syntax.parser import parse

TEXT = """locals {
  # lead
  a = "${var.x}" // trailing
  b = lookup(var.m, /* inside */ "k")
  c = [
    1, # one
    2,
  ]
}
"""


def by_walking(text: str, start: int, end: int) -> bool:
    return any(
        token.kind == t.COMMENT and start <= token.start < end for token in parse(text).tokens
    )


@settings(max_examples=300)
@given(st.integers(0, len(TEXT)), st.integers(0, len(TEXT)))
def test_has_comment_agrees_with_a_walk_over_the_tokens(start: int, end: int) -> None:
    tree = parse(TEXT)
    assert has_comment(tree, start, end) == by_walking(TEXT, start, end)


def test_spans_with_and_without_comments() -> None:
    tree = parse(TEXT)
    inside = TEXT.index("/* inside */")
    assert has_comment(tree, inside - 3, inside + 1)
    assert not has_comment(tree, inside + 1, inside + 12)  # the comment started before
    quoted = TEXT.index('"${var.x}"')
    assert not has_comment(tree, quoted, quoted + len('"${var.x}"'))


def test_nested_strings_hold_no_comment_until_the_file_does() -> None:
    """Strings nested 2,000 deep, as FX016 asks about each (tests/test_deep_nesting.py
    takes it to 10,000, where walking the tokens of every span took minutes)."""
    deep = 2_000
    text = "x = " + '"${' * deep + "1" + '}"' * deep + "\n# end\n"
    tree = parse(text)
    spans = [(i * 3 + 4, len(text) - 8 - i * 2) for i in range(deep)]
    assert not any(has_comment(tree, start, end) for start, end in spans)
    assert has_comment(tree, 4, len(text))


def test_has_comment_reads_the_token_arrays_not_one_object_per_token() -> None:
    # Token objects made for the question would stay with the tree as long as it lives.
    source = SourceFile("main.tf", "locals {\n  a = 1 # one\n}\n")
    tree = source.tree
    assert tree is not None and tree.tokens.top_level_spans() is not None
    assert has_comment(tree, 0, len(source.text))
    assert not has_comment(tree, 0, source.text.index("#"))
    assert tree.tokens.top_level_spans() is not None
