"""`fixer mv OLD NEW [PATH]`: rename or move an object, keep its state, write the moved block."""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # the command imports its machinery when it runs: `fixer check` stays lean
    from fixer.discover import Target
    from fixer.refactor.engine import Refactoring

EXIT_OK, EXIT_WOULD_CHANGE, EXIT_ERROR = 0, 1, 2


def mv_command(
    old: Annotated[str, typer.Argument(help="The address to move, e.g. aws_nat_gateway.main.")],
    new: Annotated[str, typer.Argument(help="The new address, e.g. aws_nat_gateway.nat.")],
    path: Annotated[
        str, typer.Argument(help="The root module's directory (the addresses start there).")
    ] = ".",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print a unified diff; write nothing.")
    ] = False,
    project: Annotated[
        str | None,
        typer.Option(
            "--project",
            help="The project root holding PATH and every local module it calls "
            "(default: PATH); every reference under it is rewritten.",
        ),
    ] = None,
) -> None:
    """Rename an object (resource, data source, module call, variable, local, output) or
    move a resource into a local module, rewriting every reference in the project and
    writing the `moved` block Terraform needs so that a plan destroys nothing.

    Addresses are Terraform's: aws_x.y, data.aws_x.y, module.m, module.m.aws_x.y, and
    var.x, local.x, output.x (optionally after module.m.). With --dry-run the diff goes to
    stdout (each hunk labelled `fixer mv OLD NEW`) and the summary to stderr. Exit 0 when
    done, 1 when a dry run would change files, 2 on an error (nothing is written).
    """
    from fixer.config import ConfigError, load_settings
    from fixer.diff import file_diff
    from fixer.discover import discover
    from fixer.refactor.engine import Refactoring

    module_dir = Path(path)
    root = Path(project) if project is not None else module_dir
    error = _check_directories(module_dir, root)
    if error:
        raise _fail(error)
    try:
        settings = load_settings(root)
    except ConfigError as problem:
        raise _fail(str(problem)) from None
    display = project if project is not None else path
    # Every reference must be seen: files git ignores are read too (Terraform reads them).
    target = discover(
        root, display.rstrip("/") or display, settings.exclude, respect_gitignore=False
    )
    _refuse_unreadable(target)
    rel = _relative(module_dir, root)
    result = _move(target.files, old, new, rel, settings.model_config())
    if not isinstance(result, Refactoring):
        raise _fail(str(result))
    _refuse_links(target, result)
    label = f"fixer mv {old} {new}"
    diffs = [
        file_diff(
            target.files[rel_path].text if rel_path in target.files else None,
            text,
            target.display_path(rel_path),
        )
        for rel_path, text in sorted(result.texts.items())
    ]
    diff = "".join(d.render([label] * len(d.hunks)) for d in diffs)
    if dry_run:
        sys.stdout.write(diff)
        _report(result, diff, "Would change", would=True)
        raise typer.Exit(EXIT_WOULD_CHANGE if diff else EXIT_OK)
    problem = _write(target, result)
    if problem:
        raise _fail(problem)
    _report(result, diff, "Changed", would=False)
    raise typer.Exit(EXIT_OK)


def _move(*args, **kwargs):  # a seam for tests (a file changing while fixer works)
    from fixer.refactor.engine import move

    return move(*args, **kwargs)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"fixer: error: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _check_directories(module_dir: Path, root: Path) -> str:
    if not module_dir.is_dir():
        return f"{module_dir} is not a directory"
    if not root.is_dir():
        return f"{root} is not a directory"
    try:
        module_dir.resolve().relative_to(root.resolve())
    except ValueError:
        return f"{module_dir} is not inside the project {root}"
    return ""


def _relative(module_dir: Path, root: Path) -> str:
    rel = os.path.relpath(module_dir.resolve(), root.resolve())
    return "" if rel == "." else PurePosixPath(Path(rel)).as_posix()


