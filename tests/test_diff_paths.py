"""Dry-run diffs apply with `git apply` whatever form the path was given in (trial defect 6:
an absolute path gave `a//tmp/...` headers, a `../` path `a/../...`, both rejected)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer.cli import app

UGLY = "locals {\n  b=1\n}\n"


def dry_run(cwd: Path, path: str, monkeypatch: pytest.MonkeyPatch, *extra: str) -> str:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, ["fix", "--dry-run", *extra, path], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.stdout_bytes.decode()


def headers(diff: str) -> list[str]:
    return [line for line in diff.splitlines() if line.startswith(("--- ", "+++ "))]


def git_apply_check(diff: str, cwd: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "apply", "--check", "-"], input=diff.encode(), cwd=cwd, check=True)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "w" / "d").mkdir(parents=True)
    (tmp_path / "w" / "d" / "x.tf").write_text(UGLY)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "y.tf").write_text(UGLY)
    return tmp_path / "w"


@pytest.mark.parametrize("form", ["absolute", "dotdot", "file"])
def test_a_path_under_the_working_directory_is_relative_to_it(
    work: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    path = {
        "absolute": str(work / "d"),
        "dotdot": f"../{work.name}/d",
        "file": str(work / "d" / "x.tf"),
    }[form]
    diff = dry_run(work, path, monkeypatch)
    assert headers(diff) == ["--- a/d/x.tf", "+++ b/d/x.tf"]
    git_apply_check(diff, work)
    fmt = CliRunner().invoke(app, ["fmt", "--diff", path], catch_exceptions=False)
    assert headers(fmt.stdout_bytes.decode()) == ["--- a/d/x.tf", "+++ b/d/x.tf"]


@pytest.mark.parametrize("form", ["absolute", "dotdot"])
def test_a_path_outside_it_is_absolute_and_applies_from_the_root(
    work: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    outside = work.parent / "out"
    path = str(outside) if form == "absolute" else "../out"
    diff = dry_run(work, path, monkeypatch)
    name = str(outside / "y.tf").lstrip("/")
    assert headers(diff) == [f"--- a/{name}", f"+++ b/{name}"]
    git_apply_check(diff, Path("/"))


def test_sarif_fixes_still_find_their_texts(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    # FX001 alone: FX022 (unused declarations) would also remove the unused local.
    out = dry_run(work, str(work / "d"), monkeypatch, "--format", "sarif", "--select", "FX001")
    (result,) = json.loads(out)["runs"][0]["results"]
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == (work / "d" / "x.tf").as_uri()
    assert change["replacements"], "the hunk is located in the file's text"


def test_diff_path_keeps_plain_relative_paths() -> None:
    from fixer.diff import diff_path

    assert diff_path("modules/app/main.tf") == "modules/app/main.tf"
