"""terraform fmt (the binary) as the oracle at the edges: mixed line endings, deep nesting
and nested lone interpolations; `fixer fmt` must write what terraform fmt writes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_terraform
from terraform_oracle import FMT_ENV, terraform_fmt
from test_bom import FILE_CASES as BOM_CASES
from test_bom import REJECTED as BOM_REJECTED
from test_line_endings import AZURE_OUTPUTS, MIXED
from typer.testing import CliRunner

from fixer.cli import app
from fixer.syntax.errors import HCLSyntaxError
from fixer.syntax.format import format_source
from fixer.syntax.parser import parse

DEEP = 10_000
DEEP_FILES = {
    "parens": "a = " + "(" * DEEP + "1" + ")" * DEEP + "\n",
    "blocks": "b {\n" * DEEP + "a = 1\n" + "}\n" * DEEP,
    "tuples": "a = " + "[" * DEEP + "]" * DEEP + "\n",
    "objects": "a = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
    "unary": "a = " + "-" * DEEP + "1\n",
    "templates": "a = " + '"${' * DEEP + "x" + '}"' * DEEP + "\n",
    "heredocs": "a = " + "<<E\n${" * DEEP + "x" + "}\nE\n" * DEEP,
    "directives": 'a = "' + "%{if x}" * DEEP + "y" + "%{endif}" * DEEP + '"\n',
    "calls": "a = " + "f(" * DEEP + ")" * DEEP + "\n",
    "indexes": "a = x" + "[y" * DEEP + "]" * DEEP + "\n",
    "conditionals": "a = " + "x ? " * DEEP + "y" + " : z" * DEEP + "\n",
    "for": "a = " + "[for x in " * DEEP + "y" + " : x]" * DEEP + "\n",
}


def _terraform_fmt(directory: Path) -> set[str]:
    """Run `terraform fmt` over the directory, in place; the names it rejects."""
    return terraform_fmt(require_terraform(), directory)[0]


def _both(tmp_path: Path, files: dict[str, bytes]) -> tuple[Path, Path]:
    """The files written twice: one copy formatted by terraform, one by `fixer fmt`."""
    ours, theirs = tmp_path / "fixer", tmp_path / "terraform"
    for root in (ours, theirs):
        root.mkdir()
        for name, data in files.items():
            (root / name).write_bytes(data)
    rejected = _terraform_fmt(theirs)
    assert rejected == set(), rejected
    result = CliRunner().invoke(app, ["fmt", str(ours)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return ours, theirs


def test_mixed_line_endings_as_terraform_writes_them(tmp_path: Path) -> None:
    files = {f"case{i:02d}.tf": text.encode() for i, (text, _) in enumerate(MIXED)}
    files["azure.tf"] = AZURE_OUTPUTS
    ours, theirs = _both(tmp_path, files)
    for name in files:
        expected = (theirs / name).read_bytes()
        assert (ours / name).read_bytes() == expected, name
    for i, (_, recorded) in enumerate(MIXED):
        assert (theirs / f"case{i:02d}.tf").read_bytes() == recorded.encode()
    assert (theirs / "azure.tf").read_bytes() == AZURE_OUTPUTS


def test_byte_order_marks_as_terraform_treats_them(tmp_path: Path) -> None:
    files = {f"bom{i:02d}.tf": data for i, (data, _) in enumerate(BOM_CASES)}
    ours, theirs = _both(tmp_path, files)
    for i, (_, recorded) in enumerate(BOM_CASES):
        name = f"bom{i:02d}.tf"
        assert (theirs / name).read_bytes() == recorded, name
        assert (ours / name).read_bytes() == recorded, name
    rejected = tmp_path / "rejected"
    rejected.mkdir()
    for i, data in enumerate(BOM_REJECTED):
        (rejected / f"bad{i}.tf").write_bytes(data)
    assert _terraform_fmt(rejected) == {f"bad{i}.tf" for i in range(len(BOM_REJECTED))}
    for data in BOM_REJECTED:
        with pytest.raises(HCLSyntaxError):
            parse(data)


def test_stdin_with_a_byte_order_mark_as_terraform_writes_it() -> None:
    for data, _ in BOM_CASES:
        if not data.endswith(b"\n"):
            continue  # the final newline terraform adds on stdin is another matter
        theirs = subprocess.run(
            [require_terraform(), "fmt", "-"],
            input=data,
            capture_output=True,
            env=FMT_ENV,
            check=True,
        ).stdout
        ours = CliRunner().invoke(app, ["fmt", "-"], input=data, catch_exceptions=False)
        assert ours.stdout_bytes == theirs, data


def test_deep_nesting_formats_as_terraform_formats_it(tmp_path: Path) -> None:
    require_terraform()
    directory = tmp_path / "deep"
    directory.mkdir()
    for kind, text in DEEP_FILES.items():
        (directory / f"{kind}.tf").write_text(text)
    assert _terraform_fmt(directory) == set()
    for kind, text in DEEP_FILES.items():
        parse(text)
        assert format_source(text) == (directory / f"{kind}.tf").read_text(), kind


def test_nested_lone_interpolations_settle_where_repeated_terraform_runs_end(
    tmp_path: Path,
) -> None:
    require_terraform()
    text = (
        'a = "${"${"${x}"}"}"\n'
        'b = "${"${"${x}" # c\n}"}"\n'
        'c = "${"${\n"${x\n+ y}"\n}"}"\n'
        'variable "v" {\n  type = "${"${"string"}"}"\n}\n'
    )
    theirs = tmp_path / "t"
    theirs.mkdir()
    (theirs / "main.tf").write_text(text)
    runs = 0
    while True:
        before = (theirs / "main.tf").read_text()
        _terraform_fmt(theirs)
        runs += 1
        if (theirs / "main.tf").read_text() == before:
            break
    assert runs > 2, "terraform fmt settles in one run: the case tests nothing"
    assert format_source(text, settle=True) == before
    ours = tmp_path / "o"
    ours.mkdir()
    (ours / "main.tf").write_text(text)
    CliRunner().invoke(app, ["fmt", str(ours)], catch_exceptions=False)
    assert (ours / "main.tf").read_text() == before


def test_the_oracle_is_there_in_ci() -> None:
    if os.environ.get("CI", "").lower() == "true":
        assert shutil.which("terraform") is not None
