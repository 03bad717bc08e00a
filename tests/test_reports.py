"""Report formats: exact text, JSON, GitHub commands and SARIF for small hand-built reports."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import Any

import pytest
from conftest import SHARED

from fixer.findings import Applicability, CreateFile, Finding, Fix, Severity, Span, TextEdit
from fixer.reports import FORMATS, AppliedFix, FileError, Report, RuleInfo, render
from fixer.reports.github import escape_data, escape_property, render_github
from fixer.reports.json import SHAPE, render_json
from fixer.reports.positions import LineMap
from fixer.reports.sarif import artifact_location, render_sarif
from fixer.reports.text import render_text

SCHEMAS = SHARED / "schemas"

MAIN = 'resource "aws_s3_bucket" "logs" {\n  bucket = "é😀x"\n  count  = 1\n}\n'
# Line 1 has 33 characters and a newline; line 2 is `  bucket = "é😀x"` (x: offset 48, column 15).


def span(text: str, start: int, end: int) -> Span:
    """A span computed independently of fixer's own line index."""

    def point(offset: int) -> tuple[int, int]:
        before = text[:offset]
        return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1

    (start_line, start_column), (end_line, end_column) = point(start), point(end)
    return Span(start, end, start_line, start_column, end_line, end_column)


def finding(
    code: str = "TF001",
    message: str = "Something is off",
    *,
    path: str = "main.tf",
    text: str = MAIN,
    at: tuple[int, int] = (0, 8),
    severity: Severity = Severity.WARNING,
    fix: Fix | None = None,
    name: str = "something-off",
) -> Finding:
    return Finding(code, name, message, path, span(text, *at), severity, fix)


def find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


SAFE = Fix.safe("Rename it", TextEdit.replacement("main.tf", 0, 8, "data"))
UNSAFE = Fix.unsafe("Remove it", TextEdit.deletion("main.tf", 0, 8))
DISPLAY = Fix.display_only("Consider this", TextEdit.insertion("main.tf", 0, "# "))


# --- text -------------------------------------------------------------------------------


def test_text_no_findings() -> None:
    assert render_text(Report([])) == "No findings.\n"


def test_text_check_mode_markers_and_hints() -> None:
    report = Report(
        [
            finding("TF001", "Use a data source", fix=SAFE),
            finding("TF002", "Dangerous default", at=(36, 42), fix=UNSAFE),
            finding("TF003", "Could be simpler", path="b.tf", fix=DISPLAY),
            finding("TF004", "No fix here", path="c.tf", at=(0, 1)),
        ],
        unsafe_held_back=1,
    )
    assert render_text(report) == (
        "main.tf:1:1: TF001 Use a data source [*]\n"
        "main.tf:2:3: TF002 Dangerous default [**]\n"
        "b.tf:1:1: TF003 Could be simpler\n"
        "c.tf:1:1: TF004 No fix here\n"
        "Found 4 findings.\n"
        "[*] 1 fixable with `fixer fix`.\n"
        "[**] 1 more fix is available with `--unsafe-fixes`.\n"
    )


def test_text_singular() -> None:
    report = Report([finding(fix=SAFE)])
    assert render_text(report).splitlines()[1:] == [
        "Found 1 finding.",
        "[*] 1 fixable with `fixer fix`.",
    ]


def test_text_unsafe_only_says_no_more() -> None:
    report = Report([finding(fix=UNSAFE), finding(fix=UNSAFE, at=(9, 24))], unsafe_held_back=2)
    assert render_text(report).splitlines()[2:] == [
        "Found 2 findings.",
        "[**] 2 fixes are available with `--unsafe-fixes`.",
    ]


def applied(
    code: str, safety: Applicability, path: str = "main.tf", name: str = "rule"
) -> AppliedFix:
    return AppliedFix(code, name, "Fix it", safety, path, "Wrong", span(MAIN, 0, 8))


SAFE_, UNSAFE_ = Applicability.SAFE, Applicability.UNSAFE


