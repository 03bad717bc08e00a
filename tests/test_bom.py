"""The UTF-8 byte-order mark as terraform fmt (1.11.4) treats it: whitespace at the start
of the file, which formatting removes (so a file with one is not formatted), counted as
three spaces when only spaces follow it; a character it rejects anywhere else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer.cli import app
from fixer.codemod import Codemod, Context
from fixer.config import Settings
from fixer.findings import Applicability, Finding, Fix, TextEdit
from fixer.model.files import SourceFile
from fixer.runner import fix
from fixer.syntax.source import DecodedSource

BOM = b"\xef\xbb\xbf"

# (input, what `terraform fmt FILE` writes), recorded with terraform 1.11.4;
# tests/test_terraform_edges.py checks them again against the binary.
FILE_CASES = [
    (BOM + b"a = 1\n", b"a = 1\n"),
    (BOM + b"a  = 1\n", b"a = 1\n"),
    (BOM + b"\na = 1\n", b"\na = 1\n"),
    (BOM + b"# c\na = 1\n", b"# c\na = 1\n"),
    (BOM + b"  a = 1\n", b"a = 1\n"),
    (BOM + b"/* x */ a = 1\n", b"/* x */ a = 1\n"),
    (BOM + b"a = 1\r\n", b"a = 1\r\n"),
    (BOM + b"a = 1", b"a = 1"),
    (BOM + b"\n", b"\n"),
    (BOM, b"   "),  # the mark's three bytes count as spaces before the end
    (BOM + b"  ", b"     "),
    (BOM + b"\t", b"    "),
]
REJECTED = [BOM + BOM + b"a = 1\n", b"a = 1\n" + BOM, b"a = " + BOM + b"1\n"]


def run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, stdin: bytes = b""):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)


@pytest.mark.parametrize(("data", "expected"), FILE_CASES)
def test_fmt_writes_what_terraform_fmt_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, expected: bytes
) -> None:
    target = tmp_path / "main.tf"
    target.write_bytes(data)
    assert run(["fmt", "--check", "."], tmp_path, monkeypatch).exit_code == 1
    assert run(["fmt", "."], tmp_path, monkeypatch).exit_code == 0
    assert target.read_bytes() == expected
    assert run(["fmt", "--check", "."], tmp_path, monkeypatch).exit_code == 0


@pytest.mark.parametrize("data", REJECTED)
def test_a_mark_anywhere_else_is_a_syntax_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    target = tmp_path / "main.tf"
    target.write_bytes(data)
    result = run(["fmt", "."], tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert "U+FEFF" in result.stderr
    assert target.read_bytes() == data


def test_check_reports_a_formatted_file_with_a_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_bytes(BOM + b"a = 1\n")
    (tmp_path / "ok.tf").write_bytes(b"b = 1\n")
    result = run(["check", "."], tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert "main.tf:1:1: FX001" in result.stdout
    assert "ok.tf" not in result.stdout
    listed = run(["fmt", "--check", "."], tmp_path, monkeypatch)
    assert listed.stdout.split() == ["main.tf"]
    diff = run(["fmt", "--diff", "."], tmp_path, monkeypatch).stdout
    assert "-\ufeffa = 1\n+a = 1\n" in diff


def test_stdin_loses_the_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(["fmt", "-"], tmp_path, monkeypatch, stdin=BOM + b"a  = 1\n")
    assert result.exit_code == 0
    assert result.stdout_bytes == b"a = 1\n"


class AddLine(Codemod):
    """Appends `added = true` to every HCL file that lacks it (a fix that is not FX001)."""

    code = "FX002"
    name = "add-line"
    summary = "test"

    def check(self, context: Context) -> Iterator[Finding]:
        for source in context.hcl_files():
            if "added" not in source.text:
                edit = TextEdit(source.rel, len(source.text), len(source.text), "added = true\n")
                yield context.finding(source, (0, 0), "add", Fix.safe("add", edit))


def test_other_fixes_keep_the_mark() -> None:
    source = SourceFile("main.tf", "a = 1\n", bom=True)
    assert source.text == "\ufeffa = 1\n" and not source.bom  # HCL: in the text
    outcome = fix({"main.tf": source}, [AddLine], Settings(), Applicability.SAFE)
    new_text = outcome.texts["main.tf"]
    assert new_text == "\ufeffa = 1\nadded = true\n"
    written = DecodedSource(new_text, SourceFile("main.tf", new_text).bom).encode()
    assert written == BOM + b"a = 1\nadded = true\n"


def test_other_files_keep_the_mark_outside_their_text() -> None:
    readme = SourceFile("README.md", "# Title\n", bom=True)
    assert readme.text == "# Title\n" and readme.bom
