"""The demo project shows all 13 post-mortem failures, and fixer fixes every one of them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer.cli import app
from fixer.registry import all_codemods
from fixer.syntax.canonical import format_preserving_newlines

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"
RUNS = Path(__file__).resolve().parents[1] / "golden" / "runs"
HCL_SUFFIXES = (".tf", ".tfvars", ".tftest.hcl")


def run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes.decode("utf-8")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    copy = tmp_path / "multi-env"
    shutil.copytree(DEMO, copy)
    return copy


def test_every_codemod_finds_its_failure_in_the_demo(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out = run(["check", "--format", "json", "."], demo, monkeypatch)
    assert status == 1
    found = sorted(finding["code"] for finding in json.loads(out)["findings"])
    others = TFLINT_PARITY | PROVIDER_UPGRADES
    post_mortem = [cls.code for cls in all_codemods() if cls.code not in others]
    assert found == post_mortem, "one finding per post-mortem codemod, none of the others"


# The codemods of tflint's fixes (issue 16): the demo is written in their style already.
TFLINT_PARITY = frozenset(f"FX{number:03d}" for number in range(14, 23))
# Provider upgrades (issue 16): the demo has no S3 bucket to upgrade.
PROVIDER_UPGRADES = frozenset({"FX023"})


def test_fix_unsafe_fixes_all_13_and_a_second_run_changes_nothing(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out = run(["fix", "--unsafe-fixes", "--format", "json", "."], demo, monkeypatch)
    assert status == 0, out  # everything found was fixed
    report = json.loads(out)
    assert report["errors"] == []
    assert report["findings"] == [], "nothing remains"
    assert report["summary"]["fixed"] == 13

    assert run(["fix", "--dry-run", "--unsafe-fixes", "."], demo, monkeypatch) == (0, "")
    assert run(["check", "."], demo, monkeypatch)[0] == 0
    for path in sorted(demo.rglob("*")):
        if path.is_file() and path.name.endswith(HCL_SUFFIXES):
            text = path.read_text(encoding="utf-8")
            assert format_preserving_newlines(text) == text, f"{path.name} is not canonical"
    assert (demo / "backend.hcl.example").is_file()
    assert (demo / "scripts" / "build_lambda.sh").stat().st_mode & 0o111, "still executable"


def test_the_readme_shows_the_demo_dry_run_as_it_is(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (DEMO.parents[1] / "README.md").read_text(encoding="utf-8")
    status, diff = run(["fix", "--dry-run", "--unsafe-fixes", "."], demo, monkeypatch)
    assert status == 1
    shown = diff.replace("--- a/", "--- a/examples/multi-env/").replace(
        "+++ b/", "+++ b/examples/multi-env/"
    )
    assert shown in readme, "README's demo output is stale: regenerate it (see README)"


@pytest.mark.parametrize(
    ("name", "options"),
    [("demo-safe", []), ("demo-unsafe", ["--unsafe-fixes"])],
)
def test_demo_runs_match_their_golden_diff(
    name: str,
    options: list[str],
    demo: Path,
    monkeypatch: pytest.MonkeyPatch,
    update_golden: bool,
) -> None:
    """Safe-only and unsafe `fix --dry-run` of the demo: coherent fix sets (issue 11
    point 6). The safe run leaves the README alone while the backend still hard-codes
    its bucket and lock table; the unsafe run rewrites README, backend and example
    together, and the Deploying section's `terraform init` passes backend.hcl."""
    expected_file = RUNS / f"{name}.diff"
    status, diff = run(["fix", "--dry-run", *options, "."], demo, monkeypatch)
    assert status == 1
    if update_golden:
        expected_file.write_text(diff, encoding="utf-8", newline="")
    assert diff == expected_file.read_text(encoding="utf-8")
    touched = {line[6:] for line in diff.splitlines() if line.startswith("+++ b/")}
    if options:
        assert {"README.md", "versions.tf", "backend.hcl.example"} <= touched
        assert "+terraform init -backend-config=backend.hcl" in diff
    else:
        assert not touched & {"README.md", "backend.hcl.example"}
        assert "backend" not in diff and "dynamodb_table" not in diff


REGISTRY_EXAMPLE = DEMO.parent / "registry-modules"


def test_registry_module_project_is_fixed_as_its_golden_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    """examples/registry-modules: the same failures written as terraform-aws-modules
    calls (vpc, rds-aurora, lambda and its policy statements) are found and fixed
    (issue 12 point 1); nothing was found there before."""
    tree = tmp_path / "registry-modules"
    shutil.copytree(REGISTRY_EXAMPLE, tree)
    status, out = run(["check", "--format", "json", "."], tree, monkeypatch)
    found = sorted(finding["code"] for finding in json.loads(out)["findings"])
    assert (status, found) == (1, ["FX002", "FX004", "FX005", "FX008", "FX009"])
    status, diff = run(["fix", "--dry-run", "--unsafe-fixes", "."], tree, monkeypatch)
    expected_file = RUNS / "registry-modules.diff"
    if update_golden:
        expected_file.write_text(diff, encoding="utf-8", newline="")
    assert (status, diff) == (1, expected_file.read_text(encoding="utf-8"))
    run(["fix", "--unsafe-fixes", "."], tree, monkeypatch)
    assert run(["fix", "--dry-run", "--unsafe-fixes", "."], tree, monkeypatch) == (1, "")