def test_text_fix_mode_lists_fixes_per_codemod_and_safety() -> None:
    remaining = [finding(f"TF00{i}", "Held back", fix=UNSAFE) for i in range(1, 4)]
    fixes = [
        applied("TF005", SAFE_, name="five"),
        applied("TF005", SAFE_, "b.tf", name="five"),
        applied("TF006", UNSAFE_, name="six"),
        applied("TF007", SAFE_, name="seven"),
        applied("TF007", UNSAFE_, name="seven"),
    ]
    report = Report(
        remaining,
        fixed=12,
        unsafe_held_back=3,
        mode="fix",
        fixes=fixes,
        fixed_by_code={"TF005": 9, "TF006": 1, "TF007": 1, "TF008": 1},
        rules={"TF008": RuleInfo("TF008", "eight", "Eight", "", Severity.INFO, "none")},
    )
    assert render_text(report).splitlines()[3:] == [
        "Fixed 12 findings:",
        "  9 \u00d7 TF005 five (safe)",  # a code's fixes of one safety: the findings they fixed
        "  1 \u00d7 TF006 six (unsafe)",
        "  1 \u00d7 TF007 seven (safe)",  # two safeties: the fixes of each
        "  1 \u00d7 TF007 seven (unsafe)",
        "  1 \u00d7 TF008 eight (resolved by other fixes)",
        "Found 15 findings (12 fixed, 3 remaining).",
        "[**] 3 more fixes are available with `--unsafe-fixes`.",
    ]
    per_file = render_text(report, show_fixes=True).splitlines()[3:10]
    assert per_file == [
        "Fixed 12 findings:",
        "- b.tf:",
        "    1 \u00d7 TF005 five (safe)",
        "- main.tf:",
        "    1 \u00d7 TF005 five (safe)",
        "    1 \u00d7 TF006 six (unsafe)",
        "    1 \u00d7 TF007 seven (safe)",
    ]


def test_text_fix_mode_everything_fixed() -> None:
    report = Report(
        [], fixed=1, mode="fix", fixes=[applied("TF001", SAFE_)], fixed_by_code={"TF001": 1}
    )
    assert render_text(report) == (
        "Fixed 1 finding:\n  1 \u00d7 TF001 rule (safe)\nFound 1 finding (1 fixed, 0 remaining).\n"
    )


def test_text_dry_run() -> None:
    fixes = [applied("TF002", SAFE_)]
    report = Report([finding()], fixed=2, mode="dry-run", fixes=fixes, fixed_by_code={"TF002": 2})
    assert render_text(report) == (
        "main.tf:1:1: TF001 Something is off\n"
        "Would fix 2 findings:\n"
        "  2 \u00d7 TF002 rule (safe)\n"
        "Found 3 findings (2 would be fixed, 1 would remain).\n"
    )
    assert render_text(Report([finding()], mode="dry-run")).endswith("\nFound 1 finding.\n")


def test_text_statistics_like_ruff() -> None:
    report = Report(
        [
            finding("TF002", fix=UNSAFE, name="two"),
            finding("TF001", fix=SAFE, name="one"),
            finding("TF002", name="two", at=(9, 24)),
            finding("TF003", fix=SAFE, name="three"),
            finding("TF003", fix=SAFE, name="three", at=(9, 24)),
        ]
    )
    assert render_text(report, statistics=True).splitlines()[:3] == [
        "2\tTF002\t[ ] two",
        "2\tTF003\t[*] three",
        "1\tTF001\t[*] one",
    ]
    assert json.loads(render(report, "json", statistics=True))[0] == {
        "code": "TF002",
        "name": "two",
        "count": 2,
        "fixable": False,
    }
    with pytest.raises(ValueError, match="statistics"):
        render(report, "sarif", statistics=True)


