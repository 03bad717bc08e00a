"""What `fixer check`, `fixer fix` and `fixer fmt` do, whichever parser read their options
(Typer, or the fast path of `fixer.entry` that keeps start-up short)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from fixer import __version__
from fixer.console import Progress, painter, wants_color

if TYPE_CHECKING:
    from fixer.config import Settings
    from fixer.reports.model import Report
    from fixer.session import TargetResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")
STATISTICS_FORMATS = ("text", "json")
_HUNK_LABEL = re.compile(r"^(@@ -\S+ \+\S+ @@) .*$", re.MULTILINE)


class UsageError(Exception):
    """A command line that cannot run: printed as `fixer: error: ...`, exit status 2."""


@dataclass
class RunOptions:
    """The options of `check` and `fix` (those of `fix` only are ignored by `check`)."""

    paths: list[str] = field(default_factory=lambda: ["."])
    select: str | None = None
    extend_select: str | None = None
    ignore: str | None = None
    output_format: str = "text"
    jobs: int = 0
    unsafe_fixes: bool | None = None
    stdin_filename: str = "stdin.tf"
    config: list[str] = field(default_factory=list)
    color: str = "auto"
    exit_zero: bool = False
    statistics: bool = False
    dry_run: bool = False
    show_fixes: bool = False
    exit_non_zero_on_fix: bool = False
    exclude: str | None = None
    extend_exclude: str | None = None
    respect_gitignore: bool = True
    no_cache: bool = False
    cache_dir: str | None = None


@dataclass
class FmtOptions:
    """The options of `fmt`."""

    paths: list[str] = field(default_factory=lambda: ["."])
    check: bool = False
    diff: bool = False
    jobs: int = 0
    exclude: str | None = None
    extend_exclude: str | None = None
    respect_gitignore: bool = True
    no_cache: bool = False
    cache_dir: str | None = None


def fail(message: str) -> int:
    """Print a usage error; its exit status."""
    sys.stderr.write(f"fixer: error: {message}\n")
    return EXIT_ERROR


def check(options: RunOptions) -> int:
    """Report findings; change nothing."""
    settings = resolve_settings(options)
    _check_format(options)
    results = _run(options, settings, "check")
    _notes(results)
    report = build_report(results, settings, "check")
    _emit(report, options, sys.stdout)
    return exit_code(report, options, written=False)


def fix(options: RunOptions) -> int:
    """Apply fixes (safe ones unless --unsafe-fixes), or show them with --dry-run."""
    settings = resolve_settings(options)
    _check_format(options)
    if options.paths == ["-"] and not options.dry_run:  # a dry run diffs stdin as any file
        return _fix_stdin(settings, options)
    mode = "dry-run" if options.dry_run else "fix"
    results = _run(options, settings, mode)
    _notes(results)
    if mode == "fix":
        write_fixes(results)
    report = build_report(results, settings, mode)
    text = options.output_format == "text"
    if mode == "dry-run" and text:
        write(sys.stdout, report.diff)  # stdout: the diff alone, for `git apply`
        _emit(report, options, sys.stderr)
    else:
        _emit(report, options, sys.stdout)
    if text:
        _diff_summary(report.diff, "Would change" if mode == "dry-run" else "Changed")
    return exit_code(report, options, written=mode == "fix")


def write_fixes(results: list[TargetResult]) -> list[str]:
    """Write every changed file safely (`fixer.write_back`), and list those written; a file
    not written is an error of its result, whose report then says what is on disk."""
    from fixer.write_back import write_results

    for note in write_results(results):
        write(sys.stderr, f"{note}\n")
    return [path for result in results for path in result.written]


def fmt(options: FmtOptions) -> int:
    """Format files exactly like `terraform fmt`."""
    from fixer.config import Settings

    settings = _excluding(Settings(select=("FX001",)), options)
    if options.paths == ["-"]:
        from fixer.stdin import format_stdin

        return format_stdin(sys.stdin.buffer.read())
    mode = "dry-run" if (options.check or options.diff) else "fix"
    run_options = RunOptions(
        paths=options.paths,
        jobs=options.jobs,
        respect_gitignore=options.respect_gitignore,
        no_cache=options.no_cache,
        cache_dir=options.cache_dir,
    )
    results = _run(run_options, settings, mode, label="Formatting")
    _notes(results)
    changed = any(r.writes for r in results)
    if options.diff:  # a formatter's diff, without the fixes' labels
        diff = "".join(d for r in results for d in r.diffs)
        write(sys.stdout, _HUNK_LABEL.sub(r"\1", diff))
    elif options.check:
        write(sys.stdout, "".join(f"{path}\n" for r in results for path in sorted(r.writes)))
    if mode == "fix":
        write(sys.stdout, "".join(f"{path}\n" for path in write_fixes(results)))
    for result in results:
        for error in result.errors:
            where = (
                f"{error.path}:{error.line}:{error.column}" if error.has_position else error.path
            )
            write(sys.stderr, f"{where}: error: {error.message}\n")
    if any(r.errors for r in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if changed and mode != "fix" else EXIT_CLEAN


def resolve_settings(options: RunOptions) -> Settings:
    """The configuration file (`--config FILE`, else the nearest one upward from the first
    path), `--config 'key = value'` overrides, then the selection options."""
    from fixer.config import ConfigError, load_config_file, load_settings, override
    from fixer.registry import UnknownCodeError, selected_entries

    _check_paths(options.paths)
    files = [c for c in options.config if Path(c).is_file() or "=" not in c]
    if len(files) > 1:
        raise UsageError(f"--config: one configuration file at most, not {len(files)}")
    paths = options.paths
    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    try:
        settings = load_config_file(Path(files[0])) if files else load_settings(start)
        for option in options.config:
            if option not in files:
                settings = override(settings, option)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    for flag, value in (("--select", options.select), ("--extend-select", options.extend_select)):
        if value is not None and not _split(value):  # would run nothing and report all clean
            raise UsageError(f"{flag} {value!r}: no codes given")
    settings = settings.merged(
        select=_split(options.select),
        ignore=_split(options.ignore),
        unsafe_fixes=options.unsafe_fixes,
    )
    extend = _split(options.extend_select)
    if extend:
        settings = replace(settings, select=settings.select + extend)
    settings = _excluding(settings, options)
    try:
        selected_entries(settings.select, settings.ignore)
    except UnknownCodeError as error:
        raise UsageError(str(error)) from None
    return settings


def _excluding(settings: Settings, options: RunOptions | FmtOptions) -> Settings:
    """--exclude replaces the configured exclude patterns, --extend-exclude adds to them."""
    patterns = _split(options.exclude) if options.exclude is not None else settings.exclude
    return replace(settings, exclude=(*(patterns or ()), *(_split(options.extend_exclude) or ())))


def _check_paths(paths: list[str]) -> None:
    """A path that does not exist is a usage error (before any configuration is read)."""
    from fixer.project_root import UsageError as PathError
    from fixer.project_root import check_paths

    try:
        check_paths([path for path in paths if path != "-"])
    except PathError as error:
        raise UsageError(str(error)) from None


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _check_format(options: RunOptions) -> None:
    if options.output_format not in FORMATS:
        raise UsageError(f"unknown --format {options.output_format!r}")
    if options.statistics and options.output_format not in STATISTICS_FORMATS:
        raise UsageError("--statistics works with --format text or json")


def _run(options: RunOptions, settings: Settings, mode: str, label: str = "") -> list[TargetResult]:
    from fixer.cache import cache_directory
    from fixer.gc_control import batch_collection
    from fixer.registry import selected_codemod_codes
    from fixer.session import Request, default_jobs, run

    codes = selected_codemod_codes(settings.select, settings.ignore)
    cache_dir = cache_directory(options.cache_dir, options.no_cache, settings.source)
    request = Request(mode, settings, codes, options.respect_gitignore, cache_dir)
    paths = options.paths or ["."]
    if paths == ["-"]:
        from fixer.session import process_target
        from fixer.stdin import stdin_target

        data = sys.stdin.buffer.read()
        target = stdin_target(data, options.stdin_filename, settings.exclude)
        return [process_target(target, request)]
    if "-" in paths:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    label = label or {"check": "Checking", "fix": "Fixing", "dry-run": "Fixing"}[mode]
    _check_paths(paths)
    with Progress(label, len(paths)) as progress, batch_collection():
        return run(paths, request, options.jobs or default_jobs(), progress.update)


def build_report(results: list[TargetResult], settings: Settings, mode: str) -> Report:
    """The report of a run: positions refer to the files as they are on disk now."""
    from fixer.findings import Applicability, Severity
    from fixer.registry import help_uri, rule_entries
    from fixer.reports.model import Report, RuleInfo

    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())
    held_back = 0
    if not settings.unsafe_fixes:
        held_back = sum(
            1 for f in findings if f.fix and f.fix.applicability == Applicability.UNSAFE
        )
    rules = {  # from the registry's table: reporting imports no codemod
        entry.code: RuleInfo(
            entry.code,
            entry.name,
            entry.summary,
            help_uri(entry),
            Severity(entry.severity),
            entry.fix_availability,
            entry.fix_safety,
        )
        for entry in rule_entries()
    }
    texts = {path: text for r in results for path, text in r.originals.items()}
    after = {path: text for r in results for path, text in r.new_texts.items()}
    if mode == "fix":
        texts.update(after)  # the files as written
    fixed: Counter[str] = Counter()
    for result in results:
        fixed.update(result.fixed)
    return Report(
        findings=findings,
        errors=[e for r in results for e in r.errors],
        fixed=sum(fixed.values()),
        unsafe_held_back=held_back,
        mode=mode,
        rules=rules,
        texts=texts,
        fixes=[fix for r in results for fix in r.fixes],
        fixed_by_code=dict(fixed),
        diff="".join(d for r in results for d in r.diffs),
        after=after,
        unsafe_fixes=settings.unsafe_fixes,
        resolved=[item for r in results for item in r.resolved],
        notes=[f"{path}: skipped: {why}" for r in results for path, why in r.skipped]
        + [line for r in results for line in r.notes],
    )


def exit_code(report: Report, options: RunOptions, written: bool) -> int:
    """2 for input errors; else 0 with --exit-zero; else 1 when findings remain, a dry run
    would change something, or (--exit-non-zero-on-fix) a fix changed something."""
    if report.errors:
        return EXIT_ERROR
    if options.exit_zero:
        return EXIT_CLEAN
    if report.findings:
        return EXIT_FINDINGS
    if report.mode == "dry-run" and report.diff:
        return EXIT_FINDINGS
    if written and options.exit_non_zero_on_fix and (report.fixed or report.diff):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _emit(report: Report, options: RunOptions, stream: IO[str]) -> None:
    from fixer.reports import render

    paint = None
    if options.output_format == "text":
        paint = painter(wants_color(options.color, stream), stream)
    rendered = render(
        report,
        options.output_format,
        paint,
        __version__,
        statistics=options.statistics,
        show_fixes=options.show_fixes,
    )
    write(stream, rendered)


def write(stream: IO[str], text: str) -> None:
    """Write text, escaping what the stream's encoding cannot represent."""
    if not text:
        return
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def _notes(results: list[TargetResult]) -> None:
    """Skipped files and other notes (fixes held back, temporary files of interrupted
    runs), on stderr: they are neither findings nor errors."""
    for result in results:
        for path, reason in result.skipped:
            write(sys.stderr, f"{path}: skipped: {reason}\n")
        for line in result.notes:
            write(sys.stderr, f"{line}\n")


