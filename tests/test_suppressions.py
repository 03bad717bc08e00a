"""Suppression comments: codes, prefixes and names as --select takes them, the malformed or
misplaced ones reported (FX000), and those that silence nothing (FX100, off by default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixer.cli import app
from fixer.config import Settings
from fixer.model.files import SourceFile
from fixer.registry import UnknownCodeError, select_codemods, select_rules
from fixer.runner import run_codemods
from fixer.suppressions import suppressions_in

UNFORMATTED = 'resource "terraform_data" "b" {\nx=1\n}\n'


def findings(args: list[str], files: dict[str, str], tmp_path: Path, monkeypatch) -> list:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "--format", "json", *args, "."])
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    document = json.loads(result.stdout)
    return [(f["code"], f["start"]["line"], f["message"]) for f in document["findings"]]


@pytest.mark.parametrize(
    "directive",
    [
        "# fixer:ignore-file FX001",
        "# fixer: ignore-file FX001",
        "# fixer:ignore-file unformatted",
        "// fixer: ignore-file unformatted because generated",
        "# fixer:ignore-file FX0",
        "# fixer:ignore-file ALL",
        "# fixer:ignore-file fx001, FX004",
    ],
)
def test_ignore_file_accepts_what_select_accepts(
    directive: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert findings([], {"main.tf": f"{directive}\n{UNFORMATTED}"}, tmp_path, monkeypatch) == []


def test_ignore_accepts_a_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = '# fixer:ignore unformatted\nresource "terraform_data" "b" {\nx=1\n}\n'
    assert findings([], {"main.tf": text}, tmp_path, monkeypatch) == []


@pytest.mark.parametrize(
    ("directive", "problem"),
    [
        ("# fixer: ignore-file X", "names no known code or name: X"),
        ("# fixer:ignore-file FX001, nonsense", "names no known code or name: nonsense"),
        ("# fixer:ignore_file FX001", "unknown directive `ignore_file` (`ignore-file`?)"),
        ("# fixer:ignorefile FX001", "unknown directive `ignorefile` (`ignore-file`?)"),
        ("# fixer:ignore-file", "`ignore-file` names no code"),
    ],
)
def test_malformed_directives_are_reported(
    directive: str, problem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = findings([], {"main.tf": f"{directive}\n{UNFORMATTED}"}, tmp_path, monkeypatch)
    invalid = [(line, message) for code, line, message in found if code == "FX000"]
    assert len(invalid) == 1 and invalid[0][0] == 1
    assert problem in invalid[0][1]
    unknown_only = "names no known" in problem and "," in directive
    assert any(code == "FX001" for code, _, _ in found) != unknown_only, found


def test_an_ignore_covering_nothing_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = 'resource "terraform_data" "b" {\n  x = 1\n}\n\n# fixer:ignore FX001\n'
    found = findings([], {"main.tf": text}, tmp_path, monkeypatch)
    assert found == [("FX000", 5, "Suppression `ignore` here covers no attribute or block")]
    assert findings(["--ignore", "FX000"], {}, tmp_path, monkeypatch) == []
    assert findings(["--ignore", "invalid-suppression"], {}, tmp_path, monkeypatch) == []


def test_unused_suppressions_are_off_by_default_and_on_when_selected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "main.tf": (
            "# fixer:ignore FX001 hand formatted\n"
            'resource "terraform_data" "b" {\n  x = 1\n}\n\n'
            "# fixer:ignore FX001, FX006\n"
            'resource "terraform_data" "c" {\nx=1\n}\n'
        )
    }
    assert findings([], files, tmp_path, monkeypatch) == []
    assert findings(["--select", "ALL"], {}, tmp_path, monkeypatch) == []
    assert findings(["--select", "FX"], {}, tmp_path, monkeypatch) == []
    for option in (["--extend-select", "FX100"], ["--extend-select", "unused-suppression"]):
        assert findings(option, {}, tmp_path, monkeypatch) == [
            ("FX100", 1, "Unused suppression: FX001 silences nothing here"),
            ("FX100", 6, "Unused code in suppression: FX006 silences nothing here"),
        ]
    # Only codes of rules that ran are judged: FX006 did not run here.
    assert findings(["--select", "FX001,FX100"], {}, tmp_path, monkeypatch) == [
        ("FX100", 1, "Unused suppression: FX001 silences nothing here")
    ]
    assert findings(["--config", 'extend-select = ["FX100"]'], {}, tmp_path, monkeypatch)


def test_unused_suppression_in_a_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = "#!/bin/sh\n# fixer:ignore build-script-requires-zip\necho hi\n"
    found = findings(["--extend-select", "FX100"], {"build.sh": script}, tmp_path, monkeypatch)
    assert found == [
        ("FX100", 2, "Unused suppression: build-script-requires-zip silences nothing here")
    ]


def test_suppression_entries_resolve_like_select() -> None:
    source = SourceFile("main.tf", "# fixer:ignore-file unformatted, FX00\na = 1\n")
    (suppression,) = suppressions_in(source)
    assert suppression.entries == ("unformatted", "FX00")
    assert suppression.codes >= {"FX001", "FX002", "FX009"}
    assert "FX010" not in suppression.codes and "FX100" not in suppression.codes


def test_selection_of_the_suppression_rules() -> None:
    codes = {cls.code for cls in select_rules()}
    assert "FX000" in codes and "FX100" not in codes
    assert {cls.code for cls in select_rules(["FX100"])} == {"FX100"}
    assert "FX000" not in {cls.code for cls in select_codemods()}, "rules are not codemods"
    with pytest.raises(UnknownCodeError):
        select_rules(["FX999"])
    errors: list = []
    text = "# fixer:ignore-file NOPE\na = 1\n"
    files = {"main.tf": SourceFile("main.tf", text)}
    assert run_codemods(files, [], Settings(ignore=("FX000",)), errors) == []
    assert [f.code for f in run_codemods(files, [], Settings(), errors)] == ["FX000"]


def fixed(files: dict[str, str], tmp_path: Path, monkeypatch, *args: str) -> dict[str, str]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["fix", "--extend-select", "FX100", *args, "."])
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    again = CliRunner().invoke(app, ["fix", "--dry-run", "--extend-select", "FX100", *args, "."])
    assert again.stdout == "", "a second run changes nothing"
    return {name: (tmp_path / name).read_text() for name in files}


def test_unused_suppressions_are_removed_keeping_the_file_canonical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        'resource "terraform_data" "b" {\n'
        "  a = 1\n"
        "  # fixer:ignore FX006 the old password rules\n"
        "  bbb = 2 # fixer:ignore FX001\n"
        "  cc  = 3 # fixer:ignore FX004, unformatted, FX006 mixed\n"
        "}\n"
    )
    # FX004 does not run: its entry is not judged, and stays.
    assert fixed({"main.tf": text}, tmp_path, monkeypatch, "--ignore", "FX004")["main.tf"] == (
        'resource "terraform_data" "b" {\n'
        "  a   = 1\n"  # the comment line no longer splits the aligned attributes
        "  bbb = 2\n"
        "  cc  = 3 # fixer:ignore FX004 mixed\n"
        "}\n"
    )


def test_unused_suppressions_in_scripts_and_prose_comments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "build.sh": "#!/bin/sh\n# fixer:ignore FX011\necho hi\n",
        "main.tf": "# see the wiki; fixer:ignore-file FX006\na = 1\n",
    }
    result = fixed(files, tmp_path, monkeypatch)
    assert result["build.sh"] == "#!/bin/sh\necho hi\n"
    assert result["main.tf"] == files["main.tf"], "a comment with other text stays"
    found = findings(["--extend-select", "FX100"], {}, tmp_path, monkeypatch)
    assert [(code, line) for code, line, _ in found] == [("FX100", 1)]
