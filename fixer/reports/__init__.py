"""Report formats: text, JSON, SARIF and GitHub Actions commands, as pure functions."""

from __future__ import annotations

from fixer.reports.github import render_github
from fixer.reports.json import render_json
from fixer.reports.model import FileError, Report, RuleInfo
from fixer.reports.sarif import render_sarif
from fixer.reports.text import render_text

FORMATS = ("text", "json", "sarif", "github")

__all__ = [
    "FORMATS",
    "FileError",
    "Report",
    "RuleInfo",
    "render",
    "render_github",
    "render_json",
    "render_sarif",
    "render_text",
]


def render(report: Report, fmt: str, color: bool = False, tool_version: str = "0.1.0") -> str:
    """The report in format `fmt` ("text", "json", "sarif" or "github")."""
    if fmt == "text":
        return render_text(report, color)
    if fmt == "json":
        return render_json(report)
    if fmt == "sarif":
        return render_sarif(report, tool_version)
    if fmt == "github":
        return render_github(report)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
