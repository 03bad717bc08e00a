"""Discovery: which files a run reads, and as what (shell scripts by their shebang,
backend configuration files as text, never as Terraform)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codemods.build_script_requires_zip import BuildScriptRequiresZip
from fixer.config import Settings
from fixer.discover import MAX_SCRIPT_BYTES, discover, shell_script_file
from fixer.findings import Applicability
from fixer.model.files import SourceFile, file_kind, shell_shebang
from fixer.runner import fix

BUILD = "#!/usr/bin/env bash\nset -e\ncd lambda\nzip -r -q function.zip index.py\n"


def tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


# ---------------------------------------------------------------- shell scripts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#!/bin/sh\n", True),
        ("#!/bin/bash -e\n", True),
        ("#! /bin/dash\n", True),
        ("#!/usr/bin/env bash\n", True),
        ("#!/usr/bin/env -S zsh -f\n", True),
        ("#!/bin/ksh\n", True),
        ("#!/usr/bin/env python3\n", False),
        ("#!/bin/shellcheck\n", False),
        ("# !/bin/sh\n", False),
        ("echo hi\n#!/bin/sh\n", False),
    ],
)
def test_shell_shebang(text: str, expected: bool) -> None:
    assert shell_shebang(text) is expected


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        ("build.sh", "zip", True),
        ("scripts/x.bash", "", True),
        ("BUILD.SH", "", True),
        ("build", "#!/bin/sh\n", True),
        ("build", "#!/usr/bin/env bash\n", True),
        ("build", "#!/usr/bin/env -S bash -e\n", True),
        ("build", "#!/usr/bin/env python3\n", False),
        ("build", "zip -r a.zip .\n", False),
        ("README.md", "#!/bin/sh\n", False),
        ("main.tf", "", False),
    ],
)
def test_is_shell_script(rel: str, text: str, expected: bool) -> None:
    assert SourceFile(rel, text).is_shell_script is expected


def test_scripts_without_a_suffix_are_read_by_their_shebang(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "main.tf": "",
            "bin/build": BUILD,
            "bin/deploy": "#!/bin/sh\nterraform apply\n",
            "bin/lint": "#!/usr/bin/env python3\nprint('x')\n",
            "bin/notes": "zip -r a.zip .\n",
            "bin/image": b"#!\x00\xff binary",
            "bin/big": "#!/bin/sh\n" + "#" * MAX_SCRIPT_BYTES,
        },
    )
    target = discover(root, str(root))
    assert sorted(target.files) == ["bin/build", "bin/deploy", "main.tf"]
    assert target.files["bin/build"].kind == "other"
    assert target.files["bin/build"].is_shell_script
    assert {"bin/lint", "bin/notes", "bin/image", "bin/big"} <= target.paths
    assert not target.errors


def test_shell_script_file_reads_only_the_first_line(tmp_path: Path) -> None:
    root = tree(tmp_path, {"a": "#!/bin/sh", "b": "", "c": "#!/bin/sh\n\xff"})
    assert shell_script_file(root / "a") and shell_script_file(root / "c")
    assert not shell_script_file(root / "b")
    assert not shell_script_file(root / "missing")


def test_a_linked_directory_inside_the_root_is_read_once(tmp_path: Path) -> None:
    """The script is read once, by its real path; the link's path is still present."""
    root = tree(tmp_path, {"main.tf": "", "tools/build": BUILD})
    os.symlink(root / "tools", root / "bin")
    target = discover(root, str(root))
    assert target.files["tools/build"].is_shell_script
    assert "bin/build" not in target.files
    assert {"bin/build", "tools/build"} <= target.paths
    assert ("bin", f"same directory as {root / 'tools'} (symbolic link)") in target.skipped


def test_fx011_fixes_a_script_without_a_suffix(tmp_path: Path) -> None:
    root = tree(tmp_path, {"main.tf": "", "bin/build": BUILD})
    target = discover(root, str(root))
    outcome = fix(target.files, [BuildScriptRequiresZip], Settings(), Applicability.SAFE)
    assert outcome.fixed == {"FX011": 1}
    assert "python3 -m zipfile -c function.zip index.py" in outcome.texts["bin/build"]


# ---------------------------------------------------------------- backend configuration files


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("backend.hcl", "other"),
        ("env/backend.hcl.example", "other"),
        (".terraform.lock.hcl", "other"),
        ("tests/basic.tftest.hcl", "tftest"),
        ("main.tf", "tf"),
    ],
)
def test_file_kind_of_hcl_files(rel: str, kind: str) -> None:
    assert file_kind(rel) == kind


def test_backend_configuration_files_are_read_as_text_not_parsed(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "main.tf": "",
            "backend.hcl": 'bucket = "acme"\n',
            "backend.hcl.example": "this is { not HCL\n",
            "tests/basic.tftest.hcl": 'run "plan" {}\n',
            "notes.txt": "x\n",
        },
    )
    target = discover(root, str(root))
    assert sorted(target.files) == [
        "backend.hcl",
        "backend.hcl.example",
        "main.tf",
        "tests/basic.tftest.hcl",
    ]
    example = target.files["backend.hcl.example"]
    assert (example.kind, example.is_hcl, example.tree, example.error) == (
        "other",
        False,
        None,
        None,
    )
    assert target.files["tests/basic.tftest.hcl"].tree is not None
    assert not target.errors and not target.skipped


# ---------------------------------------------------------------- files that are not UTF-8


def test_a_readme_or_script_not_utf8_is_a_note_not_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial defect 5c: such a file was dropped without a word (FX011-13 then vanish)."""
    from typer.testing import CliRunner

    from fixer.cli import app

    root = tree(tmp_path, {"main.tf": "", "Makefile": "all:\n\techo ok\n"})
    (root / "README.md").write_bytes(b"# Demo\n\ncaf\xe9\n")
    (root / "build.sh").write_bytes(b"#!/bin/sh\nzip f.zip index.py # \xff\n")
    target = discover(root, str(root))
    assert ("README.md", "not UTF-8 (line 3)") in target.skipped
    assert ("build.sh", "not UTF-8 (line 2)") in target.skipped
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["check", "."], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "README.md: skipped: not UTF-8 (line 3)\n" in result.stderr
    assert "build.sh: skipped: not UTF-8 (line 2)\n" in result.stderr
