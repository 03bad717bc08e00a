"""Report formats: text, JSON, SARIF and GitHub Actions commands, as pure functions.

The renderers are imported when used: every run imports the report model, few render JSON
or SARIF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fixer.reports.model import AppliedFix, FileError, Report, RuleInfo

if TYPE_CHECKING:
    from fixer.reports.text import Paint

FORMATS = ("text", "json", "sarif", "github")
_RENDERERS = {
    "render_github": "fixer.reports.github",
    "render_json": "fixer.reports.json",
    "render_sarif": "fixer.reports.sarif",
    "render_text": "fixer.reports.text",
}

__all__ = [
    "FORMATS",
    "AppliedFix",
    "FileError",
    "Report",
    "RuleInfo",
    "render",
    "render_github",
    "render_json",
    "render_sarif",
    "render_text",
]


def __getattr__(name: str) -> Any:
    if name in _RENDERERS:
        import importlib

        return getattr(importlib.import_module(_RENDERERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        from fixer.reports.text import render_text

        return render_text(report, paint, statistics=statistics, show_fixes=show_fixes)
    if fmt == "json":
        from fixer.reports.json import render_json, render_json_statistics

        return render_json_statistics(report) if statistics else render_json(report)
    if fmt == "sarif":
        from fixer.reports.sarif import render_sarif

        return render_sarif(report, tool_version)
    if fmt == "github":
        from fixer.reports.github import render_github

        return render_github(report)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
