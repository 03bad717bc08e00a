"""The `fixer` command line: check, fix, fmt, rules, explain, lsp, version."""

from __future__ import annotations

import inspect
from enum import StrEnum
from typing import Annotated

import typer

from fixer import __version__, commands
from fixer.commands import FmtOptions, RunOptions, UsageError
from fixer.registry import all_rules, find_rule

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


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Directories (project roots) or files; '-' reads stdin. Default: '.'.",
        show_default=False,
    ),
]
SelectOpt = Annotated[
    str | None,
    typer.Option("--select", help="Comma-separated codes, prefixes, names or ALL to run."),
]
ExtendSelectOpt = Annotated[
    str | None,
    typer.Option("--extend-select", help="Codes, prefixes or names to run as well."),
]
IgnoreOpt = Annotated[
    str | None, typer.Option("--ignore", help="Comma-separated codes, prefixes or names.")
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Report format.")]
JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="Parallel processes (0: one per core, up to 8).")
]
UnsafeOpt = Annotated[
    bool | None,
    typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Also apply fixes that are unsafe."),
]
StdinNameOpt = Annotated[
    str, typer.Option("--stdin-filename", help="Name of the file read from stdin.")
]
ConfigOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--config",
        help="A configuration file (instead of the one found upward), or a TOML "
        "'key = value' setting overriding it; repeatable.",
        show_default=False,
    ),
]
ColorOpt = Annotated[
    Color,
    typer.Option("--color", help="Colour: auto (a terminal, unless NO_COLOR is set)."),
]
ExitZeroOpt = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the cache (.fixer_cache).")
]
CacheDirOpt = Annotated[
    str | None,
    typer.Option(
        "--cache-dir",
        help="The cache directory (default: FIXER_CACHE_DIR, else .fixer_cache beside the "
        "configuration file or in the current directory).",
        show_default=False,
    ),
]
StatisticsOpt = Annotated[
    bool, typer.Option("--statistics", help="Count findings per code instead of listing them.")
]
ExcludeOpt = Annotated[
    str | None,
    typer.Option("--exclude", help="Comma-separated patterns to skip, instead of the config's."),
]
ExtendExcludeOpt = Annotated[
    str | None,
    typer.Option("--extend-exclude", help="Comma-separated patterns to skip as well."),
]
GitignoreOpt = Annotated[
    bool,
    typer.Option("--respect-gitignore/--no-respect-gitignore", help="Skip files git ignores."),
]


def _exit(function: object, options: object) -> None:
    try:
        status = function(options)  # type: ignore[operator]
    except UsageError as error:
        status = commands.fail(str(error))
    raise typer.Exit(status)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fixer {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", is_eager=True, callback=_version, help="Print the version."
        ),
    ] = False,
) -> None:
    """Find known failure patterns in Terraform code and rewrite them."""