def _diff_summary(diff: str, verb: str) -> None:
    """`Changed 3 files: 5 hunks, +10 -4.` on stderr, from unidiff (which validates it)."""
    if not diff:
        return
    from fixer.diff import diff_stats

    stats = diff_stats(diff)
    plural = "" if stats.files == 1 else "s"
    hunks = "hunk" if stats.hunks == 1 else "hunks"
    write(
        sys.stderr,
        f"{verb} {stats.files} file{plural}: {stats.hunks} {hunks}, "
        f"+{stats.added} -{stats.removed}.\n",
    )


def _fix_stdin(settings: Settings, options: RunOptions) -> int:
    """`fixer fix -`: the fixed text on stdout, the report on stderr (in `--format`, as
    ruff does; a machine format's document alone, the notes inside it). Only fixes whose
    edits stay within the stdin buffer apply: the others are held back with a note."""
    from fixer.registry import selected_codemod_codes
    from fixer.session import Request, process_target
    from fixer.stdin import stdin_target

    name = Path(options.stdin_filename).name
    target = stdin_target(sys.stdin.buffer.read(), options.stdin_filename, settings.exclude)
    codes = selected_codemod_codes(settings.select, settings.ignore)
    result = process_target(target, Request("fix", settings, codes))
    original = target.files.get(name)
    written = [data for path, (data, _) in result.writes.items() if Path(path).name == name]
    if written:
        sys.stdout.buffer.write(written[0])
    elif original is not None:
        sys.stdout.buffer.write(original.text.encode())
    else:
        sys.stdout.buffer.write(target.stdin_bytes)
    sys.stdout.flush()
    report = build_report([result], settings, "fix")
    if options.output_format == "text":
        _notes([result])
    _emit(report, options, sys.stderr)
    return EXIT_ERROR if result.errors else EXIT_CLEAN
