"""Terraform files reached through links are read as part of their module, as terraform
reads them, and never written: no false finding for what the link provides, no fix
through a link or into a file other modules read through links (fixer.links)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fixer.cli import app

VERSIONS = (
    'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
    '      version = "~> 5.0"\n    }\n  }\n}\n'
)
BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'
VARIABLES = 'variable "unused" {\n  type = string\n}\nvariable "used" {\n  type = string\n}\n'


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    if args[0] != "mv":
        args = [args[0], "--no-cache", *args[1:]]
    return CliRunner().invoke(app, args, catch_exceptions=False)


def write(root: Path, files: dict[str, str], links: dict[str, str]) -> dict[Path, bytes]:
    """The files and symbolic links (path -> target); returns every file's bytes."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    for rel, points_to in links.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(points_to, root / rel)
    return snapshot(root)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {
        path: (os.readlink(path).encode() if path.is_symlink() else path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_symlink() or path.is_file()
    }


def test_what_a_linked_file_provides_is_seen(tmp_path: Path, monkeypatch) -> None:
    """An environment whose versions.tf links to a shared one has its required_providers:
    no FX021 finding, and no versions.tf created over the link."""
    root = tmp_path / "repo"
    before = write(
        root,
        {"shared/versions.tf": VERSIONS, "envs/dev/main.tf": BUCKET},
        {"envs/dev/versions.tf": "../../shared/versions.tf"},
    )
    for cwd, path in ((tmp_path, "repo"), (root / "envs" / "dev", ".")):
        checked = invoke(["check", "--select", "FX021", path], cwd, monkeypatch)
        assert (checked.exit_code, checked.stdout) == (0, "No findings.\n"), checked.output
        fixed = invoke(["fix", "--select", "FX021", path], cwd, monkeypatch)
        assert fixed.exit_code == 0, fixed.output
        assert snapshot(root) == before


def test_a_finding_in_a_shared_file_is_reported_once_if_every_module_finds_it(
    tmp_path: Path, monkeypatch
) -> None:
    """a/ and b/ read shared/variables.tf through links: "spare" is unused in every module
    that reads it (reported once, under its own path, never fixed: the fix was made for
    one module); "unused" is used by b/ (not reported); "used" by both."""
    root = tmp_path / "repo"
    before = write(
        root,
        {
            "shared/variables.tf": VARIABLES + 'variable "spare" {\n  type = string\n}\n',
            "a/main.tf": 'output "o" {\n  value = var.used\n}\n',
            "b/main.tf": 'output "o" {\n  value = "${var.used}-${var.unused}"\n}\n',
        },
        {"a/variables.tf": "../shared/variables.tf", "b/variables.tf": "../shared/variables.tf"},
    )
    checked = invoke(
        ["check", "--select", "FX022", "--format", "json", "repo"], tmp_path, monkeypatch
    )
    findings = json.loads(checked.stdout)["findings"]
    assert [(f["path"], f["start"]["line"], f["message"], f["fix"]) for f in findings] == [
        ("repo/shared/variables.tf", 7, 'variable "spare" is declared but not used', None)
    ]
    fixed = invoke(["fix", "--unsafe-fixes", "--select", "FX022", "repo"], tmp_path, monkeypatch)
    assert snapshot(root) == before
    assert fixed.stderr.splitlines() == [
        "repo/shared/variables.tf:7:1: FX022 fix not applied: it changes "
        "repo/shared/variables.tf, which other modules read through links "
        "(repo/a/variables.tf, repo/b/variables.tf)"
    ]


def test_a_link_leading_outside_the_root_is_read_never_written(tmp_path: Path, monkeypatch) -> None:
    """The module in `env` reads `../shared/variables.tf` through its link: its finding is
    reported at the link's path, without a fix; formatting leaves the file alone."""
    write(
        tmp_path,
        {"shared/variables.tf": VARIABLES.replace("  type", "type"), "env/main.tf": ""},
        {"env/variables.tf": "../shared/variables.tf"},
    )
    before = snapshot(tmp_path)
    env = tmp_path / "env"
    checked = invoke(
        ["check", "--select", "FX001,FX022", "--format", "json", "."], env, monkeypatch
    )
    findings = json.loads(checked.stdout)["findings"]
    assert [(f["code"], f["path"], f["fix"]) for f in findings] == [
        ("FX022", "variables.tf", None),
        ("FX022", "variables.tf", None),
    ]
    assert (
        "variables.tf: read for its module, never formatted or written: a symbolic link "
        "leading outside the root"
    ) in checked.stderr
    fixed = invoke(["fix", "--unsafe-fixes", "--select", "FX001,FX022", "."], env, monkeypatch)
    assert (
        "variables.tf:1:1: FX022 fix not applied: it changes variables.tf, a symbolic link "
        "leading outside the root (fixer never writes through links)"
    ) in fixed.stderr
    formatted = invoke(["fmt", "."], env, monkeypatch)
    assert "variables.tf: skipped: a symbolic link leading outside the root" in formatted.stderr
    assert snapshot(tmp_path) == before


def test_a_broken_shared_file_is_reported_once(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, {"shared/x.tf": "x = {\n"}, {"env/x.tf": "../shared/x.tf"})
    checked = invoke(["check", "."], tmp_path, monkeypatch)
    assert checked.exit_code == 2
    assert [line.split(":")[0] for line in checked.stdout.splitlines() if "error" in line] == [
        "shared/x.tf"
    ], checked.output


def test_a_rename_that_must_change_a_linked_file_is_refused(tmp_path: Path, monkeypatch) -> None:
    """Before, `fixer mv` did not read the linked file and left its reference broken."""
    before = write(
        tmp_path,
        {
            "shared/outputs.tf": 'output "o" {\n  value = aws_s3_bucket.b.id\n}\n',
            "env/main.tf": BUCKET,
        },
        {"env/outputs.tf": "../shared/outputs.tf"},
    )
    moved = invoke(["mv", "aws_s3_bucket.b", "aws_s3_bucket.c", "env"], tmp_path, monkeypatch)
    assert moved.exit_code == 2
    assert (
        "the rename must change files fixer does not write:\n  env/outputs.tf, a symbolic "
        "link leading outside the root (fixer never writes through links)"
    ) in moved.stderr
    assert snapshot(tmp_path) == before
