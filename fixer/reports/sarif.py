"""The SARIF 2.1.0 report: one run with its rules, results, fixes and input errors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from fixer import PROJECT_URL
from fixer.findings import Change, CreateFile, Finding, Fix, Severity, Span, TextEdit
from fixer.reports.hunks import hunk_replacements
from fixer.reports.model import AppliedFix, FileError, Report, ResolvedFinding, RuleInfo
from fixer.reports.positions import LineMaps

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = PROJECT_URL
SOURCE_ROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

DOCS = """\
SARIF 2.1.0, one run. Columns count Unicode code points (`run.columnKind` is
"unicodeCodePoints"); lines and columns are 1-based and an end column is one past the last
character. Artifact URIs are relative, "/"-separated and percent-encoded, against the
`%SRCROOT%` base (the directory fixer ran in); absolute paths become `file:` URIs.
Each fix has one `artifactChange` per file; its replacements' regions refer to the file
before any change. A file the fix creates gets a single replacement inserting its whole
content at the start (line 1, column 1, an empty region) and the property
`"createsFile": true` on its artifactChange. A fix's `properties.applicability` is "safe",
"unsafe" (needs --unsafe-fixes) or "display-only". Every finding the run found is a
result. In check mode and a dry run, results are the findings on disk: in a dry run, those
it would leave (their fixes located on disk too) and those it would fix, marked
`properties.wouldBeFixed`: a finding fixed by its own fix holds the dry run's hunks for
it (each hunk one replacement of whole lines, and the hunks as a unified diff in
`properties.diff`); a finding another codemod's fix would resolve has no fix and names
that fix in `properties.resolvedBy` (`ruleId`, `title`, `applicability`; nearest first).
In fix mode, the findings left in the files as written are results as in check mode; the
findings the run fixed are results of kind "pass" (level "none", `properties.fixed`),
located by file only (the text they were in is gone) with their position before the run
in `properties.regionBeforeFix`, the fix's hunks in `properties.diff`, or the fixes that
resolved them in `properties.resolvedBy`. Input errors are error-level
`toolExecutionNotifications` of the one invocation, which is then not
`executionSuccessful`: results may be missing for those files. Notes (files skipped, fixes
held back because they change a file outside the selection) are note-level notifications.
"""


def render_sarif(report: Report, tool_version: str) -> str:
    """The report as a SARIF 2.1.0 log (see `DOCS`), two-space indented JSON."""
    rules = _rules(report)
    index = {rule.code: i for i, rule in enumerate(rules)}
    maps = LineMaps(report.texts)
    run = {
        "tool": {"driver": _driver(tool_version, rules)},
        "invocations": [_invocation(report.errors, report.notes)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index, maps) for finding in report.findings],
    }
    if report.mode == "dry-run":
        run["results"] += [_applied_result(fix, index, report) for fix in report.fixes]
        run["results"] += [_resolved_result(item, index, maps) for item in report.resolved]
    elif report.mode == "fix":
        run["results"] += [_fixed_result(fix, index) for fix in report.fixes]
        run["results"] += [_fixed_resolved_result(item, index) for item in report.resolved]
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rules(report: Report) -> list[RuleInfo]:
    """The run's rules by code, plus a minimal entry for any finding's unknown code."""
    rules = dict(report.rules)
    for finding in report.findings:
        if finding.code not in rules:
            rules[finding.code] = RuleInfo(
                finding.code, finding.name, finding.name, "", finding.severity, ""
            )
    for item in report.resolved:
        if item.finding.code not in rules:
            finding = item.finding
            rules[finding.code] = RuleInfo(
                finding.code, finding.name, finding.name, "", finding.severity, ""
            )
    for fix in report.fixes:
        if fix.code not in rules:
            rules[fix.code] = RuleInfo(fix.code, fix.name, fix.name, "", Severity.WARNING, "")
    return [rules[code] for code in sorted(rules)]


def _driver(tool_version: str, rules: Sequence[RuleInfo]) -> dict[str, Any]:
    return {
        "name": "fixer",
        "version": tool_version,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rule) for rule in rules],
    }


def _rule(rule: RuleInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
    }
    if rule.help_uri:
        descriptor["helpUri"] = rule.help_uri
    descriptor["defaultConfiguration"] = {"level": LEVELS[rule.severity]}
    properties = {}
    if rule.fix_availability:
        properties["fixAvailability"] = rule.fix_availability
    if rule.fix_safety:
        properties["fixSafety"] = rule.fix_safety
    if properties:
        descriptor["properties"] = properties
    return descriptor


def _invocation(errors: Sequence[FileError], notes: Sequence[str] = ()) -> dict[str, Any]:
    notifications = [_notification(error) for error in errors]
    notifications += [{"level": "note", "message": {"text": note}} for note in notes]
    return {"executionSuccessful": not errors, "toolExecutionNotifications": notifications}


def _notification(error: FileError) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(error.path)}
    if error.has_position:
        physical["region"] = {"startLine": error.line}
        if error.column >= 1:
            physical["region"]["startColumn"] = error.column
    return {
        "level": "error",
        "message": {"text": error.message},
        "locations": [{"physicalLocation": physical}],
    }


def _result(finding: Finding, index: dict[str, int], maps: LineMaps) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical_location(finding, maps)}],
    }
    if finding.fix is not None:
        result["fixes"] = [_fix(finding.fix, maps)]
    return result


def _applied_result(fix: AppliedFix, index: dict[str, int], report: Report) -> dict[str, Any]:
    """A finding a dry run would fix: where it is on disk, and the hunks that fix it."""
    physical: dict[str, Any] = {"artifactLocation": artifact_location(fix.path)}
    maps = LineMaps(report.texts)
    if fix.span is not None:
        if maps.get(fix.path) is not None:
            physical["region"] = region_of(maps, fix.path, fix.span.start, fix.span.end)
        else:
            physical["region"] = {"startLine": fix.span.start_line}
    by_path: dict[str, list[dict[str, Any]]] = {}
    created: set[str] = set()
    for replacement in hunk_replacements(fix.diff, report.texts, report.after):
        if replacement.created:
            created.add(replacement.path)
            by_path.setdefault(replacement.path, []).append(
                _creation(CreateFile(replacement.path, replacement.content))
            )
            continue
        region = region_of(maps, replacement.path, replacement.start, replacement.end)
        entry: dict[str, Any] = {"deletedRegion": region}
        if replacement.content:
            entry["insertedContent"] = {"text": replacement.content}
        by_path.setdefault(replacement.path, []).append(entry)
    changes = []
    for path, replacements in by_path.items():
        change: dict[str, Any] = {
            "artifactLocation": artifact_location(path),
            "replacements": replacements,
        }
        if path in created:
            change["properties"] = {"createsFile": True}
        changes.append(change)
    sarif_fix: dict[str, Any] = {
        "description": {"text": fix.title},
        "artifactChanges": changes,
        "properties": {"applicability": fix.applicability.label, "diff": fix.diff},
    }
    return {
        "ruleId": fix.code,
        "ruleIndex": index[fix.code],
        "level": LEVELS[report.rules[fix.code].severity] if fix.code in report.rules else "warning",
        "message": {"text": fix.message},
        "locations": [{"physicalLocation": physical}],
        "fixes": [sarif_fix],
        "properties": {"wouldBeFixed": True},
    }


def _resolved_by(item: ResolvedFinding) -> list[dict[str, str]]:
    return [
        {"ruleId": ref.code, "title": ref.title, "applicability": ref.applicability.label}
        for ref in item.by
    ]


def _resolved_result(
    item: ResolvedFinding, index: dict[str, int], maps: LineMaps
) -> dict[str, Any]:
    """A finding a dry run would resolve with another codemod's fix, where it is on disk."""
    result = _result(replace(item.finding, fix=None), index, maps)
    result["properties"] = {"wouldBeFixed": True, "resolvedBy": _resolved_by(item)}
    return result


