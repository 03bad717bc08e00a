"""Every report format with check, fix and fix --dry-run, on every golden case: the command
exits 0 or 1, stdout holds one document that parses (SARIF valid against the schema), and
positions are those of the files on disk."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import require_shared
from test_golden import CASES, copy_input
from unidiff import PatchSet

from fixer.entry import run_fast

FORMATS = ("text", "json", "sarif", "github")
MODES = {
    "check": ["check"],
    "dry-run": ["fix", "--dry-run"],
    "dry-run-unsafe": ["fix", "--dry-run", "--unsafe-fixes"],
    "fix": ["fix", "--unsafe-fixes"],
}
GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=[^:\n]*::.*$")
TEXT_LINE = re.compile(r"^(\S.*:\d+:\d+: FX\d{3} .*|\S.*: error: .*)$")


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(require_shared("schemas", "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft7Validator(schema)


def invoke(
    args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> tuple[int, str]:
    """The command as the `fixer` executable runs it (its fast path: test_entry.py holds it
    equal to the Typer app, whose per-call set-up would dominate this test's time)."""
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    status = run_fast(args[0], [*args[1:], "."])
    assert status is not None, "a plain command line takes the fast path"
    return status, capsys.readouterr().out


def parses(fmt: str, mode: str, out: str, validator: Any) -> Any:
    """The document on stdout, checked for its format."""
    if fmt == "json":
        return json.loads(out)
    if fmt == "sarif":
        document = json.loads(out)
        errors = sorted(validator.iter_errors(document), key=str)
        assert not errors, errors[0]
        return document
    if fmt == "github":
        assert all(GITHUB_LINE.match(line) for line in out.splitlines()), out
        return out
    if mode.startswith("dry-run"):
        PatchSet(out)  # stdout is the diff alone
        assert all(not line or line[0] in " +-@\\" for line in out.splitlines()), out
        return out
    lines = out.splitlines()
    assert lines, "a text report ends with a summary"
    return out


def located(document: dict) -> dict[tuple[str, str, str], tuple[int, int]]:
    return {
        (f["code"], f["path"], f["message"]): (f["start"]["line"], f["start"]["column"])
        for f in document["findings"]
    }


@pytest.mark.parametrize(("code", "case"), CASES, ids=[f"{c}/{p.name}" for c, p in CASES])
def test_every_format_parses_and_locates_findings_on_disk(
    code: str,
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    sarif_validator: Any,
) -> None:
    tree = copy_input(case, tmp_path)
    documents: dict[tuple[str, str], Any] = {}
    for mode, args in MODES.items():
        for fmt in FORMATS:
            work = tree
            if mode == "fix":
                work = tmp_path / f"fix-{fmt}"
                shutil.copytree(tree, work, symlinks=True)
            status, out = invoke([*args, "--format", fmt], work, monkeypatch, capsys)
            assert status in (0, 1), (mode, fmt, out)
            documents[mode, fmt] = parses(fmt, mode, out, sarif_validator)
    for finding in documents["fix", "json"]["findings"]:
        _assert_on_disk(tmp_path / "fix-json", finding)  # the files as written
    checked = located(documents["check", "json"])
    for mode in ("dry-run", "dry-run-unsafe"):
        document = documents[mode, "json"]
        for key, where in located(document).items():
            if key in checked:
                assert where == checked[key], (mode, key)
        for finding in document["findings"]:
            _assert_on_disk(tree, finding)
        # Every finding check found is remaining, fixed or resolved, where check says (a
        # finding its own fix only partly fixes is both fixed and remaining).
        every = document["findings"] + document["fixes"] + document["resolved"]
        missing = Counter(_where(f) for f in documents["check", "json"]["findings"]) - Counter(
            _where(item) for item in every
        )
        assert not missing, (mode, missing)
        diff = document["diff"]
        assert diff == documents[mode, "text"], "the JSON carries the diff --dry-run prints"
        for fix in document["fixes"]:
            assert fix["diff"], f"{fix['code']} has no part of the diff"
            assert _hunks_of(fix["diff"]) <= _hunks_of(diff)


def _where(item: dict) -> tuple[str, str, int, int]:
    return (item["code"], item["path"], item["start"]["line"], item["start"]["column"])


def _hunks_of(diff: str) -> set[str]:
    return {line for line in diff.splitlines() if line.startswith("@@ ")}


def _assert_on_disk(tree: Path, finding: dict) -> None:
    """The finding's position and its fix's edits are consistent with the file on disk."""
    path = tree / finding["path"]
    if not path.is_file():
        return  # a file the dry run would create
    text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    for point in (finding["start"], finding["end"]):
        assert 0 <= point["offset"] <= len(text)
        before = text[: point["offset"]]
        assert point["line"] == before.count("\n") + 1
        assert point["column"] == point["offset"] - (before.rfind("\n") + 1) + 1
    for change in (finding["fix"] or {}).get("changes", []):
        if change["kind"] == "edit" and (tree / change["path"]).is_file():
            target = (tree / change["path"]).read_bytes().decode("utf-8").removeprefix("\ufeff")
            assert 0 <= change["start"]["offset"] <= change["end"]["offset"] <= len(target)
