"""The JSON report: a versioned, documented shape for scripts and other tools."""

from __future__ import annotations

import json
from typing import Any

from fixer.findings import Change, CreateFile, Finding, Fix
from fixer.reports.model import AppliedFix, FileError, Report, ResolvedFinding
from fixer.reports.positions import LineMaps

VERSION = 1

SHAPE = """\
{
  "version": 1,
  "mode": "check" | "fix" | "dry-run",
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
  "fixes": [
    {
      "code": "TF002", "name": "other-rule", "message": "what was wrong",
      "title": "what the fix does", "applicability": "safe" | "unsafe",
      "path": "main.tf",                // where the finding was
      "start": {...} | null, "end": {...} | null,
      "diff": "--- a/main.tf\\n+++ b/main.tf\\n@@ -1,3 +1,3 @@ TF002 other-rule (safe)\\n..."
    }
  ],
  "resolved": [
    {
      "code": "TF003", "name": "third-rule", "message": "what was wrong",
      "severity": "error" | "warning" | "info",
      "path": "main.tf", "start": {...}, "end": {...},
      "resolved_by": [{"code": "TF002", "name": "other-rule", "title": "what the fix does",
                       "applicability": "safe" | "unsafe", "path": "main.tf"}]
    }
  ],
  "diff": "the whole diff of the run",
  "errors": [{"path": "broken.tf", "line": 2, "column": 7, "message": "..."}],
  "notes": ["main.tf:3:5: FX009 fix not applied: it also changes locals.tf, which ..."],
  "summary": {"findings": 1, "fixed": 0, "fixes": 0, "fixable": 1, "unsafe_fixable": 0,
              "resolved": 0, "errors": 1}
}

Positions: lines and columns are 1-based and columns count characters (Unicode code points);
offsets are 0-based character offsets into the file's text (after any byte-order mark).
They refer to the file as it is on disk when fixer exits: as it was in check and dry-run
modes, as written in fix mode. An edit replaces the text from `start` up to (not including)
`end` with `content`: equal offsets insert, empty content deletes. `content` is what lands
in the file: "\\n" in it becomes "\\r\\n" in CRLF files. An edit's line and column are null
when its file's text was not available to the report. In a dry run, the fix of a finding
that remains is also located on disk: an edit reaching into text the dry run would change
takes that change along.
`findings` are those still present after the run: all of them in check mode, those left
after fixing in fix and dry-run modes. `fixes` lists, in fix and dry-run modes, the fixes
applied (or that would be), in order: the finding each fixes, located in the file as it was
before the run (null in a file the run creates), and `diff`, the hunks of the run's diff it
changes (a hunk that several fixes change is in each; every hunk header names its fixes).
`resolved` lists, in fix and dry-run modes, the findings the run found that another
codemod's fix resolved (their own fix was not applied): located in the file as it was
before the run, with the fixes (`resolved_by`, nearest first) applied in the pass after
which they were gone. Every finding the run found is in `findings`, is the finding of one
of `fixes`, or is in `resolved`.
`diff` is the whole diff (as `fixer fix --dry-run` prints it; in fix mode, of what was
written; "" in check mode); `git apply` takes it.
`notes` are the lines text output prints on stderr beside the report: files skipped (and
why), fixes held back because they change a file outside the selection, leftovers of
interrupted runs; neither findings nor errors.
`summary.findings` counts the findings listed, `summary.fixed` the findings the run fixed
(or would: a fix may resolve findings of other codes too), `summary.fixes` the fixes
applied (or that would be), `summary.resolved` the findings listed in `resolved`, `summary.fixable` the listed findings with a safe fix,
`summary.unsafe_fixable` those fixable only with --unsafe-fixes, and `summary.errors` the
input errors. `version` changes only when this shape changes incompatibly; new keys may be
added.
"""


def render_json(report: Report) -> str:
    """The report as JSON text (see `SHAPE`), two-space indented, ending with a newline."""
    maps = LineMaps(report.texts)
    document = {
        "version": VERSION,
        "mode": report.mode,
        "findings": [_finding(finding, maps) for finding in report.findings],
        "fixes": [_applied(fix) for fix in report.fixes],
        "resolved": [_resolved(item) for item in report.resolved],
        "diff": report.diff,
        "errors": [_error(error) for error in report.errors],
        "notes": list(report.notes),
        "summary": _summary(report),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_json_statistics(report: Report) -> str:
    """`--statistics --format json`: `[{"code", "name", "count", "fixable"}]`, as ruff."""
    from fixer.reports.text import statistics

    return json.dumps(statistics(report), indent=2, ensure_ascii=False) + "\n"


def _applied(fix: AppliedFix) -> dict[str, Any]:
    span = fix.span
    return {
        "code": fix.code,
        "name": fix.name,
        "message": fix.message,
        "title": fix.title,
        "applicability": fix.applicability.label,
        "path": fix.path,
        "start": None
        if span is None
        else _span_point(span.start_line, span.start_column, span.start),
        "end": None if span is None else _span_point(span.end_line, span.end_column, span.end),
        "diff": fix.diff,
    }


def _resolved(item: ResolvedFinding) -> dict[str, Any]:
    return {
        **_located(item.finding),
        "resolved_by": [
            {
                "code": ref.code,
                "name": ref.name,
                "title": ref.title,
                "applicability": ref.applicability.label,
                "path": ref.path,
            }
            for ref in item.by
        ],
    }


def _span_point(line: int, column: int, offset: int) -> dict[str, int]:
    return {"line": line, "column": column, "offset": offset}


def _located(finding: Finding) -> dict[str, Any]:
    """What every finding of the report says: which rule, what, and where."""
    span = finding.span
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity.value,
        "path": finding.path,
        "start": _span_point(span.start_line, span.start_column, span.start),
        "end": _span_point(span.end_line, span.end_column, span.end),
    }


def _finding(finding: Finding, maps: LineMaps) -> dict[str, Any]:
    return {
        **_located(finding),
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
        "fixes": len(report.fixes),
        "resolved": len(report.resolved),
        "fixable": report.fixable,
        "unsafe_fixable": report.unsafe_held_back,
        "errors": len(report.errors),
    }
