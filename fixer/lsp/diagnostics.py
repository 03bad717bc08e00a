"""Findings and problems as LSP diagnostics: range, severity, code, docs link, fixability."""

from __future__ import annotations

from lsprotocol import types

from fixer.findings import Applicability, Finding, Severity
from fixer.lsp.analysis import Problem
from fixer.lsp.positions import PositionMap
from fixer.registry import CodemodClass
from fixer.reports.model import FileError

SOURCE = "fixer"

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def finding_extent(finding: Finding, positions: PositionMap) -> tuple[int, int]:
    """The finding's (start, end) offsets; an empty span is widened to the rest of its
    line, so that editors can underline it and a hover or a cursor on the line finds it."""
    start, end = finding.span.start, finding.span.end
    if start == end:
        line = positions.position(start).line
        end = max(start, positions.line_end(line) - positions.shift)
    return start, end


def finding_range(finding: Finding, positions: PositionMap) -> types.Range:
    return positions.range(*finding_extent(finding, positions))


def finding_diagnostic(
    finding: Finding,
    positions: PositionMap,
    codemod: CodemodClass | None,
    offered: Applicability | None,
) -> types.Diagnostic:
    """The diagnostic of a finding of `codemod` (None for fixer's own FX000); `offered`
    is the safety of the fix the editor offers for it (see `offers`), None for none."""
    return types.Diagnostic(
        range=finding_range(finding, positions),
        message=finding.message,
        severity=_SEVERITIES.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=(
            types.CodeDescription(href=codemod.help_uri()) if codemod is not None else None
        ),
        source=SOURCE,
        data={
            "name": finding.name,
            "fixable": offered is not None,
            "applicability": offered.label if offered is not None else None,
        },
    )


def problem_diagnostic(problem: Problem, positions: PositionMap) -> types.Diagnostic:
    """A syntax error (or binary content) as one error at its line and column."""
    at = positions.position(problem.offset)
    end = positions.position(problem.offset + 1)
    if end.line != at.line:
        end = at
    return types.Diagnostic(
        range=types.Range(start=at, end=end),
        message=problem.message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
        data={"fixable": False},
    )


def disk_error_diagnostic(error: FileError) -> types.Diagnostic:
    """A file on disk that cannot be checked (syntax error, binary, unreadable): one
    error at its line and column (counted in characters)."""
    at = types.Position(line=max(error.line - 1, 0), character=max(error.column - 1, 0))
    return types.Diagnostic(
        range=types.Range(start=at, end=at),
        message=error.message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
        data={"fixable": False},
    )