def _fixed_result(fix: AppliedFix, index: dict[str, int]) -> dict[str, Any]:
    """A finding fix mode fixed with its own fix: a pass, located by file only."""
    properties: dict[str, Any] = {"fixed": True}
    if fix.span is not None:
        properties["regionBeforeFix"] = _span_region(fix.span)
    properties["fix"] = {"description": fix.title, "applicability": fix.applicability.label}
    properties["diff"] = fix.diff
    return _pass(fix.code, index, fix.message, fix.path, properties)


def _fixed_resolved_result(item: ResolvedFinding, index: dict[str, int]) -> dict[str, Any]:
    """A finding fix mode resolved with another codemod's fix: a pass, located by file."""
    finding = item.finding
    properties = {
        "fixed": True,
        "regionBeforeFix": _span_region(finding.span),
        "resolvedBy": _resolved_by(item),
    }
    return _pass(finding.code, index, finding.message, finding.path, properties)


def _pass(
    code: str, index: dict[str, int], message: str, path: str, properties: dict[str, Any]
) -> dict[str, Any]:
    return {
        "ruleId": code,
        "ruleIndex": index[code],
        "kind": "pass",
        "level": "none",
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
        "properties": properties,
    }


def _span_region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.start_line,
        "startColumn": span.start_column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def _physical_location(finding: Finding, maps: LineMaps) -> dict[str, Any]:
    span = finding.span
    if maps.get(finding.path) is not None:
        region = region_of(maps, finding.path, span.start, span.end)
    else:
        region = _span_region(span)
    return {"artifactLocation": artifact_location(finding.path), "region": region}


