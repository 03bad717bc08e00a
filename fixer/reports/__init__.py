"""Report formats: text, JSON, SARIF and GitHub Actions commands, as pure functions."""

from __future__ import annotations

from fixer.reports.github import render_github
from fixer.reports.json import render_json, render_json_statistics
from fixer.reports.model import AppliedFix, FileError, Report, RuleInfo
from fixer.reports.sarif import render_sarif
from fixer.reports.text import Paint, render_text

FORMATS = ("text", "json", "sarif", "github")

__all__ = [
    "FORMATS",
    "AppliedFix",
    "FileError",
    "Paint",
    "Report",
    "RuleInfo",
    "render",
    "render_github",
    "render_json",
    "render_sarif",
    "render_text",
]


def render(
    report: Report,
    fmt: str,
    paint: Paint | None = None,
    tool_version: str = "0.1.0",
    *,
    statistics: bool = False,
    show_fixes: bool = False,
) -> str:
    """The report in format `fmt` ("text", "json", "sarif" or "github"); `paint` styles text
    output; `statistics` gives per-code counts instead of findings (text and JSON only)."""
    if statistics and fmt not in ("text", "json"):
        raise ValueError(f"statistics are available as text and json, not {fmt!r}")
    if fmt == "text":
        return render_text(report, paint, statistics=statistics, show_fixes=show_fixes)
    if fmt == "json":
        return render_json_statistics(report) if statistics else render_json(report)
    if fmt == "sarif":
        return render_sarif(report, tool_version)
    if fmt == "github":
        return render_github(report)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
