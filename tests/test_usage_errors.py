"""A mistake on the command line gets one clear line on stderr and exit status 2, never a
boxed multi-line message or a traceback; help still prints as usual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

MISTAKES = {
    "format": (["check", "--format", "nope", "."], "'--format'"),
    "format-fix": (["fix", "--format=nope", "."], "'--format'"),
    "format-missing": (["check", "--format"], "'--format'"),
    "option": (["check", "--nope"], "--nope"),
    "jobs": (["fix", "--jobs", "many"], "'--jobs'"),
    "color": (["check", "--color", "purple"], "'--color'"),
    "command": (["nope"], "'nope'"),
    "mv-arguments": (["mv", "aws_eip.a"], "'new'"),
    "explain-argument": (["explain"], "'code'"),
    # An empty selection would run nothing and report a clean project.
    "jobs-negative": (["check", "--jobs", "-1", "."], "'--jobs'"),
    "jobs-negative-fmt": (["fmt", "-j-2", "."], "'--jobs'"),
    "select-empty": (["check", "--select", "", "."], "--select"),
    "extend-select-empty": (["fix", "--extend-select", ",", "."], "--extend-select"),
}


def fixer(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fixer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80", "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_usage_mistake_is_one_line_and_exit_2(name: str, tmp_path: Path) -> None:
    args, mentioned = MISTAKES[name]
    done = fixer(args, tmp_path)
    assert done.returncode == 2, done
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("fixer: error: "), done.stderr
    assert mentioned in lines[0]
    assert "Value error" not in lines[0] and "\u2502" not in lines[0]  # no pydantic, no box


def test_the_hint_names_the_command_whose_help_to_read(tmp_path: Path) -> None:
    done = fixer(["fix", "--format", "nope"], tmp_path)
    assert done.stderr.rstrip().endswith("(see `fixer fix --help`)"), done.stderr


def test_help_still_prints_and_exits_0(tmp_path: Path) -> None:
    done = fixer(["fix", "--help"], tmp_path)
    assert done.returncode == 0 and "--unsafe-fixes" in done.stdout
    done = fixer(["--version"], tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("fixer ")


def test_no_arguments_prints_the_help(tmp_path: Path) -> None:
    done = fixer([], tmp_path)
    assert "check" in done.stdout + done.stderr and "fix" in done.stdout + done.stderr
    assert "fixer: error" not in done.stderr
