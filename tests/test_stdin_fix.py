"""`fixer fix -` applies only fixes whose edits stay in the stdin buffer, says why it held
the others back, counts only what it applied, and honours `--format` on stderr as ruff
does (trial defects 2 and 7: a fix reaching locals.tf was silent, `--format json` was
ignored)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fixer.cli import app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"
HELD_BACK = (
    "demo/database.tf:29:3: FX009 fix not applied: it also changes demo/locals.tf, "
    "and `fixer fix -` outputs only the buffer read from stdin"
)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(DEMO, tmp_path / "demo"))


def fix_stdin(demo: Path, *options: str) -> Result:
    data = (demo / "database.tf").read_bytes()
    args = ["fix", "--unsafe-fixes", *options, "-", "--stdin-filename", "demo/database.tf"]
    return CliRunner().invoke(app, args, input=data, catch_exceptions=False)


def test_fixes_reaching_other_files_are_held_back_and_said(demo: Path) -> None:
    before = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    result = fix_stdin(demo)
    assert result.exit_code == 0, result.stderr
    fixed = result.stdout_bytes.decode()
    assert "override_special" in fixed  # FX006, within the buffer, applied
    assert "local.aurora_instance_count" not in fixed  # FX009 would declare it in locals.tf
    assert {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()} == before
    lines = result.stderr.splitlines()
    assert HELD_BACK in lines
    assert "Found 3 findings (2 fixed, 1 remaining)." in lines
    assert any(": FX009 " in line and "[**]" in line for line in lines)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_format_is_the_report_on_stderr(demo: Path, fmt: str) -> None:
    text = fix_stdin(demo)
    result = fix_stdin(demo, "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout_bytes == text.stdout_bytes  # the fixed buffer, whatever the format
    document = json.loads(result.stderr)  # the document alone: notes go inside it
    if fmt == "json":
        assert document["summary"]["fixed"] == 2 == len(document["fixes"])
        assert [f["code"] for f in document["findings"]] == ["FX009"]
        assert HELD_BACK in document["notes"]
    else:
        notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert {"level": "note", "message": {"text": HELD_BACK}} in notes
