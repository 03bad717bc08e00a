"""The pre-commit hooks of .pre-commit-hooks.yaml, run by a real `pre-commit` on a temporary
git repository: pre-commit installs fixer from a copy of this repository (`language:
python`), offline (the hook's virtualenv sees the installed dependencies), and passes the
names of the staged files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "multi-env"
SOURCES = ("fixer", "codemods", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", "-c", "user.email=test@example.com", "-c", "user.name=test", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this repository's sources and hook manifest, and its HEAD."""
    if shutil.which("git") is None:
        pytest.fail("git is required")
    root = tmp_path_factory.mktemp("hooks")
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy2(source, root / name)
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "hooks", cwd=root)
    return root, git("rev-parse", "HEAD", cwd=root).strip()


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's inverted spelling of --no-build-isolation
        "NO_COLOR": "1",
    }


def project(tmp_path: Path, hooks_repo: tuple[Path, str], hook_ids: list[str]) -> Path:
    """A git repository holding the demo, committed, using the given hooks."""
    root = tmp_path / "project"
    shutil.copytree(DEMO, root)
    repo, rev = hooks_repo
    hooks = "".join(f"      - id: {hook}\n" for hook in hook_ids)
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n{hooks}"
    )
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "demo", cwd=root)
    return root


def pre_commit(root: Path, environment: dict[str, str]) -> subprocess.CompletedProcess:
    """`pre-commit run` on the staged files."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run"],
        cwd=root,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=600,
    )


def changed(root: Path) -> set[str]:
    """Files that differ from the index (what the hook wrote)."""
    return set(git("diff", "--name-only", cwd=root).split())


def test_check_hook_reports_the_staged_files_only(
    tmp_path: Path, hooks_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    root = project(tmp_path, hooks_repo, ["fixer-check"])
    with (root / "database.tf").open("a") as handle:
        handle.write("\n# reviewed\n")
    git("add", "database.tf", cwd=root)
    done = pre_commit(root, environment)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "fixer check" in done.stdout and "Failed" in done.stdout
    reported = {line.split(":", 1)[0] for line in done.stdout.splitlines() if ": FX" in line}
    assert reported == {"database.tf"}, done.stdout
    assert changed(root) == set(), "check changes nothing"


def test_fix_and_fmt_hooks_write_the_staged_files_only(
    tmp_path: Path, hooks_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    root = project(tmp_path, hooks_repo, ["fixer-fix", "fixer-fmt"])
    network = root / "network.tf"
    network.write_text(network.read_text().replace("  domain = ", "  domain  =  ", 1))
    with (root / "database.tf").open("a") as handle:  # staged: pre-commit names only changes
        handle.write("\n# reviewed\n")
    git("add", "network.tf", "database.tf", cwd=root)
    done = pre_commit(root, environment)
    assert done.returncode == 1, done.stdout + done.stderr  # hooks that change files fail
    # database.tf gets its safe fix (FX002); network.tf is formatted. lambda.tf (unformatted),
    # the README and the build script have findings too, but nobody named them.
    assert changed(root) == {"database.tf", "network.tf"}, done.stdout
    assert "serverlessv2_scaling_configuration" not in (root / "database.tf").read_text()
    git("add", "-A", cwd=root)
    again = pre_commit(root, environment)
    assert "fixer fmt" in again.stdout
    assert changed(root) == set(), "a second run changes nothing"
