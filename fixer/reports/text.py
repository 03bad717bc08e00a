"""The human-readable report: one line per finding or error, then a summary."""

from __future__ import annotations

from fixer.findings import Finding
from fixer.reports.model import FileError, Report, is_safe_fixable, is_unsafe_fixable

SAFE_MARKER = "[*]"
UNSAFE_MARKER = "[**]"

_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_CYAN = "\x1b[36m"
_RESET = "\x1b[0m"


def render_text(report: Report, color: bool = False) -> str:
    """Findings and errors, one per line, then the summary; ANSI styles when `color`."""
    paint = _Paint(color)
    lines = [_finding_line(finding, paint) for finding in report.findings]
    lines += [_error_line(error, paint) for error in report.errors]
    lines += summary_lines(report)
    return "\n".join(lines) + "\n"


def summary_lines(report: Report) -> list[str]:
    """`Found 3 findings (2 fixed, 1 remaining).` or `No findings.`, then hints."""
    lines = [_headline(report)]
    if report.errors:
        files = len({error.path for error in report.errors})
        lines.append(f"{plural(files, 'file')} could not be checked.")
    if report.fixable:
        lines.append(f"{SAFE_MARKER} {report.fixable} fixable with `fixer fix`.")
    if report.unsafe_held_back:
        more = " more" if report.fixable or report.fixed else ""
        lines.append(
            f"{UNSAFE_MARKER} {report.unsafe_held_back}{more} fixable with --unsafe-fixes."
        )
    return lines


def plural(count: int, noun: str) -> str:
    """`1 finding`, `2 findings`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def marker(finding: Finding) -> str:
    """`[*]` for a fix applied by default, `[**]` for one needing --unsafe-fixes, else ``."""
    if is_safe_fixable(finding):
        return SAFE_MARKER
    if is_unsafe_fixable(finding):
        return UNSAFE_MARKER
    return ""


def _headline(report: Report) -> str:
    if report.total == 0:
        return "No findings."
    found = f"Found {plural(report.total, 'finding')}"
    remaining = len(report.findings)
    if report.mode == "fix":
        return f"{found} ({report.fixed} fixed, {remaining} remaining)."
    if report.mode == "dry-run" and report.fixed:
        return f"{found} ({report.fixed} would be fixed, {remaining} would remain)."
    return f"{found}."


def _finding_line(finding: Finding, paint: _Paint) -> str:
    span = finding.span
    where = f"{paint(finding.path, _BOLD)}:{span.start_line}:{span.start_column}:"
    line = f"{where} {paint(finding.code, _BOLD + _RED)} {finding.message}"
    flag = marker(finding)
    return f"{line} {paint(flag, _CYAN)}" if flag else line


def _error_line(error: FileError, paint: _Paint) -> str:
    where = paint(error.path, _BOLD)
    if error.has_position:
        where += f":{error.line}:{error.column}"
    return f"{where}: {paint('error:', _BOLD + _RED)} {error.message}"


class _Paint:
    """Wraps text in an ANSI style, or returns it unchanged when color is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        if not self.enabled or not text:
            return text
        return f"{style}{text}{_RESET}"
