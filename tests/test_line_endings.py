"""Line endings as terraform fmt keeps them: each line its own, LF or CRLF, also in a
file that mixes them; and text that fixes insert takes the ending of its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer.apply import apply_edits, edit_content, line_ending_at
from fixer.cli import app
from fixer.findings import TextEdit
from fixer.model.files import SourceFile
from fixer.syntax.canonical import format_preserving_newlines
from fixer.syntax.format import format_source

# Azure/terraform-azurerm-network examples/startup/outputs.tf (at 56315f6): LF on the
# first line, CRLF after. `terraform fmt -check` (1.11.4) accepts it as it is.
AZURE_OUTPUTS = b'output "test_vnet_id" {\n  value = module.network.vnet_id\r\n}\r\n'

# (input, what `terraform fmt` 1.11.4 writes), recorded with the real binary;
# tests/test_terraform_edges.py checks them again against it.
MIXED = [
    ("a = 1\nb = 2\r\nc = 3\r\n", "a = 1\nb = 2\r\nc = 3\r\n"),
    ("a = 1\r\nb = 2\nc = 3\r\n", "a = 1\r\nb = 2\nc = 3\r\n"),
    ("a  = 1\r\nbb = 2\ncc=3\r\n", "a  = 1\r\nbb = 2\ncc = 3\r\n"),
    ("x {\r\na=1\n  b = 2\r\n}\n", "x {\r\n  a = 1\n  b = 2\r\n}\n"),
    ("# c\r\na = 1 # x\r\nbb = 2 // y\n", "# c\r\na  = 1 # x\r\nbb = 2 // y\n"),
    ("a = [\r\n1,\n2\r\n]\r\n", "a = [\r\n  1,\n  2\r\n]\r\n"),
    ("a = <<EOT\r\nhello\nworld\r\nEOT\r\n", "a = <<EOT\r\nhello\nworld\r\nEOT\r\n"),
    ("/* a\r\nb */\r\na = 1\n", "/* a\r\nb */\r\na = 1\n"),
    ('a = "${\r\nb}"\r\n', "a = b\r\n"),
    ("a = 1\r\n\r\n\n\r\nb = 2\n", "a = 1\r\n\r\n\n\r\nb = 2\n"),
    ("a = 1\r\n  ", "a = 1\r\n  "),
]


@pytest.mark.parametrize(("text", "expected"), MIXED)
def test_each_line_keeps_its_ending(text: str, expected: str) -> None:
    assert format_source(text) == expected
    assert format_preserving_newlines(text) == expected
    assert SourceFile("main.tf", text).canonical == expected


def test_the_azure_file_is_formatted() -> None:
    text = AZURE_OUTPUTS.decode()
    assert SourceFile("outputs.tf", text).canonical == text


def test_no_finding_and_nothing_written_for_the_azure_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "outputs.tf"
    target.write_bytes(AZURE_OUTPUTS)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    checked = runner.invoke(app, ["check", "."], catch_exceptions=False)
    assert checked.exit_code == 0, checked.stdout
    assert runner.invoke(app, ["fmt", "--check", "."], catch_exceptions=False).exit_code == 0
    assert runner.invoke(app, ["fmt", "."], catch_exceptions=False).exit_code == 0
    assert target.read_bytes() == AZURE_OUTPUTS


def test_fmt_of_a_mixed_file_keeps_each_line_ending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "main.tf"
    target.write_bytes(b"x {\r\na=1\n  b = 2\r\n}\n")
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(app, ["fmt", "."], catch_exceptions=False)
    assert target.read_bytes() == b"x {\r\n  a = 1\n  b = 2\r\n}\n"


def test_line_ending_at() -> None:
    text = "a\nb\r\nc"
    assert [line_ending_at(text, i) for i in (0, 1, 2, 4, 5, 6)] == [
        "\n",
        "\n",
        "\r\n",
        "\r\n",
        "\r\n",
        "\r\n",
    ]
    assert line_ending_at("abc", 1) is None


def test_inserted_lines_take_the_ending_of_their_line_in_a_mixed_file() -> None:
    text = AZURE_OUTPUTS.decode()
    before_brace = text.index("}")
    after_first_line = text.index("\n") + 1
    edits = [TextEdit("f", before_brace, before_brace, "  x = 1\n")]
    assert apply_edits(text, edits, "\r\n") == text.replace("}\r\n", "  x = 1\r\n}\r\n")
    first = TextEdit("f", 0, 0, "# c\n")
    assert edit_content(text, first, "\r\n") == "# c\n"  # the first line is LF
    second = TextEdit("f", after_first_line, after_first_line, "# c\n")
    assert edit_content(text, second, "\r\n") == "# c\r\n"


def test_text_with_its_own_crlf_goes_into_a_mixed_file_as_it_is() -> None:
    text = "a = 1\nb = 2\r\n"
    carried = TextEdit("f", 0, 6, "a = 1\nc = 3\r\n")
    assert edit_content(text, carried, "\r\n") == "a = 1\nc = 3\r\n"


def test_files_with_one_convention_are_unchanged_by_the_rule() -> None:
    crlf = "a = 1\r\n"
    assert apply_edits(crlf, [TextEdit("f", 7, 7, "b = 2\nc = 3\r\n")], "\r\n") == (
        "a = 1\r\nb = 2\r\nc = 3\r\n"
    )
    lf = "a = 1\n"
    assert apply_edits(lf, [TextEdit("f", 6, 6, "b = 2\n")], "\n") == "a = 1\nb = 2\n"