def test_text_errors() -> None:
    report = Report(
        [finding()],
        errors=[
            FileError("broken.tf", 2, 7, "Unclosed configuration block"),
            FileError("broken.tf", 9, 1, "Invalid expression"),
            FileError("secret.tf", 0, 0, "Invalid character encoding: not UTF-8"),
        ],
    )
    assert render_text(report) == (
        "main.tf:1:1: TF001 Something is off\n"
        "broken.tf:2:7: error: Unclosed configuration block\n"
        "broken.tf:9:1: error: Invalid expression\n"
        "secret.tf: error: Invalid character encoding: not UTF-8\n"
        "Found 1 finding.\n"
        "2 files could not be checked.\n"
    )
    only_error = Report([], errors=[FileError("a.tf", 1, 1, "Bad")])
    assert render_text(only_error) == (
        "a.tf:1:1: error: Bad\nNo findings.\n1 file could not be checked.\n"
    )


def test_text_paint_styles_paths_codes_and_markers() -> None:
    report = Report([finding(fix=SAFE)], errors=[FileError("x.tf", 1, 2, "Bad")])
    painted = render_text(report, lambda text, style: f"<{style}>{text}</>")
    assert painted == (
        "<bold>main.tf</>:1:1: <bold red>TF001</> Something is off <cyan>[*]</>\n"
        "<bold>x.tf</>:1:2: <bold red>error:</> Bad\n"
        "Found 1 finding.\n"
        "1 file could not be checked.\n"
        "<cyan>[*]</> 1 fixable with `fixer fix`.\n"
    )
    assert "<" not in render_text(report)


# --- JSON -------------------------------------------------------------------------------


def test_json_shape() -> None:
    rename = find(MAIN, '"aws_s3_bucket"')
    fix = Fix.safe(
        "Pin the provider",
        TextEdit.replacement("main.tf", *rename, '"aws_s3_bucket_v2"'),
        CreateFile("versions.tf", 'terraform {\n  required_version = ">= 1.5"\n}\n'),
    )
    report = Report(
        [
            finding("TF001", "Old resource type", at=rename, fix=fix),
            finding("TF009", "Non-ASCII", at=find(MAIN, "x"), severity=Severity.INFO),
        ],
        errors=[FileError("broken.tf", 2, 7, "Unclosed block")],
        fixed=4,
        unsafe_held_back=1,
        mode="fix",
        texts={"main.tf": MAIN},
    )
    output = render_json(report)
    assert output.endswith("}\n")
    assert "é😀x" not in output  # no text is copied except messages and contents
    assert json.loads(output) == {
        "version": 1,
        "mode": "fix",
        "findings": [
            {
                "code": "TF001",
                "name": "something-off",
                "message": "Old resource type",
                "severity": "warning",
                "path": "main.tf",
                "start": {"line": 1, "column": 10, "offset": 9},
                "end": {"line": 1, "column": 25, "offset": 24},
                "fix": {
                    "title": "Pin the provider",
                    "applicability": "safe",
                    "changes": [
                        {
                            "kind": "edit",
                            "path": "main.tf",
                            "start": {"line": 1, "column": 10, "offset": 9},
                            "end": {"line": 1, "column": 25, "offset": 24},
                            "content": '"aws_s3_bucket_v2"',
                        },
                        {
                            "kind": "create",
                            "path": "versions.tf",
                            "content": 'terraform {\n  required_version = ">= 1.5"\n}\n',
                        },
                    ],
                },
            },
            {
                "code": "TF009",
                "name": "something-off",
                "message": "Non-ASCII",
                "severity": "info",
                "path": "main.tf",
                "start": {"line": 2, "column": 15, "offset": 48},
                "end": {"line": 2, "column": 16, "offset": 49},
                "fix": None,
            },
        ],
        "fixes": [],
        "resolved": [],
        "diff": "",
        "errors": [{"path": "broken.tf", "line": 2, "column": 7, "message": "Unclosed block"}],
        "notes": [],
        "summary": {
            "findings": 2,
            "fixed": 4,
            "fixes": 0,
            "resolved": 0,
            "fixable": 1,
            "unsafe_fixable": 1,
            "errors": 1,
        },
    }