def _refuse_unreadable(target: Target) -> None:
    """A rename must see every reference: any HCL file that is unreadable or does not
    parse stops it."""
    problems = [f"{e.path}:{e.line}:{e.column}: {e.message}" for e in target.errors]
    for rel, source in sorted(target.files.items()):
        if source.is_hcl and source.error is not None:
            error = source.error
            shown = target.display_path(rel)
            problems.append(f"{shown}:{error.line}:{error.column}: {error.message}")
    if problems:
        listed = "\n  ".join(problems)
        raise _fail(
            "every file must be read to find every reference, and these cannot be:\n  " + listed
        )
    for rel, reason in target.skipped:
        if rel.endswith((".tf.json", ".tfvars.json")):
            typer.echo(f"note: {target.display_path(rel)} is not read ({reason})", err=True)


def _refuse_links(target: Target, result: Refactoring) -> None:
    """A rename that must change a file read through a link, or a file other modules
    read through links, is refused whole: nothing is written (`fixer.links`)."""
    from fixer.links import unwritable, unwritable_changes

    reasons = unwritable(target.linked, target.display_path)
    problems = unwritable_changes(result.texts, reasons, target.display_path)
    if problems:
        listed = "\n  ".join(problems)
        raise _fail(f"the rename must change files fixer does not write:\n  {listed}")


def _write(target: Target, result: Refactoring) -> str:
    """Write every changed file through fixer's verified write (`fixer.writer`): each is
    checked to be still the file read (identity, size, time, content, no link swapped in)
    and its new text put beside it before any is replaced; returns an error message, or
    "" when all were written."""
    from fixer.syntax.source import DecodedSource
    from fixer.writer import WriteRefused, commit, discard, prepare

    real_root = os.path.realpath(target.root)
    pending = []
    written: list[str] = []
    try:
        for rel, text in sorted(result.texts.items()):
            shown = target.display_path(rel)
            original = target.files.get(rel)
            state = target.states.get(rel)
            if original is None:
                real, data = os.path.join(real_root, *rel.split("/")), text.encode("utf-8")
            elif state is None:
                return f"{shown} was not read as a regular file; nothing written"
            else:
                real, data = state.path, DecodedSource(original.text, original.bom).encode(text)
            try:
                pending.append((shown, prepare(real, data, state)))
            except WriteRefused as refusal:
                return f"{_refusal(shown, refusal, original is None)}; nothing written"
            except OSError as error:
                return f"cannot write {shown}: {error.strerror or error}; nothing written"
        while pending:
            shown, write = pending[0]
            try:
                commit(write)
            except (WriteRefused, OSError) as error:
                reason = getattr(error, "strerror", None) or str(error)
                done = ", ".join(written) if written else "none"
                return f"cannot write {shown}: {reason}; files already written: {done}"
            pending.pop(0)
            written.append(shown)
    finally:
        for _, write in pending:
            discard(write)
    return ""


def _refusal(shown: str, refusal: Exception, new: bool) -> str:
    """Why a verified write refused, worded as `fixer mv` always has."""
    reason = str(refusal)
    if new and "created" in reason:
        return f"{shown} appeared since it was read"
    if reason.startswith("changed since it was read"):
        return f"{shown} changed since it was read"
    return f"{shown} not written: {reason}"


def _report(result: Refactoring, diff: str, verb: str, would: bool) -> None:
    verb_, _, rest = result.title.partition(" ")
    past = {"Rename": "Renamed", "Move": "Moved"}.get(verb_, verb_)
    title = f"Would {verb_.lower()} {rest}" if would else f"{past} {rest}"
    typer.echo(f"{title}: {result.summary}.", err=True)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if diff:
        from fixer.diff import diff_stats

        stats = diff_stats(diff)
        plural = "" if stats.files == 1 else "s"
        hunks = "hunk" if stats.hunks == 1 else "hunks"
        typer.echo(
            f"{verb} {stats.files} file{plural}: {stats.hunks} {hunks}, "
            f"+{stats.added} -{stats.removed}.",
            err=True,
        )
