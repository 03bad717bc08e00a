"""`fixer fix --dry-run -` is a dry run like any other: the diff of the buffer on stdout,
the report on stderr, exit 1 when it would change something; it writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# terraform_data: Terraform's built-in provider, for which FX021 asks no required_providers.
UNFORMATTED = 'resource "terraform_data" "b" {\ninput=1\n}\n'
FORMATTED = 'resource "terraform_data" "b" {\n  input = 1\n}\n'


def fixer(args: list[str], cwd: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fixer", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_dry_run_on_stdin_prints_the_diff_not_the_fixed_text(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(UNFORMATTED)
    args = ["fix", "--dry-run", "-", "--stdin-filename", "main.tf"]
    done = fixer(args, tmp_path, UNFORMATTED)
    assert done.returncode == 1, done
    assert done.stdout == (
        "--- a/main.tf\n+++ b/main.tf\n@@ -1,3 +1,3 @@ FX001 unformatted (safe)\n"
        ' resource "terraform_data" "b" {\n-input=1\n+  input = 1\n }\n'
    )
    assert "Would fix 1 finding" in done.stderr
    assert (tmp_path / "main.tf").read_text() == UNFORMATTED


def test_a_dry_run_on_clean_stdin_prints_nothing_and_exits_0(tmp_path: Path) -> None:
    done = fixer(["fix", "--dry-run", "-"], tmp_path, FORMATTED)
    assert (done.returncode, done.stdout) == (0, "")


def test_fix_on_stdin_still_prints_the_fixed_text(tmp_path: Path) -> None:
    done = fixer(["fix", "-", "--stdin-filename", "main.tf"], tmp_path, UNFORMATTED)
    assert (done.returncode, done.stdout) == (0, FORMATTED)
