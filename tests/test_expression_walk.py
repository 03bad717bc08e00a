"""has_comment against a walk over every token; items_mentioning against a search per item."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from codemods.comment_syntax import CommentSyntax
from codemods.deprecated_index import DeprecatedIndex
from fixer.codemod import Context
from fixer.expression_walk import has_comment, items_mentioning, token_arrays
from fixer.lsp.incremental import BufferSource, IncrementalParser
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


class CountedPattern:
    """A compiled pattern that counts its searches."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)
        self.searches = 0

    def search(self, *args: object) -> re.Match[str] | None:
        self.searches += 1
        return self.pattern.search(*args)  # type: ignore[arg-type]


ITEM_TEXTS = st.sampled_from(
    [
        "a{n} = 1\n",
        'b{n} = lookup(var.m, "k")\n',
        "c{n} = [\n  ]\n",
        'locals {{\n  d{n} = "${{x}}"\n  e{n} = [ ]\n}}\n',
        "f{n} = x.0\n",
        "# lookup(\ng{n} = 2\n",
        "h{n} = notlookup(1)\n",
    ]
)
PATTERNS = [r"\blookup[ \t]*\(", r"\[\s*\]", r'"\$\{', r"\.[ \t]*[*0-9]", r"\]\n*\w"]


@settings(max_examples=200)
@given(st.lists(ITEM_TEXTS, max_size=12), st.sampled_from(PATTERNS))
def test_items_mentioning_agrees_with_a_search_of_each_item(items: list[str], pattern: str) -> None:
    source = SourceFile("main.tf", "".join(text.format(n=n) for n, text in enumerate(items)))
    tree = source.tree
    assert tree is not None
    compiled = re.compile(pattern)
    expected = [i for i in tree.body.items if compiled.search(source.text, i.start, i.end)]
    assert list(items_mentioning(source, compiled)) == expected


def test_items_mentioning_searches_once_per_match_not_once_per_item() -> None:
    text = "".join(f"a{i} = {i}\n" for i in range(300)) + 'z = lookup(var.m, "k")\n'
    source = SourceFile("main.tf", text)
    pattern = CountedPattern(r"\blookup[ \t]*\(")
    assert [item.name for item in items_mentioning(source, pattern)] == ["z"]  # type: ignore[arg-type, attr-defined]
    assert pattern.searches == 1


EDITED = "locals {\n  a = aws_subnet.a.*.id // x\n}\n\n/* c\n */\nlocals {\n  b = 1\n}\n"


def test_the_editors_trees_hold_token_lists_and_are_read_alike() -> None:
    # The editor's parser builds a tree from reused chunks with a list of Token objects,
    # where the parser's own trees hold arrays: codemods reading the arrays failed there
    # (the editor then showed no FX014 or FX015 finding).
    edited = BufferSource("main.tf", EDITED, parser=IncrementalParser())
    fresh = SourceFile("main.tf", EDITED)
    assert edited.tree is not None and fresh.tree is not None
    assert isinstance(edited.tree.tokens, list)
    assert [list(a) for a in token_arrays(edited.tree)] == [
        list(a) for a in token_arrays(fresh.tree)
    ]
    for codemod in (CommentSyntax(), DeprecatedIndex()):
        found = [
            [
                (f.message, f.span, f.fix)
                for f in codemod.check(Context({"main.tf": s}, None, codemod))
            ]
            for s in (edited, fresh)
        ]
        assert found[0] == found[1] and found[0]
    assert has_comment(edited.tree, 0, len(EDITED))
