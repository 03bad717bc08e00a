"""File arguments the pre-commit way (issue 11, points 1 and 7): the project is analysed
whole, findings and edits only for the files named; .gitignore, --exclude and
--extend-exclude; a path that does not exist is a usage error."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fixer.cli import app

REPO = Path(__file__).resolve().parents[1]
MULTI_ENV = REPO / "examples" / "multi-env"
MODULE_CALL = REPO / "golden" / "aurora-serverless-provisioned-instance" / "module-call"


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, catch_exceptions=False)


def copy(source: Path, tmp_path: Path, git: bool = True) -> Path:
    root = tmp_path / source.name
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("expected.diff"))
    if git:
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def found(report: str) -> int:
    """N of `Found N findings` (0 for `No findings.`)."""
    match = re.search(r"Found (\d+) findings?", report)
    return int(match.group(1)) if match else 0


def headers(diff: str) -> list[str]:
    return [line[6:] for line in diff.splitlines() if line.startswith("+++ b/")]


FILE_SETS = [
    ["dev.tfvars"],
    ["dev.tfvars", "prod.tfvars"],
    ["versions.tf"],
    ["database.tf", "variables.tf"],
    ["README.md", "versions.tf"],
    ["scripts/build_lambda.sh", "lambda.tf"],
    ["lambda.tf", "lambda.tf"],
]


@pytest.mark.parametrize("unsafe", [[], ["--unsafe-fixes"]], ids=["safe", "unsafe"])
@pytest.mark.parametrize("names", FILE_SETS, ids=["+".join(n) for n in FILE_SETS])
def test_named_files_check_and_fix_agree_and_only_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str], unsafe: list[str]
) -> None:
    root = copy(MULTI_ENV, tmp_path)
    before = snapshot(root)
    checked = invoke(["check", *unsafe, *names], root, monkeypatch)
    dry = invoke(["fix", "--dry-run", *unsafe, *names], root, monkeypatch)
    assert checked.exit_code in (0, 1) and dry.exit_code in (0, 1), checked.stdout + dry.stderr
    assert found(checked.stdout) == found(dry.stderr), (checked.stdout, dry.stderr)
    for line in checked.stdout.splitlines():
        if re.match(r"^\S+:\d+:\d+: FX", line):
            assert line.split(":")[0] in names, line
    changed = headers(dry.stdout)
    assert set(changed) <= set(names), changed
    assert len(changed) == len(set(changed)), "each file once in the diff"
    fixed = invoke(["fix", *unsafe, *names], root, monkeypatch)
    assert fixed.exit_code in (0, 1), fixed.stdout
    after = snapshot(root)
    assert {path for path in after if after[path] != before.get(path)} == set(changed)
    assert found(fixed.stdout) == found(checked.stdout)


def test_a_module_file_is_analysed_within_its_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The module alone cannot tell which environments use it: its caller and tfvars can."""
    root = copy(MODULE_CALL, tmp_path)
    named = "modules/aurora/main.tf"
    checked = invoke(["check", "--select", "FX002", named], root, monkeypatch)
    assert checked.exit_code == 1, checked.stdout
    assert f"{named}:9:3: FX002" in checked.stdout
    dry = invoke(
        ["fix", "--dry-run", "--unsafe-fixes", "--select", "FX002", named], root, monkeypatch
    )
    assert headers(dry.stdout) == [named]
    assert "Found 1 finding (1 would be fixed, 0 would remain)." in dry.stderr
    inside = invoke(
        ["check", "--select", "FX002", "main.tf"], root / "modules" / "aurora", monkeypatch
    )
    assert "main.tf:9:3: FX002" in inside.stdout.splitlines()[0], "paths as the user named them"
    from_inside = invoke(
        ["fix", "--dry-run", "--select", "FX002", "main.tf"],
        root / "modules" / "aurora",
        monkeypatch,
    )
    assert headers(from_inside.stdout) == ["main.tf"]


def test_a_fix_reaching_an_unnamed_file_is_reported_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy(MULTI_ENV, tmp_path)
    result = invoke(
        ["fix", "--unsafe-fixes", "--select", "FX007", "versions.tf"], root, monkeypatch
    )
    assert not (root / "backend.hcl.example").exists()
    assert (
        "versions.tf:15:3: FX007 fix not applied: it also changes backend.hcl.example, "
        "which was not named on the command line"
    ) in result.stderr
    assert "versions.tf:15:3: FX007" in result.stdout, "the finding remains"
    assert "(0 fixed, 1 remaining)" in result.stdout
    whole = invoke(
        ["fix", "--unsafe-fixes", "--select", "FX007", "versions.tf", "backend.hcl.example"],
        root,
        monkeypatch,
    )
    assert whole.exit_code == 2, "a file that does not exist cannot be named"
    both = invoke(["fix", "--unsafe-fixes", "--select", "FX007", "."], root, monkeypatch)
    assert (root / "backend.hcl.example").exists(), both.stdout


