"""The notes on modules called from outside the path: cheap to find, and not for fmt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from parse_counting import parsed_here
from typer.testing import CliRunner

import fixer.parallel
from fixer.cli import app
from fixer.config import Settings
from fixer.discover import discover_job
from fixer.pipeline import run_project
from fixer.project_root import plan
from fixer.session import Request, outside_notes

ROOTS = Path(__file__).resolve().parents[1] / "golden" / "readme-backend-undocumented"
ROOTS = ROOTS / "environment-roots"
NOTE = "modules/stack: skipped: module.stack (environments/prod/main.tf:1) calls it"


@pytest.fixture
def prod(tmp_path: Path) -> Path:
    tree = tmp_path / "repo"
    shutil.copytree(ROOTS, tree)
    return tree / "environments" / "prod"


def test_a_format_run_with_workers_parses_nothing_here(
    prod: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the note's project model parsed every file of the project in this process,
    which made fmt's workers pointless (and the parent as large as a check's)."""
    (prod / "unformatted.tf").write_text("locals {\na=1\n}\n")
    parses = parsed_here(monkeypatch)
    monkeypatch.setattr(fixer.parallel, "MIN_POOL_BYTES", 0)
    (job,) = plan([str(prod)])
    result = run_project(job, Request("dry-run", Settings(select=("FX001",)), ("FX001",)), 2)
    assert [c.rel for c in result.changes] == ["unformatted.tf"]
    assert parses.paths == []
    assert result.skipped == []  # formatting reads no module: nothing to say about one


def test_fmt_says_nothing_about_modules_outside(
    prod: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(prod.parents[1])
    checked = CliRunner().invoke(app, ["check", "environments/prod"])
    assert NOTE in checked.stderr
    formatted = CliRunner().invoke(app, ["fmt", "--check", "environments/prod"])
    assert formatted.exit_code == 0 and "skipped" not in formatted.stderr


def test_only_files_naming_a_parent_directory_are_modelled_for_the_note(
    prod: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (prod / "other.tf").write_text('resource "terraform_data" "x" {}\n')
    (job,) = plan([str(prod)])
    target = discover_job(job, Request("check", Settings(), ()).options)
    parses = parsed_here(monkeypatch)
    notes = outside_notes(target, target.files)
    assert [path for path, _ in notes] == [str(prod.parents[1] / "modules" / "stack")]
    assert parses.paths == ["main.tf"]  # neither other.tf nor versions.tf


def test_a_windows_style_source_outside_the_path_is_noted(
    prod: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terraform reads `..\\..\\modules\\stack` as `../../modules/stack`; before, a file
    naming the parent directory only that way was not looked at."""
    main = prod / "main.tf"
    main.write_text(main.read_text().replace("../../modules/stack", "..\\\\..\\\\modules\\\\stack"))
    assert "\\\\" in main.read_text() and "../" not in main.read_text()
    monkeypatch.chdir(prod.parents[1])
    done = CliRunner().invoke(app, ["check", "environments/prod"])
    assert NOTE in done.stderr