def test_json_fixes_carry_their_part_of_the_diff() -> None:
    diff = "--- a/main.tf\n+++ b/main.tf\n@@ -1 +1 @@ TF002 rule (safe)\n-a\n+b\n"
    fix = replace(applied("TF002", Applicability.SAFE), diff=diff)
    created = replace(applied("TF003", Applicability.UNSAFE, "new.tf"), span=None)
    report = Report([], fixed=2, mode="dry-run", fixes=[fix, created], diff=diff)
    document = json.loads(render_json(report))
    assert document["mode"] == "dry-run" and document["diff"] == diff
    assert document["fixes"][0] == {
        "code": "TF002",
        "name": "rule",
        "message": "Wrong",
        "title": "Fix it",
        "applicability": "safe",
        "path": "main.tf",
        "start": {"line": 1, "column": 1, "offset": 0},
        "end": {"line": 1, "column": 9, "offset": 8},
        "diff": diff,
    }
    assert document["fixes"][1]["start"] is None
    assert document["summary"]["fixes"] == 2


def test_json_keeps_non_ascii_readable() -> None:
    report = Report([finding(message="Bucket « logs » is public")])
    assert "Bucket « logs » is public" in render_json(report)


def test_json_edit_without_text_has_null_position() -> None:
    fix = Fix.safe("Delete", TextEdit.deletion("other.tf", 3, 5))
    change = json.loads(render_json(Report([finding(fix=fix)])))["findings"][0]["fix"]["changes"]
    assert change == [
        {
            "kind": "edit",
            "path": "other.tf",
            "start": {"line": None, "column": None, "offset": 3},
            "end": {"line": None, "column": None, "offset": 5},
            "content": "",
        }
    ]


def test_json_content_uses_the_files_line_endings() -> None:
    text = "a = 1\r\nb = 2\r\n"
    fix = Fix.safe("Add c", TextEdit.insertion("crlf.tf", len(text), "c = 3\nd = 4\n"))
    report = Report(
        [finding(path="crlf.tf", text=text, at=(0, 1), fix=fix)], texts={"crlf.tf": text}
    )
    change = json.loads(render_json(report))["findings"][0]["fix"]["changes"][0]
    assert change["content"] == "c = 3\r\nd = 4\r\n"
    assert change["start"] == {"line": 3, "column": 1, "offset": 14}


def test_json_shape_documents_every_key() -> None:
    keys = ("version", "mode", "findings", "fixes", "diff", "errors", "summary", "applicability")
    for key in (*keys, "changes", "title", "message", "path", "start", "end"):
        assert f'"{key}"' in SHAPE
    for key in ("findings", "fixed", "fixes", "fixable", "unsafe_fixable", "errors"):
        assert f'"{key}":' in SHAPE


# --- GitHub -----------------------------------------------------------------------------


def test_github_commands() -> None:
    report = Report(
        [
            finding("TF001", "Use a data source", severity=Severity.ERROR),
            finding("TF002", "Spans lines", at=(9, 55)),
            finding("TF003", "Just so you know", path="b.tf", severity=Severity.INFO),
        ],
        errors=[FileError("broken.tf", 2, 7, "Unclosed block"), FileError("bin.tf", 0, 0, "Bad")],
    )
    assert render_github(report) == (
        "::error file=main.tf,line=1,col=1,endLine=1,endColumn=9,title=TF001::Use a data source\n"
        "::warning file=main.tf,line=1,endLine=3,title=TF002::Spans lines\n"
        "::notice file=b.tf,line=1,col=1,endLine=1,endColumn=9,title=TF003::Just so you know\n"
        "::error file=broken.tf,line=2,col=7,title=error::Unclosed block\n"
        "::error file=bin.tf,title=error::Bad\n"
    )


def test_github_escaping() -> None:
    report = Report(
        [finding("A:B,C", "100% sure: a, b\r\nnext line", path="dir,1/x:y%.tf", at=(0, 1))]
    )
    assert render_github(report) == (
        "::warning file=dir%2C1/x%3Ay%25.tf,line=1,col=1,endLine=1,endColumn=2,"
        "title=A%3AB%2CC::100%25 sure: a, b%0D%0Anext line\n"
    )
    assert escape_data("%0A") == "%250A"
    assert escape_property("a:b,c\n") == "a%3Ab%2Cc%0A"


