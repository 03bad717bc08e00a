"""The `fixer` executable. `--version` and the hot commands (check, fix, fmt, which
pre-commit runs on every commit) are parsed here when their arguments are plain, so that
start-up imports neither Typer nor pydantic (Typer converts every parameter through a
pydantic TypeAdapter); anything else (help, a mistake, another command) goes to the Typer
app in `fixer.cli`, which defines the same options (run by `fixer.usage`, which turns a
mistake into one line on stderr)."""

from __future__ import annotations

import sys
from collections import namedtuple
from collections.abc import Sequence
from typing import NoReturn

from fixer import __version__

# Option kinds: a flag sets True (or False, "off"); a value is a string, an int or one of
# `choices`; "append" collects repeated values.
FLAG, OFF, VALUE, INT, APPEND = "flag", "off", "value", "int", "append"
FORMATS = ("text", "json", "sarif", "github")
COLORS = ("auto", "always", "never")
START_UP_THRESHOLD = 100_000  # the collector's first generation, on the fast path


# An option: the field it sets, its kind, the values it accepts (any when empty). A named
# tuple rather than a dataclass: `fixer --version` then imports neither dataclasses nor
# inspect (about a fifth of its start-up).
Opt = namedtuple("Opt", ("field", "kind", "choices"), defaults=((),))


_DISCOVERY = {
    "--exclude": Opt("exclude", VALUE),
    "--extend-exclude": Opt("extend_exclude", VALUE),
    "--respect-gitignore": Opt("respect_gitignore", FLAG),
    "--no-respect-gitignore": Opt("respect_gitignore", OFF),
}
_RUN = {
    **_DISCOVERY,
    "--select": Opt("select", VALUE),
    "--extend-select": Opt("extend_select", VALUE),
    "--ignore": Opt("ignore", VALUE),
    "--format": Opt("output_format", VALUE, FORMATS),
    "--jobs": Opt("jobs", INT),
    "-j": Opt("jobs", INT),
    "--unsafe-fixes": Opt("unsafe_fixes", FLAG),
    "--no-unsafe-fixes": Opt("unsafe_fixes", OFF),
    "--stdin-filename": Opt("stdin_filename", VALUE),
    "--config": Opt("config", APPEND),
    "--color": Opt("color", VALUE, COLORS),
    "--exit-zero": Opt("exit_zero", FLAG),
    "--statistics": Opt("statistics", FLAG),
    "--no-cache": Opt("no_cache", FLAG),
    "--cache-dir": Opt("cache_dir", VALUE),
}

OPTIONS: dict[str, dict[str, Opt]] = {
    "check": _RUN,
    "fix": {
        **_RUN,
        "--dry-run": Opt("dry_run", FLAG),
        "--show-fixes": Opt("show_fixes", FLAG),
        "--exit-non-zero-on-fix": Opt("exit_non_zero_on_fix", FLAG),
    },
    "fmt": {
        "--check": Opt("check", FLAG),
        "--diff": Opt("diff", FLAG),
        "--jobs": Opt("jobs", INT),
        "-j": Opt("jobs", INT),
        **_DISCOVERY,
        "--no-cache": Opt("no_cache", FLAG),
        "--cache-dir": Opt("cache_dir", VALUE),
    },
}


def parse(command: str, args: Sequence[str]) -> dict[str, object] | None:
    """The option values and paths of a plain command line, or None when it needs Typer
    (help, an unknown option, a missing or invalid value)."""
    table = OPTIONS[command]
    values: dict[str, object] = {}
    paths: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            paths += rest
            break
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        name, attached = arg, None
        if arg.startswith("--") and "=" in arg:
            name, attached = arg.split("=", 1)
        elif not arg.startswith("--") and len(arg) > 2:
            name, attached = arg[:2], arg[2:]  # -j4
        opt = table.get(name)
        if opt is None:
            return None
        if opt.kind in (FLAG, OFF):
            if attached is not None:
                return None
            values[opt.field] = opt.kind == FLAG
            continue
        if attached is None:
            if not rest:
                return None
            attached = rest.pop(0)
        if opt.choices and attached not in opt.choices:
            return None
        if opt.kind == INT:
            try:
                values[opt.field] = int(attached)
            except ValueError:
                return None
            if values[opt.field] < 0:  # type: ignore[operator]
                return None
        elif opt.kind == APPEND:
            values.setdefault(opt.field, [])
            values[opt.field].append(attached)  # type: ignore[attr-defined]
        else:
            values[opt.field] = attached
    values["paths"] = paths or ["."]
    return values


def run_fast(command: str, args: Sequence[str]) -> int | None:
    """The exit status of a hot command parsed here, or None to leave it to Typer."""
    values = parse(command, args)
    if values is None:
        return None
    import gc

    # Start-up makes objects that live until exit (modules, classes, tables): at the
    # default threshold (700) the collector walked them 35 times for nothing, 5% of a
    # small check. A batch run then sets its own policy (fixer.gc_control).
    gc.set_threshold(START_UP_THRESHOLD, *gc.get_threshold()[1:])
    from fixer import commands

    try:
        if command == "fmt":
            return commands.fmt(commands.FmtOptions(**values))  # type: ignore[arg-type]
        options = commands.RunOptions(**values)  # type: ignore[arg-type]
        return commands.check(options) if command == "check" else commands.fix(options)
    except commands.UsageError as error:
        return commands.fail(str(error))


def main(argv: Sequence[str] | None = None) -> None:
    """The command line. Without `argv` this is the process's own command line (the
    `fixer` script, `python -m fixer`): the process then ends without freeing what the
    run built (`_end_process`, and `fixer.gc_control.one_shot_process` for check, fix and
    fmt), which costs a second on a large project; called with `argv` (tests, other programs), it returns or raises as usual."""
    if argv is not None:
        _guarded(argv)
        return
    if sys.argv[1:2] and sys.argv[1] in OPTIONS:  # a batch run (not the editor's server)
        from fixer.gc_control import one_shot_process

        one_shot_process()
    try:
        _guarded(None)
    except SystemExit as done:
        _end_process(done.code)
    _end_process(0)


def _guarded(argv: Sequence[str] | None) -> None:
    try:
        _main(argv)
    except OSError as error:  # the output cannot be written (a full disk): one line, exit 2
        _cannot_write(error)


def _cannot_write(error: OSError) -> NoReturn:
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush
    sys.stderr.write(f"fixer: error: cannot write the output: {error.strerror or error}\n")
    sys.exit(2)


def _end_process(code: object) -> NoReturn:
    """Exit with the status `sys.exit(code)` gives, once the output is flushed, without
    the interpreter's teardown (freeing every syntax tree of the run object by object)."""
    import os

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        if _open(sys.stderr):
            sys.stderr.write(f"{code}\n")
        status = 1
    try:
        if _open(sys.stdout):  # the language server closes it when the client leaves
            sys.stdout.flush()
    except OSError as error:
        try:
            _cannot_write(error)
        except SystemExit:
            status = 2
    try:
        if _open(sys.stderr):
            sys.stderr.flush()
    except OSError:
        status = status or 2
    os._exit(status)


def _open(stream: object) -> bool:
    return stream is not None and not getattr(stream, "closed", True)


def _main(argv: Sequence[str] | None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        sys.stdout.write(f"fixer {__version__}\n")
        sys.exit(0)
    if args and args[0] in OPTIONS:
        status = run_fast(args[0], args[1:])
        if status is not None:
            sys.exit(status)
    from fixer.usage import run_app

    sys.exit(run_app(args))
