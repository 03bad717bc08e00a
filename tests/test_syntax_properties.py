"""Property tests of the syntax layer on generated valid HCL, its mutations and arbitrary input."""

from __future__ import annotations

from hcl_strategies import expressions, hcl_files, quoted_strings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer.syntax import tokens as t
from fixer.syntax.cst import Block, Body, File, Item
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format import format_source
from fixer.syntax.lexer import tokenize
from fixer.syntax.parser import parse


def examples(count: int) -> settings:
    """Settings for a property: count examples, no deadline (generation varies a lot)."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check_tokens(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(tok.text for tok in tokens) == text
    offset = 0
    for tok in tokens:
        assert tok.start == offset
        offset = tok.end
    assert tokens[-1].kind == t.EOF and tokens[-1].start == len(text)


def check_tree(file: File) -> None:
    """Spans nest, siblings are ordered, and items' full extents do not overlap."""
    for node in file.walk():
        assert 0 <= node.start <= node.end <= len(file.text)
        cursor = node.start
        for child in node.children():
            assert cursor <= child.start <= child.end <= node.end, (node, child)
            cursor = child.end
        if isinstance(node, Item):
            assert node.full_start <= node.start <= node.end <= node.full_end
            for comment in node.lead_comments:
                assert node.full_start <= comment.start < comment.end <= node.start
            if node.line_comment is not None:
                assert node.end <= node.line_comment.start < node.line_comment.end
                assert node.line_comment.end <= node.full_end
        if isinstance(node, Body):
            full_cursor = node.start
            for item in node.items:
                assert full_cursor <= item.full_start, item
                full_cursor = item.full_end
            assert full_cursor <= node.end
        if isinstance(node, Block):
            assert file.text[node.open_brace.start] == "{"
            assert file.text[node.close_brace.start] == "}"
            assert node.body.start == node.open_brace.end
            assert node.body.end == node.close_brace.start


def check_error(text: str, error: HCLSyntaxError) -> None:
    lines = text.splitlines() or [""]
    assert 1 <= error.line <= len(lines) + 1
    assert error.column >= 1
    assert error.message


# ---------------------------------------------------------------- valid input


@examples(120)
@given(hcl_files())
def test_valid_files_round_trip(text: str) -> None:
    check_tokens(text)
    file = parse(text)
    assert file.print() == text
    assert file.text == text
    check_tree(file)


@st.composite
def attribute_texts(draw: st.DrawFn) -> tuple[str, str]:
    """(newline, expression) for a one-attribute file `a = <expression><newline>`."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    return nl, draw(expressions(3, True, nl))


@examples(100)
@given(attribute_texts())
def test_valid_expressions_round_trip(case: tuple[str, str]) -> None:
    nl, expr = case
    text = f"a = {expr}{nl}"
    file = parse(text)
    assert file.print() == text
    assert file.source(file.body.items[0]) == f"a = {expr}"
    check_tree(file)


@examples(60)
@given(quoted_strings(2))
def test_quoted_templates_are_one_expression(text: str) -> None:
    file = parse(f"a = {text}\n")
    assert file.source(file.body.items[0].expr) == text  # type: ignore[attr-defined]


@examples(25)
@given(hcl_files())
def test_bytes_with_bom_parse_to_the_same_text_with_the_bom(text: str) -> None:
    file = parse(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert file.text == "\ufeff" + text
    assert file.print() == file.text
    if text.strip(" \t"):  # (a file of spaces keeps them, and the mark counts three)
        assert format_source(file.text) == format_source(text)  # terraform fmt drops it


# ---------------------------------------------------------------- invalid and arbitrary input


def _parse_or_syntax_error(text: str) -> None:
    """Parse; on success the tree prints back, on failure the error is well located."""
    try:
        file = parse(text)
    except HCLSyntaxError as error:
        check_error(text, error)
        return
    assert file.print() == text
    check_tree(file)


_INSERTIONS = st.sampled_from(
    [*"{}[]()\"'$%~\\#/*=:,.?!<>-+&|@\n\r\t 0e", "${", "%{", "<<EOT\n", "\nEOT\n", "\r\n"]
)
_INSERTION_WORDS = st.sampled_from(
    ["...", "::", "for ", " in ", "if ", "é", "\x00", "\ufeff", "/*"]
)


@st.composite
def mutated_files(draw: st.DrawFn) -> str:
    """A valid file with a few characters deleted, inserted or replaced."""
    text = draw(hcl_files())
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "replace"]))
        if action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 3)) :]
        elif action == "insert":
            text = text[:position] + draw(_INSERTIONS | _INSERTION_WORDS) + text[position:]
        else:
            text = text[:position] + draw(_INSERTIONS) + text[position + 1 :]
    return text


@examples(150)
@given(mutated_files())
def test_mutated_files_parse_or_raise_syntax_errors(text: str) -> None:
    check_tokens(text)
    _parse_or_syntax_error(text)


@examples(300)
@given(st.text())
def test_arbitrary_text_parses_or_raises_syntax_errors(text: str) -> None:
    check_tokens(text)
    _parse_or_syntax_error(text)


@examples(200)
@given(st.lists(st.sampled_from([*'ab1 ={}[]()"$%~#/*.,:?!<>-\n\\', "${", "<<EOT\n"])).map("".join))
def test_hcl_like_text_parses_or_raises_syntax_errors(text: str) -> None:
    check_tokens(text)
    _parse_or_syntax_error(text)


@examples(300)
@given(st.binary())
def test_arbitrary_bytes_parse_or_raise_syntax_errors(data: bytes) -> None:
    try:
        file = parse(data)
    except HCLSyntaxError as error:
        assert error.line >= 1 and error.column >= 1
        return
    assert file.print().encode("utf-8") == data.removeprefix(b"\xef\xbb\xbf")