def test_a_file_named_twice_or_with_its_directory_is_analysed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy(MULTI_ENV, tmp_path)
    for args in (["lambda.tf", "lambda.tf"], [".", "lambda.tf"], ["lambda.tf", "./lambda.tf", "."]):
        checked = invoke(["check", "--select", "FX001", *args], root, monkeypatch)
        assert checked.stdout.count("lambda.tf:30:1: FX001") == 1, (args, checked.stdout)
        dry = invoke(["fix", "--dry-run", "--select", "FX001", *args], root, monkeypatch)
        assert headers(dry.stdout) == ["lambda.tf"], (args, dry.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["dev.tfvars", "prod.tfvars"],
        ["--unsafe-fixes", "database.tf", "lambda.tf", "README.md", "versions.tf"],
        ["--unsafe-fixes", "."],
        ["--unsafe-fixes", ".", "lambda.tf"],
        ["scripts/build_lambda.sh", "scripts/build_lambda.sh"],
    ],
    ids=["tfvars", "four-files", "directory", "directory-and-file", "twice"],
)
def test_the_dry_run_diff_applies_with_git_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    root = copy(MULTI_ENV, tmp_path)
    dry = invoke(["fix", "--dry-run", *args], root, monkeypatch)
    patch = tmp_path / "fix.patch"
    patch.write_text(dry.stdout)
    if dry.stdout:
        checked = subprocess.run(
            ["git", "apply", "--check", str(patch)], cwd=root, capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
        subprocess.run(["git", "apply", str(patch)], cwd=root, check=True)
    applied = snapshot(root)
    fixed_copy = copy(MULTI_ENV, tmp_path / "second")
    invoke(["fix", *args], fixed_copy, monkeypatch)
    assert applied == snapshot(fixed_copy), "the diff is what fix writes"


# ---------------------------------------------------------------- discovery options


def test_gitignore_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("generated.tf\nbuild/\n")
    (root / "main.tf").write_text("a = 1\n")
    (root / "generated.tf").write_text("b=1\n")
    (root / "build").mkdir()
    (root / "build" / "out.tf").write_text("c=1\n")
    assert invoke(["check", "."], root, monkeypatch).exit_code == 0
    unignored = invoke(["check", "--no-respect-gitignore", "."], root, monkeypatch)
    assert "generated.tf:1:1: FX001" in unignored.stdout
    assert "build/out.tf:1:1: FX001" in unignored.stdout
    named = invoke(["fmt", "generated.tf", "main.tf"], root, monkeypatch)
    assert "generated.tf: skipped: ignored by git (.gitignore)" in named.stderr
    assert (root / "generated.tf").read_text() == "b=1\n"
    assert invoke(["fmt", "--check", "."], root, monkeypatch).exit_code == 0


def test_exclude_and_extend_exclude(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    for name in ("a.tf", "b.tf", "c.tf"):
        (root / name).write_text(f"{name[0]}=1\n")
    (root / ".fixer.toml").write_text('exclude = ["a.tf"]\n')

    def reported(*options: str) -> set[str]:
        result = invoke(["check", *options, "."], root, monkeypatch)
        return {line.split(":")[0] for line in result.stdout.splitlines() if ": FX001" in line}

    assert reported() == {"b.tf", "c.tf"}
    assert reported("--extend-exclude", "b.tf") == {"c.tf"}
    assert reported("--exclude", "c.tf") == {"a.tf", "b.tf"}
    assert reported("--exclude", "c.tf", "--extend-exclude", "b*") == {"a.tf"}
    named = invoke(["fmt", "--extend-exclude", "b.tf", "b.tf", "c.tf"], root, monkeypatch)
    assert "b.tf: skipped: excluded" in named.stderr
    assert (root / "b.tf").read_text() == "b=1\n"
    assert (root / "c.tf").read_text() == "c = 1\n"


@pytest.mark.parametrize("command", [["check"], ["fix"], ["fix", "--dry-run"], ["fmt"]])
def test_a_nonexistent_path_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    (tmp_path / "main.tf").write_text("a=1\n")
    result = invoke([*command, "main.tf", "missing.tf"], tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert "fixer: error: missing.tf: No such file or directory" in result.stderr
    assert result.stdout == ""
    assert (tmp_path / "main.tf").read_text() == "a=1\n", "nothing is done"