def test_github_empty() -> None:
    assert render_github(Report([])) == ""


# --- SARIF ------------------------------------------------------------------------------


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    schema_path = SCHEMAS / "sarif-schema-2.1.0.json"
    _require(schema_path.exists(), f"SARIF schema not found at {schema_path}")
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - depends on the environment
        _require(False, "jsonschema is not installed")
        raise
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)  # draft-04 per its $schema
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def validate(validator: Any, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


RULES = {
    "TF001": RuleInfo(
        "TF001",
        "something-off",
        "Something is off",
        "https://example.com/rules#tf001",
        Severity.ERROR,
        "always",
    ),
    "TF002": RuleInfo("TF002", "minor-thing", "A minor thing", "", Severity.INFO, "none"),
}


def sarif(report: Report) -> dict[str, Any]:
    return json.loads(render_sarif(report, "1.2.3"))


def test_sarif_rich_report_is_valid(sarif_validator: Any) -> None:
    edits = Fix.unsafe(
        "Rewrite",
        TextEdit.replacement("main.tf", *find(MAIN, "bucket"), "name"),
        TextEdit.insertion("main.tf", 0, "# managed\n"),
        CreateFile("versions.tf", "terraform {}\n"),
    )
    report = Report(
        [
            finding("TF001", "Something", severity=Severity.ERROR, fix=edits),
            finding("TF002", "Minor", at=find(MAIN, "x"), severity=Severity.INFO),
            finding("TF777", "Unknown rule", path="my dir/ü.tf", at=(0, 1), fix=DISPLAY),
        ],
        errors=[FileError("broken.tf", 2, 7, "Unclosed block"), FileError("bin.tf", 0, 0, "Bad")],
        rules=RULES,
        texts={"main.tf": MAIN},
    )
    log = sarif(report)
    validate(sarif_validator, log)
    validate(sarif_validator, sarif(Report([])))

    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("fixer", "1.2.3")
    assert driver["informationUri"].startswith("https://")
    assert driver["rules"] == [
        {
            "id": "TF001",
            "name": "something-off",
            "shortDescription": {"text": "Something is off"},
            "helpUri": "https://example.com/rules#tf001",
            "defaultConfiguration": {"level": "error"},
            "properties": {"fixAvailability": "always"},
        },
        {
            "id": "TF002",
            "name": "minor-thing",
            "shortDescription": {"text": "A minor thing"},
            "defaultConfiguration": {"level": "note"},
            "properties": {"fixAvailability": "none"},
        },
        {
            "id": "TF777",
            "name": "something-off",
            "shortDescription": {"text": "something-off"},
            "defaultConfiguration": {"level": "warning"},
        },
    ]
    results = run["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("TF001", 0, "error"),
        ("TF002", 1, "note"),
        ("TF777", 2, "warning"),
    ]
    assert results[0]["message"] == {"text": "Something"}
    assert results[2]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "my%20dir/%C3%BC.tf", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2},
    }
    assert results[0]["fixes"][0]["properties"] == {"applicability": "unsafe"}
    assert results[2]["fixes"][0]["properties"] == {"applicability": "display-only"}
    assert "fixes" not in results[1]


def test_sarif_errors_are_notifications() -> None:
    report = Report(
        [], errors=[FileError("broken.tf", 2, 7, "Unclosed block"), FileError("b.tf", 0, 0, "Bad")]
    )
    assert sarif(report)["runs"][0]["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": "Unclosed block"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "broken.tf", "uriBaseId": "%SRCROOT%"},
                                "region": {"startLine": 2, "startColumn": 7},
                            }
                        }
                    ],
                },
                {
                    "level": "error",
                    "message": {"text": "Bad"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "b.tf", "uriBaseId": "%SRCROOT%"}
                            }
                        }
                    ],
                },
            ],
        }
    ]
    clean = sarif(Report([]))["runs"][0]["invocations"]
    assert clean == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def only_fix(report: Report) -> dict[str, Any]:
    (result,) = sarif(report)["runs"][0]["results"]
    (fix,) = result["fixes"]
    return fix


