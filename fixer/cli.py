"""The `fixer` command line: check, fix, fmt, rules, explain, lsp."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fixer import __version__
from fixer.config import ConfigError, Settings, load_settings
from fixer.findings import Applicability
from fixer.registry import UnknownCodeError, all_codemods, find_codemod
from fixer.session import Request, TargetResult, codemods_for, default_jobs, run

if TYPE_CHECKING:
    from fixer.reports.model import FileError, Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Find known failure patterns in Terraform code and rewrite them.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


PathsArg = Annotated[
    list[str], typer.Argument(help="Directories (project roots) or files; '-' reads stdin.")
]
SelectOpt = Annotated[
    str | None, typer.Option("--select", help="Comma-separated codes, prefixes or names.")
]
IgnoreOpt = Annotated[
    str | None, typer.Option("--ignore", help="Comma-separated codes, prefixes or names.")
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Report format.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Parallel processes.")]
UnsafeOpt = Annotated[
    bool | None,
    typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Also apply fixes that are unsafe."),
]
StdinNameOpt = Annotated[
    str, typer.Option("--stdin-filename", help="Name of the file read from stdin.")
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"fixer: error: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _settings(
    paths: list[str], select: str | None, ignore: str | None, unsafe: bool | None
) -> Settings:
    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    try:
        base = load_settings(start)
    except ConfigError as error:
        raise _fail(str(error)) from None
    settings = base.merged(select=_split(select), ignore=_split(ignore), unsafe_fixes=unsafe)
    try:
        codemods_for(settings)
    except UnknownCodeError as error:
        raise _fail(str(error)) from None
    return settings


def _report(results: list[TargetResult], settings: Settings, mode: str) -> Report:
    from fixer.reports.model import Report, RuleInfo

    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())
    errors = [e for r in results for e in r.errors]
    held_back = 0
    if not settings.unsafe_fixes:
        held_back = sum(
            1 for f in findings if f.fix and f.fix.applicability == Applicability.UNSAFE
        )
    rules = {
        cls.code: RuleInfo(
            cls.code, cls.name, cls.summary, cls.help_uri(), cls.severity, cls.fix_availability
        )
        for cls in all_codemods()
    }
    texts = {path: text for r in results for path, text in r.originals.items()}
    fixed = sum(sum(r.fixed.values()) for r in results)
    return Report(
        findings=findings,
        errors=errors,
        fixed=fixed,
        unsafe_held_back=held_back,
        mode=mode,
        rules=rules,
        texts=texts,
    )


def _render(report: Report, fmt: OutputFormat) -> str:
    from fixer.reports import render

    color = fmt == OutputFormat.text and sys.stdout.isatty()
    return render(report, fmt.value, color=color, tool_version=__version__)


def _notes(results: list[TargetResult]) -> None:
    """Skipped files, on stderr: they are neither findings nor errors."""
    for result in results:
        for path, reason in result.skipped:
            typer.echo(f"{path}: skipped: {reason}", err=True)


def _exit_code(results: list[TargetResult], changed: bool) -> int:
    if any(r.errors for r in results):
        return EXIT_ERROR
    if changed or any(r.findings for r in results):
        return EXIT_FINDINGS
    return EXIT_CLEAN


@app.command("check")
def check_command(
    paths: PathsArg,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    output_format: FormatOpt = OutputFormat.text,
    jobs: JobsOpt = 0,
    unsafe_fixes: UnsafeOpt = None,
    stdin_filename: StdinNameOpt = "stdin.tf",
) -> None:
    """Report findings; change nothing."""
    settings = _settings(paths, select, ignore, unsafe_fixes)
    results = _run(paths, settings, "check", jobs, stdin_filename)
    _notes(results)
    typer.echo(_render(_report(results, settings, "check"), output_format), nl=False)
    raise typer.Exit(_exit_code(results, changed=False))


@app.command("fix")
def fix_command(
    paths: PathsArg,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print a unified diff; write nothing.")
    ] = False,
    unsafe_fixes: UnsafeOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    output_format: FormatOpt = OutputFormat.text,
    jobs: JobsOpt = 0,
    stdin_filename: StdinNameOpt = "stdin.tf",
) -> None:
    """Apply fixes (safe ones unless --unsafe-fixes) and report what remains."""
    settings = _settings(paths, select, ignore, unsafe_fixes)
    mode = "dry-run" if dry_run else "fix"
    if paths == ["-"]:
        _fix_stdin(settings, stdin_filename)
    results = _run(paths, settings, mode, jobs, stdin_filename)
    _notes(results)
    changed = any(r.writes for r in results)
    report = _report(results, settings, mode)
    diff = "".join(d for r in results for d in r.diffs)
    if dry_run:
        sys.stdout.write(diff)
        if output_format == OutputFormat.text:
            typer.echo(_render(report, output_format), nl=False, err=True)
            _diff_summary(diff, "Would change")
        else:
            typer.echo(_render(report, output_format), nl=False)
    else:
        from fixer.writer import write_atomic

        for result in results:
            for path, (data, _new) in sorted(result.writes.items()):
                try:
                    write_atomic(Path(path), data)
                except OSError as error:
                    result.errors.append(_write_error(path, error))
        typer.echo(_render(_report(results, settings, mode), output_format), nl=False)
        if output_format == OutputFormat.text:
            _diff_summary(diff, "Changed")
    raise typer.Exit(_exit_code(results, changed))


def _diff_summary(diff: str, verb: str) -> None:
    """`Changed 3 files: 5 hunks, +10 -4.` on stderr, from unidiff (which validates it)."""
    if not diff:
        return
    from fixer.diff import diff_stats

    stats = diff_stats(diff)
    plural = "" if stats.files == 1 else "s"
    hunks = "hunk" if stats.hunks == 1 else "hunks"
    typer.echo(
        f"{verb} {stats.files} file{plural}: {stats.hunks} {hunks}, "
        f"+{stats.added} -{stats.removed}.",
        err=True,
    )


def _write_error(path: str, error: OSError) -> FileError:
    from fixer.reports.model import FileError

    return FileError(path, 1, 1, f"Cannot write file: {error.strerror or error}")


def _fix_stdin(settings: Settings, stdin_filename: str) -> None:
    """`fixer fix -`: the fixed text on stdout, the report on stderr."""
    from fixer.session import Request, process_target
    from fixer.stdin import stdin_target

    target = stdin_target(sys.stdin.buffer.read(), stdin_filename, settings.exclude)
    codes = tuple(c.code for c in codemods_for(settings))
    result = process_target(target, Request("fix", settings, codes))
    name = Path(stdin_filename).name
    original = target.files.get(name)
    written = [data for path, (data, _) in result.writes.items() if Path(path).name == name]
    if written:
        sys.stdout.buffer.write(written[0])
    elif original is not None:
        sys.stdout.buffer.write(original.text.encode())
    else:
        sys.stdout.buffer.write(target.stdin_bytes)
    report = _report([result], settings, "fix")
    typer.echo(_render(report, OutputFormat.text), nl=False, err=True)
    raise typer.Exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


def _run(
    paths: list[str], settings: Settings, mode: str, jobs: int, stdin_filename: str
) -> list[TargetResult]:
    codes = tuple(c.code for c in codemods_for(settings))
    request = Request(mode, settings, codes)
    if paths == ["-"]:
        from fixer.session import process_target
        from fixer.stdin import stdin_target

        target = stdin_target(sys.stdin.buffer.read(), stdin_filename, settings.exclude)
        return [process_target(target, request)]
    if "-" in paths:
        raise _fail("'-' (stdin) cannot be combined with other paths")
    progress = sys.stderr.isatty()
    return run(paths, request, jobs or default_jobs(), progress)


@app.command("fmt")
def fmt_command(
    paths: PathsArg,
    check_only: Annotated[
        bool, typer.Option("--check", help="Exit 1 if a file is not formatted; write nothing.")
    ] = False,
    show_diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff.")] = False,
    jobs: JobsOpt = 0,
) -> None:
    """Format files exactly like `terraform fmt`."""
    settings = Settings(select=("FX001",))
    if paths == ["-"]:
        from fixer.stdin import format_stdin

        raise typer.Exit(format_stdin(sys.stdin.buffer.read()))
    mode = "dry-run" if (check_only or show_diff) else "fix"
    results = _run(paths, settings, mode, jobs, "stdin.tf")
    changed = any(r.writes for r in results)
    if show_diff:
        sys.stdout.write("".join(d for r in results for d in r.diffs))
    if check_only and not show_diff:
        for result in results:
            for path in sorted(result.writes):
                typer.echo(path)
    if mode == "fix":
        from fixer.writer import write_atomic

        for result in results:
            for path, (data, _new) in sorted(result.writes.items()):
                write_atomic(Path(path), data)
                typer.echo(path)
    for result in results:
        for error in result.errors:
            typer.echo(
                f"{error.path}:{error.line}:{error.column}: error: {error.message}", err=True
            )
    if any(r.errors for r in results):
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if changed and mode != "fix" else EXIT_CLEAN)


@app.command("rules")
def rules_command(
    output_format: Annotated[
        str, typer.Option("--format", help="text, json or markdown (docs/rules.md)")
    ] = "text",
) -> None:
    """List every codemod: code, name, fix safety and summary."""
    codemods = all_codemods()
    if output_format == "markdown":
        from fixer.docs import rules_markdown

        typer.echo(rules_markdown(), nl=False)
        return
    if output_format == "json":
        import json

        rows = [
            {
                "code": c.code,
                "name": c.name,
                "summary": c.summary,
                "severity": c.severity.value,
                "fix": c.fix_availability,
            }
            for c in codemods
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(cls.name) for cls in codemods)
    typer.echo(f"{'code':<6} {'name':<{width}}  {'fix':<9}  summary")
    for cls in codemods:
        typer.echo(f"{cls.code:<6} {cls.name:<{width}}  {cls.fix_availability:<9}  {cls.summary}")


@app.command("explain")
def explain_command(code: Annotated[str, typer.Argument(help="A code or name.")]) -> None:
    """Show a codemod's documentation."""
    cls = find_codemod(code)
    if cls is None:
        raise _fail(f"unknown codemod code or name: {code!r}")
    typer.echo(f"# {cls.code} {cls.name}\n\n{cls.summary}.\n\n{cls.docs()}")


@app.command("lsp")
def lsp_command(
    log_file: Annotated[
        str | None, typer.Option("--log-file", help="Write the server's log to this file.")
    ] = None,
) -> None:
    """Run the language server (LSP over stdin/stdout) for editors."""
    from fixer.lsp import serve

    serve(log_file)


@app.command("version")
def version_command() -> None:
    """Print fixer's version."""
    typer.echo(__version__)


def _register_subcommands() -> None:
    from fixer.bot.cli import bot_app

    app.add_typer(bot_app, name="bot")


_register_subcommands()


def main() -> None:
    app()


__all__ = ["Request", "app", "main"]
