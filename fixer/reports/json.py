"""The JSON report: a versioned, documented shape for scripts and other tools."""

from __future__ import annotations

import json
from typing import Any

from fixer.findings import Change, CreateFile, Finding, Fix
from fixer.reports.model import FileError, Report
from fixer.reports.positions import LineMaps

VERSION = 1

SHAPE = """\
{
  "version": 1,
  "findings": [
    {
      "code": "TF001",                  // rule code
      "name": "rule-name",              // rule name (kebab-case)
      "message": "what is wrong",
      "severity": "error" | "warning" | "info",
      "path": "modules/app/main.tf",    // as given to fixer, "/"-separated
      "start": {"line": 3, "column": 5, "offset": 42},
      "end": {"line": 3, "column": 12, "offset": 49},
      "fix": null | {
        "title": "what the fix does",
        "applicability": "safe" | "unsafe" | "display-only",
        "changes": [
          {"kind": "edit", "path": "main.tf", "start": {...}, "end": {...}, "content": "new text"},
          {"kind": "create", "path": "versions.tf", "content": "whole file"}
        ]
      }
    }
  ],
  "errors": [{"path": "broken.tf", "line": 2, "column": 7, "message": "..."}],
  "summary": {"findings": 1, "fixed": 0, "fixable": 1, "unsafe_fixable": 0, "errors": 1}
}

Positions: lines and columns are 1-based and columns count characters (Unicode code points);
offsets are 0-based character offsets into the file's text (after any byte-order mark).
An edit replaces the text from `start` up to (not including) `end` with `content`: equal
offsets insert, empty content deletes. Offsets refer to the file before any change, and
`content` is what lands in the file: "\\n" in it becomes "\\r\\n" in CRLF files. An edit's
line and column are null when its file's text was not available to the report.
Findings are those still present after the run: all of them in check mode, those left after
fixing in fix and dry-run modes. `summary.findings` counts them, `summary.fixed` counts the
fixes applied (or, in a dry run, that would be applied), `summary.fixable` the listed
findings with a safe fix, `summary.unsafe_fixable` those fixable only with --unsafe-fixes,
and `summary.errors` the input errors. `version` changes only when this shape changes
incompatibly; new keys may be added.
"""


def render_json(report: Report) -> str:
    """The report as JSON text (see `SHAPE`), two-space indented, ending with a newline."""
    maps = LineMaps(report.texts)
    document = {
        "version": VERSION,
        "findings": [_finding(finding, maps) for finding in report.findings],
        "errors": [_error(error) for error in report.errors],
        "summary": _summary(report),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _finding(finding: Finding, maps: LineMaps) -> dict[str, Any]:
    span = finding.span
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity.value,
        "path": finding.path,
        "start": {"line": span.start_line, "column": span.start_column, "offset": span.start},
        "end": {"line": span.end_line, "column": span.end_column, "offset": span.end},
        "fix": None if finding.fix is None else _fix(finding.fix, maps),
    }


def _fix(fix: Fix, maps: LineMaps) -> dict[str, Any]:
    return {
        "title": fix.title,
        "applicability": fix.applicability.label,
        "changes": [_change(change, maps) for change in fix.changes],
    }


def _change(change: Change, maps: LineMaps) -> dict[str, Any]:
    if isinstance(change, CreateFile):
        return {"kind": "create", "path": change.path, "content": change.content}
    return {
        "kind": "edit",
        "path": change.path,
        "start": _point(maps, change.path, change.start),
        "end": _point(maps, change.path, change.end),
        "content": maps.applied(change.path, change.content),
    }


def _point(maps: LineMaps, path: str, offset: int) -> dict[str, int | None]:
    lines = maps.get(path)
    line, column = lines.position(offset) if lines else (None, None)
    return {"line": line, "column": column, "offset": offset}


def _error(error: FileError) -> dict[str, Any]:
    return {
        "path": error.path,
        "line": error.line,
        "column": error.column,
        "message": error.message,
    }


def _summary(report: Report) -> dict[str, int]:
    return {
        "findings": len(report.findings),
        "fixed": report.fixed,
        "fixable": report.fixable,
        "unsafe_fixable": report.unsafe_held_back,
        "errors": len(report.errors),
    }
