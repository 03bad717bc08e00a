"""The human-readable report: one line per finding or error, what was fixed, a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from fixer.findings import Applicability, Finding
from fixer.reports.model import (
    AppliedFix,
    FileError,
    Report,
    is_safe_fixable,
    is_unsafe_fixable,
)

TIMES = "\u00d7"  # the multiplication sign, as in ruff's `--show-fixes`
SAFE_MARKER = "[*]"
UNSAFE_MARKER = "[**]"

# Styles by name, as rich spells them; a painter turns (text, style) into styled text.
Paint = Callable[[str, str], str]
PATH, CODE, MARKER, HEADING = "bold", "bold red", "cyan", "bold"


def plain(text: str, style: str) -> str:
    return text


def render_text(
    report: Report,
    paint: Paint | None = None,
    *,
    statistics: bool = False,
    show_fixes: bool = False,
) -> str:
    """Findings (or, with `statistics`, their counts per code) and errors, then what was
    fixed (per file too with `show_fixes`), then the summary."""
    paint = paint or plain
    lines = statistics_lines(report, paint) if statistics else []
    if not statistics:
        lines += [_finding_line(finding, paint) for finding in report.findings]
    lines += [_error_line(error, paint) for error in report.errors]
    lines += fix_lines(report, paint, show_fixes)
    lines += summary_lines(report, paint)
    return "\n".join(lines) + "\n"


def summary_lines(report: Report, paint: Paint = plain) -> list[str]:
    """`Found 3 findings (2 fixed, 1 remaining).` or `No findings.`, then hints."""
    lines = [_headline(report)]
    if report.errors:
        files = len({error.path for error in report.errors})
        lines.append(f"{plural(files, 'file')} could not be checked.")
    if report.fixable:
        lines.append(f"{paint(SAFE_MARKER, MARKER)} {report.fixable} fixable with `fixer fix`.")
    unsafe = sum(1 for finding in report.findings if is_unsafe_fixable(finding))
    if report.unsafe_fixes and unsafe:
        lines.append(
            f"{paint(UNSAFE_MARKER, MARKER)} {unsafe} fixable with `fixer fix --unsafe-fixes`."
        )
    if report.unsafe_held_back:
        more = " more" if report.fixable or report.fixed else ""
        fixes = "fix is" if report.unsafe_held_back == 1 else "fixes are"
        lines.append(
            f"{paint(UNSAFE_MARKER, MARKER)} {report.unsafe_held_back}{more} {fixes} "
            "available with `--unsafe-fixes`."
        )
    return lines


def fix_lines(report: Report, paint: Paint = plain, per_file: bool = False) -> list[str]:
    """What a fix or dry run fixed, per codemod and safety (`  2 \u00d7 FX001 unformatted (safe)`),
    grouped by file with `per_file`; codes whose findings only other codemods' fixes
    resolved say so."""
    if report.mode == "check" or not (report.fixes or any(report.fixed_by_code.values())):
        return []
    verb = "Fixed" if report.mode == "fix" else "Would fix"
    lines = [paint(f"{verb} {plural(report.fixed, 'finding')}:", HEADING)]
    applied = {fix.code for fix in report.fixes}
    names = {code: rule.name for code, rule in report.rules.items()}
    others = [
        (count, code, names.get(code, ""), "resolved by other fixes")
        for code, count in sorted(report.fixed_by_code.items())
        if count and code not in applied
    ]
    if not per_file:
        return lines + _format_rows(
            _applied_rows(report.fixes, report.fixed_by_code) + others, paint
        )
    for path in sorted({fix.path for fix in report.fixes}):
        lines.append(f"- {paint(path, PATH)}:")
        rows = _applied_rows([fix for fix in report.fixes if fix.path == path], {})
        lines += _format_rows(rows, paint, indent="    ")
    return lines + _format_rows(others, paint)


Row = tuple[int, str, str, str]  # count, code, name, what


def _applied_rows(fixes: Sequence[AppliedFix], fixed: Mapping[str, int]) -> list[Row]:
    """Per (code, safety): the findings of the code fixed when all its fixes share that
    safety (fixes may resolve more than their own finding), else the fixes applied."""
    applied: Counter[tuple[str, str, Applicability]] = Counter(
        (fix.code, fix.name, fix.applicability) for fix in fixes
    )
    safeties = Counter(code for code, _, _ in applied)
    rows = []
    for (code, name, safety), count in sorted(applied.items(), key=lambda item: item[0][0]):
        if fixed.get(code) and safeties[code] == 1:
            count = fixed[code]
        rows.append((count, code, name, safety.label))
    return rows


def _format_rows(rows: list[Row], paint: Paint, indent: str = "  ") -> list[str]:
    width = max((len(str(count)) for count, *_ in rows), default=1)
    return [
        f"{indent}{count:>{width}} {TIMES} {paint(code, CODE)} {name} ({what})"
        for count, code, name, what in rows
    ]


def statistics_lines(report: Report, paint: Paint = plain) -> list[str]:
    """Like ruff's --statistics: `count  code  [*] name` per code, most frequent first;
    `[*]` marks codes whose findings are fixable with the fixes allowed."""
    rows = statistics(report)
    if not rows:
        return []
    count_width = max(len(str(row["count"])) for row in rows)
    code_width = max(len(str(row["code"])) for row in rows)
    any_fixable = any(row["fixable"] for row in rows)
    lines = []
    for row in rows:
        marker = ""
        if any_fixable:
            marker = f"{paint(SAFE_MARKER, MARKER)} " if row["fixable"] else "[ ] "
        code = paint(f"{row['code']:<{code_width}}", CODE)
        lines.append(f"{row['count']:>{count_width}}\t{code}\t{marker}{row['name']}")
    return lines


def statistics(report: Report) -> list[dict[str, object]]:
    """Per code: count, name and whether all its findings have an applicable fix, sorted
    by count (most first), then code."""
    counts: Counter[str] = Counter(finding.code for finding in report.findings)
    names = {finding.code: finding.name for finding in report.findings}
    fixable = {
        code: all(is_safe_fixable(f) for f in report.findings if f.code == code) for code in counts
    }
    return [
        {"code": code, "name": names[code], "count": count, "fixable": fixable[code]}
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


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


def _finding_line(finding: Finding, paint: Paint) -> str:
    span = finding.span
    where = f"{paint(finding.path, PATH)}:{span.start_line}:{span.start_column}:"
    line = f"{where} {paint(finding.code, CODE)} {finding.message}"
    flag = marker(finding)
    return f"{line} {paint(flag, MARKER)}" if flag else line


def _error_line(error: FileError, paint: Paint) -> str:
    where = paint(error.path, PATH)
    if error.has_position:
        where += f":{error.line}:{error.column}"
    return f"{where}: {paint('error:', CODE)} {error.message}"
