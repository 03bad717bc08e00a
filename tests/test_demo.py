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
    assert found == sorted(cls.code for cls in all_codemods()), "one finding per codemod"


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
