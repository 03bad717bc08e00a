"""Projects as teams lay them out: roots per environment under one README, shared modules
outside the path given (issue 12 point 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer.cli import app
from fixer.model.files import SourceFile
from fixer.model.project import Project, build_project

CASE = Path(__file__).resolve().parents[1] / "golden" / "readme-backend-undocumented"
ROOTS = CASE / "environment-roots"


def project_of(texts: dict[str, str]) -> Project:
    return build_project({rel: SourceFile(rel, text) for rel, text in texts.items()})


def test_readme_for_is_the_nearest_readme_up_to_the_root() -> None:
    project = project_of(
        {
            "README.md": "# repo\n",
            "environments/prod/main.tf": 'module "s" {\n  source = "../../modules/s"\n}\n',
            "modules/s/main.tf": "",
            "modules/s/README.md": "# s\n",
        }
    )
    readme = project.readme_for(project.modules["environments/prod"])
    assert readme is not None and readme.rel == "README.md"
    own = project.readme_for(project.modules["modules/s"])
    assert own is not None and own.rel == "modules/s/README.md"


def test_outside_calls_name_modules_the_path_does_not_hold() -> None:
    project = project_of(
        {
            "main.tf": 'module "stack" {\n  source = "../../modules/stack"\n}\n\n'
            'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n\n'
            'module "local" {\n  source = "./local"\n}\n',
            "local/main.tf": "",
        }
    )
    assert [(call.name, path) for call, path in project.outside_calls()] == [
        ("stack", "../../modules/stack")
    ]


def run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def test_an_environment_root_lists_the_shared_module_it_cannot_see(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: `fixer check environments/prod` said "No findings." and nothing else, while
    the module it calls, ../../modules/stack, was never read."""
    tree = tmp_path / "repo"
    shutil.copytree(ROOTS, tree)
    status, _, err = run(["check", "environments/prod"], tree, monkeypatch)
    assert status == 0
    assert (
        "modules/stack: skipped: module.stack (environments/prod/main.tf:1) calls it, "
        "outside the path given" in err
    )
    status, out, err = run(["check", "."], tree, monkeypatch)
    assert "skipped" not in err
    assert "FX013" in out, "the repository's README documents both environment roots"