def replacements_of(fix: Fix, text: str = MAIN, path: str = "main.tf") -> list[dict[str, Any]]:
    report = Report([finding(path=path, text=text, at=(0, 1), fix=fix)], texts={path: text})
    (change,) = only_fix(report)["artifactChanges"]
    assert change["artifactLocation"] == {"uri": path, "uriBaseId": "%SRCROOT%"}
    return change["replacements"]


def region(start_line: int, start_column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def test_sarif_multi_line_replacement() -> None:
    start = MAIN.index("bucket =")
    end = MAIN.index("1\n}") + 1  # through `count  = 1`
    fix = Fix.safe("Collapse", TextEdit.replacement("main.tf", start, end, "bucket = x\n  y = 2"))
    assert replacements_of(fix) == [
        {"deletedRegion": region(2, 3, 3, 13), "insertedContent": {"text": "bucket = x\n  y = 2"}}
    ]


def test_sarif_insertion_is_an_empty_region() -> None:
    at = MAIN.index("count")
    fix = Fix.safe("Comment", TextEdit.insertion("main.tf", at, "# n\n  "))
    assert replacements_of(fix) == [
        {"deletedRegion": region(3, 3, 3, 3), "insertedContent": {"text": "# n\n  "}}
    ]


def test_sarif_deletion_of_a_whole_line_ends_at_column_1_of_the_next() -> None:
    start = MAIN.index("  count")
    fix = Fix.safe("Drop count", TextEdit.deletion("main.tf", start, MAIN.index("}")))
    assert replacements_of(fix) == [{"deletedRegion": region(3, 1, 4, 1)}]


def test_sarif_end_of_file_after_a_newline_is_on_the_last_line() -> None:
    # SARIF §3.30.2: the end of a file ending with a newline is one past that newline.
    closing = MAIN.index("}")
    fix = Fix.safe(
        "Edit the end",
        TextEdit.deletion("main.tf", closing, len(MAIN)),
        TextEdit.insertion("main.tf", len(MAIN), "# end\n"),
    )
    assert replacements_of(fix) == [
        {"deletedRegion": region(4, 1, 4, 3)},
        {"deletedRegion": region(4, 3, 4, 3), "insertedContent": {"text": "# end\n"}},
    ]
    no_newline = "a = 1"
    fix = Fix.safe("Append", TextEdit.insertion("x.tf", 5, "\n"))
    assert replacements_of(fix, no_newline, "x.tf") == [
        {"deletedRegion": region(1, 6, 1, 6), "insertedContent": {"text": "\n"}}
    ]


def test_sarif_non_ascii_columns_count_code_points() -> None:
    x = find(MAIN, "x")
    report = Report([finding(at=x)], texts={"main.tf": MAIN})
    (result,) = sarif(report)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == region(2, 15, 2, 16)
    emoji = find(MAIN, "😀")
    fix = Fix.safe("Swap", TextEdit.replacement("main.tf", *emoji, "ß"))
    assert replacements_of(fix) == [
        {"deletedRegion": region(2, 14, 2, 15), "insertedContent": {"text": "ß"}}
    ]


def test_sarif_file_creation() -> None:
    content = 'terraform {\n  required_version = ">= 1.5"\n}\n'
    fix = Fix.safe("Add versions.tf", CreateFile("versions.tf", content))
    assert only_fix(Report([finding(fix=fix)]))["artifactChanges"] == [
        {
            "artifactLocation": {"uri": "versions.tf", "uriBaseId": "%SRCROOT%"},
            "replacements": [
                {"deletedRegion": region(1, 1, 1, 1), "insertedContent": {"text": content}}
            ],
            "properties": {"createsFile": True},
        }
    ]


def test_sarif_groups_changes_by_file_in_offset_order() -> None:
    fix = Fix.safe(
        "Two files",
        TextEdit.insertion("main.tf", MAIN.index("}"), "  x = 1\n"),
        TextEdit.replacement("other.tf", 0, 1, "b"),
        TextEdit.deletion("main.tf", 0, 9),
    )
    report = Report([finding(fix=fix)], texts={"main.tf": MAIN, "other.tf": "a\n"})
    changes = only_fix(report)["artifactChanges"]
    assert [change["artifactLocation"]["uri"] for change in changes] == ["main.tf", "other.tf"]
    assert changes[0]["replacements"] == [
        {"deletedRegion": region(1, 1, 1, 10)},
        {"deletedRegion": region(4, 1, 4, 1), "insertedContent": {"text": "  x = 1\n"}},
    ]
    assert changes[1]["replacements"] == [
        {"deletedRegion": region(1, 1, 1, 2), "insertedContent": {"text": "b"}}
    ]
    assert only_fix(report)["description"] == {"text": "Two files"}


def test_sarif_crlf_files_get_crlf_inserted_text() -> None:
    text = "a = 1\r\nb = 2\r\n"
    fix = Fix.safe("Add", TextEdit.insertion("crlf.tf", 7, "c = 3\n"))
    assert replacements_of(fix, text, "crlf.tf") == [
        {"deletedRegion": region(2, 1, 2, 1), "insertedContent": {"text": "c = 3\r\n"}}
    ]


def test_sarif_without_text_falls_back_to_offsets(sarif_validator: Any) -> None:
    fix = Fix.safe("Delete", TextEdit.deletion("main.tf", 3, 5))
    report = Report([finding(at=(0, 8), fix=fix)])
    log = sarif(report)
    validate(sarif_validator, log)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == region(1, 1, 1, 9)
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": {"charOffset": 3, "charLength": 2}}


def test_sarif_artifact_locations() -> None:
    assert artifact_location("./modules/app/main.tf") == {
        "uri": "modules/app/main.tf",
        "uriBaseId": "%SRCROOT%",
    }
    assert artifact_location("a:b#c?.tf") == {"uri": "a%3Ab%23c%3F.tf", "uriBaseId": "%SRCROOT%"}
    assert artifact_location("/abs/dir/x y.tf") == {"uri": "file:///abs/dir/x%20y.tf"}


# --- positions and dispatch -------------------------------------------------------------


def test_line_map_positions() -> None:
    lines = LineMap("ab\ncd\n")
    assert [lines.position(i) for i in range(7)] == [
        (1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1),
    ]  # fmt: skip
    assert lines.sarif_position(6) == (2, 4)
    assert LineMap("").sarif_position(0) == (1, 1)
    with pytest.raises(ValueError, match="outside"):
        lines.position(7)


def test_line_map_newline_convention() -> None:
    assert LineMap("a\r\nb\r\nc\n").newline == "\r\n"
    assert LineMap("a\r\nb\nc\n").newline == "\n"
    assert LineMap("a\r\nb\r\n").applied("x\ny\r\n") == "x\r\ny\r\n"
    assert LineMap("a\nb\n").applied("x\ny\n") == "x\ny\n"


def test_render_dispatches_on_format() -> None:
    report = Report([finding(fix=SAFE)], texts={"main.tf": MAIN}, rules=RULES)
    assert FORMATS == ("text", "json", "sarif", "github")
    assert render(report, "text") == render_text(report)

    def bang(text: str, style: str) -> str:
        return text + "!"

    assert render(report, "text", bang) == render_text(report, bang)
    assert render(report, "json") == render_json(report)
    assert render(report, "sarif", tool_version="9.9") == render_sarif(report, "9.9")
    assert json.loads(render(report, "sarif"))["runs"][0]["tool"]["driver"]["version"] == "0.1.0"
    assert render(report, "github") == render_github(report)
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        render(report, "xml")


def test_report_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        Report([], mode="apply")


def test_text_check_with_unsafe_fixes_allowed() -> None:
    report = Report([finding(fix=SAFE), finding(fix=UNSAFE, at=(9, 24))], unsafe_fixes=True)
    assert render_text(report).splitlines()[2:] == [
        "Found 2 findings.",
        "[*] 1 fixable with `fixer fix`.",
        "[**] 1 fixable with `fixer fix --unsafe-fixes`.",
    ]
