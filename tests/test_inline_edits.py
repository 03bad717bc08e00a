"""inline_edits: replacements inside lines, with canonical chunks kept canonical."""

from __future__ import annotations

from fixer.apply import apply_edits
from fixer.findings import TextEdit
from fixer.inline_edits import inline_edits
from fixer.model.files import SourceFile


def edited(text: str, *replacements: tuple[str, str]) -> tuple[str, list[TextEdit]]:
    spans = []
    for old, new in replacements:
        start = text.index(old)
        spans.append((start, start + len(old), new))
    source = SourceFile("main.tf", text)
    edits = inline_edits(source, spans)
    return apply_edits(text, edits, source.newline), edits


def test_a_replacement_that_moves_nothing_is_the_edit_itself() -> None:
    text = "locals {\n  a = lookup(m, 1)\n  b = 2\n}\n"
    result, edits = edited(text, ("lookup(m, 1)", "m[1]"))
    assert result == "locals {\n  a = m[1]\n  b = 2\n}\n"
    assert edits == [TextEdit("main.tf", 15, 27, "m[1]")]


def test_two_replacements_on_one_line_do_not_overlap() -> None:
    text = 'locals {\n  a = ["${x}", "${y}"]\n}\n'
    _, edits = edited(text, ('"${x}"', "x"), ('"${y}"', "y"))
    assert len(edits) == 2 and not edits[0].overlaps(edits[1])


def test_aligned_comments_move_with_the_line_in_a_canonical_chunk() -> None:
    text = "locals {\n  a = lookup(m, 1) # one\n  b = 22           # two\n}\n"
    result, _ = edited(text, ("lookup(m, 1)", "m[1]"))
    assert result == "locals {\n  a = m[1] # one\n  b = 22   # two\n}\n"


def test_a_chunk_that_was_not_canonical_is_not_reformatted() -> None:
    text = "locals {\n  a = lookup(m, 1) # one\n  b    =    22 # two\n}\n"
    result, _ = edited(text, ("lookup(m, 1)", "m[1]"))
    assert result == text.replace("lookup(m, 1)", "m[1]")


def test_only_the_chunk_holding_the_replacement_is_formatted() -> None:
    text = "locals {\n  a = lookup(m, 1) # one\n  b = 22           # two\n}\n\nlocals {\n  c=1\n}\n"
    result, _ = edited(text, ("lookup(m, 1)", "m[1]"))
    assert result.endswith("locals {\n  c=1\n}\n")
    assert result.startswith("locals {\n  a = m[1] # one\n  b = 22   # two\n}\n")


def test_crlf_is_kept() -> None:
    text = "locals {\r\n  a = lookup(m, 1) # one\r\n  b = 22           # two\r\n}\r\n"
    result, _ = edited(text, ("lookup(m, 1)", "m[1]"))
    assert result == "locals {\r\n  a = m[1] # one\r\n  b = 22   # two\r\n}\r\n"
    result, _ = edited("/* a\r\n b */\r\nx = 1\r\n", ("/* a\r\n b */", "# a\n# b"))
    assert result == "# a\r\n# b\r\nx = 1\r\n"


def test_the_file_tokens_are_not_read_as_objects() -> None:
    # One Token object per token would stay with the tree for as long as it lives.
    source = SourceFile("main.tf", "locals {\n  a = 1\n}\n\nlocals {\n  b = 2\n}\n")
    assert source.tree is not None and source.tree.tokens.top_level_spans() is not None
    start = source.text.index("2")
    inline_edits(source, [(start, start + 1, "3")])
    assert source.tree.tokens.top_level_spans() is not None
