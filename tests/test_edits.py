"""Edit verbs: before/after pairs; every result is canonical and only the intended lines move."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fixer.apply import apply_edits
from fixer.edits import EditError, Editor, append_paragraph, create_file, minimal_edit
from fixer.findings import CreateFile, TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.cst import Attribute, Block, File
from fixer.syntax.format import format_source

BEFORE = """\
resource "aws_instance" "web" {
  ami  = "x"
  type = "t3.micro"

  # the tags
  tags = {
    Name = "web"
  }
  hh = <<EOT
x
EOT
  i  = 1 # comment
}

locals {
}
"""


Picker = Callable[[File], tuple[object, ...]]


def edit(text: str, verb: str, pick: Picker) -> str:
    """Apply one verb to text, its arguments picked from the file's own tree."""
    source = SourceFile("main.tf", text)
    assert source.tree is not None
    editor = Editor(source)
    edits = getattr(editor, verb)(*pick(source.tree))
    assert all(isinstance(e, TextEdit) and e.path == "main.tf" for e in edits)
    result = apply_edits(text, edits, source.newline)
    plain = result.replace("\r\n", "\n")
    assert format_source(plain) == plain, "the result is not canonical"
    return result


def block(file: File, index: int = 0) -> Block:
    found = file.body.items[index]
    assert isinstance(found, Block)
    return found


def attr(owner: Block, name: str) -> Attribute:
    found = owner.body.attribute(name)
    assert found is not None
    return found


def resource(file: File) -> Block:
    return block(file, 0)


def local_block(file: File) -> Block:
    return block(file, 1)


def test_set_attribute_adds_a_line_and_realigns_its_run() -> None:
    assert edit(
        BEFORE, "set_attribute", lambda f: (resource(f), "instance_type_long", '"m5"')
    ) == BEFORE.replace(
        "  hh = <<EOT\nx\nEOT\n  i  = 1 # comment\n",
        "  hh                 = <<EOT\nx\nEOT\n  i                  = 1 # comment\n"
        '  instance_type_long = "m5"\n',
    )


def test_set_attribute_replaces_an_existing_value_only() -> None:
    assert edit(
        BEFORE, "set_attribute", lambda f: (resource(f), "type", '"t3.large"')
    ) == BEFORE.replace('"t3.micro"', '"t3.large"')


def test_replace_value_keeps_the_line_comment() -> None:
    after = edit(BEFORE, "replace_value", lambda f: (attr(resource(f), "i"), "2"))
    assert after == BEFORE.replace("  i  = 1 # comment", "  i  = 2 # comment")


def test_rename_attribute_realigns_the_run() -> None:
    after = edit(BEFORE, "rename_attribute", lambda f: (attr(resource(f), "ami"), "ami_identifier"))
    assert after == BEFORE.replace(
        '  ami  = "x"\n  type = "t3.micro"\n',
        '  ami_identifier = "x"\n  type           = "t3.micro"\n',
    )


def test_remove_attribute_takes_its_lead_comments_and_newline() -> None:
    after = edit(BEFORE, "remove_attribute", lambda f: (attr(resource(f), "tags"),))
    assert after == BEFORE.replace('  # the tags\n  tags = {\n    Name = "web"\n  }\n', "")


def test_remove_attribute_with_line_comment_realigns_what_stays() -> None:
    text = "x {\n  a   = 1\n  bbb = 2 # widest\n  c   = 3\n}\n"
    after = edit(text, "remove_attribute", lambda f: (attr(block(f), "bbb"),))
    assert after == "x {\n  a = 1\n  c = 3\n}\n"


def test_remove_block_takes_one_blank_line_with_it() -> None:
    text = "a {\n}\n\nb {\n  x = 1\n}\n\nc {\n}\n"
    assert edit(text, "remove_block", lambda f: (block(f, 1),)) == "a {\n}\n\nc {\n}\n"


def test_remove_the_first_item_of_a_block_takes_the_blank_line_after_it() -> None:
    text = "locals {\n  a = (\n    1\n  )\n\n  b = 2\n}\n"
    after = edit(text, "remove_attribute", lambda f: (attr(block(f), "a"),))
    assert after == "locals {\n  b = 2\n}\n"


def test_remove_the_last_block_leaves_no_trailing_blank_line() -> None:
    assert edit(BEFORE, "remove_block", lambda f: (local_block(f),)) == BEFORE.removesuffix(
        "\nlocals {\n}\n"
    )


def test_append_block_at_the_end_of_a_body_after_a_blank_line() -> None:
    after = edit(
        BEFORE, "append_block", lambda f: (resource(f), "lifecycle {\nprevent_destroy = true\n}")
    )
    assert after == BEFORE.replace(
        "  i  = 1 # comment\n}",
        "  i  = 1 # comment\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}",
    )


