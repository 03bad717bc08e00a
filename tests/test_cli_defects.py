"""Regressions of issue 11's command-line defects: machine formats after fixing, mixed stdout,
dry-run positions, what each fix is, and the fix safety in `fixer rules`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fixer.cli import app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"

# The demo's S3 backend, written unaligned: a safe fix (FX001) lengthens the file, an unsafe
# fix (FX007) stays; reports used to locate FX007's edits in the fixed text against the
# original one (`ValueError: offset 245 outside a text of 214 characters`).
BACKEND = """\
terraform {
  backend "s3" {
    bucket = "acme-app-terraform-state-123456789012"
    key = "app/terraform.tfstate"
    region = "us-east-1"
    dynamodb_table = "acme-app-terraform-locks"
    encrypt = true
  }
}
"""


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, catch_exceptions=False)


def out(result: Result) -> str:
    return result.stdout_bytes.decode("utf-8")


@pytest.fixture
def backend(tmp_path: Path) -> Path:
    (tmp_path / "backend.tf").write_text(BACKEND)
    return tmp_path


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    copy = tmp_path / "multi-env"
    shutil.copytree(DEMO, copy)
    return copy


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
@pytest.mark.parametrize("mode", [["fix"], ["fix", "--dry-run"]])
def test_machine_formats_after_fixing_do_not_crash(
    backend: Path, monkeypatch: pytest.MonkeyPatch, mode: list[str], fmt: str
) -> None:
    result = invoke([*mode, "--format", fmt, "."], backend, monkeypatch)
    assert result.exit_code in (0, 1), out(result) + result.stderr
    if fmt in ("json", "sarif"):
        json.loads(out(result))


def test_dry_run_json_is_the_only_thing_on_stdout(
    backend: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke(["fix", "--dry-run", "--format", "json", "."], backend, monkeypatch)
    document = json.loads(out(result))
    (diffed,) = document["fixes"]
    assert diffed["code"] == "FX001"
    assert diffed["diff"].startswith("--- a/backend.tf\n+++ b/backend.tf\n@@ ")
    assert (backend / "backend.tf").read_text() == BACKEND, "a dry run writes nothing"


def positions(document: dict) -> set[tuple[str, str, int, int]]:
    return {
        (f["code"], f["path"], f["start"]["line"], f["start"]["column"])
        for f in document["findings"]
    }


def test_dry_run_positions_are_those_of_the_file_on_disk(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = json.loads(out(invoke(["check", "--format", "json", "."], demo, monkeypatch)))
    dry = invoke(["fix", "--dry-run", "."], demo, monkeypatch)
    # FX002's safe fix removes 6 lines of database.tf above FX009's finding (line 29 on disk).
    assert "database.tf:29:3: FX009" in dry.stderr
    assert "database.tf:23:3: FX009" not in dry.stderr
    for fmt in ("json", "sarif"):
        result = invoke(["fix", "--dry-run", "--format", fmt, "."], demo, monkeypatch)
        document = json.loads(out(result))
        if fmt == "json":
            remaining = positions(document)
            assert remaining and remaining <= positions(checked)
        else:
            for sarif_result in document["runs"][0]["results"]:
                region = sarif_result["locations"][0]["physicalLocation"]["region"]
                where = (sarif_result["ruleId"], region["startLine"], region["startColumn"])
                assert where in {(c, line, col) for c, _, line, col in positions(checked)}


def test_fix_and_dry_run_say_which_codemod_and_safety(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dry = invoke(["fix", "--dry-run", "."], demo, monkeypatch)
    assert "FX002 aurora-serverless-provisioned-instance" in dry.stderr
    assert "9 more fixes are available with `--unsafe-fixes`" in dry.stderr
    hunk_headers = [line for line in out(dry).splitlines() if line.startswith("@@ ")]
    assert hunk_headers and all("(safe)" in line for line in hunk_headers), hunk_headers
    assert any("FX002 aurora-serverless-provisioned-instance" in h for h in hunk_headers)
    unsafe = invoke(["fix", "--dry-run", "--unsafe-fixes", "."], demo, monkeypatch)
    assert any("FX007 s3-backend-hardcoded (unsafe)" in line for line in out(unsafe).splitlines())
    subprocess.run(["git", "init", "-q"], cwd=demo, check=True)
    (demo / "fixes.diff").write_text(out(unsafe))
    subprocess.run(["git", "apply", "--check", "fixes.diff"], cwd=demo, check=True)

    fixed = invoke(["fix", "."], demo, monkeypatch)
    assert "FX002 aurora-serverless-provisioned-instance" in out(fixed)
    assert "9 more fixes are available with `--unsafe-fixes`" in out(fixed)


def test_rules_shows_fix_safety(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listing = out(invoke(["rules"], tmp_path, monkeypatch))
    assert "always" not in listing and "sometimes" not in listing.split("summary")[0]
    rows = {line.split()[0]: line for line in listing.splitlines()[1:]}
    assert " safe " in rows["FX001"]
    assert " unsafe" in rows["FX006"]
    rules = json.loads(out(invoke(["rules", "--format", "json"], tmp_path, monkeypatch)))
    assert {r["code"]: r["fix_safety"] for r in rules}["FX006"] == "unsafe"


def test_every_rule_declares_a_fix_safety_its_docs_agree_with() -> None:
    import re

    from fixer.registry import all_rules

    for cls in all_rules():
        safety = cls.fix_safety
        assert safety in ("safe", "unsafe", "safe or unsafe", "none"), cls.code
        text = cls.doc_sections()["Fix safety"]
        words = {w.lower() for w in re.findall(r"\b(?:safe|unsafe)\b", text, re.IGNORECASE)}
        if safety in ("safe", "unsafe"):
            assert text.lower().startswith(safety), (cls.code, text[:40])
        elif safety == "safe or unsafe":
            assert words == {"safe", "unsafe"}, cls.code
        assert (safety == "none") == (cls.fix_availability == "none"), cls.code
