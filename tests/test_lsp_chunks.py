"""Closed chunks: formatting and the editor's incremental parse give what whole-file runs give."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixer.lsp.incremental import BufferSource, IncrementalParser, _fields
from fixer.syntax import chunks as chunks_module
from fixer.syntax.chunks import closed_chunks, format_by_chunks, is_closed
from fixer.syntax.cst import Node
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format import format_source
from fixer.syntax.lexer import scan
from fixer.syntax.parser import parse
from fixer.syntax.tokens import Token, TokenList

TRICKY = [
    # a block comment with blank lines inside, and one never closed
    "/* one\n\n two */\nx = 1\n\ny = 2\n",
    "x = 1\n\n/* open\n\ny = 2\n",
    # blank lines inside blocks, heredocs, templates and brackets
    'resource "a" "b" {\n  x = 1\n\n  y = 22\n}\n\nz = 3\n',
    "x = <<EOT\na\n\n}\nEOT\n\ny   = 2\n",
    'x = "${\n\n1}"\n\ny = 1\n',
    "x = [\n  1,\n\n  2,\n]\n\ny = {\n\n}\n",
    # alignment and comments next to blank lines; CRLF; spaces on blank lines
    "a = 1\nbb = 2 # c\n\nccc = 3 # d\nd = 4\n",
    "a = 1\r\n  \r\nbbb = 2\r\n\t\r\nc = 3\r\n",
    # junk, strays and errors
    "}\n\nx = 1\n",
    "x = 1\n\nx = 2\n",
    'x = "\n\ny = 1\n',
    "x = 1\n\n\n",
    "",
]


def _dump(value: object) -> object:
    if isinstance(value, Token):
        return ("Token", value.kind, value.text, value.start)
    if isinstance(value, list | tuple | TokenList):  # nodes keep their lists as tuples
        return [_dump(v) for v in value]
    if isinstance(value, Node):
        fields = (n for n in _fields(type(value)) if not n.startswith("_"))
        return (type(value).__name__, tuple((n, _dump(getattr(value, n, None))) for n in fields))
    return value


def _outcome(function, text: str) -> object:
    try:
        return _dump(function(text))
    except HCLSyntaxError as error:
        return ("error", str(error))


@pytest.mark.parametrize("text", TRICKY)
def test_chunks_cover_the_text_and_format_like_the_whole(text: str) -> None:
    chunks = closed_chunks(text)
    assert "".join(chunks) == text
    assert all(is_closed(chunk) for chunk in chunks[:-1])
    assert _outcome(format_by_chunks, text) == _outcome(format_source, text)


def test_a_long_block_with_many_blank_lines_is_scanned_a_few_times_then_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = "".join(f"  a{n} = {n}\n\n" for n in range(400))
    text = f"locals {{\n{body}}}\n\nx = 1\n\ny = 2\n"
    scanned: list[int] = []

    def counting(chunk: str) -> tuple[list[str], list[str]]:
        scanned.append(len(chunk))
        return scan(chunk)

    is_closed.cache_clear()
    chunks_module._long_chunks.clear()
    monkeypatch.setattr(chunks_module, "scan", counting)
    pieces = closed_chunks(text)
    assert pieces == [f"locals {{\n{body}}}\n", "\nx = 1\n", "\ny = 2\n"]
    assert sum(scanned) <= 3 * len(text)  # not one scan per blank line
    assert len(scanned) <= chunks_module.MAX_TRIES + 12
    scanned.clear()
    edited = text.replace("y = 2", "y = 3")
    assert closed_chunks(edited) == [*pieces[:2], "\ny = 3\n"]
    assert scanned == []  # the block's chunk is remembered, the last piece needs no scan
    assert format_by_chunks(text) == format_source(text)
    unclosed = text.replace("\n}\n", "\n\n")  # the block never closes
    assert closed_chunks(unclosed) == [unclosed]


@pytest.mark.parametrize("text", TRICKY)
def test_incremental_parse_is_the_whole_parse(text: str) -> None:
    parser = IncrementalParser()
    for version in (text, text + "\n\nextra = 1\n", "w = 0\n\n" + text, text):
        assert _outcome(parser.parse, version) == _outcome(parse, version)


LINES = st.sampled_from(
    [
        "x = 1",
        "",
        "  ",
        "# c",
        'r "a" {',
        "}",
        "  y = [",
        "  ]",
        "z = <<E",
        "E",
        '  s = "ü🚀"',
        "/*",
        "*/",
    ]
)


def _versions(lines: list[str], edits: list[tuple[int, str]]) -> Iterator[str]:
    """The text after each edit (a line inserted at an index), the first line first."""
    for at, line in [(0, lines[0] if lines else ""), *edits]:
        lines.insert(min(at, len(lines)), line)
        yield "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=25), st.lists(st.tuples(st.integers(0, 30), LINES), max_size=6))
def test_edits_in_sequence_parse_and_format_like_the_whole(lines: list[str], edits) -> None:
    parser = IncrementalParser()
    for text in _versions(lines, edits):
        assert _outcome(parser.parse, text) == _outcome(parse, text)
        assert _outcome(format_by_chunks, text) == _outcome(format_source, text)


@settings(max_examples=100, deadline=None)
@given(st.lists(LINES, max_size=25), st.lists(st.tuples(st.integers(0, 30), LINES), max_size=6))
def test_buffers_format_by_their_parsed_chunks_like_the_whole(lines: list[str], edits) -> None:
    parser = IncrementalParser()
    for text in _versions(lines, edits):
        source = BufferSource("main.tf", text, parser=parser)
        if source.tree is not None:
            assert source.canonical == format_source(text)


def test_a_remembered_long_chunk_is_not_used_once_no_blank_line_follows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chunks_module, "MAX_TRIES", 1)
    parser = IncrementalParser()
    first = "a = [\n\n]\nb = 1\n\nccc = 2\n"
    assert closed_chunks(first) == ["a = [\n\n]\nb = 1\n", "\nccc = 2\n"]
    second = first.replace("1\n\n", "1\n")  # `b` and `ccc` now align
    assert closed_chunks(second) == [second]
    assert format_by_chunks(second) == format_source(second) == "a = [\n\n]\nb   = 1\nccc = 2\n"
    assert _outcome(parser.parse, first) == _outcome(parse, first)
    assert _outcome(parser.parse, second) == _outcome(parse, second)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINES, max_size=25), st.lists(st.tuples(st.integers(0, 30), LINES), max_size=6))
def test_edits_in_sequence_give_the_same_chunks_when_long_stretches_are_searched(
    lines: list[str], edits
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks_module, "MAX_TRIES", 1)  # every open stretch is a long one
        parser = IncrementalParser()
        for text in _versions(lines, edits):
            chunks = closed_chunks(text)
            assert "".join(chunks) == text
            assert all(is_closed(chunk) for chunk in chunks[:-1])
            assert _outcome(parser.parse, text) == _outcome(parse, text)
            assert _outcome(format_by_chunks, text) == _outcome(format_source, text)


def test_the_corpus_formats_and_reparses_like_the_whole(corpus_dir: Path) -> None:
    rng = random.Random(6)
    files = sorted((corpus_dir / "files").rglob("*.tf"))[::40]
    files += sorted((corpus_dir / "fmt_cases").glob("*.input.tf"))[::40]
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for variant in (text, text.replace("\n", "\r\n")):
            assert _outcome(format_by_chunks, variant) == _outcome(format_source, variant), path
        parser = IncrementalParser()
        lines = text.split("\n")
        for _ in range(3):
            version = "\n".join(lines)
            assert _outcome(parser.parse, version) == _outcome(parse, version), path
            at = rng.randrange(len(lines))
            lines[at] = rng.choice(["", "x = 1", lines[at] + " ", lines[at][:-1], "}"])
