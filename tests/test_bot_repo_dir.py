"""`fixer bot --repo-dir` naming a directory that does not exist: one line, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer.bot.git import Git, GitError


def test_a_missing_repo_dir_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    command = ["bot", "--repo-dir", str(missing), "--dry-run"]
    done = subprocess.run(
        [sys.executable, "-m", "fixer", *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("fixer bot: error: ") and str(missing) in line


def test_git_in_a_missing_directory_is_a_git_error(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="nope"):
        Git(tmp_path / "nope").run("status")