def test_insert_attribute_into_an_empty_block() -> None:
    after = edit(BEFORE, "insert_attribute", lambda f: (local_block(f), "nat_gateway_count", "1"))
    assert after.endswith("locals {\n  nat_gateway_count = 1\n}\n")


def test_insert_attribute_into_a_one_line_empty_block() -> None:
    text = "locals {}\n"
    after = edit(text, "insert_attribute", lambda f: (block(f), "a", "1"))
    assert after == "locals {\n  a = 1\n}\n"


def test_insert_attribute_before_the_first_block_when_there_are_no_attributes() -> None:
    text = 'resource "x" "y" {\n  lifecycle {\n  }\n}\n'
    assert edit(text, "insert_attribute", lambda f: (block(f), "count", "2")) == (
        'resource "x" "y" {\n  count = 2\n\n  lifecycle {\n  }\n}\n'
    )


def test_append_a_top_level_block_to_a_file() -> None:
    after = edit(BEFORE, "append_block", lambda f: (None, 'variable "x" {\ntype = string\n}'))
    assert after == BEFORE + '\nvariable "x" {\n  type = string\n}\n'


def test_append_to_a_file_without_final_newline() -> None:
    assert edit("a = 1", "append_block", lambda f: (None, "b {\n}")) == "a = 1\n\nb {\n}\n"


def test_insert_after_a_sibling_attribute_in_the_middle_of_a_run() -> None:
    text = "x {\n  a = 1\n  b = 2\n}\n"
    pick: Picker = lambda f: (block(f), "long_name", "3", attr(block(f), "a"))  # noqa: E731
    assert edit(text, "insert_attribute", pick) == (
        "x {\n  a         = 1\n  long_name = 3\n  b         = 2\n}\n"
    )


def test_inserted_text_follows_crlf() -> None:
    text = "locals {\r\n  a = 1\r\n}\r\n"
    assert edit(text, "insert_attribute", lambda f: (block(f), "bbb", "2")) == (
        "locals {\r\n  a   = 1\r\n  bbb = 2\r\n}\r\n"
    )


def test_edits_are_minimal() -> None:
    source = SourceFile("main.tf", BEFORE)
    assert source.tree is not None
    (only,) = Editor(source).set_attribute(resource(source.tree), "type", '"t3.large"')
    assert BEFORE[only.start : only.end] == '  type = "t3.micro"\n'


def test_a_file_that_does_not_parse_cannot_be_edited() -> None:
    with pytest.raises(EditError):
        Editor(SourceFile("main.tf", "a = \n"))


def test_a_node_of_another_file_is_refused() -> None:
    with pytest.raises(EditError):
        other = SourceFile("main.tf", BEFORE).tree
        assert other is not None
        Editor(SourceFile("other.tf", "a = 1\n")).remove_block(local_block(other))


def test_create_file_ends_with_a_newline() -> None:
    assert create_file("backend.hcl.example", 'bucket = "x"') == CreateFile(
        "backend.hcl.example", 'bucket = "x"\n'
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a\nb\nc\n", "a\nB\nc\n", (2, 4, "B\n")),  # only the line that changes
        ("a\nb\nc\n", "a\nb\nx\ny\nc\n", (4, 4, "x\ny\n")),  # an insertion between lines
        ("a\nb\nc\n", "a\nc\n", (2, 4, "")),  # a deletion
        ("a\nb\n", "a\nb\n", (4, 4, "")),  # nothing changes: an empty edit at the end
    ],
)
def test_minimal_edit_drops_the_lines_that_stay(
    old: str, new: str, expected: tuple[int, int, str]
) -> None:
    source = SourceFile("main.tf", "x\n" + old + "y\n")
    edit = minimal_edit(source, 2, 2 + len(old), new)
    assert (edit.path, edit.start - 2, edit.end - 2, edit.content) == ("main.tf", *expected)
    assert apply_edits(source.text, [edit]) == "x\n" + new + "y\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "new\n"),
        ("a\n", "a\n\nnew\n"),
        ("a", "a\n\nnew\n"),
        ("a\n\n", "a\n\nnew\n"),
        ("a\r\n", "a\r\n\r\nnew\r\n"),
        ("a\r\n\r\n", "a\r\n\r\nnew\r\n"),
    ],
)
def test_append_paragraph_after_one_blank_line(text: str, expected: str) -> None:
    source = SourceFile("README.md", text)
    edit = append_paragraph(source, "new\n")
    assert (edit.path, edit.start, edit.end) == ("README.md", len(text), len(text))
    assert apply_edits(text, [edit], source.newline) == expected
