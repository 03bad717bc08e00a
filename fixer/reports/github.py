"""The GitHub Actions report: workflow commands that become annotations on a pull request."""

from __future__ import annotations

from fixer.findings import Finding, Severity
from fixer.reports.model import FileError, Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_github(report: Report) -> str:
    """One `::error|warning|notice ...::message` line per finding, then one per input error.

    Columns are sent only for single-line spans: GitHub rejects columns on annotations that
    span lines. `endColumn` is one past the last character, as in our spans.
    """
    lines = [_finding_command(finding) for finding in report.findings]
    lines += [_error_command(error) for error in report.errors]
    return "".join(line + "\n" for line in lines)


def _finding_command(finding: Finding) -> str:
    span = finding.span
    properties: dict[str, object] = {
        "file": finding.path,
        "line": span.start_line,
        "col": span.start_column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "title": finding.code,
    }
    if span.start_line != span.end_line:
        del properties["col"], properties["endColumn"]
    return command(COMMANDS[finding.severity], properties, finding.message)


def _error_command(error: FileError) -> str:
    properties: dict[str, object] = {"file": error.path}
    if error.has_position:
        properties["line"] = error.line
        if error.column >= 1:
            properties["col"] = error.column
    properties["title"] = "error"
    return command("error", properties, error.message)


def command(name: str, properties: dict[str, object], message: str) -> str:
    """`::name key=value,...::message`, escaped as the Actions runner expects."""
    pairs = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {pairs}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Escape a command's message: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