@app.command("check")
def check_command(
    paths: PathsArg = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    output_format: FormatOpt = OutputFormat.text,
    jobs: JobsOpt = 0,
    unsafe_fixes: UnsafeOpt = None,
    stdin_filename: StdinNameOpt = "stdin.tf",
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
    exit_zero: ExitZeroOpt = False,
    statistics: StatisticsOpt = False,
    exclude: ExcludeOpt = None,
    extend_exclude: ExtendExcludeOpt = None,
    respect_gitignore: GitignoreOpt = True,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Report findings; change nothing."""
    options = RunOptions(
        paths=paths or ["."],
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        output_format=output_format.value,
        jobs=jobs,
        unsafe_fixes=unsafe_fixes,
        stdin_filename=stdin_filename,
        config=config or [],
        color=color.value,
        exit_zero=exit_zero,
        statistics=statistics,
        exclude=exclude,
        extend_exclude=extend_exclude,
        respect_gitignore=respect_gitignore,
        no_cache=no_cache,
        cache_dir=cache_dir,
    )
    _exit(commands.check, options)


@app.command("fix")
def fix_command(
    paths: PathsArg = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print a unified diff; write nothing.")
    ] = False,
    unsafe_fixes: UnsafeOpt = None,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    output_format: FormatOpt = OutputFormat.text,
    jobs: JobsOpt = 0,
    stdin_filename: StdinNameOpt = "stdin.tf",
    config: ConfigOpt = None,
    color: ColorOpt = Color.auto,
    exit_zero: ExitZeroOpt = False,
    statistics: StatisticsOpt = False,
    show_fixes: Annotated[
        bool, typer.Option("--show-fixes", help="List the fixes per file, then per codemod.")
    ] = False,
    exit_non_zero_on_fix: Annotated[
        bool,
        typer.Option(
            "--exit-non-zero-on-fix", help="Exit 1 when something was fixed, even if all of it."
        ),
    ] = False,
    exclude: ExcludeOpt = None,
    extend_exclude: ExtendExcludeOpt = None,
    respect_gitignore: GitignoreOpt = True,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Apply fixes (safe ones unless --unsafe-fixes) and report what remains."""
    options = RunOptions(
        paths=paths or ["."],
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        output_format=output_format.value,
        jobs=jobs,
        unsafe_fixes=unsafe_fixes,
        stdin_filename=stdin_filename,
        config=config or [],
        color=color.value,
        exit_zero=exit_zero,
        statistics=statistics,
        dry_run=dry_run,
        show_fixes=show_fixes,
        exit_non_zero_on_fix=exit_non_zero_on_fix,
        exclude=exclude,
        extend_exclude=extend_exclude,
        respect_gitignore=respect_gitignore,
        no_cache=no_cache,
        cache_dir=cache_dir,
    )
    _exit(commands.fix, options)


@app.command("fmt")
def fmt_command(
    paths: PathsArg = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Exit 1 if a file is not formatted; write nothing.")
    ] = False,
    show_diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff.")] = False,
    jobs: JobsOpt = 0,
    exclude: ExcludeOpt = None,
    extend_exclude: ExtendExcludeOpt = None,
    respect_gitignore: GitignoreOpt = True,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
) -> None:
    """Format files exactly like `terraform fmt`."""
    options = FmtOptions(
        paths=paths or ["."],
        check=check_only,
        diff=show_diff,
        jobs=jobs,
        exclude=exclude,
        extend_exclude=extend_exclude,
        respect_gitignore=respect_gitignore,
        no_cache=no_cache,
        cache_dir=cache_dir,
    )
    _exit(commands.fmt, options)


@app.command("rules")
def rules_command(
    output_format: Annotated[
        str, typer.Option("--format", help="text, json or markdown (docs/rules.md)")
    ] = "text",
) -> None:
    """List every codemod and rule: code, name, fix safety and summary."""
    rules = all_rules()
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
                "fix_safety": c.fix_safety,
                "default": not getattr(c, "explicit_only", False),
            }
            for c in rules
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    if output_format != "text":
        raise typer.Exit(commands.fail(f"unknown --format {output_format!r}"))
    width = max(len(cls.name) for cls in rules)
    safety = max(len(cls.fix_safety) for cls in rules)
    typer.echo(f"{'code':<6} {'name':<{width}}  {'fix':<{safety}}  summary")
    for cls in rules:
        off = " (off by default)" if getattr(cls, "explicit_only", False) else ""
        typer.echo(
            f"{cls.code:<6} {cls.name:<{width}}  {cls.fix_safety:<{safety}}  {cls.summary}{off}"
        )


@app.command("explain")
def explain_command(code: Annotated[str, typer.Argument(help="A code or name.")]) -> None:
    """Show a codemod's documentation."""
    cls = find_rule(code)
    if cls is None:
        raise typer.Exit(commands.fail(f"unknown codemod code or name: {code!r}"))
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
    from fixer.refactor.cli import mv_command

    app.add_typer(bot_app, name="bot")
    app.command("mv", help=reflowed(mv_command.__doc__ or ""))(mv_command)


def reflowed(doc: str) -> str:
    """A docstring as help text: Typer keeps the line breaks of every paragraph after
    the first, which then end lines short of the terminal's width."""
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(doc).split("\n\n"))


_register_subcommands()


def main() -> None:
    from fixer.entry import main as entry_main

    entry_main()


__all__ = ["app", "main"]