def _fix(fix: Fix, maps: LineMaps) -> dict[str, Any]:
    by_path: dict[str, list[Change]] = {}
    for change in fix.changes:
        by_path.setdefault(change.path, []).append(change)
    return {
        "description": {"text": fix.title},
        "artifactChanges": [
            _artifact_change(path, changes, maps) for path, changes in by_path.items()
        ],
        "properties": {"applicability": fix.applicability.label},
    }


def _artifact_change(path: str, changes: list[Change], maps: LineMaps) -> dict[str, Any]:
    creations = [change for change in changes if isinstance(change, CreateFile)]
    edits = sorted(
        (change for change in changes if isinstance(change, TextEdit)),
        key=lambda edit: (edit.start, edit.end),
    )
    replacements = [_creation(creation) for creation in creations]
    replacements += [_replacement(edit, maps) for edit in edits]
    change: dict[str, Any] = {
        "artifactLocation": artifact_location(path),
        "replacements": replacements,
    }
    if creations:
        change["properties"] = {"createsFile": True}
    return change


def _creation(creation: CreateFile) -> dict[str, Any]:
    start = {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
    return {"deletedRegion": start, "insertedContent": {"text": creation.content}}


def _replacement(edit: TextEdit, maps: LineMaps) -> dict[str, Any]:
    replacement: dict[str, Any] = {
        "deletedRegion": region_of(maps, edit.path, edit.start, edit.end)
    }
    if edit.content:
        replacement["insertedContent"] = {"text": maps.applied(edit.path, edit.content)}
    return replacement


def region_of(maps: LineMaps, path: str, start: int, end: int) -> dict[str, int]:
    """A text region from offsets: line/column when the text is known, else offset/length."""
    lines = maps.get(path)
    if lines is None:
        return {"charOffset": start, "charLength": end - start}
    start_line, start_column = lines.sarif_position(start)
    end_line, end_column = lines.sarif_position(end)
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def artifact_location(path: str) -> dict[str, str]:
    """A relative path as a percent-encoded POSIX URI against %SRCROOT%; absolute: file URI."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix(), safe="/"), "uriBaseId": SOURCE_ROOT}
