"""Every finding a fix run found is in its machine reports: fixed by its own fix, resolved by
another codemod's fix (located on the original text, naming that fix), or remaining
(trial defect 4: `fix --dry-run --unsafe-fixes --format sarif` on the demo gave 11 results
for 13 findings; the JSON had no trace of FX001 and FX012)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import require_shared
from typer.testing import CliRunner

from fixer.cli import app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "multi-env"
Key = tuple[str, str, int, int]  # code, path, line, column


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(require_shared("schemas", "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft7Validator(schema)


def run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, [*args, "."], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout_bytes.decode("utf-8"))


def _key(item: dict) -> Key:
    return (item["code"], item["path"], item["start"]["line"], item["start"]["column"])


def _sarif_key(result: dict) -> Key:
    physical = result["locations"][0]["physicalLocation"]
    region = physical.get("region") or result["properties"]["regionBeforeFix"]
    return (
        result["ruleId"],
        physical["artifactLocation"]["uri"],
        region["startLine"],
        region["startColumn"],
    )


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEMO, tmp_path / "demo"))


@pytest.fixture
def found(demo: Path, monkeypatch: pytest.MonkeyPatch) -> set[Key]:
    document = run(["check", "--format", "json"], demo, monkeypatch)
    return {_key(finding) for finding in document["findings"]}


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "fix"])
def test_json_lists_every_finding_fixed_resolved_or_remaining(
    demo: Path, found: set[Key], monkeypatch: pytest.MonkeyPatch, dry_run: bool
) -> None:
    args = ["fix", "--unsafe-fixes", "--format", "json"] + (["--dry-run"] if dry_run else [])
    document = run(args, demo, monkeypatch)
    assert len(found) == 13
    fixed = {_key(fix) for fix in document["fixes"]}
    resolved = {_key(item) for item in document["resolved"]}
    assert not document["findings"]
    assert fixed | resolved == found
    assert document["summary"]["fixed"] == len(found)
    assert document["summary"]["resolved"] == len(resolved) == 2
    by = {item["code"]: item["resolved_by"] for item in document["resolved"]}
    assert [ref["code"] for ref in by["FX001"]] == ["FX005"]  # reformats lambda.tf's block
    assert [ref["code"] for ref in by["FX012"]] == ["FX013"]  # rewrites the README section
    assert all(ref["title"] and ref["applicability"] == "unsafe" for ref in by["FX001"])


def test_sarif_dry_run_has_a_result_per_finding(
    demo: Path, found: set[Key], monkeypatch: pytest.MonkeyPatch, sarif_validator: Any
) -> None:
    args = ["fix", "--dry-run", "--unsafe-fixes", "--format", "sarif"]
    log = run(args, demo, monkeypatch)
    assert not list(sarif_validator.iter_errors(log))
    results = log["runs"][0]["results"]
    assert len(results) == len(found) == 13
    assert {_sarif_key(r) for r in results} == found
    assert all(r["properties"]["wouldBeFixed"] for r in results)
    resolved = [r for r in results if "resolvedBy" in r["properties"]]
    assert sorted(r["ruleId"] for r in resolved) == ["FX001", "FX012"]
    assert all("fixes" not in r and r["level"] != "none" for r in resolved)


def test_sarif_fix_reports_fixed_findings_as_passes(
    demo: Path, found: set[Key], monkeypatch: pytest.MonkeyPatch, sarif_validator: Any
) -> None:
    log = run(["fix", "--unsafe-fixes", "--format", "sarif"], demo, monkeypatch)
    assert not list(sarif_validator.iter_errors(log))
    results = log["runs"][0]["results"]
    assert {_sarif_key(r) for r in results} == found
    assert all(r["kind"] == "pass" and r["level"] == "none" for r in results)
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in results)
    assert sum("resolvedBy" in r["properties"] for r in results) == 2


def test_safe_dry_run_lists_remaining_and_fixed(
    demo: Path, found: set[Key], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = run(["fix", "--dry-run", "--format", "json"], demo, monkeypatch)
    keys = [_key(f) for f in document["findings"] + document["fixes"] + document["resolved"]]
    assert sorted(keys) == sorted(found)
